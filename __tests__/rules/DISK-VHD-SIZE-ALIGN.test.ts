import { afterAll, describe, expect, it } from '@jest/globals';
import { MemorySource } from '../../src/io/byte-source.js';
import { DISK_VHD_SIZE_ALIGN } from '../../src/rules/DISK-VHD-SIZE-ALIGN.js';
import { findingsOf, fixtureImage, imageFactsFrom } from '../disk/image-facts.js';
import { cleanupFixtures, toolRecord } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

const MiB = 1024 * 1024;

describe('DISK-VHD-SIZE-ALIGN', () => {
  it.each([
    [
      'qemu-img without force_size (CHS rounding)',
      () => fixtureImage('odd-chs.vhd'),
      [{ message: /virtual size is 4212736 bytes \(4\.0176 MiB\), not a whole number of MiB; the next valid size is 5242880 bytes \(5M\)/, fix: /qemu-img resize -f raw disk\.raw 5M/ }],
    ],
    [
      'force_size kept an unaligned size',
      () => fixtureImage('odd-forced.vhd'),
      [{ message: /virtual size is 4194816 bytes .* next valid size is 5242880 bytes/, fix: /^qemu-img convert -f vpc -O raw disk\.vhd disk\.raw\nqemu-img resize -f raw disk\.raw 5M\nqemu-img convert -f raw -O vpc -o subformat=fixed,force_size disk\.raw disk-fixed\.vhd$/ }],
    ],
    [
      'a fixed VHD with 512 stray bytes before the footer',
      () => fixtureImage('length-mismatch.vhd'),
      [{ message: /file is 8389632 bytes, but its footer says the disk is 8388608 bytes: the file should be 8389120 bytes/, fix: /qemu-img convert -f vpc -O raw disk\.vhd disk\.raw/ }],
    ],
    [
      'an unaligned raw image',
      () => imageFactsFrom(new MemorySource(new Uint8Array(4 * MiB + 512), 'odd.raw')),
      [{ message: /virtual size is 4194816 bytes/, fix: /^qemu-img resize -f raw disk\.raw 5M\nqemu-img convert -f raw/ }],
    ],
    ['a 24 MiB fixed VHD (force_size)', () => fixtureImage('gpt-hybrid.vhd'), []],
    ['an 8 MiB dynamic VHD', () => fixtureImage('mbr-logical-dynamic.vhd'), []],
    ['an 8 MiB raw image', () => fixtureImage('mbr-logical.raw'), []],
  ])('%s', async (_name, image, expected) => {
    const findings = findingsOf(DISK_VHD_SIZE_ALIGN, await image());
    expect(findings.map((f) => ({ message: f.message, fix: f.fix }))).toEqual(
      expected.map((e) => ({ message: expect.stringMatching(e.message), fix: expect.stringMatching(e.fix) })),
    );
  });

  it('agrees with qemu-img about the sizes it flags', () => {
    expect(toolRecord('odd').containers['odd-chs.vhd']!['virtual-size'] % MiB).not.toBe(0);
    expect(toolRecord('gpt-hybrid').containers['gpt-hybrid.vhd']!['virtual-size'] % MiB).toBe(0);
  });

  it('adds the sgdisk step that moves the backup GPT header when the disk grows', async () => {
    const image = await fixtureImage('gpt-hybrid.vhd');
    image.container = { ...image.container, footer: { ...image.container.footer!, currentSize: 24 * MiB + 512 } };
    const [finding] = findingsOf(DISK_VHD_SIZE_ALIGN, image);
    expect(finding?.fix).toMatch(/qemu-img resize -f raw disk\.raw 25M\nsgdisk -e disk\.raw/);
  });
});
