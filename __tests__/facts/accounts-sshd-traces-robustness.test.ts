import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { collectAccounts } from '../../src/facts/accounts.js';
import { detectOsState } from '../../src/facts/os-state.js';
import { collectSshd } from '../../src/facts/sshd.js';
import { collectTraces } from '../../src/facts/traces.js';
import { limits } from '../../src/limits.js';
import { identityFile } from '../data/identity/files.js';
import { memoryGuest } from '../helpers/memory-guest.js';

/** Deterministic bytes (xorshift32) so a failure can be reproduced. */
function noise(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Every file the identity collectors read. */
const PATHS = [
  '/etc/passwd', '/etc/shadow', '/etc/group', '/etc/login.defs', '/etc/sudoers', '/etc/sudoers.d/waagent',
  '/etc/ssh/sshd_config', '/etc/ssh/sshd_config.d/a.conf', '/root/.ssh/authorized_keys', '/etc/machine-id',
  '/var/lib/dbus/machine-id', '/etc/hostname', '/var/lib/dhcp/dhclient.leases',
];

/** Real files with one byte flipped at a seeded position, plus pure noise. */
function mutated(seed: number): MemoryTree {
  const tree: MemoryTree = {};
  const real: Record<string, string> = {
    '/etc/passwd': identityFile('provisioned/etc/passwd'),
    '/etc/shadow': identityFile('provisioned/etc/shadow'),
    '/etc/login.defs': identityFile('provisioned/etc/login.defs'),
    '/etc/ssh/sshd_config': identityFile('debian-openssh/sshd_config'),
    '/root/.ssh/authorized_keys': identityFile('authorized_keys'),
  };
  PATHS.forEach((path, i) => {
    const base = real[path];
    if (base === undefined) {
      tree[path] = noise(seed * 31 + i, 64 + ((seed * 7 + i) % 4000));
      return;
    }
    const bytes = new TextEncoder().encode(base);
    const at = (seed * 2654435761 + i) % bytes.length;
    bytes[at] = noise(seed + i, 1)[0]!;
    tree[path] = bytes;
  });
  return tree;
}

describe('identity collectors on damaged files', () => {
  it.each(Array.from({ length: 40 }, (_, i) => [i + 1]))('seed %i: collects without throwing and leaks no hash', async (seed) => {
    const guest = memoryGuest(mutated(seed));
    const accounts = await collectAccounts(guest);
    const sshd = await collectSshd(guest);
    const traces = await collectTraces(guest, undefined);
    const state = detectOsState({ accounts, sshd, traces, unavailable: [] });
    expect(['generalized', 'specialized', 'unclear']).toContain(state.osState);
    const text = JSON.stringify({ accounts, sshd, traces, state });
    expect(text).not.toMatch(/\$[156y]\$[./0-9A-Za-z]{4,}\$[./0-9A-Za-z]{20}/);
    expect(text).not.toContain('AAAAC3Nz');
  });

  it('handles lines up to the lineBytes budget, and refuses longer ones with a LimitError naming the file', async () => {
    const long = 'a'.repeat(limits.lineBytes - 100);
    const guest = memoryGuest({ '/etc/passwd': `${long}:x:1000:1000::/home/a:/bin/sh\n`, '/etc/ssh/sshd_config': `AllowUsers ${long}\n`, '/etc/machine-id': long });
    expect((await collectAccounts(guest)).accounts).toHaveLength(1);
    expect((await collectSshd(guest)).settings.allowUsers.value).toHaveLength(1);
    expect((await collectTraces(guest, undefined)).machineId.state).toBe('invalid');

    const tooLong = 'a'.repeat(limits.lineBytes + 1);
    const hostile = memoryGuest({ '/etc/passwd': `${tooLong}:x:1000:1000::/home/a:/bin/sh\n`, '/etc/ssh/sshd_config': `AllowUsers ${tooLong}\n`, '/etc/machine-id': tooLong });
    await expect(collectAccounts(hostile)).rejects.toMatchObject({ kind: 'limit', budget: 'lineBytes', path: '/etc/passwd' });
    await expect(collectSshd(hostile)).rejects.toMatchObject({ kind: 'limit', budget: 'lineBytes', path: '/etc/ssh/sshd_config' });
    await expect(collectTraces(hostile, undefined)).rejects.toMatchObject({ kind: 'limit', budget: 'lineBytes', path: '/etc/machine-id' });
  });
});
