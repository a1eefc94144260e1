/**
 * Deterministic junk for parser robustness tests: real config text with bytes flipped,
 * lines shuffled and truncated, plus plain random bytes, decoded as the collectors decode files.
 */
export function noisyTexts(seedText: string, count = 40): string[] {
  let state = 0x9e3779b9;
  const next = (): number => {
    // xorshift32: reproducible across runs
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const out: string[] = [];
  const base = new TextEncoder().encode(seedText);
  for (let n = 0; n < count; n++) {
    const bytes = n % 4 === 3 ? new Uint8Array(64 + Math.floor(next() * 2048)) : base.slice(0, Math.max(1, Math.floor(base.length * (0.3 + next() * 0.7))));
    const flips = n % 4 === 3 ? bytes.length : 1 + Math.floor(next() * 40);
    for (let k = 0; k < flips; k++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
    out.push(decoder.decode(bytes));
  }
  return out;
}
