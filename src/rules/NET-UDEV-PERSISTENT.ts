import type { FindingDraft, Rule } from './types.js';
import { anyOsState, networkOf, withBecause } from './network/shared.js';

/** udev persistent-net rules that pin eth0 to the build machine's MAC, and the generator that writes them. */
export const NET_UDEV_PERSISTENT: Rule = {
  id: 'NET-UDEV-PERSISTENT',
  title: 'Persistent-net udev rules bind interface names to old MAC addresses',
  severity: 'error',
  appliesTo: 'both',
  symptom:
    "70-persistent-net.rules keeps eth0 for the build machine's MAC; with the generator active the new Azure NIC is named eth1, the eth0 configuration is unused and the VM has no network (provisioning timeout, unreachable VM). waagent only moves the file away once it runs, after early networking.",
  fix: 'Before capture: `rm -f /etc/udev/rules.d/70-persistent-net.rules` and mask the generator with `ln -s /dev/null /etc/udev/rules.d/75-persistent-net-generator.rules` (as the Azure preparation guides do).',
  needs: ['network'],
  applies: anyOsState,
  check(ctx) {
    const network = networkOf(ctx);
    const findings: FindingDraft[] = [];
    const byFile = new Map<string, typeof network.persistentNames>();
    for (const b of network.persistentNames) {
      if (b.kind !== 'udev-rule') continue;
      byFile.set(b.path, [...(byFile.get(b.path) ?? []), b]);
    }
    for (const [path, bindings] of byFile) {
      const regenerated = bindings.every((b) => b.cloudInit.regenerated);
      const eth0 = bindings.filter((b) => b.name === 'eth0');
      const names = bindings.map((b) => `${b.name} → ${b.mac}`).join(', ');
      const because = regenerated ? 'cloud-init generated these rules and rewrites them for the new instance (its network configuration is not disabled)' : undefined;
      findings.push({
        severity: eth0.length > 0 && !regenerated ? 'error' : 'warning',
        message: withBecause(
          eth0.length > 0 ? `${path} binds eth0 to the build machine's MAC (${names})` : `${path} binds interface names to old MACs (${names})`,
          because,
        ),
        evidence: bindings.map((b) => ({ path, line: b.line, excerpt: b.excerpt })),
      });
    }
    if (network.generator && !network.generator.masked) {
      findings.push({
        severity: 'warning',
        message: `${network.generator.path} (the persistent-net generator) is active and will write new bindings on the first boot`,
        evidence: [{ path: network.generator.path }],
      });
    }
    return findings;
  },
};
