import { isMap, type Document, type LineCounter } from 'yaml';
import type { GuestFs } from '../../guest/guest-fs.js';
import { excerptOf } from '../excerpt.js';
import { guestYamlToJs, parseGuestYaml, type YamlMeter } from '../yaml.js';

/** cloud-init's system configuration and its drop-in directory. */
export const CLOUD_CFG = '/etc/cloud/cloud.cfg';
export const CLOUD_CFG_D = '/etc/cloud/cloud.cfg.d';

/** Where a merged value came from. */
export interface ConfigOrigin {
  path: string;
  /** 1-based line of the value. */
  line: number;
  /** That line, trimmed, at most 120 characters. */
  excerpt: string;
}

/** A config file cloud-init would read. */
export interface CloudConfigFile {
  path: string;
  /** False when cloud-init ignores the file: YAML it cannot load, or a top level that is not a mapping. */
  loaded: boolean;
  /** Why it was ignored. */
  problem?: string;
}

/** One parsed file, kept to find origins of merged values. */
interface LoadedFile {
  path: string;
  lines: string[];
  doc: Document;
  lineCounter: LineCounter;
}

/** The merged cloud-init system configuration. */
export interface CloudConfig {
  /** Files read, in merge order (cloud.cfg, then cloud.cfg.d/*.cfg by name). */
  files: CloudConfigFile[];
  /** The merged configuration: dicts deep-merged, later files win, lists and scalars replaced whole. */
  merged: Record<string, unknown>;
  /** Where the merged value at `path` was set (the last loaded file that sets it), if any. */
  originOf(path: (string | number)[]): ConfigOrigin | undefined;
}

type Plain = Record<string, unknown>;

function isPlainObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * cloud-init's merge of its config files (util.read_conf_with_confd → mergemanydict with the
 * default `dict()+list()+str()` mergers, files applied highest-priority first with no_replace):
 * equivalent to applying files in order with later files winning, dicts merged key by key,
 * every other value replaced. Neither input is modified.
 */
export function mergeConfig(base: Plain, overlay: Plain): Plain {
  return new ConfigMerger().merge(new ConfigMerger().merge({}, base), overlay);
}

/**
 * Merges files into one accumulator in place, so that n files cost the size of their content,
 * not n copies of everything merged so far (100k drop-ins made that quadratic). Objects from
 * the files are never modified: one the accumulator must merge into is copied once, the first
 * time, and remembered as its own (aliases make several keys share one object).
 */
class ConfigMerger {
  private readonly owned = new WeakSet<Plain>();

  merge(into: Plain, overlay: Plain): Plain {
    const target = this.own(into);
    for (const [key, value] of Object.entries(overlay)) {
      const prev = target[key];
      target[key] = isPlainObject(prev) && isPlainObject(value) ? this.merge(prev, value) : value;
    }
    return target;
  }

  private own(o: Plain): Plain {
    if (this.owned.has(o)) return o;
    const copy = { ...o };
    this.owned.add(copy);
    return copy;
  }
}

/**
 * Loads one file as cloud-init's util.load_yaml does: YAML 1.1 (PyYAML safe_load), and any
 * error or a non-mapping top level makes cloud-init ignore the whole file (it logs and uses {}).
 * A file beyond a YAML budget throws a LimitError (src/facts/yaml.ts): cloud-init would load it.
 */
export function loadConfigText(path: string, text: string, meter?: YamlMeter): { file: CloudConfigFile; loaded?: LoadedFile; value: Plain } {
  const parsed = parseGuestYaml(text, path, { version: '1.1', meter });
  const { doc, lineCounter } = parsed;
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const at = lineCounter.linePos(first.pos[0]);
    return { file: { path, loaded: false, problem: `invalid YAML at line ${at.line}: ${first.message.split('\n')[0]}` }, value: {} };
  }
  const value = guestYamlToJs(parsed, path);
  if (value === null || value === undefined) return { file: { path, loaded: true }, value: {} };
  if (!isPlainObject(value) || !isMap(doc.contents)) {
    return { file: { path, loaded: false, problem: 'top level is not a mapping' }, value: {} };
  }
  return { file: { path, loaded: true }, loaded: { path, lines: text.split('\n'), doc, lineCounter }, value };
}

/** Reads and merges /etc/cloud/cloud.cfg and /etc/cloud/cloud.cfg.d/*.cfg. */
export async function readCloudConfig(guest: GuestFs): Promise<CloudConfig> {
  const paths = [CLOUD_CFG, ...(await guest.glob(CLOUD_CFG_D, '*.cfg'))];
  const files: CloudConfigFile[] = [];
  const loaded: LoadedFile[] = [];
  const merger = new ConfigMerger();
  let merged: Plain = {};
  for (const path of paths) {
    const st = await guest.stat(path);
    if (st?.node.type !== 'file') continue;
    const text = (await guest.readText(path, { anyLineLength: true })) ?? '';
    const result = loadConfigText(path, text, guest);
    files.push(result.file);
    if (result.loaded) loaded.push(result.loaded);
    merged = merger.merge(merged, result.value);
  }
  const originOf = (path: (string | number)[]): ConfigOrigin | undefined => {
    for (let i = loaded.length - 1; i >= 0; i--) {
      const file = loaded[i]!;
      const node = file.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      if (!file.doc.hasIn(path)) continue;
      const offset = node?.range?.[0];
      const line = offset === undefined ? 1 : file.lineCounter.linePos(offset).line;
      return { path: file.path, line, excerpt: excerptOf(file.lines[line - 1] ?? '') };
    }
    return undefined;
  };
  return { files, merged, originOf };
}
