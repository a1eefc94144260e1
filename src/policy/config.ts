import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Severity } from '../rules/types.js';
import { compileGlob } from './glob.js';

/**
 * The team's policy file, `.vhd-gate.yml` (or `--config FILE` / action input `config`): waived
 * findings and per-rule severity overrides. The file is the caller's own, so every mistake in it
 * is a usage error (exit 2) naming the file and line, before any image is opened: a waiver that
 * silently did not parse would fail a build for the wrong reason, or pass one it should not.
 * docs/waivers.md is the reference.
 */

/** One waiver as written. */
export interface Waiver {
  /** Rule ID whose findings it waives. */
  rule: string;
  /** Guest path glob (policy/glob.ts); a finding is waived only if one of its evidence paths matches. */
  path?: string;
  pattern?: RegExp;
  /** Why the team accepts the finding; required. */
  justification: string;
  /** Last day it applies, YYYY-MM-DD (UTC). */
  expires?: string;
  /** "FILE line N", for reports. */
  source: string;
  /** File and line of the waiver, for the evidence of WAIVER-* findings. */
  file: string;
  line: number;
}

/** The parsed policy file. */
export interface GatePolicy {
  /** The file as named to the user (as given, or `.vhd-gate.yml`). */
  file: string;
  waivers: Waiver[];
  /** Rule ID -> severity every finding of that rule gets. */
  severity: Record<string, Severity>;
}

/** A mistake in the policy file: exit 2, naming the file and line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The file looked for in the working directory when no --config is given. */
export const defaultConfigName = '.vhd-gate.yml';
/** A policy file is a few dozen lines; a larger one is a mistake (a wrong path), not a policy. */
const maxConfigBytes = 1024 * 1024;
const severities: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * Loads the policy: the given file (it must exist), else `.vhd-gate.yml` in `cwd` when present,
 * else none. `knownRules` are the IDs a waiver or override may name: a typo is an error, not a
 * waiver that never matches.
 */
export async function loadPolicy(given: string | undefined, cwd: string, knownRules: readonly string[], inputName: string): Promise<GatePolicy | undefined> {
  const explicit = given !== undefined && given.trim() !== '';
  const file = explicit ? given!.trim() : defaultConfigName;
  const full = path.resolve(cwd, file);
  let size: number;
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw new ConfigError(`${explicit ? `${inputName} ` : ''}${file} is a directory, not a policy file`);
    size = info.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${inputName} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (size > maxConfigBytes) throw new ConfigError(`${file} is ${size} bytes; a policy file is expected to be small (at most ${maxConfigBytes})`);
  return parsePolicy(await readFile(full, 'utf8'), file, knownRules);
}

/** Parses policy text; `file` names it in messages. */
export function parsePolicy(text: string, file: string, knownRules: readonly string[]): GatePolicy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.2', uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: { range?: [number, number, number?] | null } | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const fail = (line: number, message: string): never => {
    throw new ConfigError(`${file} line ${line}: ${message}`);
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    fail(error.linePos?.[0].line ?? 1, `not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const policy: GatePolicy = { file, waivers: [], severity: {} };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return policy;
  if (!isMap(root)) return fail(lineOf(root as Node), 'expected a mapping with `waivers:` and/or `severity:`');
  const known = new Set(knownRules);
  const ruleId = (node: unknown, line: number): string => {
    const id = isScalar(node) && typeof node.value === 'string' ? node.value.trim() : undefined;
    if (!id) return fail(line, 'expected a rule ID such as GEN-HISTORY');
    if (!known.has(id)) return fail(line, `unknown rule ID ${JSON.stringify(id)}${suggest(id, knownRules)}`);
    return id;
  };

  for (const pair of (root as YAMLMap).items as Pair[]) {
    const key = keyName(pair);
    const line = lineOf(pair.key as Node);
    if (key === 'waivers') {
      if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
      if (!isSeq(pair.value)) fail(line, '`waivers` must be a list of entries (`- rule: ID`)');
      for (const item of (pair.value as { items: unknown[] }).items) policy.waivers.push(readWaiver(item as Node, file, lineOf, fail, ruleId));
    } else if (key === 'severity') {
      if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
      if (!isMap(pair.value)) fail(line, '`severity` must map rule IDs to error, warning or info');
      for (const entry of (pair.value as YAMLMap).items as Pair[]) {
        const at = lineOf(entry.key as Node);
        const id = ruleId(entry.key, at);
        const value = isScalar(entry.value) && typeof entry.value.value === 'string' ? entry.value.value.trim().toLowerCase() : undefined;
        if (!severities.includes(value as Severity)) fail(lineOf(entry.value as Node) || at, `severity of ${id} must be error, warning or info, not ${JSON.stringify(scalarText(entry.value))}`);
        policy.severity[id] = value as Severity;
      }
    } else {
      fail(line, `unknown key ${JSON.stringify(key)}: expected waivers or severity`);
    }
  }
  return policy;
}

const waiverKeys = ['rule', 'path', 'justification', 'expires'];

function readWaiver(
  item: Node,
  file: string,
  lineOf: (node: Node | null | undefined) => number,
  fail: (line: number, message: string) => never,
  ruleId: (node: unknown, line: number) => string,
): Waiver {
  const line = lineOf(item);
  if (!isMap(item)) return fail(line, 'a waiver is a mapping with rule, justification and optionally path and expires');
  const fields = new Map<string, Pair>();
  for (const pair of item.items as Pair[]) {
    const key = keyName(pair);
    if (!waiverKeys.includes(key)) fail(lineOf(pair.key as Node), `unknown waiver key ${JSON.stringify(key)}: expected ${waiverKeys.join(', ')}`);
    fields.set(key, pair);
  }
  const text = (key: string): string | undefined => {
    const pair = fields.get(key);
    if (!pair) return undefined;
    const value = scalarText(pair.value);
    if (value === undefined || value.trim() === '') fail(lineOf(pair.key as Node), `waiver ${key} must be a non-empty string`);
    return value!.trim();
  };
  if (!fields.has('rule')) fail(line, 'waiver without `rule`: name the rule ID it waives');
  const rule = ruleId(fields.get('rule')!.value, lineOf(fields.get('rule')!.key as Node));
  const justification = text('justification');
  if (justification === undefined) fail(line, `waiver of ${rule} without \`justification\`: say why the team accepts it`);
  const glob = text('path');
  const expires = text('expires');
  if (expires !== undefined && !isCalendarDate(expires)) fail(lineOf(fields.get('expires')!.key as Node), `waiver expires must be a date YYYY-MM-DD, not ${JSON.stringify(expires)}`);
  return {
    rule,
    ...(glob !== undefined ? { path: glob, pattern: compileGlob(glob) } : {}),
    justification: justification!,
    ...(expires !== undefined ? { expires } : {}),
    source: `${file} line ${line}`,
    file,
    line,
  };
}

function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** A scalar's text (numbers and dates as written); undefined for lists and maps. */
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.value === null) return undefined;
  return typeof node.source === 'string' ? node.source : String(node.value);
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** " (did you mean GEN-HISTORY?)" for a near miss: same ID ignoring case, or one edit away. */
function suggest(id: string, known: readonly string[]): string {
  const close = known.find((k) => k.toLowerCase() === id.toLowerCase()) ?? known.find((k) => editDistance(k, id.toUpperCase()) <= 2);
  return close ? ` (did you mean ${close}?)` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
