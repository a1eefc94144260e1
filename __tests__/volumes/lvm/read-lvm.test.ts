import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openFilesystem } from '../../../src/fs/registry.js';
import { GuestFs } from '../../../src/guest/guest-fs.js';
import { limits } from '../../../src/limits.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { lvmId, readLvm, type LvmScan } from '../../../src/volumes/lvm/index.js';
import { MDA_HEADER_SIZE } from '../../../src/volumes/lvm/metadata-area.js';
import { candidates, diskBytes, loadManifest, partitionStart, sectors, type LvmManifest } from './lvm-fixtures.js';
import { corpusDir } from '../../helpers/corpus.js';

/** Our view of the VGs in LVM's report shape, to compare with pvs/vgs/lvs field by field. */
function asReport(scan: LvmScan, manifest: LvmManifest) {
  const loopOf = (uuid: string): string => {
    const pv = scan.pvs.find((p) => p.label.pvUuid === uuid);
    const partition = pv && Number(pv.name.replace('partition ', ''));
    return Object.entries(manifest.pvPartition).find(([, n]) => n === partition)?.[0] ?? manifest.absentPv ?? '?';
  };
  return {
    vgs: scan.vgs.map((vg) => ({ vg_name: vg.name, vg_uuid: vg.id, vg_extent_size: `${vg.extentSize}S`, pv_count: `${vg.pvs.length}`, lv_count: `${vg.lvs.length}`, vg_seqno: `${vg.seqno}` })),
    pvs: scan.vgs.flatMap((vg) => vg.pvs.map((pv) => ({ pv_name: loopOf(pv.uuid), pv_uuid: lvmId(pv.uuid), vg_name: vg.name, pe_start: `${pv.peStart}S`, pv_pe_count: `${pv.peCount}` }))),
    lvs: scan.vgs.flatMap((vg) => vg.lvs.map((lv) => ({ vg_name: vg.name, lv_name: lv.name, lv_uuid: lv.id, lv_size: `${lv.segments.reduce((n, s) => n + s.extentCount, 0) * vg.extentSize}S`, seg_count: `${lv.segments.length}` }))),
    segs: scan.vgs.flatMap((vg) =>
      vg.lvs.flatMap((lv) =>
        lv.segments.map((s) => {
          const per = s.extentCount / s.stripes.length;
          const pvOf = (key: string) => loopOf(vg.pvs.find((p) => p.key === key)!.uuid);
          return {
            vg_name: vg.name,
            lv_name: lv.name,
            segtype: s.type === 'striped' && s.stripes.length === 1 ? 'linear' : s.type,
            seg_start_pe: `${s.startExtent}`,
            seg_size_pe: `${s.extentCount}`,
            seg_pe_ranges: s.stripes.map((st) => `${pvOf(st.pv)}:${st.extent}-${st.extent + per - 1}`).join(' '),
            stripes: `${s.stripes.length}`,
            stripe_size: `${s.stripeSize ?? 0}S`,
          };
        }),
      ),
    ),
  };
}

const byKey = <T extends { vg_name: string }>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

async function sha256Of(scan: LvmScan, vgLv: string, guestPath: string): Promise<string> {
  const volume = scan.volumes.find((v) => `${v.vg}/${v.lv}` === vgLv)!;
  const fs = await openFilesystem(volume.source);
  if (!fs) throw new Error(`${vgLv}: no filesystem`);
  const bytes = await new GuestFs([{ mountPoint: '/', fs, source: vgLv }], { ...limits, fileBytes: 64 * 1024 * 1024, factsBytes: 64 * 1024 * 1024 }).readBytes(guestPath);
  return createHash('sha256').update(bytes!).digest('hex');
}

describe.each(['lvm-gpt', 'lvm-split'])('%s (made by lvm2 on loop devices)', (name) => {
  const manifest = loadManifest(name);
  let scanned: Promise<LvmScan> | undefined;
  const scan = () => (scanned ??= candidates(diskBytes(name)).then(readLvm));

  it('reads the VG, PVs, LVs and segments as pvs/vgs/lvs report them', async () => {
    const ours = asReport(await scan(), manifest);
    const pick = <T extends object>(rows: T[], keys: (keyof T)[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
    expect(byKey(ours.vgs, (r) => r.vg_name)).toEqual(byKey(pick(manifest.vgs, ['vg_name', 'vg_uuid', 'vg_extent_size', 'pv_count', 'lv_count', 'vg_seqno']) as typeof ours.vgs, (r) => r.vg_name));
    expect(byKey(ours.pvs, (r) => r.pv_uuid)).toEqual(byKey(pick(manifest.pvs, ['pv_name', 'pv_uuid', 'vg_name', 'pe_start', 'pv_pe_count']) as typeof ours.pvs, (r) => r.pv_uuid));
    expect(byKey(ours.lvs, (r) => r.lv_name)).toEqual(byKey(pick(manifest.lvs, ['vg_name', 'lv_name', 'lv_uuid', 'lv_size', 'seg_count']) as typeof ours.lvs, (r) => r.lv_name));
    const segKey = (r: { lv_name: string; seg_start_pe: string }) => `${r.lv_name}@${r.seg_start_pe.padStart(6, '0')}`;
    expect(byKey(ours.segs, segKey)).toEqual(byKey(manifest.segs, segKey));
  });

  it('reads every file written into each LV, through the LV mapping, with the SHA-256 written', async () => {
    const s = await scan();
    const expected = Object.entries(manifest.files).flatMap(([lv, files]) => Object.entries(files).map(([p, h]) => [lv, p, h]));
    expect(expected.length).toBeGreaterThan(0);
    for (const [lv, guestPath, hash] of expected) expect([lv, guestPath, await sha256Of(s, lv!, guestPath!)]).toEqual([lv, guestPath, hash]);
  });
});

describe('lvm-gpt', () => {
  it('opens every LV and has nothing to report', async () => {
    const scan = await readLvm(await candidates(diskBytes('lvm-gpt')));
    expect(scan.notes).toEqual([]);
    expect(scan.volumes.map((v) => `${v.vg}/${v.lv}:${v.source.size}`).sort()).toEqual(
      loadManifest('lvm-gpt').lvs.map((l) => `${l.vg_name}/${l.lv_name}:${sectors(l.lv_size) * 512}`).sort(),
    );
  });

  it('covers what it claims: a two-segment LV and a two-stripe LV across both PVs', () => {
    const segs = loadManifest('lvm-gpt').segs;
    expect(segs.filter((s) => s.lv_name === 'varlv')).toHaveLength(2);
    expect(segs.find((s) => s.lv_name === 'stripelv')).toMatchObject({ segtype: 'striped', stripes: '2' });
    expect(new Set(segs.find((s) => s.lv_name === 'stripelv')!.seg_pe_ranges.split(' ').map((r) => r.split(':')[0])).size).toBe(2);
  });
});

describe('lvm-split: a VG with a PV that is not on this disk', () => {
  const manifest = loadManifest('lvm-split');
  const absentUuid = manifest.pvs.find((p) => p.pv_name === manifest.absentPv)!.pv_uuid;

  it('names the absent PV and each LV that needs it, and still opens the LV that is here', async () => {
    const scan = await readLvm(await candidates(diskBytes('lvm-split')));
    expect(scan.volumes.map((v) => `${v.vg}/${v.lv}`)).toEqual(['splitvg/homelv']);
    expect(scan.notes).toEqual([
      `LVM VG splitvg: PV ${absentUuid} (pv1) not on this disk`,
      `LV splitvg/farlv: needs PV ${absentUuid} (pv1), not on this disk`,
      `LV splitvg/spanlv: needs PV ${absentUuid} (pv1), not on this disk`,
    ]);
  });

  it('took its metadata from a copy that wraps round the end of the metadata ring', async () => {
    const bytes = diskBytes('lvm-split');
    const pvStart = await partitionStart(bytes, 1);
    const [{ label }] = (await readLvm(await candidates(bytes))).pvs;
    const mda = label!.metadataAreas[0]!;
    const view = new DataView(bytes.buffer, bytes.byteOffset + pvStart + mda.offset, MDA_HEADER_SIZE);
    const [size, offset, length] = [0x20, 0x28, 0x30].map((at) => Number(view.getBigUint64(at, true)));
    expect(size).toBe(mda.size);
    expect(offset! + length!).toBeGreaterThan(size!);
  });
});

describe('the util-linux blkid test image (a PV with no VG yet)', () => {
  const dir = path.join(corpusDir, 'blkid-misc');
  const expected = Object.fromEntries(readFileSync(path.join(dir, 'lvm2.blkid-expected.txt'), 'utf8').trim().split('\n').map((l) => l.split('=', 2) as [string, string]));

  it('finds the PV label blkid finds, and no VG or LV', async () => {
    const disk = new MemorySource(gunzipSync(readFileSync(path.join(dir, 'lvm2.img.gz'))), 'lvm2.img');
    const scan = await readLvm([{ name: 'disk', source: disk }]);
    expect(scan.pvs.map((p) => lvmId(p.label.pvUuid))).toEqual([expected.ID_FS_UUID]);
    expect(expected.ID_FS_TYPE).toBe('LVM2_member');
    expect([scan.vgs, scan.volumes, scan.notes]).toEqual([[], [], []]);
  });
});
