import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { collectFacts } from '../../src/facts/index.js';
import { detectOsState } from '../../src/facts/os-state.js';
import { corpusWaagentFile } from '../data/identity/files.js';
import { deprovisioned, usedVm as used } from '../data/identity/trees.js';
import { memoryGuest } from '../helpers/memory-guest.js';

const detect = async (tree: MemoryTree) => detectOsState(await collectFacts(memoryGuest(tree)));

describe('detectOsState', () => {
  it.each([
    ['a used VM', 'specialized', used()],
    ['a deprovisioned image', 'generalized', deprovisioned()],
    ['a marker and host keys but no users (users removed by hand, agent state kept)', 'unclear', { ...deprovisioned(), '/var/lib/waagent/provisioned': '', '/etc/ssh/ssh_host_rsa_key': 'x', '/etc/machine-id': '4a3f0c5e9b1d4e2f8a7b6c5d4e3f2a1b\n', '/var/lib/dhcp/dhclient.eth0.leases': corpusWaagentFile('dhcp/dhclient-dhcp.leases') }],
  ])('%s → %s', async (_name, expected, tree) => {
    expect((await detect(tree as MemoryTree)).osState).toBe(expected);
  });

  it('explains itself with weighted statements and never shows a hash', async () => {
    const state = await detect(used());
    expect(state.evidence).toContain('/var/lib/waagent/provisioned exists (the agent provisioned this system) [specialized +3]');
    expect(state.evidence.some((e) => e.startsWith('users with credentials: alice (uid 1000): password set (sha512), 3 authorized keys (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256)'))).toBe(true);
    expect(state.evidence.at(-1)).toMatch(/^score: specialized \d+, generalized \d+$/);
    expect(state.evidence.join('\n')).not.toMatch(/\$6\$/);
  });

  it('lists the deprovisioning signs', async () => {
    const state = await detect(deprovisioned());
    expect(state.evidence).toEqual(expect.arrayContaining([
      '/etc/machine-id is empty (a new ID is made at first boot) [generalized +2]',
      'root password is *LOCK* (as waagent -deprovision leaves it) [generalized +1]',
      'no user with UID ≥ 1000 has a password or authorized keys [generalized +3]',
    ]));
  });

  it('is unclear without a guest', () => {
    expect(detectOsState(undefined)).toEqual({ osState: 'unclear', evidence: ['the guest root filesystem could not be read'] });
  });
});
