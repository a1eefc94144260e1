import type { Evidence, Rule } from './types.js';

/** sshd must start at boot: errors for specialized images, warnings for generalized ones. */
export const SPEC_SSHD_ENABLED: Rule = {
  id: 'SPEC-SSHD-ENABLED',
  title: 'SSH server not installed or not started at boot',
  severity: 'error',
  appliesTo: 'specialized (error), generalized (warning)',
  symptom:
    'The VM boots but nothing listens on port 22, so nobody can log in over SSH; Azure\'s Linux image preparation requires "the SSH server is installed and configured to start at boot".',
  fix: 'Install the OpenSSH server and enable it before capture: `sudo systemctl enable ssh` (Debian/Ubuntu; or ssh.socket on Ubuntu ≥ 22.10) or `sudo systemctl enable sshd` (RHEL, SUSE, others); unmask it if it is masked.',
  needs: ['sshd'],
  applies: (intent) => intent.osState === 'specialized' || intent.osState === 'generalized',
  check({ facts, intent }) {
    const sshd = facts!.sshd!;
    if (sshd.enabledAtBoot) return [];
    const severity = intent.osState === 'specialized' ? 'error' : 'warning';
    if (!sshd.daemonPath) {
      return [{ severity, message: 'No SSH server is installed (no /usr/sbin/sshd)', evidence: [{ path: '/usr/sbin/sshd', detail: 'absent' }] }];
    }
    const evidence: Evidence[] = sshd.units.map((u) => ({ detail: `${u.unit}: ${u.reason}` }));
    if (evidence.length === 0) evidence.push({ path: sshd.daemonPath, detail: 'sshd installed but no ssh/sshd systemd unit found' });
    return [{ severity, message: 'sshd is installed but not started at boot', evidence }];
  },
};
