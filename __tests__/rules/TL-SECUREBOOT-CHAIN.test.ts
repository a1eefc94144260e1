import { describe, expect, it } from '@jest/globals';
import type { BinariesFacts } from '../../src/facts/binaries.js';
import type { Intent } from '../../src/intent/types.js';
import { TL_SECUREBOOT_CHAIN } from '../../src/rules/TL-SECUREBOOT-CHAIN.js';
import { readReal } from '../binaries/real-binaries.js';
import { binariesContext, esp, loader } from './binaries-context.js';

const tl: Partial<Intent> = { securityType: 'TrustedLaunch', hyperVGeneration: 'V2', architecture: 'x64' };
const shimAndGrub = async (grub: Parameters<typeof loader>[1] = 'grubx64.efi.signed'): Promise<BinariesFacts> => ({
  esp: esp([await loader('EFI/BOOT/BOOTX64.EFI', 'shimx64.efi.signed'), await loader('EFI/BOOT/grubx64.efi', grub)]),
});

describe('TL-SECUREBOOT-CHAIN', () => {
  it.each([
    ['TrustedLaunch', true],
    ['TrustedLaunchSupported', true],
    ['TrustedLaunchAndConfidentialVmSupported', true],
    ['ConfidentialVM', true],
    ['Standard', false],
    ['ConfidentialVMSupported', false],
  ])('applies to securityType %s: %s', (securityType, applies) => {
    expect(TL_SECUREBOOT_CHAIN.applies({ sources: {}, securityType })).toBe(applies);
  });

  const cases: [string, () => Promise<BinariesFacts>, Partial<Intent>, string[]][] = [
    ['Debian shim + signed GRUB (real packages)', () => shimAndGrub(), tl, []],
    ['V1 declared', () => shimAndGrub(), { ...tl, hyperVGeneration: 'V1' }, ['error:needs Hyper-V generation V2']],
    [
      'only an unsigned GRUB as BOOTX64.EFI',
      async () => ({ esp: esp([await loader('EFI/BOOT/BOOTX64.EFI', 'grubx64-mkimage-unsigned.efi')]) }),
      tl,
      ['error:The fallback loader \\EFI\\BOOT\\BOOTX64.EFI (boot loader) carries no Authenticode signature'],
    ],
    [
      'a self-signed GRUB as BOOTX64.EFI',
      async () => ({ esp: esp([await loader('EFI/BOOT/BOOTX64.EFI', 'grubx64-custom-signed.efi')]) }),
      tl,
      ['error:is signed, but not through the Microsoft UEFI CA (by name): signed by CN=Example Custom Kernel Signing Key'],
    ],
    ['shim without grubx64.efi beside it', async () => ({ esp: esp([await loader('EFI/BOOT/BOOTX64.EFI', 'shimx64.efi.signed')]) }), tl, ['error:whose next stage is grubx64.efi']],
    ['shim with an unsigned grubx64.efi', () => shimAndGrub('grubx64-mkimage-unsigned.efi'), tl, ['error:\\EFI\\BOOT\\grubx64.efi, which shim loads next, carries no Authenticode signature']],
    ['shim with a self-signed grubx64.efi', () => shimAndGrub('grubx64-custom-signed.efi'), tl, ["warning:but not by a certificate issued by shim's vendor certificate CN=Debian Secure Boot CA"]],
    [
      'an unsigned default kernel (not a PE)',
      async () => ({ ...(await shimAndGrub()), kernel: { path: '/boot/vmlinuz-6.8.0-custom', info: { format: 'kernel', machine: 'x64', kernel: { format: 'bzImage', machine: 'x64', bootProtocol: '2.15' } } } }),
      tl,
      ['error:The default kernel image /boot/vmlinuz-6.8.0-custom is not a PE image with an Authenticode signature'],
    ],
    [
      'a self-signed default kernel (a real PE signed by osslsigncode) is signed: accepted by name',
      async () => ({ ...(await shimAndGrub()), kernel: { path: '/boot/vmlinuz', info: await readReal('grubx64-custom-signed.efi') } }),
      tl,
      [],
    ],
    ['no fallback loader at all', async () => ({ esp: esp([await loader('EFI/debian/shimx64.efi', 'shimx64.efi.signed')]) }), tl, ['error:has no fallback loader \\EFI\\BOOT\\BOOTX64.EFI']],
  ];
  it.each(cases)('%s', async (_what, binaries, intent, expected) => {
    const findings = TL_SECUREBOOT_CHAIN.check(binariesContext(await binaries(), intent));
    expect(findings).toHaveLength(expected.length);
    expected.forEach((text, i) => {
      const [severity, message] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
      expect(findings[i]!.severity ?? TL_SECUREBOOT_CHAIN.severity).toBe(severity);
      expect(findings[i]!.message).toContain(message);
    });
  });

  it('says a TrustedLaunchSupported image can still be deployed with Secure Boot off', async () => {
    const facts: BinariesFacts = { esp: esp([await loader('EFI/BOOT/BOOTX64.EFI', 'grubx64-mkimage-unsigned.efi')]) };
    const [finding] = TL_SECUREBOOT_CHAIN.check(binariesContext(facts, { ...tl, securityType: 'TrustedLaunchSupported' }));
    expect(finding!.symptom).toContain('Secure Boot disabled');
    const [strict] = TL_SECUREBOOT_CHAIN.check(binariesContext(facts, tl));
    expect(strict!.symptom).not.toContain('Secure Boot disabled');
  });
});
