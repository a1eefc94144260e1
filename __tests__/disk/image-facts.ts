import { openContainer } from '../../src/disk/index.js';
import type { Intent } from '../../src/intent/types.js';
import { MemorySource, type ByteSource } from '../../src/io/byte-source.js';
import type { ImageFacts } from '../../src/model.js';
import { runRules } from '../../src/rules/engine.js';
import type { Finding, Rule } from '../../src/rules/types.js';
import { readPartitionTable } from '../../src/volumes/index.js';
import { plainImage } from '../helpers/rule-context.js';
import { fixtureBytes, openFixture } from './layout-fixtures.js';

/** Image facts as the real container and volume layers read them from a source (filesystems not probed). */
export async function imageFactsFrom(source: ByteSource): Promise<ImageFacts> {
  const { disk, info } = await openContainer(source);
  return plainImage({ source: source.name, container: info, partitionTable: await readPartitionTable(disk), filesystems: [], mounts: [] });
}

/** Image facts of a layout fixture (scripts/fixtures/layouts.sh). */
export async function fixtureImage(file: string): Promise<ImageFacts> {
  return imageFactsFrom(await openFixture(file));
}

/** Image facts of a fixture after `mutate` changed a private copy of its bytes. */
export async function mutatedImage(file: string, mutate: (bytes: Uint8Array) => void): Promise<ImageFacts> {
  const bytes = fixtureBytes(file);
  mutate(bytes);
  return imageFactsFrom(new MemorySource(bytes, file));
}

/** Runs one rule through the engine (so `applies` is honoured), image facts only. */
export function findingsOf(rule: Rule, image: ImageFacts, intent: Partial<Intent> = {}): Finding[] {
  return runRules([rule], { image, intent: { sources: {}, ...intent } }).findings;
}
