import { describe, expect, it } from '@jest/globals';
import { IoError, VolumeError } from '../../../src/errors.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { readLvm } from '../../../src/volumes/lvm/index.js';
import { segmentedSource } from '../../../src/volumes/lvm/segmented-source.js';
import { candidates, diskBytes, loadManifest, partitionStart, sectors } from './lvm-fixtures.js';

describe('LV bytes against the extents lvs reports', () => {
  const manifest = loadManifest('lvm-gpt');

  it.each(['rootlv', 'varlv', 'my-data', 'stripelv'])('%s: each 64 KiB of the LV is where seg_pe_ranges and stripe_size put it on the disk', async (lvName) => {
    const bytes = diskBytes('lvm-gpt');
    const scan = await readLvm(await candidates(bytes));
    const lv = scan.volumes.find((v) => v.lv === lvName)!;
    const extent = sectors(manifest.vg_extent_size) * 512;
    const pvStart = async (loop: string) => (await partitionStart(bytes, manifest.pvPartition[loop]!)) + sectors(manifest.pvs.find((p) => p.pv_name === loop)!.pe_start) * 512;
    const piece = 64 * 1024;
    let checked = 0;
    for (const seg of manifest.segs.filter((s) => s.lv_name === lvName)) {
      const ranges = seg.seg_pe_ranges.split(' ').map((r) => { const [pv, span] = r.split(':'); return { pv: pv!, first: Number(span!.split('-')[0]) }; });
      const stripes = Number(seg.stripes);
      const chunk = stripes > 1 ? sectors(seg.stripe_size) * 512 : piece;
      const start = Number(seg.seg_start_pe) * extent;
      for (let at = 0; at < Number(seg.seg_size_pe) * extent; at += piece) {
        const k = Math.floor(at / chunk);
        const stripe = ranges[k % stripes]!;
        const disk = (await pvStart(stripe.pv)) + stripe.first * extent + Math.floor(k / stripes) * chunk + (at % chunk);
        expect(Buffer.from(await lv.source.read(start + at, piece)).equals(Buffer.from(bytes.subarray(disk, disk + piece)))).toBe(true);
        checked++;
      }
    }
    expect(checked * piece).toBe(lv.source.size);
  });

  it('gives the same bytes whether read whole or in odd pieces that straddle chunks and segments', async () => {
    const scan = await readLvm(await candidates(diskBytes('lvm-gpt')));
    for (const lv of scan.volumes.filter((v) => v.lv === 'varlv' || v.lv === 'stripelv')) {
      const whole = await lv.source.read(0, lv.source.size);
      const pieces = new Uint8Array(lv.source.size);
      for (let at = 0; at < lv.source.size; at += 12345) pieces.set(await lv.source.read(at, Math.min(12345, lv.source.size - at)), at);
      expect(Buffer.from(pieces).equals(Buffer.from(whole))).toBe(true);
    }
  });
});

describe('segmentedSource bounds', () => {
  const pv = new MemorySource(new Uint8Array(4096).map((_, i) => i & 0xff), 'pv');

  it('refuses reads past the end of the LV', async () => {
    const lv = segmentedSource('LV vg/lv', 1024, [{ start: 0, size: 1024, stripes: [{ source: pv, offset: 512 }], chunk: 0 }]);
    await expect(lv.read(1000, 100)).rejects.toBeInstanceOf(IoError);
    expect([...(await lv.read(3, 2))]).toEqual([3, 4]); // pv bytes 515, 516
  });

  it.each([
    ['a stripe outside its PV', [{ start: 0, size: 1024, stripes: [{ source: pv, offset: 3584 }], chunk: 0 }], 1024, /stripe 0xe00\+1024 lies outside pv/],
    ['segments that do not cover the LV', [{ start: 0, size: 512, stripes: [{ source: pv, offset: 0 }], chunk: 0 }], 1024, /segments cover 512 bytes, the volume has 1024/],
    ['a stripe width that is not whole chunks', [{ start: 0, size: 1536, stripes: [{ source: pv, offset: 0 }, { source: pv, offset: 2048 }], chunk: 512 }], 1536, /do not split into 2 stripes of whole 512-byte chunks/],
    ['a segment with no stripes', [{ start: 0, size: 512, stripes: [], chunk: 0 }], 512, /has no stripes/],
  ])('rejects %s', (_what, segments, size, message) => {
    expect(() => segmentedSource('LV vg/lv', size, segments)).toThrow(VolumeError);
    expect(() => segmentedSource('LV vg/lv', size, segments)).toThrow(message);
  });
});
