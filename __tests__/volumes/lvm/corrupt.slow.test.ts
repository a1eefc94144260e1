import { describe, expect, it } from '@jest/globals';
import { GateError } from '../../../src/errors.js';
import { lvmCrc } from '../../../src/volumes/lvm/crc.js';
import { readLvm, type LvmScan } from '../../../src/volumes/lvm/index.js';
import { MDA_HEADER_SIZE } from '../../../src/volumes/lvm/metadata-area.js';
import { parsePvLabel } from '../../../src/volumes/lvm/pv-label.js';
import { candidates, diskBytes, partitionStart } from './lvm-fixtures.js';

/** Where one PV's label sector and first metadata area are on the lvm-gpt disk. */
interface PvPlace {
  label: number;
  mda: number;
}

async function places(bytes: Uint8Array, partitions: number[]): Promise<PvPlace[]> {
  return Promise.all(
    partitions.map(async (n) => {
      const start = await partitionStart(bytes, n);
      const label = parsePvLabel(bytes.subarray(start, start + 2048))!;
      return { label: start + label.sector * 512, mda: start + label.metadataAreas[0]!.offset };
    }),
  );
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Recomputes mda_header.checksum_xl, so a damaged field is reached rather than the CRC check. */
function resealHeader(bytes: Uint8Array, mda: number): void {
  view(bytes).setUint32(mda, lvmCrc(bytes.subarray(mda + 4, mda + MDA_HEADER_SIZE)), true);
}

/** The committed metadata text of the PV whose metadata area is at `mda`. */
function metadataText(bytes: Uint8Array, mda: number): string {
  const v = view(bytes);
  const offset = Number(v.getBigUint64(mda + 0x28, true));
  const size = Number(v.getBigUint64(mda + 0x30, true));
  return new TextDecoder().decode(bytes.subarray(mda + offset, mda + offset + size)).replace(/\0.*$/s, '');
}

/** Replaces the committed text in place (raw_locn size and checksum updated, header resealed). */
function rewriteText(bytes: Uint8Array, mda: number, text: string): void {
  const v = view(bytes);
  const offset = Number(v.getBigUint64(mda + 0x28, true));
  const encoded = new TextEncoder().encode(text + '\0');
  bytes.set(encoded, mda + offset);
  v.setBigUint64(mda + 0x30, BigInt(encoded.length), true);
  v.setUint32(mda + 0x38, lvmCrc(encoded), true);
  resealHeader(bytes, mda);
}

/** Applies `damage` to the given PVs of a fresh lvm-gpt disk and scans it. */
async function scanDamaged(partitions: number[], damage: (bytes: Uint8Array, pv: PvPlace) => void): Promise<LvmScan> {
  const bytes = diskBytes('lvm-gpt');
  for (const pv of await places(bytes, partitions)) damage(bytes, pv);
  return readLvm(await candidates(bytes));
}

const allLvs = ['rootvg/my-data', 'rootvg/rootlv', 'rootvg/stripelv', 'rootvg/varlv'];
const opened = (scan: LvmScan) => scan.volumes.map((v) => `${v.vg}/${v.lv}`).sort();

describe('damage to one PV of two: the VG is read from the other, and the damage is named', () => {
  it.each<[string, (bytes: Uint8Array, pv: PvPlace) => void, RegExp]>([
    ['raw_locn.offset beyond the metadata area', (b, pv) => { view(b).setBigUint64(pv.mda + 0x28, 0x7fffffffn, true); resealHeader(b, pv.mda); }, /volume \(corrupt\) at offset 0x[0-9a-f]+: LVM raw_locn.offset 0x7fffffff lies outside the metadata ring/],
    ['raw_locn.size beyond the metadata area', (b, pv) => { view(b).setBigUint64(pv.mda + 0x30, 0x10000000n, true); resealHeader(b, pv.mda); }, /LVM raw_locn.size 268435456 does not fit the \d+-byte metadata ring/],
    ['raw_locn.offset past 2^53', (b, pv) => { view(b).setBigUint64(pv.mda + 0x28, 0xffffffffffffffffn, true); resealHeader(b, pv.mda); }, /raw_locn.offset 0xffffffffffffffff is beyond any disk size/],
    ['mda_header.start not where the pv_header says', (b, pv) => { view(b).setBigUint64(pv.mda + 0x18, 0x2000n, true); resealHeader(b, pv.mda); }, /mda_header says the area is 0x2000\+\d+, the pv_header says 0x1000/],
    ['mda_header.magic', (b, pv) => { b[pv.mda + 4] = 0x58; }, /mda_header.magic is not/],
    ['mda_header checksum', (b, pv) => { b[pv.mda + 0x100] ^= 1; }, /mda_header checksum 0x[0-9a-f]+ does not match/],
    ['one byte of the metadata text', (b, pv) => { b[pv.mda + Number(view(b).getBigUint64(pv.mda + 0x28, true)) + 20] ^= 1; }, /metadata text checksum 0x[0-9a-f]+ does not match raw_locn.checksum/],
  ])('%s', async (_what, damage, message) => {
    const scan = await scanDamaged([2], damage);
    expect(scan.notes).toEqual([expect.stringMatching(new RegExp(`^partition 2.*${message.source}`))]);
    expect(opened(scan)).toEqual(allLvs);
  });
});

describe('a damaged PV label: that PV counts as absent, so every LV on it is named', () => {
  it.each<[string, (bytes: Uint8Array, pv: PvPlace) => void, RegExp]>([
    ['the label CRC (a flipped UUID byte)', (b, pv) => { b[pv.label + 0x20] ^= 1; }, /^partition 2: volume \(corrupt\) at offset 0x210: LVM label CRC 0x[0-9a-f]+ does not match/],
    ['label_header.sector_xl', (b, pv) => { view(b).setBigUint64(pv.label + 8, 3n, true); }, /^partition 2: volume \(corrupt\) at offset 0x208: LVM label in sector 1 says it is in sector 3/],
    ['the label type', (b, pv) => { b[pv.label + 0x1f] = 0x32; }, /^partition 2: volume \(unsupported\) at offset 0x218: LVM label type "LVM2 002" is not "LVM2 001"/],
  ])('%s', async (_what, damage, message) => {
    const scan = await scanDamaged([2], damage);
    expect(scan.notes[0]).toMatch(message);
    expect(scan.notes.slice(1)).toEqual([
      expect.stringMatching(/^LVM VG rootvg: PV \S+ \(pv0\) not on this disk$/),
      ...['rootlv', 'varlv', 'my-data', 'stripelv'].map((lv) => expect.stringMatching(new RegExp(`^LV rootvg/${lv}: needs PV \\S+ \\(pv0\\), not on this disk$`))),
    ]);
    expect(scan.volumes).toEqual([]);
  });
});

describe('damage to the metadata on both PVs', () => {
  it('a metadata text that is not LVM config: the VG is not read, each PV says why', async () => {
    const scan = await scanDamaged([2, 3], (b, pv) => rewriteText(b, pv.mda, 'rootvg {\n id = "x"\n' + 'a {'.repeat(100000)));
    expect(scan.notes).toEqual([expect.stringMatching(/^partition 2 .*line 3: sections nest deeper than 16/), expect.stringMatching(/^partition 3 .*line 3: sections nest deeper than 16/)]);
    expect(scan.volumes).toEqual([]);
  });

  it('an LV of a kind we do not read (thin, raid1) is named; the others still open', async () => {
    const scan = await scanDamaged([2, 3], (b, pv) => {
      const text = metadataText(b, pv.mda);
      const retype = (t: string, lv: string, type: string) => t.replace(new RegExp(`(\\n\\t*${lv} \\{[^]*?)type = "striped"`), `$1type = "${type}"`);
      rewriteText(b, pv.mda, retype(retype(text, 'my-data', 'thin'), 'stripelv', 'raid1'));
    });
    expect(scan.notes).toEqual([
      'LV rootvg/my-data: segment type thin is not read (only linear and striped LVs are)',
      'LV rootvg/stripelv: segment type raid1 is not read (only linear and striped LVs are)',
    ]);
    expect(opened(scan)).toEqual(['rootvg/rootlv', 'rootvg/varlv']);
  });

  it('an LV whose extents run past its PV is corrupt by name; the others still open', async () => {
    const scan = await scanDamaged([2, 3], (b, pv) => {
      const text = metadataText(b, pv.mda);
      rewriteText(b, pv.mda, text.replace(/(\n\t*my-data \{[^]*?stripes = \[\s*"pv0", )\d+/, '$1400'));
    });
    expect(scan.notes).toEqual([expect.stringMatching(/^LV rootvg\/my-data: volume \(corrupt\).*from extent 400 does not fit pv0 \(pe_count 23\)/)]);
    expect(opened(scan)).toEqual(['rootvg/rootlv', 'rootvg/stripelv', 'rootvg/varlv']);
  });

  it('a segment list with a gap is corrupt by name', async () => {
    const scan = await scanDamaged([2, 3], (b, pv) => {
      const text = metadataText(b, pv.mda);
      rewriteText(b, pv.mda, text.replace(/(\n\t*varlv \{[^]*?segment2 \{\s*start_extent = )3/, '$14'));
    });
    expect(scan.notes).toEqual([expect.stringMatching(/^LV rootvg\/varlv: volume \(corrupt\).*segment 2 starts at 0x400000, expected 0x300000/)]);
  });
});

describe('PVs whose metadata copies disagree', () => {
  it('the copy with the higher seqno wins, whichever PV holds it', async () => {
    const scan = await scanDamaged([3], (b, pv) => {
      const text = metadataText(b, pv.mda);
      const seqno = Number(/seqno = (\d+)/.exec(text)![1]);
      rewriteText(b, pv.mda, text.replace(/seqno = \d+/, `seqno = ${seqno + 1}`).replace(/(\n\t*)rootlv \{/, '$1renamedlv {'));
    });
    expect(scan.notes).toEqual([]);
    expect(opened(scan)).toEqual(['rootvg/my-data', 'rootvg/renamedlv', 'rootvg/stripelv', 'rootvg/varlv']);
  });
});

describe('seeded random damage to labels, metadata headers and text', () => {
  it('always resolves to LVs and notes, never an uncaught error, and every LV read stays in bounds', async () => {
    const clean = diskBytes('lvm-gpt');
    const pvs = await places(clean, [2, 3]);
    const regions = pvs.flatMap((pv) => [[pv.label, 512], [pv.mda, MDA_HEADER_SIZE], [pv.mda + Number(view(clean).getBigUint64(pv.mda + 0x28, true)), 4096]] as const);
    let seed = 0x1234567;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const bytes = clean; // damaged and restored in place: copying 48 MiB per round would dominate
    for (let round = 0; round < 200; round++) {
      const saved: [number, number][] = [];
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
        const [start, length] = regions[Math.floor(random() * regions.length)]!;
        const at = start + Math.floor(random() * length);
        saved.push([at, bytes[at]!]);
        bytes[at] = Math.floor(random() * 256);
      }
      const scan = await readLvm(await candidates(bytes));
      for (const [at, value] of saved.reverse()) bytes[at] = value;
      for (const volume of scan.volumes) {
        await volume.source.read(0, 4096).catch((error: unknown) => {
          if (!(error instanceof GateError)) throw error;
        });
      }
      expect(scan.notes.every((n) => !/NaN|undefined/.test(n))).toBe(true);
    }
  });
});
