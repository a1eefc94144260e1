import { VolumeError } from '../../errors.js';
import type { ConfigSection, ConfigValue } from './config-text.js';

/** One PV of the VG as the metadata lists it (physical_volumes { pvN { ... } }). */
export interface VgPv {
  /** Key in the metadata ("pv0"), which segment stripes refer to. */
  key: string;
  /** id: the PV UUID without hyphens (as in the PV label). */
  uuid: string;
  /** pe_start: sectors from the PV start to its first extent. */
  peStart: number;
  /** pe_count: extents on the PV. */
  peCount: number;
}

/** One segment of an LV (segmentN { ... }). */
export interface LvSegment {
  /** start_extent: first logical extent of the LV this segment covers. */
  startExtent: number;
  /** extent_count: logical extents it covers. */
  extentCount: number;
  /** type: "striped" (linear is striped with one stripe), "thin", "raid1", "cache", "mirror", "snapshot"... */
  type: string;
  /** stripe_size: sectors per chunk, for striped segments with more than one stripe. */
  stripeSize?: number;
  /** stripes = [ "pv0", first extent, ... ]: for striped segments, one PV area per stripe. */
  stripes: { pv: string; extent: number }[];
}

/** One LV of the VG. */
export interface VgLv {
  /** The LV's section name: its name in /dev/VG/LV. */
  name: string;
  /** id: the LV UUID as LVM prints it. */
  id: string;
  /** status contains "VISIBLE": hidden LVs are internal parts (thin pool data, raid images). */
  visible: boolean;
  /** segment1..segment<segment_count>, in file order. */
  segments: LvSegment[];
}

/** A volume group, from the newest metadata text of one of its PVs. */
export interface VgMetadata {
  /** The VG's section name. */
  name: string;
  /** id: the VG UUID as LVM prints it. */
  id: string;
  /** seqno: bumped on every change; the highest copy is the current one. */
  seqno: number;
  /** extent_size: sectors per extent. */
  extentSize: number;
  /** physical_volumes, in file order. */
  pvs: VgPv[];
  /** logical_volumes, in file order (hidden ones included). */
  lvs: VgLv[];
}

/** Reads typed fields out of a parsed section, naming the path on a mismatch. */
class Fields {
  constructor(
    private readonly section: ConfigSection,
    private readonly where: string,
    private readonly offset: number,
  ) {}

  corrupt(what: string): VolumeError {
    return new VolumeError('corrupt', `LVM metadata ${this.where}: ${what}`, { offset: this.offset });
  }
  private get(name: string): ConfigValue {
    const value = this.section.entries.get(name);
    if (value === undefined) throw this.corrupt(`"${name}" is missing`);
    return value;
  }
  int(name: string, min = 0): number {
    const value = this.get(name);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw this.corrupt(`"${name}" is not an integer >= ${min}`);
    return value;
  }
  string(name: string): string {
    const value = this.get(name);
    if (typeof value !== 'string') throw this.corrupt(`"${name}" is not a string`);
    return value;
  }
  list(name: string): ConfigValue[] {
    const value = this.section.entries.get(name) ?? [];
    if (!Array.isArray(value)) throw this.corrupt(`"${name}" is not a list`);
    return value;
  }
  sections(name: string): [string, ConfigSection][] {
    const value = this.section.entries.get(name);
    if (value === undefined) return [];
    if (!isSection(value)) throw this.corrupt(`"${name}" is not a section`);
    return [...value.entries].map(([key, v]) => {
      if (!isSection(v)) throw this.corrupt(`"${name}.${key}" is not a section`);
      return [key, v];
    });
  }
  child(section: ConfigSection, where: string): Fields {
    return new Fields(section, `${this.where} ${where}`, this.offset);
  }
}

function isSection(value: ConfigValue): value is ConfigSection {
  return typeof value === 'object' && !Array.isArray(value);
}

/**
 * Interprets parsed metadata text: the one top-level section is the VG (the other top-level
 * entries are contents, version, description, creation_host/time). `offset` is where the text
 * is on the PV, for messages.
 */
export function interpretVg(root: ConfigSection, offset: number): VgMetadata {
  const vgs = [...root.entries].filter((e): e is [string, ConfigSection] => isSection(e[1]));
  if (vgs.length !== 1) {
    throw new VolumeError('corrupt', `LVM metadata text holds ${vgs.length} volume group sections (expected 1)`, { offset });
  }
  const [name, section] = vgs[0]!;
  const vg = new Fields(section, `VG ${name}`, offset);
  const pvs = vg.sections('physical_volumes').map(([key, s]): VgPv => {
    const f = vg.child(s, `PV ${key}`);
    return { key, uuid: f.string('id').replace(/-/g, ''), peStart: f.int('pe_start'), peCount: f.int('pe_count') };
  });
  const lvs = vg.sections('logical_volumes').map(([lvName, s]): VgLv => {
    const f = vg.child(s, `LV ${lvName}`);
    const status = f.list('status');
    const count = f.int('segment_count', 1);
    const segments: LvSegment[] = [];
    for (let i = 1; i <= count; i++) {
      const segment = s.entries.get(`segment${i}`);
      if (segment === undefined || !isSection(segment)) throw f.corrupt(`segment${i} of ${count} is missing`);
      segments.push(readSegment(f.child(segment, `segment${i}`)));
    }
    return { name: lvName, id: f.string('id'), visible: status.includes('VISIBLE'), segments };
  });
  return { name, id: vg.string('id'), seqno: vg.int('seqno'), extentSize: vg.int('extent_size', 1), pvs, lvs };
}

function readSegment(f: Fields): LvSegment {
  const type = f.string('type');
  const segment: LvSegment = { startExtent: f.int('start_extent'), extentCount: f.int('extent_count', 1), type, stripes: [] };
  if (type !== 'striped') return segment; // other kinds are named as unsupported by the caller
  const count = f.int('stripe_count', 1);
  const list = f.list('stripes');
  if (list.length !== count * 2) throw f.corrupt(`stripes lists ${list.length / 2} areas, stripe_count says ${count}`);
  for (let i = 0; i < list.length; i += 2) {
    const pv = list[i];
    const extent = list[i + 1];
    if (typeof pv !== 'string' || typeof extent !== 'number' || !Number.isSafeInteger(extent) || extent < 0) {
      throw f.corrupt(`stripes entry ${i / 2} is not "pvN", first extent`);
    }
    segment.stripes.push({ pv, extent });
  }
  if (count > 1) segment.stripeSize = f.int('stripe_size', 1);
  return segment;
}
