import type { DetectedState } from '../model.js';
import { credentialedUsers, describeCredentials } from './accounts/credentials.js';
import type { Facts } from './index.js';

/**
 * What the image *is*, from its own traces, as a weighted vote.
 *
 * Each observation adds points to one side. Weights say how strongly the observation
 * separates a used (specialized) system from a prepared (generalized) one:
 * - 3: decisive on its own. The provisioning agent's `provisioned` marker (only a provisioned VM
 *   has it, and `waagent -deprovision` removes it); regular users (UID ≥ UID_MIN) with a password or
 *   authorized keys, or none at all (a generalized image must get its only user from provisioning).
 * - 2: a deliberate clean-up step: machine-id empty or `uninitialized` (nothing writes that but
 *   `truncate`, virt-sysprep or `cloud-init clean --machine-id`).
 * - 1: common side effects of having booted, or of not having booted (host keys, a populated
 *   machine-id, cloud-init instance state, DHCP leases, ovf-env.xml, root credentials; their
 *   absence, root locked the way waagent's deprovision leaves it, a `localhost` hostname).
 *
 * Verdict: a side wins when it has at least 3 points and leads by at least 3; anything else is
 * `unclear` (e.g. a freshly built image with host keys and a machine-id but no users). The
 * evidence lists every observation with its side and weight, then the totals.
 */
export function detectOsState(facts: Facts | undefined): DetectedState {
  if (!facts) return { osState: 'unclear', evidence: ['the guest root filesystem could not be read'] };
  const votes: Vote[] = [];
  const vote = (side: Side, weight: number, statement: string) => votes.push({ side, weight, statement });

  const traces = facts.traces;
  if (traces) {
    if (traces.provisionedMarker) vote('specialized', 3, `${traces.provisionedMarker.path} exists (the agent provisioned this system)`);
    else vote('generalized', 1, `no provisioned marker in ${traces.libDir.path}`);
    if (traces.ovfEnv) vote('specialized', 1, `${traces.ovfEnv.path} exists (a previous deployment's provisioning data)`);
    if (traces.hostKeys.length > 0) vote('specialized', 1, `SSH host keys in /etc/ssh (${traces.hostKeys.length} files)`);
    else vote('generalized', 1, 'no SSH host keys in /etc/ssh');
    const id = traces.machineId;
    if (id.state === 'populated') vote('specialized', 1, `${id.path} holds a machine ID`);
    else if (id.state === 'empty' || id.state === 'uninitialized') vote('generalized', 2, `${id.path} is ${id.state} (a new ID is made at first boot)`);
    if (traces.cloudInitState.length > 0) vote('specialized', 1, `cloud-init instance state: ${traces.cloudInitState[0]!.path}`);
    else vote('generalized', 1, 'no cloud-init instance state in /var/lib/cloud');
    if (traces.dhcp.length > 0) vote('specialized', 1, `DHCP lease or client ID: ${traces.dhcp[0]!.path}`);
    const hostname = traces.hostname?.value;
    if (hostname === undefined || /^localhost(\.localdomain)?$/.test(hostname)) {
      vote('generalized', 1, hostname === undefined ? 'no /etc/hostname' : `/etc/hostname is ${hostname}`);
    }
  }

  const accounts = facts.accounts;
  if (accounts) {
    const users = credentialedUsers(accounts);
    const root = accounts.accounts.find((a) => a.uid === 0 && a.name === 'root');
    const rootKeys = root?.authorizedKeys.some((f) => f.keys > 0) ?? false;
    if (users.length > 0) {
      vote('specialized', 3, `users with credentials: ${users.slice(0, 3).map(describeCredentials).join('; ')}${users.length > 3 ? `; and ${users.length - 3} more` : ''}`);
    } else {
      vote('generalized', 3, `no user with UID ≥ ${accounts.uidMin.value} has a password or authorized keys`);
    }
    if (root && (root.password.status !== 'locked' || rootKeys)) vote('specialized', 1, `root: ${describeCredentials(root).replace(/^root \(uid 0\): /, '')}`);
    if (root?.password.summary === 'locked (*LOCK*)') vote('generalized', 1, 'root password is *LOCK* (as waagent -deprovision leaves it)');
  }

  const missing = (['traces', 'accounts'] as const).filter((s) => !facts[s]);
  const total = (side: Side) => votes.filter((v) => v.side === side).reduce((n, v) => n + v.weight, 0);
  const specialized = total('specialized');
  const generalized = total('generalized');
  const osState =
    specialized >= 3 && specialized - generalized >= 3 ? 'specialized' : generalized >= 3 && generalized - specialized >= 3 ? 'generalized' : 'unclear';
  return {
    osState,
    evidence: [
      ...votes.map((v) => `${v.statement} [${v.side} +${v.weight}]`),
      ...missing.map((s) => `${s} facts could not be collected`),
      `score: specialized ${specialized}, generalized ${generalized}`,
    ],
  };
}

type Side = 'specialized' | 'generalized';
interface Vote {
  side: Side;
  weight: number;
  statement: string;
}
