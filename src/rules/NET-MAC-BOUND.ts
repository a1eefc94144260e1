import type { FindingDraft, Rule } from './types.js';
import { anyOsState, describeConfig, eth0GetsDhcp, judgedSeverity, lineEvidence, networkOf, withBecause } from './network/shared.js';

/** Configuration bound to, or forcing, the build machine's MAC address. */
export const NET_MAC_BOUND: Rule = {
  id: 'NET-MAC-BOUND',
  title: 'Network configuration bound to a MAC address',
  severity: 'error',
  appliesTo: 'both',
  symptom:
    'Every Azure VM gets a new MAC address: configuration matched to the old MAC never applies, so eth0 stays unconfigured (no DHCP, no wireserver, OSProvisioningTimedOut or an unreachable VM); a MAC forced onto the NIC is dropped by the Azure fabric.',
  fix: 'Match the primary interface by name (eth0) or driver (hv_netvsc) instead of MAC: remove netplan `match: macaddress`, ifcfg `HWADDR=`/`MACADDR=`, NetworkManager `mac-address=`/`cloned-mac-address=`, networkd `MACAddress=`, ENI `hwaddress`; or let cloud-init write the configuration (it regenerates its own MAC-bound files for each instance).',
  needs: ['network'],
  applies: anyOsState,
  check(ctx) {
    const network = networkOf(ctx);
    const covered = eth0GetsDhcp(network);
    const findings: FindingDraft[] = [];
    for (const config of network.interfaces) {
      const judged = judgedSeverity(config);
      if (config.azure.macBound && config.match.macLine) {
        // A dead MAC match is harmless when something else still brings eth0 up.
        const harmless = judged.severity === 'error' && covered ? `it never applies on Azure, but ${covered}` : undefined;
        findings.push({
          severity: harmless ? 'warning' : judged.severity,
          message: withBecause(`${describeConfig(config)} matches MAC ${config.match.macs!.join(', ')} of the build machine's NIC`, judged.because ?? harmless),
          evidence: [lineEvidence(config, config.match.macLine)],
        });
      }
      if (config.setsMac && (config.azure.appliesToEth0 || config.azure.macBound)) {
        findings.push({
          severity: judged.severity,
          message: withBecause(`${describeConfig(config)} forces MAC ${config.setsMac.mac} onto the interface`, judged.because),
          evidence: [lineEvidence(config, config.setsMac)],
        });
      }
    }
    const link = network.azureLink;
    if (link?.setsMac) {
      findings.push({
        message: `${link.path} forces MAC ${link.setsMac.mac} onto Azure's NIC (it is the first .link file whose [Match] fits an hv_netvsc eth0)`,
        evidence: [{ path: link.path, line: link.setsMac.line, excerpt: link.setsMac.excerpt }],
      });
    }
    for (const binding of network.persistentNames) {
      if (binding.kind !== 'link-file') continue;
      findings.push({
        severity: 'warning',
        message: `${binding.path} names the NIC with MAC ${binding.mac} "${binding.name}"; on Azure the new NIC does not match it and keeps its kernel name`,
        evidence: [{ path: binding.path, line: binding.line, excerpt: binding.excerpt }],
      });
    }
    return findings;
  },
};
