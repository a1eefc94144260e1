import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import type { Intent } from '../../src/intent/types.js';
import type { ImageFacts } from '../../src/model.js';
import type { Rule } from '../../src/rules/types.js';
import { contextFromTree } from './rule-context.js';

/** /etc/default/grub with these two values. */
export function defaultGrub(linux: string, linuxDefault = 'quiet'): MemoryTree {
  return { '/etc/default/grub': `GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="${linuxDefault}"\nGRUB_CMDLINE_LINUX="${linux}"\n` };
}

/** A grub.cfg as grub-mkconfig writes it: a default entry and a recovery entry with these arguments. */
export function grubCfg(args: string, recoveryArgs = 'root=UUID=6b0e1a8c-1111-4a4a-9b9b-000000000001 ro single'): MemoryTree {
  return {
    '/boot/grub/grub.cfg': [
      'set default="0"',
      "menuentry 'Ubuntu' --class ubuntu {",
      '\tlinux\t/boot/vmlinuz-6.8.0-1014-azure ' + args,
      '\tinitrd\t/boot/initrd.img-6.8.0-1014-azure',
      '}',
      "menuentry 'Ubuntu (recovery mode)' --class ubuntu {",
      '\tlinux\t/boot/vmlinuz-6.8.0-1014-azure ' + recoveryArgs,
      '\tinitrd\t/boot/initrd.img-6.8.0-1014-azure',
      '}',
      '',
    ].join('\n'),
  };
}

/** "severity message" per finding of `rule` on a guest tree. */
export async function treeRuleLines(rule: Rule, tree: MemoryTree, intent: Partial<Intent> = {}, image?: ImageFacts): Promise<string[]> {
  const ctx = await contextFromTree(tree, { osState: 'generalized', ...intent }, image);
  return rule.check(ctx).map((f) => `${f.severity ?? rule.severity} ${f.message}`);
}
