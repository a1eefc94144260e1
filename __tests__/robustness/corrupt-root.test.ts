import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, copyFileSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { metadataRegions } from '../../scripts/fuzz/layout.mjs';
import { checkImage } from '../../src/inspect.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { tempDir } from '../cli/entry-helpers.js';
import { generalizedV2 } from './outcome.js';

/**
 * A root filesystem whose /etc inode is damaged is not "a filesystem without a Linux /etc":
 * the report names the filesystem error (layer, kind, offset) that stopped the search for the
 * root, on the volume and in the guest error, so the user knows the image is corrupt.
 */
const dir = tempDir('robustness-root');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a damaged /etc on the root filesystem', () => {
  it.each([
    ['extent depth 0xffff', 0x28 + 6, [0xff, 0xff]],
    ['extent header magic zeroed', 0x28, [0, 0]],
  ])('%s: the filesystem error is reported', async (_what, field, bytes) => {
    const image = path.join(dir, 'etc-damaged.vhd');
    copyFileSync(await fixtureImage('generalized-good.vhd'), image);
    const fd = openSync(image, 'r+');
    const etc = metadataRegions(fd, fstatSync(fd).size).find((r) => r.name === 'ext /etc inode p1')!;
    writeSync(fd, Buffer.from(bytes), 0, bytes.length, etc.offset + field); // i_block's ext4_extent_header
    closeSync(fd);

    const result = await checkImage({ image, intent: generalizedV2, failOn: 'error' });
    expect(result.facts).toBeUndefined();
    expect(result.guestError?.message).toMatch(/partition 1: ext4 unreadable where a Linux root was looked for \(filesystem \(corrupt\) at offset 0x[0-9a-f]+[^:]*: /);
    expect(result.image.filesystems.find((f) => f.partition === 1)?.error).toMatchObject({ layer: 'filesystem', kind: 'corrupt', offset: expect.any(Number) });
  });
});
