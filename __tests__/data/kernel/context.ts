import { collectFacts } from '../../../src/facts/index.js';
import { collectInitramfs } from '../../../src/facts/initramfs.js';
import { collectKernelDrivers } from '../../../src/facts/kernel-drivers.js';
import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';
import type { Intent } from '../../../src/intent/types.js';
import type { ImageFacts } from '../../../src/model.js';
import type { RuleContext } from '../../../src/rules/types.js';
import { memoryGuest } from '../../helpers/memory-guest.js';
import { plainImage } from '../../helpers/rule-context.js';
import { fakeReader, listing, type Member } from './listings.js';
import { bootFacts, DEBIAN_CLOUD_VERSION } from './trees.js';

/**
 * A rule context for a guest tree booting Debian 12's cloud kernel whose default initrd holds
 * `members` (undefined: the initrd is not in the image); `root` is the mount plan's root.
 */
export async function driverContext(
  tree: MemoryTree,
  members: Record<string, Member> | undefined,
  intent: Partial<Intent> = {},
  root: ImageFacts['mounts'][number] = { mountPoint: '/', volume: 'partition 1', fsType: 'ext4' },
  args?: string,
): Promise<RuleContext> {
  const guest = memoryGuest(tree);
  const facts = await collectFacts(guest);
  const v = DEBIAN_CLOUD_VERSION;
  facts.kernelDrivers = await collectKernelDrivers(guest, { boot: bootFacts(`/boot/vmlinuz-${v}`, v, args) });
  facts.initramfs = await collectInitramfs(guest, facts.kernelDrivers, fakeReader(members ? [listing(`/boot/initrd.img-${v}`, members)] : []));
  // collectFacts read the tree's placeholder initrd with the real reader and could not: these facts replace it.
  facts.unavailable = facts.unavailable.filter((u) => u.subject !== 'initramfs' && u.subject !== 'kernelDrivers');
  return { image: plainImage({ mounts: [root] }), facts, intent: { sources: {}, osState: 'generalized', ...intent } };
}
