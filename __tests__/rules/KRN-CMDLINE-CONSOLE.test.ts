import { describe, expect, it } from '@jest/globals';
import { KRN_CMDLINE_CONSOLE } from '../../src/rules/KRN-CMDLINE-CONSOLE.js';
import { contextFromTree } from '../helpers/rule-context.js';
import { defaultGrub, grubCfg, treeRuleLines } from '../helpers/boot-config.js';

const root = 'root=UUID=6b0e1a8c-1111-4a4a-9b9b-000000000001 ro';

describe('KRN-CMDLINE-CONSOLE', () => {
  it.each([
    { name: 'Ubuntu cloud image: console=tty1 console=ttyS0', tree: { ...defaultGrub('', 'console=tty1 console=ttyS0'), ...grubCfg(`${root} console=tty1 console=ttyS0`) }, intent: {}, expected: [] },
    { name: 'a serial console with a speed', tree: grubCfg(`${root} console=ttyS0,115200n8 earlyprintk=ttyS0`), intent: {}, expected: [] },
    {
      name: 'a desktop-style install: quiet splash, no serial console (the recovery entry lacks it too)',
      tree: { ...defaultGrub('', 'quiet splash'), ...grubCfg(`${root} quiet splash`) },
      intent: {},
      expected: ["warning the default boot entry menuentry 'Ubuntu' (/boot/grub/grub.cfg line 3) has no console=ttyS0: the kernel and systemd do not write to the serial port Azure's serial console and boot diagnostics read"],
    },
    {
      name: 'only a VGA console',
      tree: grubCfg(`${root} console=tty0`),
      intent: {},
      expected: ["warning the default boot entry menuentry 'Ubuntu' (/boot/grub/grub.cfg line 3) has no console=ttyS0 (console: console=tty0): the kernel and systemd do not write to the serial port Azure's serial console and boot diagnostics read"],
    },
    { name: 'only the recovery entry has it: the default entry is judged', tree: grubCfg(`${root}`, `${root} console=ttyS0 single`), intent: {}, expected: [expect.stringMatching(/^warning the default boot entry menuentry 'Ubuntu'/)] },
    { name: 'Arm64 with console=ttyAMA0', tree: grubCfg(`${root} console=ttyAMA0`), intent: { architecture: 'Arm64' as const }, expected: [] },
    {
      name: 'no generated entry: /etc/default/grub stands in',
      tree: defaultGrub('', 'quiet'),
      intent: {},
      expected: ["warning the image has no generated boot entry, and /etc/default/grub has no console=ttyS0: the kernel and systemd do not write to the serial port Azure's serial console and boot diagnostics read"],
    },
    { name: 'no boot configuration at all: nothing to judge', tree: {}, intent: {}, expected: [] },
  ])('$name', async ({ tree, intent, expected }) => {
    expect(await treeRuleLines(KRN_CMDLINE_CONSOLE, tree, intent)).toEqual(expected);
  });

  it('cites the default entry and lists the others that lack it', async () => {
    const ctx = await contextFromTree(grubCfg(`${root} quiet`), { osState: 'generalized' });
    const [finding] = KRN_CMDLINE_CONSOLE.check(ctx);
    expect(finding!.evidence).toEqual([
      { path: '/boot/grub/grub.cfg', line: 3, excerpt: 'root=UUID=6b0e1a8c-1111-4a4a-9b9b-000000000001 ro quiet', detail: "menuentry 'Ubuntu': boots by default" },
      { detail: "1 other boot entry lacks it too: menuentry 'Ubuntu (recovery mode)' (/boot/grub/grub.cfg line 7)" },
    ]);
  });
});
