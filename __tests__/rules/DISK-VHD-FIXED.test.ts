import { afterAll, describe, expect, it } from '@jest/globals';
import { DISK_VHD_FIXED } from '../../src/rules/DISK-VHD-FIXED.js';
import { findingsOf, fixtureImage } from '../disk/image-facts.js';
import { cleanupFixtures } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

describe('DISK-VHD-FIXED', () => {
  it.each([
    ['a dynamic VHD with an MBR (qemu-img subformat=dynamic)', 'mbr-logical-dynamic.vhd', 1],
    ['a dynamic VHD with a GPT (qemu-img subformat=dynamic)', 'gpt-bios-esp-dynamic.vhd', 1],
    ['a fixed VHD', 'gpt-bios-esp.vhd', 0],
    ['a raw image (DISK-VHD-COOKIE reports it)', 'mbr-logical.raw', 0],
  ])('%s', async (_name, file, count) => {
    const findings = findingsOf(DISK_VHD_FIXED, await fixtureImage(file));
    expect(findings).toHaveLength(count);
    for (const f of findings) {
      expect(f.severity).toBe('error');
      expect(f.message).toMatch(/is a dynamic VHD \(footer disk type 3\); Azure accepts only a fixed VHD/);
      expect(f.fix).toContain('qemu-img convert -f vpc -O vpc -o subformat=fixed,force_size in.vhd out.vhd');
      expect(f.fix).toContain('Convert-VHD -Path in.vhd -DestinationPath out.vhd -VHDType Fixed');
    }
  });
});
