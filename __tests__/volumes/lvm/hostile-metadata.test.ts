import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MemorySource } from '../../../src/io/byte-source.js';
import { limits } from '../../../src/limits.js';
import { lvmCrc } from '../../../src/volumes/lvm/crc.js';
import { readLvm } from '../../../src/volumes/lvm/index.js';
import { MAX_METADATA_TEXT, MDA_HEADER_SIZE } from '../../../src/volumes/lvm/metadata-area.js';
import { parsePvLabel } from '../../../src/volumes/lvm/pv-label.js';
import { withinTime } from '../../robustness/outcome.js';
import { repoRoot } from './lvm-fixtures.js';

/**
 * 16 MiB of LVM metadata text made of tiny sections or list items, written into the 17 MiB
 * metadata area of a real PV (scripts/fixtures/hostile-lvm.sh: pvcreate --metadatasize 17m) with
 * raw_locn.checksum and the mda_header checksum recomputed, so the parser, not the CRC check,
 * meets it. Parsed naively it became ~1.4 GiB of Maps; now it stops at limits.lvmMetadataNodes
 * with a LimitError that readLvm turns into a note naming the PV, layer and offset.
 */
const fixture = path.join(repoRoot, '__tests__/fixtures/hostile/lvm-pv-17m-mda.raw.gz');
const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The PV with its committed metadata text replaced by `text` (checksums made right again). */
function pvWithText(text: string): Uint8Array {
  const bytes = new Uint8Array(gunzipSync(readFileSync(fixture)));
  const label = parsePvLabel(bytes.subarray(0, 2048))!;
  const area = label.metadataAreas[0]!;
  const v = view(bytes);
  const mda = area.offset;
  const encoded = new TextEncoder().encode(text + '\0');
  expect(MDA_HEADER_SIZE + encoded.length).toBeLessThanOrEqual(area.size);
  bytes.set(encoded, mda + MDA_HEADER_SIZE);
  v.setBigUint64(mda + 0x28, BigInt(MDA_HEADER_SIZE), true); // raw_locn.offset: right after the header, no wrap
  v.setBigUint64(mda + 0x30, BigInt(encoded.length), true); // raw_locn.size
  v.setUint32(mda + 0x38, lvmCrc(encoded), true); // raw_locn.checksum
  v.setUint32(mda, lvmCrc(bytes.subarray(mda + 4, mda + MDA_HEADER_SIZE)), true); // mda_header.checksum_xl
  return bytes;
}

/** `pattern(i)` repeated until the text is just under 16 MiB (the reader's text limit). */
function sixteenMiB(head: string, pattern: (i: number) => string, tail: string): string {
  const parts = [head];
  let length = head.length + tail.length + 1;
  for (let i = 0; ; i++) {
    const piece = pattern(i);
    if (length + piece.length > MAX_METADATA_TEXT - 1) break;
    parts.push(piece);
    length += piece.length;
  }
  parts.push(tail);
  return parts.join('');
}

const head = 'bigmdavg {\nid = "aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa"\nseqno = 3\nextent_size = 2048\n';

describe('a real PV whose metadata area holds 16 MiB of hostile text', () => {
  it('the fixture is what LVM made: a 17 MiB metadata area', () => {
    const seen = readFileSync(fixture.replace('.raw.gz', '.seen.txt'), 'utf8');
    const [mdaSize] = /pvs: +(\d+)B/.exec(seen)!.slice(1);
    const label = parsePvLabel(new Uint8Array(gunzipSync(readFileSync(fixture))).subarray(0, 2048))!;
    expect(label.metadataAreas[0]!.size).toBe(Number(mdaSize));
    expect(Number(mdaSize)).toBeGreaterThan(MAX_METADATA_TEXT);
  });

  it.each<[string, string]>([
    ['1.5 million empty sections', sixteenMiB(head, (i) => `s${i}{}\n`, '}\n')],
    ['8 million list items', sixteenMiB(head, (i) => (i % 60_000 === 0 ? `${i === 0 ? '' : ']\n'}l${i} = [1` : ',1'), ']\n}\n')],
  ])('%s: a lvmMetadataNodes limit note naming the PV and offset, in bounded memory', async (_what, text) => {
    expect(text.length).toBeGreaterThan(15 * 1024 * 1024);
    const bytes = pvWithText(text);
    const rssBefore = process.resourceUsage().maxRSS * 1024;
    const scan = await withinTime(() => readLvm([{ name: 'disk', source: new MemorySource(bytes, 'pv') }]), 30_000);
    const growth = process.resourceUsage().maxRSS * 1024 - rssBefore;
    expect(scan.notes).toEqual([
      expect.stringMatching(
        new RegExp(`^disk \\(LVM PV [-\\w]+\\): volume \\(limit\\) at offset 0x[0-9a-f]+: LVM metadata text line \\d+: more than ${limits.lvmMetadataNodes} settings, sections and list items$`),
      ),
    ]);
    expect(scan.volumes).toEqual([]);
    // The peak of this worker grew by far less than the GiB the naive parse took.
    expect(growth).toBeLessThan(256 * 1024 * 1024);
  });
});
