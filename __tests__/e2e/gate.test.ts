import { describe, expect, it } from '@jest/globals';
import { checkImage, inspectImage } from '../../src/inspect.js';
import type { Intent } from '../../src/intent/types.js';
import { expectGateOutcome } from '../helpers/gate-expectation.js';
import { fixtureEntry, fixtureImage, fixtureManifest, type FixtureExpectation } from '../helpers/fixtures.js';

/**
 * The whole pipeline over every fixture image and every intent its manifest pins: the rules
 * of the manifest's checkedRules that must trip, trip; the others stay quiet; and the verdict
 * is the one the scenario stands for (the Azure article's generalized/specialized matrix).
 */
const manifest = fixtureManifest();
const cases = manifest.images.flatMap((image) =>
  image.expectations.map((e) => [image.name, `${e.osState} ${e.hyperVGeneration}`, e] as [string, string, FixtureExpectation]),
);

function intentOf(e: FixtureExpectation): Intent {
  return {
    osState: e.osState.toLowerCase() as Intent['osState'],
    hyperVGeneration: e.hyperVGeneration,
    sources: { osState: 'test', hyperVGeneration: 'test' },
  };
}

describe('gate over the fixture images', () => {
  it.each(cases)('%s checked as %s', async (name, _label, expectation) => {
    const result = await checkImage({ image: await fixtureImage(name), intent: intentOf(expectation), failOn: 'error' });
    expectGateOutcome(result, expectation, manifest.checkedRules);
  });
});

describe('inspect agrees with the independent tools that made the images', () => {
  it.each(manifest.images.map((i) => [i.name]))('%s', async (name) => {
    const entry = fixtureEntry(name);
    const result = await inspectImage({ image: await fixtureImage(name) });
    expect(result.image.container.virtualSize).toBe(entry.facts.qemuImg.virtualSize);
    expect(result.image.container.fileSize).toBe(entry.facts.fileSize);
    for (const part of entry.facts.partitions) {
      const ours = result.image.filesystems.find((f) => f.partition === part.number);
      expect(ours).toBeDefined();
      if (part.blkid.TYPE) {
        expect(ours!.type).toBe(part.blkid.TYPE);
        expect(ours!.uuid?.toLowerCase()).toBe(part.blkid.UUID?.toLowerCase());
        expect(ours!.label).toBe(part.blkid.LABEL);
      }
    }
    // The cost split by layer accounts for every byte and read, in pipeline order.
    expect(result.io.layers?.map((l) => l.layer)).toEqual(['container', 'partition-table', 'filesystems', 'guest', 'facts']);
    expect(result.io.layers!.reduce((sum, l) => sum + l.bytesRead, 0)).toBe(result.io.bytesRead);
    expect(result.io.layers!.reduce((sum, l) => sum + l.reads, 0)).toBe(result.io.reads);
    expect(result.io.layers!.find((l) => l.layer === 'facts')!.reads).toBeGreaterThan(0);
    // The root is always found by content and mounted at /.
    expect(result.image.mounts[0]).toMatchObject({ mountPoint: '/' });
    expect(result.facts).toBeDefined();
  });
});
