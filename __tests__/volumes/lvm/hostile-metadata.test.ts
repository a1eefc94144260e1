import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { MemorySource } from '../../../src/io/byte-source.js';
import { limits } from '../../../src/limits.js';
import { readLvm } from '../../../src/volumes/lvm/index.js';
import { MAX_METADATA_TEXT } from '../../../src/volumes/lvm/metadata-area.js';
import { parsePvLabel } from '../../../src/volumes/lvm/pv-label.js';
import { withinTime } from '../../robustness/outcome.js';
import { fixture, head, pvWithText, sixteenMiB } from './hostile-metadata-image.js';

/**
 * 16 MiB of LVM metadata text made of tiny sections or list items, written into the 17 MiB
 * metadata area of a real PV (scripts/fixtures/hostile-lvm.sh: pvcreate --metadatasize 17m) with
 * raw_locn.checksum and the mda_header checksum recomputed, so the parser, not the CRC check,
 * meets it. Parsed naively it became ~1.4 GiB of Maps; now it stops at limits.lvmMetadataNodes
 * with a LimitError that readLvm turns into a note naming the PV, layer and offset.
 */
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
