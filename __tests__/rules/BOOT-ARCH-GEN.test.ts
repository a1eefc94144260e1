import { describe, expect, it } from '@jest/globals';
import type { BinariesFacts } from '../../src/facts/binaries.js';
import type { Intent } from '../../src/intent/types.js';
import { BOOT_ARCH_GEN } from '../../src/rules/BOOT-ARCH-GEN.js';
import { binariesContext, esp, loader } from './binaries-context.js';

describe('BOOT-ARCH-GEN', () => {
  const cases: [string, () => Promise<BinariesFacts>, Partial<Intent>, string[]][] = [
    ['Arm64 declared V1', async () => ({}), { architecture: 'Arm64', hyperVGeneration: 'V1' }, ['Arm64 with Hyper-V generation V1']],
    ['Arm64 declared V2', async () => ({}), { architecture: 'Arm64', hyperVGeneration: 'V2' }, []],
    ['x64 with the x64 shim at BOOTX64.EFI', async () => ({ esp: esp([await loader('EFI/BOOT/BOOTX64.EFI', 'shimx64.efi.signed')]) }), { architecture: 'x64' }, []],
    [
      'x64 whose ESP has only BOOTAA64.EFI',
      async () => ({ esp: esp([await loader('EFI/BOOT/BOOTAA64.EFI', 'shimx64.efi.signed')]) }),
      { architecture: 'x64' },
      ['only the Arm64 fallback loader'],
    ],
    [
      'Arm64 whose BOOTAA64.EFI is an x64 PE (the real x64 shim, renamed)',
      async () => ({ esp: esp([await loader('EFI/BOOT/BOOTAA64.EFI', 'shimx64.efi.signed')]) }),
      { architecture: 'Arm64', hyperVGeneration: 'V2' },
      ['is a x64 program (PE Machine), not Arm64'],
    ],
  ];
  it.each(cases)('%s', async (_what, binaries, intent, expected) => {
    const findings = BOOT_ARCH_GEN.check(binariesContext(await binaries(), intent));
    expect(findings).toHaveLength(expected.length);
    expected.forEach((text, i) => expect(findings[i]!.message).toContain(text));
  });
});
