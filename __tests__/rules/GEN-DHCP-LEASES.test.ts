import { describe, expect, it } from '@jest/globals';
import { GEN_DHCP_LEASES } from '../../src/rules/GEN-DHCP-LEASES.js';
import { corpusWaagentFile } from '../data/identity/files.js';
import { deprovisioned, runRuleOn } from '../data/identity/trees.js';

describe('GEN-DHCP-LEASES', () => {
  it.each([
    ['dhclient leases from the agent corpus', { ...deprovisioned(), '/var/lib/dhcp/dhclient.eth0.leases': corpusWaagentFile('dhcp/dhclient-dhcp.leases.multi') }, ['error 1 DHCP lease file from a previous network']],
    ['systemd-networkd lease and NetworkManager secret_key', { ...deprovisioned(), '/run/systemd/netif/leases/2': corpusWaagentFile('dhcp/systemd-networkd-lease-2'), '/var/lib/NetworkManager/secret_key': 'k'.repeat(32) }, ['error 1 DHCP lease file and 1 DHCP client identifier from a previous network']],
    ['dhclient6 default-duid', { ...deprovisioned(), '/var/lib/dhcp/dhclient6.leases': 'default-duid "\\000\\001\\000\\001\\036";\n' }, ['error 1 DHCP client identifier from a previous network']],
    ['empty lease file and empty directory', { ...deprovisioned(), '/var/lib/dhcp/dhclient.leases': '', '/var/lib/dhclient': { dir: true as const } }, []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_DHCP_LEASES, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
    expect(JSON.stringify(findings)).not.toMatch(/fixed-address|10\.0\.1\.4/);
  });
});
