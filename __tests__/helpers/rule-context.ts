import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { collectFacts } from '../../src/facts/index.js';
import type { Intent } from '../../src/intent/types.js';
import type { ImageFacts } from '../../src/model.js';
import type { RuleContext } from '../../src/rules/types.js';
import { memoryGuest } from './memory-guest.js';

/** Image facts of an unremarkable 1 GiB fixed VHD with a GPT, ESP and ext4 root: override what a test is about. */
export function plainImage(overrides: Partial<ImageFacts> = {}): ImageFacts {
  const size = 1024 * 1024 * 1024;
  return {
    source: 'test.vhd',
    container: { format: 'vhd-fixed', virtualSize: size, fileSize: size + 512, notes: [] },
    partitionTable: { scheme: 'gpt', mbrBootCode: false, gptHeader: 'primary', notes: [], partitions: [] },
    filesystems: [],
    mounts: [{ mountPoint: '/', volume: 'partition 1', fsType: 'ext4' }],
    problems: [],
    ...overrides,
  };
}

/** A rule context from a guest tree: facts are collected by the real collectors. */
export async function contextFromTree(tree: MemoryTree, intent: Partial<Intent>, image?: ImageFacts): Promise<RuleContext> {
  const facts = await collectFacts(memoryGuest(tree));
  return { image: image ?? plainImage(), facts, intent: { sources: {}, ...intent } };
}
