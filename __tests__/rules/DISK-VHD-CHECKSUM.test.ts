import { afterAll, describe, expect, it } from '@jest/globals';
import { vhdChecksum } from '../../src/disk/vhd-footer.js';
import { DISK_VHD_CHECKSUM } from '../../src/rules/DISK-VHD-CHECKSUM.js';
import { findingsOf, fixtureImage, mutatedImage } from '../disk/image-facts.js';
import { cleanupFixtures } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

/** Footer of a fixture's bytes, as a DataView. */
function footer(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 512, 512);
}

describe('DISK-VHD-CHECKSUM', () => {
  it.each([
    [
      'one bit of the creator field flipped',
      () => mutatedImage('gpt-hybrid.vhd', (b) => { b[b.length - 512 + 0x1c] ^= 0x20; }),
      [/footer checksum \(offset 0x40\) is 0x[0-9a-f]+, which is not the one's complement/],
    ],
    [
      'file format version changed, checksum recomputed',
      () => mutatedImage('gpt-hybrid.vhd', (b) => {
        const f = footer(b);
        f.setUint32(0x0c, 0x00020000);
        f.setUint32(0x40, vhdChecksum(b.subarray(b.length - 512), 0x40));
      }),
      [/file format version \(offset 0x0c\) is 0x20000; the VHD specification defines only 0x10000/],
    ],
    ['a fixed VHD written by qemu-img (footer at 24 MiB = 0x1800000)', () => fixtureImage('gpt-hybrid.vhd'), []],
    ['a dynamic VHD written by qemu-img', () => fixtureImage('gpt-bios-esp-dynamic.vhd'), []],
    ['a raw image (no footer: DISK-VHD-COOKIE reports it)', () => fixtureImage('mbr-logical.raw'), []],
  ])('%s', async (_name, image, expected) => {
    const findings = findingsOf(DISK_VHD_CHECKSUM, await image());
    expect(findings.map((f) => f.message)).toEqual(expected.map((m) => expect.stringMatching(m)));
    for (const f of findings) expect(f.evidence[0]?.detail).toMatch(/^VHD footer at 0x1800000: /);
  });
});
