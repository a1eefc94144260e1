import { excerptOf, normalizeMac, textLines } from './config-dirs.js';
import type { SourceLine } from './types.js';

/**
 * ifupdown's /etc/network/interfaces (interfaces(5), ifupdown 0.8): a `#` in the first
 * non-blank column comments the line, a trailing `\` continues it; stanzas are `iface`,
 * `mapping`, `auto`/`allow-*`, `source`, `source-directory`, `rename`, `no-*`; every other
 * line is an option of the `iface` stanza above it.
 */

/** One `iface <name> <family> <method>` stanza and the options that matter here. */
export interface EniIface {
  name: string;
  /** `inet`, `inet6`, `ipx`, `can`. */
  family: string;
  /** `dhcp`, `static`, `manual`, `loopback`, `auto` ... */
  method: string;
  line: number;
  excerpt: string;
  /** `address` option (static). */
  address?: SourceLine & { value: string };
  /** `hwaddress [ether] <mac>`: sets the interface's MAC. */
  hwaddress?: SourceLine & { value: string };
  /** Ports a bridge or bond stanza enslaves (`bridge_ports`/`bridge-ports`, `bond-slaves`/`bond_slaves`), with the line and the kind of master. */
  ports?: string[];
  portsAt?: SourceLine & { creates: 'bridge' | 'bond' };
  /** `bond-master` on a slave stanza. */
  bondMaster?: string;
}

/** An `auto`/`allow-auto`/`allow-hotplug` line naming interfaces brought up at boot. */
export interface EniAuto {
  /** `auto` (allow-auto is a synonym) or `allow-hotplug`; other `allow-<class>` lines are for their own subsystem. */
  kind: string;
  names: string[];
  line: number;
  excerpt: string;
}

/** A `source` or `source-directory` directive, not yet expanded. */
export interface EniSource {
  kind: 'source' | 'source-directory';
  /** Path or glob as written (relative to the directory of the file that holds it). */
  pattern: string;
  line: number;
}

/** What one file says, in file order for `sources` (their position does not matter to ifupdown: stanzas are global). */
export interface EniFile {
  ifaces: EniIface[];
  autos: EniAuto[];
  sources: EniSource[];
}

/** Parses one interfaces(5) file. Pure. */
export function parseEni(text: string): EniFile {
  const out: EniFile = { ifaces: [], autos: [], sources: [] };
  let current: EniIface | undefined;
  for (const { text: line, line: lineNo } of logicalLines(text)) {
    const words = line.trim().split(/\s+/).filter((w) => w.length > 0);
    const keyword = words[0];
    if (!keyword) continue;
    if (keyword === 'iface') {
      current = { name: words[1] ?? '', family: words[2] ?? '', method: words[3] ?? '', line: lineNo, excerpt: excerptOf(line) };
      out.ifaces.push(current);
    } else if (keyword === 'auto' || keyword === 'allow-auto' || keyword.startsWith('allow-')) {
      current = undefined;
      out.autos.push({ kind: keyword === 'allow-auto' ? 'auto' : keyword, names: words.slice(1), line: lineNo, excerpt: excerptOf(line) });
    } else if (keyword === 'source' || keyword === 'source-directory') {
      current = undefined;
      if (words[1]) out.sources.push({ kind: keyword, pattern: words.slice(1).join(' '), line: lineNo });
    } else if (keyword === 'mapping' || keyword === 'rename' || keyword.startsWith('no-')) {
      current = undefined;
    } else if (current) {
      const at = { line: lineNo, excerpt: excerptOf(line) };
      if (keyword === 'address' && words[1]) current.address = { ...at, value: words[1] };
      if (/^(bridge[-_]ports|bond[-_]slaves)$/.test(keyword)) {
        current.ports = words.slice(1).filter((w) => w !== 'none');
        current.portsAt = { ...at, creates: keyword.startsWith('bridge') ? 'bridge' : 'bond' };
      }
      if (/^bond[-_]master$/.test(keyword) && words[1]) current.bondMaster = words[1];
      if (keyword === 'hwaddress' && words.length >= 2) {
        // `hwaddress ether 00:11:...` or (ifupdown >= 0.7) `hwaddress 00:11:...`.
        const mac = words.length >= 3 ? words[2]! : words[1]!;
        current.hwaddress = { ...at, value: normalizeMac(mac) };
      }
    }
  }
  return out;
}

/** Lines with `\` continuations joined and comment/blank lines dropped, numbered by their first physical line. */
function logicalLines(text: string): { text: string; line: number }[] {
  const physical = textLines(text);
  const out: { text: string; line: number }[] = [];
  for (let i = 0; i < physical.length; i++) {
    const start = i + 1;
    let line = physical[i]!;
    while (line.endsWith('\\') && i + 1 < physical.length) line = line.slice(0, -1) + physical[++i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    out.push({ text: line, line: start });
  }
  return out;
}

/** run-parts(8) names that `source-directory` accepts (interfaces(5)): ^[a-zA-Z0-9_-]+$. */
export function isRunPartsName(name: string): boolean {
  return /^[a-zA-Z0-9_-]+$/.test(name);
}
