import type { MachineIdFact } from '../facts/traces.js';
import type { FindingDraft, Rule } from './types.js';
import { isGeneralized } from './identity/shared.js';

/** A populated machine-id in a generalized image clones one machine's identity. */
export const GEN_MACHINE_ID: Rule = {
  id: 'GEN-MACHINE-ID',
  title: 'machine-id populated in a generalized image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    "Every VM boots with the same machine ID, so systemd-networkd's DHCP client identifier (DUID/IAID), journald and anything keyed on /etc/machine-id are duplicated across VMs; the Azure article names residual DHCP client IDs as a cause of provisioning hangs.",
  fix: 'Empty it before capture: `sudo truncate -s 0 /etc/machine-id` (or `cloud-init clean --machine-id`, which writes "uninitialized"); do not delete it on systemd distributions. Make /var/lib/dbus/machine-id a symlink to /etc/machine-id or remove it.',
  needs: ['traces'],
  applies: isGeneralized,
  check({ facts }) {
    const traces = facts!.traces!;
    const findings: FindingDraft[] = [];
    const report = (id: MachineIdFact) => {
      if (id.symlinkTo !== undefined) return;
      if (id.state === 'populated') {
        findings.push({ message: `${id.path} holds a machine ID (32 hex digits): every VM would share it`, evidence: [{ path: id.path, line: 1, excerpt: '<machine ID>' }] });
      } else if (id.state === 'invalid') {
        findings.push({
          severity: 'warning',
          message: `${id.path} is neither empty, "uninitialized" nor a machine ID`,
          evidence: [{ path: id.path, line: 1, excerpt: '<not a machine ID>' }],
          symptom: 'systemd ignores an invalid machine-id and makes a transient one at each boot, so the ID changes on every reboot.',
        });
      }
    };
    report(traces.machineId);
    report(traces.dbusMachineId);
    return findings;
  },
};
