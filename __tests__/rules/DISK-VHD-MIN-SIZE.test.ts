import { afterAll, describe, expect, it } from '@jest/globals';
import { DISK_VHD_MIN_SIZE } from '../../src/rules/DISK-VHD-MIN-SIZE.js';
import { findingsOf, fixtureImage } from '../disk/image-facts.js';
import { cleanupFixtures } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

describe('DISK-VHD-MIN-SIZE', () => {
  it.each([
    ['an 8 MiB fixed VHD', 'mbr-logical.vhd', [/virtual size is 8388608 bytes \(8 MiB\), below Azure's minimum of 20971520 bytes \(20 MiB\)/]],
    ['a 4 MiB VHD', 'odd-chs.vhd', [/virtual size is 4212736 bytes/]],
    ['an 8 MiB raw image', 'mbr-logical.raw', [/8388608 bytes/]],
    ['a 24 MiB fixed VHD', 'gpt-hybrid.vhd', []],
    ['a 24 MiB dynamic VHD', 'gpt-bios-esp-dynamic.vhd', []],
  ])('%s', async (_name, file, expected) => {
    expect(findingsOf(DISK_VHD_MIN_SIZE, await fixtureImage(file)).map((f) => f.message)).toEqual(expected.map((m) => expect.stringMatching(m)));
  });
});
