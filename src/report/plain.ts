/**
 * Turns reader output into JSON-safe data with a stable key order: listed keys first in
 * the order given, then any others in the order the producer set them. Byte buffers and
 * byte sources are never copied into a report (they are image content, and can be large),
 * so `plain` replaces them with a size; functions are dropped.
 */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

const maxDepth = 12;

export function plain(value: unknown, depth = 0): Plain {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return null;
  if (depth >= maxDepth) return '(nested too deep)';
  if (value instanceof Uint8Array) return `(${value.length} bytes)`;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (value instanceof Set) return [...value].map((v) => plain(v, depth + 1));
  if (value instanceof Map) return ordered(Object.fromEntries(value), [], depth + 1);
  if (isByteSource(value)) return `(byte source, ${(value as { size: number }).size} bytes)`;
  return ordered(value as Record<string, unknown>, [], depth + 1);
}

/** An object with `first` keys in that order (null when absent), then the rest; undefined and function values dropped. */
export function ordered(obj: Record<string, unknown>, first: readonly string[], depth = 0, omit: readonly string[] = []): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const key of first) out[key] = plain(obj[key], depth + 1);
  for (const [key, value] of Object.entries(obj)) {
    if (key in out || omit.includes(key) || value === undefined || typeof value === 'function') continue;
    if (isByteSource(value)) continue;
    out[key] = plain(value, depth + 1);
  }
  return out;
}

function isByteSource(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { read?: unknown }).read === 'function' && typeof (value as { size?: unknown }).size === 'number';
}
