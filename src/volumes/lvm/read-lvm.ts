import { describeRecord, toleratedError } from '../../error-record.js';
import { VolumeError } from '../../errors.js';
import type { ByteSource } from '../../io/byte-source.js';
import { parseConfigText } from './config-text.js';
import { readMetadataArea } from './metadata-area.js';
import { LABEL_SCAN_SECTORS, LVM_SECTOR, parsePvLabel, type PvLabel } from './pv-label.js';
import { segmentedSource, type MappedSegment } from './segmented-source.js';
import { interpretVg, type VgLv, type VgMetadata } from './vg-metadata.js';

/** A block device that may be an LVM PV (a partition, or the whole disk). */
export interface PvCandidate {
  /** "partition 2", "disk": prefixes notes. */
  name: string;
  /** The whole device: the label is in its first four sectors, offsets in the metadata are from its start. */
  source: ByteSource;
}

/** A logical volume we can read. */
export interface LogicalVolume {
  /** Volume group name. */
  vg: string;
  /** Logical volume name, as in /dev/VG/LV. */
  lv: string;
  /** The LV's bytes, mapped onto the PVs on this disk. */
  source: ByteSource;
}

/** What the LVM layer found on the disk. */
export interface LvmScan {
  /** PVs found (label parsed): the candidate's name and its label. */
  pvs: { name: string; label: PvLabel }[];
  /** Each VG once, from its newest metadata copy (highest seqno). */
  vgs: VgMetadata[];
  /** Visible LVs whose segments are all linear/striped over PVs on this disk. */
  volumes: LogicalVolume[];
  /** VGs with PVs missing, LVs of a kind not read, corrupt labels or metadata: each by name. */
  notes: string[];
}

/** Formats a 32-character PV/VG id as LVM prints it (6-4-4-4-4-4-6). */
export function lvmId(raw: string): string {
  return [raw.slice(0, 6), raw.slice(6, 10), raw.slice(10, 14), raw.slice(14, 18), raw.slice(18, 22), raw.slice(22, 26), raw.slice(26)].join('-');
}

/**
 * Finds LVM2 PVs among the candidates, reads each VG's newest metadata and maps every visible
 * LV onto the PVs present. Throws only when the medium fails: what cannot be read is a note, and the
 * other VGs and LVs are still returned.
 */
export async function readLvm(candidates: readonly PvCandidate[]): Promise<LvmScan> {
  const scan: LvmScan = { pvs: [], vgs: [], volumes: [], notes: [] };
  const onDisk = new Map<string, ByteSource>();
  const newest = new Map<string, VgMetadata>();
  for (const candidate of candidates) {
    const label = await noted(scan.notes, candidate.name, () => readLabel(candidate.source));
    if (!label) continue;
    scan.pvs.push({ name: candidate.name, label });
    onDisk.set(label.pvUuid, candidate.source);
    for (const area of label.metadataAreas) {
      const vg = await noted(scan.notes, `${candidate.name} (LVM PV ${lvmId(label.pvUuid)})`, async () => {
        const found = await readMetadataArea(candidate.source, area);
        return found && interpretVg(parseConfigText(found.text, found.offset), found.offset);
      });
      const seen = vg && newest.get(vg.id);
      if (vg && (!seen || vg.seqno > seen.seqno)) newest.set(vg.id, vg);
    }
  }
  for (const vg of newest.values()) {
    scan.vgs.push(vg);
    const missing = vg.pvs.filter((pv) => !onDisk.has(pv.uuid));
    if (missing.length) {
      scan.notes.push(`LVM VG ${vg.name}: ${missing.map((pv) => `PV ${lvmId(pv.uuid)} (${pv.key})`).join(', ')} not on this disk`);
    }
    for (const lv of vg.lvs.filter((l) => l.visible)) {
      const source = await noted(scan.notes, `LV ${vg.name}/${lv.name}`, async () => mapLv(vg, lv, onDisk, scan.notes));
      if (source) scan.volumes.push({ vg: vg.name, lv: lv.name, source });
    }
  }
  return scan;
}

/** The PV label, if the source is long enough to hold one. */
async function readLabel(source: ByteSource): Promise<PvLabel | undefined> {
  if (source.size < LABEL_SCAN_SECTORS * LVM_SECTOR) return undefined;
  return parsePvLabel(await source.read(0, LABEL_SCAN_SECTORS * LVM_SECTOR));
}

/** Runs `step`; a tolerated GateError becomes a note "<name>: <description>" and the result undefined. */
async function noted<T>(notes: string[], name: string, step: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    notes.push(`${name}: ${describeRecord(toleratedError(error))}`);
    return undefined;
  }
}

/** Maps the LV's segments onto PV byte ranges; an unsupported kind or absent PV is a note. */
function mapLv(vg: VgMetadata, lv: VgLv, onDisk: Map<string, ByteSource>, notes: string[]): ByteSource | undefined {
  const name = `LV ${vg.name}/${lv.name}`;
  const kinds = [...new Set(lv.segments.map((s) => s.type).filter((t) => t !== 'striped'))];
  if (kinds.length) {
    notes.push(`${name}: segment type ${kinds.join(', ')} is not read (only linear and striped LVs are)`);
    return undefined;
  }
  const extentBytes = vg.extentSize * LVM_SECTOR;
  const absent = new Set<string>();
  const segments: MappedSegment[] = [];
  const sorted = [...lv.segments].sort((a, b) => a.startExtent - b.startExtent);
  // By key once, not a search per stripe: hostile metadata may list many PVs and stripes.
  const pvByKey = new Map(vg.pvs.map((p) => [p.key, p]));
  for (const segment of sorted) {
    const perStripe = segment.extentCount / segment.stripes.length;
    const stripes = segment.stripes.map((stripe) => {
      const pv = pvByKey.get(stripe.pv);
      const source = pv && onDisk.get(pv.uuid);
      if (!pv || !source) {
        absent.add(pv ? `PV ${lvmId(pv.uuid)} (${pv.key})` : `"${stripe.pv}" (not among the VG's PVs)`);
        return undefined;
      }
      if (!Number.isInteger(perStripe) || stripe.extent + perStripe > pv.peCount) {
        throw new VolumeError('corrupt', `${name}: a segment of ${segment.extentCount} extents in ${segment.stripes.length} stripes from extent ${stripe.extent} does not fit ${pv.key} (pe_count ${pv.peCount})`, { offset: pv.peStart * LVM_SECTOR });
      }
      return { source, offset: pv.peStart * LVM_SECTOR + stripe.extent * extentBytes };
    });
    if (stripes.every((s) => s !== undefined)) {
      segments.push({ start: segment.startExtent * extentBytes, size: segment.extentCount * extentBytes, stripes, chunk: (segment.stripeSize ?? 0) * LVM_SECTOR });
    }
  }
  if (absent.size) {
    notes.push(`${name}: needs ${[...absent].join(', ')}, not on this disk`);
    return undefined;
  }
  const size = lv.segments.reduce((sum, s) => sum + s.extentCount, 0) * extentBytes;
  return segmentedSource(name, size, segments);
}
