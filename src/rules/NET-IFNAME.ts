import type { Evidence, FindingDraft, Rule } from './types.js';
import { anyOsState, configEvidence, describeConfig, eth0GetsDhcp, judgedSeverity, networkOf, withBecause } from './network/shared.js';

/** Configuration only for interface names Azure's VM will not have (ens*, enp*, eno* ...). */
export const NET_IFNAME: Rule = {
  id: 'NET-IFNAME',
  title: 'Network configured only for interface names that do not exist on Azure',
  severity: 'error',
  appliesTo: 'both',
  symptom:
    "Azure's NIC is a VMBus device named eth0; configuration written for the build VM's ens*/enp*/eno* name never applies, eth0 stays down, and cloud-init reports failure to find the primary DHCP interface (provisioning timeout, unreachable VM).",
  fix: 'Configure eth0 (or match driver hv_netvsc) instead of the build-time name, add `net.ifnames=0` to the kernel command line if the image depends on ethN names, or let cloud-init write the network configuration.',
  needs: ['network'],
  applies: anyOsState,
  check(ctx) {
    const network = networkOf(ctx);
    const findings: FindingDraft[] = [];
    const link = network.azureLink;
    if (link?.name && link.name !== 'eth0' && link.nameLine) {
      // [inf] cloud-init's Azure datasource expects the primary NIC to stay eth0; whether the renamed NIC still works depends on its own configuration.
      findings.push({
        severity: 'warning',
        message: `${link.path} renames Azure's NIC to "${link.name}" (first .link file whose [Match] fits an hv_netvsc eth0); cloud-init on Azure expects the primary interface to be eth0 and not renamed`,
        evidence: [{ path: link.path, line: link.nameLine.line, excerpt: link.nameLine.excerpt }],
      });
    }
    const absent = network.interfaces.filter((c) => c.azure.namesOnlyAbsent);
    if (absent.length === 0) return findings;
    const inForce = absent.filter((c) => judgedSeverity(c).severity === 'error');
    const forEth0 = network.interfaces.some((c) => c.inForce.inForce && c.azure.appliesToEth0);
    if (inForce.length > 0 && !forEth0) {
      const covered = eth0GetsDhcp(network);
      const names = [...new Set(inForce.flatMap((c) => c.match.names ?? []))].join(', ');
      findings.push({
        severity: covered ? 'warning' : 'error',
        message: withBecause(`network configuration in force names only ${names} and nothing configures eth0`, covered),
        evidence: inForce.map((c): Evidence => configEvidence(c)),
      });
    }
    for (const config of absent) {
      const { severity, because } = judgedSeverity(config);
      if (severity === 'error') continue;
      findings.push({
        severity,
        message: withBecause(`${describeConfig(config)} names ${config.match.names!.join(', ')}, which Azure's VM will not have`, because),
        evidence: [configEvidence(config)],
      });
    }
    return findings;
  },
};
