import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { MemorySource } from '../../../src/io/byte-source.js';
import { readPartitionTable } from '../../../src/volumes/index.js';
import type { PvCandidate } from '../../../src/volumes/lvm/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixtureDir = path.join(repoRoot, '__tests__/fixtures/lvm');

/** What scripts/fixtures/lvm.sh recorded from pvs/vgs/lvs (values as LVM prints them, sizes in sectors "2048S"). */
export interface LvmManifest {
  image: string;
  /** Loop device the tools saw -> partition number on the disk. */
  pvPartition: Record<string, number>;
  /** The loop device of the PV that is not on the disk (lvm-split only). */
  absentPv?: string;
  pvs: { pv_name: string; pv_uuid: string; vg_name: string; pe_start: string; pv_pe_count: string; dev_size: string; pv_mda_size: string }[];
  vgs: { vg_name: string; vg_uuid: string; vg_extent_size: string; vg_extent_count: string; pv_count: string; lv_count: string; vg_seqno: string }[];
  lvs: { vg_name: string; lv_name: string; lv_uuid: string; lv_size: string; seg_count: string }[];
  segs: { vg_name: string; lv_name: string; segtype: string; seg_start_pe: string; seg_size_pe: string; seg_pe_ranges: string; stripes: string; stripe_size: string }[];
  /** vgs[0].vg_extent_size, copied to the top for the placement script. */
  vg_extent_size: string;
  /** "vg/lv" -> guest path -> SHA-256 of what was written. */
  files: Record<string, Record<string, string>>;
}

/** LVM's "2048S" (sectors) as a number of sectors. */
export function sectors(value: string): number {
  if (!/^\d+S$/.test(value)) throw new Error(`not a sector count: ${value}`);
  return Number(value.slice(0, -1));
}

export function loadManifest(name: string): LvmManifest {
  return JSON.parse(readFileSync(path.join(fixtureDir, `${name}.manifest.json`), 'utf8')) as LvmManifest;
}

/**
 * The raw disk bytes of a fixture (a fresh copy each call, so tests may damage it), as a plain
 * Uint8Array: on a Node Buffer `slice` does not copy, and the GPT header check zeroes its CRC
 * field in a `slice` of what it read, which would change the disk under a second reader.
 */
export function diskBytes(name: string): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(path.join(fixtureDir, `${name}.raw.gz`))));
}

/** Every partition of the disk as a PV candidate named "partition N". */
export async function candidates(bytes: Uint8Array): Promise<PvCandidate[]> {
  const table = await readPartitionTable(new MemorySource(bytes, 'disk'));
  return table.partitions.map((p) => ({ name: `partition ${p.number}`, source: p.source }));
}

/** Byte offset of partition `n` on the disk. */
export async function partitionStart(bytes: Uint8Array, n: number): Promise<number> {
  const table = await readPartitionTable(new MemorySource(bytes, 'disk'));
  return table.partitions.find((p) => p.number === n)!.start;
}
