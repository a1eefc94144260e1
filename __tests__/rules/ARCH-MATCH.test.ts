import { describe, expect, it } from '@jest/globals';
import { errorRecord } from '../../src/error-record.js';
import { BinaryError } from '../../src/errors.js';
import type { BinariesFacts } from '../../src/facts/binaries.js';
import { ARCH_MATCH } from '../../src/rules/ARCH-MATCH.js';
import { readReal } from '../binaries/real-binaries.js';
import { binariesContext, elf } from './binaries-context.js';

describe('ARCH-MATCH', () => {
  it('applies only when the architecture is declared', () => {
    expect(ARCH_MATCH.applies({ sources: {} })).toBe(false);
    expect(ARCH_MATCH.applies({ sources: {}, architecture: 'x64' })).toBe(true);
    expect(ARCH_MATCH.needsIntent).toEqual(['architecture']);
  });

  const cases: [string, () => Promise<BinariesFacts>, 'x64' | 'Arm64', string[]][] = [
    ['an x64 userland on x64', async () => ({ init: { path: '/sbin/init', resolved: '/usr/lib/systemd/systemd', info: elf('x64') }, shell: { path: '/bin/sh', info: elf('x64') } }), 'x64', []],
    [
      'a real arm64 busybox as /sbin/init and /bin/sh on x64',
      async () => ({
        init: { path: '/sbin/init', resolved: '/bin/busybox', info: await readReal('busybox-arm64') },
        shell: { path: '/bin/sh', resolved: '/bin/busybox', info: await readReal('busybox-arm64') },
      }),
      'x64',
      ['error:/sbin/init is built for Arm64, but the image definition declares x64.', 'error:/bin/sh is built for Arm64, but the image definition declares x64.'],
    ],
    ['the same arm64 userland on Arm64', async () => ({ init: { path: '/sbin/init', info: await readReal('busybox-arm64') } }), 'Arm64', []],
    [
      'an x64 kernel (real shim PE header standing in for an EFI-stub kernel) on Arm64',
      async () => ({ init: { path: '/sbin/init', info: elf('Arm64') }, kernel: { path: '/boot/vmlinuz-6.1.0-13-amd64', info: await readReal('shimx64.efi.signed') } }),
      'Arm64',
      ['error:the default kernel image is built for x64, but the image definition declares Arm64.'],
    ],
    [
      'an unreadable /sbin/init',
      async () => ({ init: { path: '/sbin/init', error: errorRecord(new BinaryError('corrupt', 'x', { offset: 0x20 })) } }),
      'x64',
      ['warning:The architecture of /sbin/init could not be read, so it was not compared with x64.'],
    ],
    ['nothing found', async () => ({}), 'x64', []],
  ];
  it.each(cases)('%s', async (_what, binaries, architecture, expected) => {
    const findings = ARCH_MATCH.check(binariesContext(await binaries(), { architecture }));
    expect(findings.map((f) => `${f.severity ?? ARCH_MATCH.severity}:${f.message}`)).toEqual(expected);
    for (const f of findings) expect(f.evidence[0]!.path).toBeDefined();
  });
});
