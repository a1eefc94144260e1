import type { Rule } from './types.js';
import { count, isGeneralized, traceEvidence } from './identity/shared.js';

const MAX_EVIDENCE = 10;

/** DHCP leases and persisted DHCP client identifiers in a generalized image. */
export const GEN_DHCP_LEASES: Rule = {
  id: 'GEN-DHCP-LEASES',
  title: 'DHCP leases or client identifiers left in a generalized image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    'Residual leases and DHCP client IDs (DUIDs, NetworkManager secret_key) make every VM ask for the old address as the same client; the Azure article lists "residual network settings or DHCP client IDs" as a cause of the system hanging while it acquires an IP address during provisioning.',
  fix: 'Remove them before capture: `sudo rm -rf /var/lib/dhcp/* /var/lib/dhclient/* /var/lib/dhcpcd/* /var/lib/NetworkManager/*.lease /var/lib/NetworkManager/secret_key` (waagent -deprovision removes the dhclient/dhcpcd directories, not NetworkManager or wicked state).',
  needs: ['traces'],
  applies: isGeneralized,
  check({ facts }) {
    const dhcp = facts!.traces!.dhcp;
    if (dhcp.length === 0) return [];
    const ids = dhcp.filter((d) => d.kind === 'client-id').length;
    return [
      {
        message: `${[count(dhcp.length - ids, 'DHCP lease file'), count(ids, 'DHCP client identifier')].filter((t) => !t.startsWith('0 ')).join(' and ')} from a previous network`,
        evidence: dhcp.slice(0, MAX_EVIDENCE).map((d) => traceEvidence(d, `${d.client} ${d.kind === 'lease' ? 'lease' : 'client identifier'}, content not shown`)),
      },
    ];
  },
};
