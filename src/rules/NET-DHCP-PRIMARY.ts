import type { FindingDraft, Rule } from './types.js';
import { portFindings } from './network/ports.js';
import { anyOsState, configEvidence, describeConfig, eth0GetsDhcp, judgedSeverity, lineEvidence, networkOf, withBecause } from './network/shared.js';

/** The primary NIC must come up with DHCPv4: static or no IPv4 for eth0 in the stack in force fails. */
export const NET_DHCP_PRIMARY: Rule = {
  id: 'NET-DHCP-PRIMARY',
  title: 'Primary interface eth0 not configured for DHCP',
  severity: 'error',
  appliesTo: 'both',
  symptom:
    'Azure hands out the VM address by DHCP only; with a static or missing IPv4 configuration eth0 gets no working address, the agent cannot reach the wireserver (168.63.129.16) and a generalized image ends in OSProvisioningTimedOut, a specialized one in an unreachable VM.',
  fix: 'Configure eth0 (or a match on driver hv_netvsc) for DHCPv4 in the stack the image runs: netplan `dhcp4: true`, ifcfg `BOOTPROTO=dhcp`, ENI `iface eth0 inet dhcp`, NetworkManager `[ipv4] method=auto`, networkd `DHCP=ipv4`; or leave network configuration to cloud-init.',
  needs: ['network'],
  applies: anyOsState,
  check(ctx) {
    const network = networkOf(ctx);
    const findings: FindingDraft[] = [];
    for (const config of network.interfaces) {
      // A bond or bridge port carries no address of its own; its master's addressing is judged below.
      if (!config.azure.appliesToEth0 || config.ipv4 === 'dhcp' || config.memberOf) continue;
      const { severity, because } = judgedSeverity(config);
      const what =
        config.ipv4 === 'static'
          ? `static IPv4 ${config.staticIpv4.join(', ')} instead of DHCP`
          : `IPv4 method "${config.ipv4}" (no DHCP)`;
      findings.push({
        severity,
        message: withBecause(`${describeConfig(config)} gives eth0 ${what}`, because),
        evidence: [config.ipv4Line ? lineEvidence(config, config.ipv4Line) : configEvidence(config)],
      });
    }
    findings.push(...portFindings(network));
    for (const config of network.interfaces) {
      if (!config.dhcp6 || !config.azure.appliesToEth0 || judgedSeverity(config).severity !== 'error') continue;
      // [inf] Azure's DHCPv6 answers only on subnets with IPv6; its own IPv6 guide uses `inet6 auto` + `dhclient -6 ... || true`.
      findings.push({
        severity: 'warning',
        message: `${describeConfig(config)} asks DHCPv6 for eth0 (${config.dhcp6.excerpt}): ifup waits for dhclient -6 to get a lease, which Azure gives only on subnets with IPv6, so elsewhere bringing eth0 up stalls until dhclient gives up and networking.service (or ifup@eth0) fails`,
        evidence: [lineEvidence(config, config.dhcp6)],
      });
    }
    // A definition that is not in force (a warning above) does not bring eth0 up either.
    if (findings.some((f) => f.severity === 'error') || eth0GetsDhcp(network)) return findings;
    // Nothing configures eth0 at all: report it only when the image runs a stack and no
    // other NET rule explains why (MAC-bound or ens*-only definitions are theirs).
    const running = network.stacks.filter((s) => s.active === true);
    const explained = network.interfaces.some((c) => c.inForce.inForce && (c.azure.macBound || c.azure.namesOnlyAbsent));
    if (running.length === 0 || explained) return findings;
    // DHCP definitions for eth0 that are read but never brought up (ONBOOT=no, autoconnect=false ...) are why, when present.
    const idle = network.interfaces.filter((c) => c.azure.appliesToEth0 && c.ipv4 === 'dhcp' && !c.inForce.inForce);
    const idleText = idle.map((c) => `; ${describeConfig(c)} is not in force (${c.inForce.reason})`).join('');
    // NetworkManager would have covered eth0 with its automatic profile; say what stops it.
    const nmRuns = running.some((s) => s.id === 'NetworkManager');
    const nm = network.nmAutoDefault;
    const nmText = nmRuns ? `; NetworkManager creates no automatic profile for eth0: ${nm.reason}` : '';
    findings.push({
      message: `no configuration brings up eth0 with DHCP in the network stack that runs (${running.map((s) => s.id).join(', ')}), and cloud-init does not write one (${network.cloudInit.reason})${idleText}${nmText}`,
      evidence: [
        ...running.map((s) => ({ detail: `${s.id}: ${s.reason}` })),
        ...idle.map((c) => (c.bootSwitch ? lineEvidence(c, c.bootSwitch) : configEvidence(c))),
        ...(nmRuns && nm.at && !idle.some((c) => c.path === nm.at!.path) ? [nm.at] : []),
      ],
    });
    return findings;
  },
};
