import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { AN_VF_DRIVER } from '../../src/rules/AN-VF-DRIVER.js';
import { runRules } from '../../src/rules/engine.js';
import { debianCloudKernel, DEBIAN_CLOUD_VERSION as V } from '../data/kernel/trees.js';
import { contextFromTree } from '../helpers/rule-context.js';

const lines = async (tree: MemoryTree, acceleratedNetworking: boolean | 'undeclared' = true) => {
  const ctx = await contextFromTree(tree, { osState: 'generalized', ...(acceleratedNetworking === 'undeclared' ? {} : { acceleratedNetworking }) });
  const result = runRules([AN_VF_DRIVER], ctx);
  return { findings: result.findings.map((f) => `${f.severity} ${f.message}`), notRun: result.notRun.map((n) => n.ruleId) };
};
const ALL = ['pci_hyperv', 'pci_hyperv_intf', 'hv_vmbus', 'mana', 'mlx4_core', 'mlx4_en', 'mlx5_core', 'mlxfw'];

describe('AN-VF-DRIVER', () => {
  it.each([
    { name: "Debian 12's cloud kernel with every VF driver", tree: () => debianCloudKernel(ALL), expected: [] },
    {
      name: 'MANA missing (an older kernel): warning',
      tree: () => debianCloudKernel(ALL.filter((m) => m !== 'mana')),
      expected: [`warning ${V} has VF drivers for Mellanox ConnectX-3, Mellanox ConnectX-4/5 but not for MANA (Azure Boost) (mana is neither built into ${V} nor a module in the image (CONFIG_MICROSOFT_MANA=m in /boot/config-${V}))`],
    },
    {
      name: 'mlx5 blacklisted and mlx4 without mlx4_en: warning names each reason',
      tree: () => ({ ...debianCloudKernel(ALL.filter((m) => m !== 'mlx4_en')), '/etc/modprobe.d/no-mlx.conf': 'blacklist mlx5-core\n' }),
      expected: [
        `warning ${V} has VF drivers for MANA (Azure Boost) but not for Mellanox ConnectX-3 (mlx4_en is neither built into ${V} nor a module in the image (CONFIG_MLX4_EN=m in /boot/config-${V})), Mellanox ConnectX-4/5 (mlx5_core is disabled by \`blacklist mlx5-core\` in /etc/modprobe.d/no-mlx.conf line 1)`,
      ],
    },
    {
      name: 'no VF driver at all: error',
      tree: () => debianCloudKernel(['pci_hyperv', 'pci_hyperv_intf', 'hv_vmbus']),
      expected: [expect.stringMatching(/^error No VF driver for 6\.1\.0-57-cloud-amd64: MANA \(Azure Boost\): mana is neither .* \/ Mellanox ConnectX-3: mlx4_core is neither .*; mlx4_en is neither .* \/ Mellanox ConnectX-4\/5: mlx5_core is neither/)],
    },
    {
      name: 'no pci-hyperv: error even with every VF driver',
      tree: () => debianCloudKernel(ALL.filter((m) => m !== 'pci_hyperv')),
      expected: [`error pci_hyperv is neither built into ${V} nor a module in the image (CONFIG_PCI_HYPERV=m in /boot/config-${V}): no VF can appear, whatever VF driver the image has`],
    },
  ])('$name', async ({ tree, expected }) => {
    expect((await lines(tree())).findings).toEqual(expected);
  });

  it('runs only when accelerated networking is declared true; undeclared, it is listed as not run', async () => {
    const tree = debianCloudKernel(['hv_vmbus']);
    expect(await lines(tree, false)).toEqual({ findings: [], notRun: [] });
    expect(await lines(tree, 'undeclared')).toEqual({ findings: [], notRun: ['AN-VF-DRIVER'] });
  });
});
