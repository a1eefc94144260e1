import { afterAll, describe, expect, it } from '@jest/globals';
import { MemorySource } from '../../src/io/byte-source.js';
import type { ImageFacts } from '../../src/model.js';
import { DISK_VHD_COOKIE } from '../../src/rules/DISK-VHD-COOKIE.js';
import { findingsOf, fixtureImage, imageFactsFrom } from '../disk/image-facts.js';
import { cleanupFixtures, fixtureBytes } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

/** A dynamic VHD whose last 512 bytes (the footer) were zeroed: only the copy at offset 0 remains. */
async function dynamicWithoutEndFooter(): Promise<ImageFacts> {
  const bytes = fixtureBytes('mbr-logical-dynamic.vhd');
  bytes.fill(0, bytes.length - 512);
  return imageFactsFrom(new MemorySource(bytes, 'cut.vhd'));
}

describe('DISK-VHD-COOKIE', () => {
  it.each([
    ['a raw image (real, made by sfdisk)', () => fixtureImage('mbr-logical.raw'), [/is not a VHD: the last 512 bytes \(at 0x7ffe00\) hold no "conectix" cookie/]],
    ['a dynamic VHD with its end footer gone', dynamicWithoutEndFooter, [/has no VHD footer at its end \(0x600e00\); only the copy a dynamic VHD keeps at offset 0 is intact/]],
    ['a fixed VHD (qemu-img)', () => fixtureImage('gpt-hybrid.vhd'), []],
    ['a dynamic VHD (qemu-img)', () => fixtureImage('mbr-logical-dynamic.vhd'), []],
  ])('%s', async (_name, image, expected) => {
    const findings = findingsOf(DISK_VHD_COOKIE, await image());
    expect(findings.map((f) => f.message)).toEqual(expected.map((m) => expect.stringMatching(m)));
    for (const f of findings) expect(f.severity).toBe('error');
  });

  it('gives the exact conversion command for a raw image', async () => {
    const [finding] = findingsOf(DISK_VHD_COOKIE, await fixtureImage('mbr-logical.raw'));
    expect(finding?.fix).toBe('Convert the raw image to a fixed VHD: qemu-img convert -f raw -O vpc -o subformat=fixed,force_size disk.raw disk.vhd');
  });
});
