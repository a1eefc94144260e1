import type { NetworkFacts } from '../../facts/network/index.js';
import type { JudgedInterfaceConfig } from '../../facts/network/types.js';
import type { FindingDraft } from '../types.js';
import { configEvidence, describeConfig, judgedSeverity, lineEvidence, masterDhcp, withBecause } from './shared.js';

/**
 * eth0 enslaved to a bridge, bond or Open vSwitch bridge gets the master's addressing: judge that.
 * A port whose master has DHCP in force is fine; a master with static or no IPv4, a master that is
 * not in force, or one nothing defines leaves eth0 without a DHCP address.
 */
export function portFindings(network: NetworkFacts): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const port of network.interfaces) {
    const via = port.viaMaster;
    if (!via || !port.azure.appliesToEth0 || masterDhcp(via)) continue;
    const portJudged = judgedSeverity(port);
    const chain = via.chain.join(' → ');
    const top = via.chain[via.chain.length - 1]!;
    const lead = `${describeConfig(port)} makes eth0 a port of ${chain}`;
    const inForce = via.carriers.filter((c) => c.inForce.inForce);
    if (via.carriers.length === 0) {
      findings.push({
        severity: portJudged.severity,
        message: withBecause(
          via.defined ? `${lead}, but no configuration gives ${top} an address (no internal interface on the bridge)` : `${lead}, but no configuration that ${readers(port)} reads defines ${top}`,
          portJudged.because,
        ),
        evidence: [configEvidence(port)],
      });
      continue;
    }
    if (inForce.length === 0) {
      const why = via.carriers.map((c) => `${describeConfig(c)}: ${c.inForce.reason}`).join('; ');
      findings.push({
        severity: portJudged.severity,
        message: withBecause(`${lead}, whose configuration is not in force (${why})`, portJudged.because),
        evidence: [configEvidence(port), ...via.carriers.map(configEvidence)],
      });
      continue;
    }
    for (const carrier of inForce) {
      const carrierJudged = judgedSeverity(carrier);
      const what = carrier.ipv4 === 'static' ? `static IPv4 ${carrier.staticIpv4.join(', ')}` : `IPv4 method "${carrier.ipv4}"`;
      findings.push({
        severity: portJudged.severity === 'error' && carrierJudged.severity === 'error' ? 'error' : 'warning',
        message: withBecause(`${lead}, and ${describeConfig(carrier)} gives ${top} ${what} instead of DHCP`, portJudged.because ?? carrierJudged.because),
        evidence: [configEvidence(port), carrier.ipv4Line ? lineEvidence(carrier, carrier.ipv4Line) : configEvidence(carrier)],
      });
    }
  }
  return findings;
}

function readers(port: JudgedInterfaceConfig): string {
  return port.readBy.join(' or ');
}
