import type { PersistentNetGenerator } from '../facts/network/types.js';
import type { FindingDraft, Rule } from './types.js';
import { anyOsState, networkOf, withBecause } from './network/shared.js';

/** udev persistent-net rules that pin eth0 to the build machine's MAC, and the generator that writes them. */
export const NET_UDEV_PERSISTENT: Rule = {
  id: 'NET-UDEV-PERSISTENT',
  title: 'Persistent-net udev rules bind interface names to old MAC addresses',
  severity: 'error',
  appliesTo: 'both',
  symptom:
    "70-persistent-net.rules keeps eth0 for the build machine's MAC; with the persistent-net generator active the new Azure NIC is named eth1, the eth0 configuration is unused and the VM has no network (provisioning timeout, unreachable VM). waagent only moves the file away once it runs, after early networking. Without the generator the stale rule matches nothing and renames nothing.",
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
    const generator = network.generator;
    // A rule for the old MAC never matches the new NIC: only the generator, which reserves eth0 for
    // the old MAC and writes the next free name (eth1) for the new one, makes it rename anything.
    const renamer = generator?.writes ? `the persistent-net generator (${generator.path}) names the new NIC eth1` : undefined;
    for (const [path, bindings] of byFile) {
      const regenerated = bindings.every((b) => b.cloudInit.regenerated);
      const eth0 = bindings.filter((b) => b.name === 'eth0');
      const names = bindings.map((b) => `${b.name} → ${b.mac}`).join(', ');
      const because = regenerated
        ? 'cloud-init generated these rules and rewrites them for the new instance (its network configuration is not disabled)'
        : eth0.length > 0 && !renamer
          ? `it renames nothing on Azure: the new NIC does not match the old MAC and keeps the kernel name eth0 (${noGenerator(generator)})`
          : renamer;
      findings.push({
        severity: eth0.length > 0 && !regenerated && renamer ? 'error' : 'warning',
        message: withBecause(
          eth0.length > 0 ? `${path} binds eth0 to the build machine's MAC (${names})` : `${path} binds interface names to old MACs (${names})`,
          because,
        ),
        evidence: bindings.map((b) => ({ path, line: b.line, excerpt: b.excerpt })),
      });
    }
    if (generator?.writes) {
      findings.push({
        severity: 'warning',
        message: `${generator.path} (the persistent-net generator) is active and will write new bindings on the first boot`,
        evidence: [{ path: generator.path }],
      });
    }
    return findings;
  },
};

/** Why no persistent-net generator runs, for the message. */
function noGenerator(generator: PersistentNetGenerator | undefined): string {
  if (!generator) return 'no 75-persistent-net-generator.rules';
  if (generator.masked) return `the persistent-net generator is masked by ${generator.path}`;
  return `${generator.path} is present but write_net_rules, the program it runs, is not`;
}
