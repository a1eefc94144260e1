import { afterAll, describe, expect, it } from '@jest/globals';
import { GateError } from '../../src/errors.js';
import { inspectImage } from '../../src/inspect.js';
import { corpusImages, decompressed } from './corpus.js';
import { allowed, checkOutcome, describeFailure, garbledMessages, inspectOutcome, tally, type Outcome } from './outcome.js';

/**
 * The whole pipeline over every third-party image of __tests__/corpus (e2fsprogs' deliberately
 * broken ext2/3/4 images, util-linux's blkid images, XFS): each must give a result or a typed
 * GateError within the time bound. Most are bare filesystems without a partition table, so they
 * are probed whole, and "no Linux root" (no facts, a GuestError in guestError) is normal.
 */
const images = corpusImages();
const BOUND_MS = 10_000;
const outcomes: Outcome<unknown>[] = [];

describe('corpus images through inspect and check', () => {
  it('finds the corpus', () => {
    // e2fsprogs' 231 ext images, 4 XFS and 8 blkid images at the time of writing.
    expect(images.length).toBeGreaterThan(200);
  });

  it.each(images.map((i) => [i.name, i] as [string, typeof i]))('%s', async (_name, image) => {
    const file = await decompressed(image);
    const inspected = await inspectOutcome(file, BOUND_MS);
    const checked = await checkOutcome(file, BOUND_MS);
    outcomes.push(checked);
    for (const [what, outcome] of [['inspect', inspected], ['check', checked]] as const) {
      if (!allowed(outcome)) throw new Error(describeFailure(`${image.name} ${what}`, outcome));
    }
    expect(garbledMessages(checked)).toEqual([]);
    // inspect and check read the same bytes: they fail at the same layer, or both succeed.
    expect(inspected.ok).toBe(checked.ok);
    if (!checked.ok) expect((checked.error as GateError).describe()).toMatch(/^\w+ \((io|unsupported|corrupt|limit)\)/);
    else {
      const { image: layers, guestError } = checked.value;
      if (!checked.value.facts) expect(['io', 'unsupported', 'corrupt', 'limit']).toContain(guestError?.kind);
      // No partition table: the whole disk is probed as one volume.
      if (layers.partitionTable.partitions.length === 0) expect(layers.filesystems.map((f) => f.volume)).toEqual(['disk']);
    }
  });

  it.each([
    ['blkid-misc/swap-luks.img.gz', /disk: crypto_LUKS \(encrypted: its contents cannot be read without the key\)/],
    ['blkid-misc/lvm2.img.gz', /disk: LVM2_member \(an LVM physical volume; its logical volumes are listed separately\)/],
  ])('%s: the guest error says why the volume cannot be read', async (name, why) => {
    const result = await inspectImage({ image: await decompressed(images.find((i) => i.name === name)!) });
    expect(result.guestError).toMatchObject({ layer: 'guest', kind: 'unsupported', message: expect.stringMatching(/^no volume holds a readable Linux root filesystem/) });
    expect(result.guestError?.message).toMatch(why);
  });

  afterAll(() => {
    console.log(`corpus summary (${outcomes.length} images, check generalized V2): ${JSON.stringify(tally(outcomes))}`);
  });
});
