/**
 * Unit names as systemd.unit(5) defines them: `prefix[@instance].suffix`. A template is
 * `foo@.service`; `foo@bar.service` is an instance of it.
 */

/** A unit name split into its parts. */
export interface UnitName {
  /** The name as given. */
  name: string;
  /** Part before `@` (or before the suffix when there is no `@`). */
  prefix: string;
  /** Instance string: '' for a template, undefined for a plain unit. */
  instance?: string;
  /** Type suffix without the dot: service, socket, target ... */
  suffix: string;
}

/** Splits a unit name; undefined if it has no `.suffix`. */
export function parseUnitName(name: string): UnitName | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  const stem = name.slice(0, dot);
  const suffix = name.slice(dot + 1);
  const at = stem.indexOf('@');
  if (at < 0) return { name, prefix: stem, suffix };
  return { name, prefix: stem.slice(0, at), instance: stem.slice(at + 1), suffix };
}

/** The template a unit instance is made from (`foo@bar.service` → `foo@.service`), else undefined. */
export function templateOf(name: string): string | undefined {
  const parsed = parseUnitName(name);
  if (!parsed || parsed.instance === undefined || parsed.instance === '') return undefined;
  return `${parsed.prefix}@.${parsed.suffix}`;
}

/** Whether `name` is a template (`foo@.service`). */
export function isTemplate(name: string): boolean {
  return parseUnitName(name)?.instance === '';
}

/** Last path component. */
export function baseName(path: string): string {
  const parts = path.split('/').filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? '';
}
