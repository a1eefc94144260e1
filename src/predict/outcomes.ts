import type { OsState } from '../intent/types.js';

/**
 * What Azure does with a disk registered with one setting (osState × Hyper-V generation), in
 * the order things happen to it: creating the disk or image version from the VHD, booting,
 * provisioning, then using the VM. Documented in docs/prediction.md.
 */
export type Outcome =
  /** Azure refuses the VHD: no managed disk or image version is created (invalid VHD, dynamic, unaligned, block blob). */
  | 'rejected'
  /** The VM is created but never boots the OS (no boot loader for the generation, no root device). */
  | 'does-not-boot'
  /** The agent reports, but not a provisioned VM: ProvisioningFailed / OSProvisioningClientError, or the VM keeps the old name, user and password. */
  | 'provisioning-failure'
  /** Nothing reports Ready: the deployment waits and ends in OSProvisioningTimedOut (about 40 minutes). */
  | 'provisioning-timeout'
  /** Azure reports the VM running, but it has no network or nobody can log in. */
  | 'unreachable'
  /** Content the rules need could not be read, and no rule that ran predicts a failure. */
  | 'not-judged'
  /** No finding predicts a deployment problem. */
  | 'provisions';

/**
 * Outcomes in the order they would happen, the best last: a setting's outcome is the first one
 * any of its findings has. A failure comes before a timeout because the agent reports it as soon
 * as it runs, while a timeout is what is left when nothing reports (a specialized OS registered
 * as generalized fails, as the Azure article says, even if its leftover leases could also stall it).
 */
export const outcomeOrder: readonly Outcome[] = ['rejected', 'does-not-boot', 'provisioning-failure', 'provisioning-timeout', 'unreachable', 'not-judged', 'provisions'];

/** How a report names each outcome. */
export const outcomeTitle: Record<Outcome, string> = {
  rejected: 'rejected',
  'does-not-boot': 'does not boot',
  'provisioning-timeout': 'provisioning timeout',
  'provisioning-failure': 'provisioning failure',
  unreachable: 'boots, unreachable',
  'not-judged': 'not fully judged',
  provisions: 'provisions',
};

/** What a finding of a rule does to a deployment: an outcome, or `none` (a security or hygiene problem that does not change what Azure does). */
export type Effect = Exclude<Outcome, 'provisions'> | 'none';

/** One mapping entry: the effect (per OS state when it differs) and why, in one sentence. */
export interface EffectEntry {
  effect: Effect | Record<OsState, Effect>;
  why: string;
  /** The rule's warnings decide the outcome too, not only its errors (a rule that warns only because its evidence is a heuristic). */
  countsWarnings?: boolean;
}

/** Network rules: a generalized VM cannot reach the wireserver to report Ready; a specialized one has nothing to report, so it just has no network. */
const noNetwork: EffectEntry = {
  effect: { generalized: 'provisioning-timeout', specialized: 'unreachable' },
  why: 'eth0 gets no address: a generalized VM cannot report Ready to the wireserver (timeout), a specialized one runs without network',
};

/**
 * The effect of each rule's error findings, where the rule's ID prefix (below) does not say it.
 * Taken from the rule's own symptom and from the Azure article's upload/capture matrices
 * (generalized OS registered as specialized: provisioning timeout; specialized OS registered as
 * generalized: provisioning failure, the VM keeps the old name, user and password).
 */
export const ruleEffects: Readonly<Record<string, EffectEntry>> = {
  'IMAGE-UNREADABLE': { effect: 'not-judged', why: 'guest content the rules need could not be read' },
  'BOOT-HYBRID': { effect: 'none', why: 'a layout that boots both generations deploys as the declared one' },
  'PA-WAAGENT-DEAD-KEYS': { effect: 'none', why: 'a setting waagent ignores changes nothing by itself' },
  'PA-WAAGENT-MODE': {
    effect: 'provisioning-timeout',
    why: 'waagent waits for a cloud-init that never copies ovf-env.xml, stops at start-up, or refuses to run beside cloud-init: nothing reports Ready',
  },
  'SPEC-AGENT-MODE': { effect: 'provisioning-failure', why: 'waagent looks for provisioning media a specialized VM does not get and reports ProvisioningFailed' },
  'SPEC-NOT-DEPROVISIONED': {
    effect: 'provisioning-timeout',
    why: 'a generalized OS registered as specialized waits for provisioning data that never comes (Azure article); the rule warns only because the OS-state vote is a heuristic',
    countsWarnings: true,
  },
  'GEN-WAAGENT-MARKER': {
    effect: 'provisioning-failure',
    why: 'waagent treats the new VM as already provisioned: it keeps the old name, user and password (Azure article: specialized registered as generalized)',
  },
  'GEN-CLOUDINIT-STATE': { effect: 'provisioning-timeout', why: 'cloud-init trusts the previous instance (manual_cache_clean) or waits as a pre-provisioned VM (stale reported_ready)' },
  'GEN-DHCP-LEASES': { effect: 'provisioning-timeout', why: 'residual DHCP client IDs: the Azure article lists them as a cause of hanging while acquiring an IP address' },
  'GEN-MACHINE-ID': { effect: 'provisioning-timeout', why: 'a shared machine-id gives every VM the same DHCP client identifier (the Azure article\'s residual client IDs)' },
  'GEN-WAAGENT-STATE': { effect: 'none', why: 'stale agent state leaks the previous deployment\'s settings; provisioning itself is decided by the marker (GEN-WAAGENT-MARKER)' },
  'GEN-USER-ACCOUNTS': { effect: 'none', why: 'a default credential on every VM; the deployment itself succeeds' },
  'KRN-UDF': { effect: 'provisioning-failure', why: 'the provisioning DVD cannot be mounted: the agent gets no user, password, key or custom data and reports failure' },
  'AN-VF-DRIVER': { effect: 'none', why: 'without a VF driver traffic stays on the synthetic hv_netvsc path: slower, but the VM deploys and is reachable' },
  'NET-DHCP-PRIMARY': noNetwork,
  'NET-IFNAME': noNetwork,
  'NET-MAC-BOUND': noNetwork,
  'NET-UDEV-PERSISTENT': noNetwork,
};

/** The effect of a rule by its ID prefix (its category in the rule catalog), when ruleEffects has no entry. */
export const categoryEffects: readonly (EffectEntry & { prefix: string })[] = [
  { prefix: 'DISK-', effect: 'rejected', why: 'Azure creates disks and image versions only from a valid fixed VHD in a page blob' },
  { prefix: 'BOOT-', effect: 'does-not-boot', why: 'the firmware of this generation finds nothing to boot' },
  { prefix: 'KRN-', effect: 'does-not-boot', why: 'the kernel or initramfs cannot reach the root disk on Hyper-V' },
  { prefix: 'ARCH-', effect: 'does-not-boot', why: 'the guest is built for another architecture than the VM' },
  { prefix: 'TL-', effect: 'does-not-boot', why: 'Secure Boot refuses the boot chain' },
  { prefix: 'NVME-', effect: 'does-not-boot', why: 'the root disk on the NVMe controller is not reachable' },
  { prefix: 'FSTAB-', effect: { generalized: 'provisioning-timeout', specialized: 'unreachable' }, why: 'the first boot stops in emergency mode before the agent or sshd starts' },
  { prefix: 'PA-', effect: 'provisioning-timeout', why: 'no provisioning agent reports Ready to Azure' },
  { prefix: 'SPEC-', effect: 'unreachable', why: 'a specialized VM gets no new user or key: it runs, but nobody can log in' },
  { prefix: 'NET-', ...noNetwork },
  { prefix: 'AN-', effect: 'unreachable', why: 'the accelerated-networking path has no working driver or configuration' },
  { prefix: 'GEN-', effect: 'none', why: 'a leftover of the build VM shipped to every VM: a security or privacy problem, not a deployment one' },
  { prefix: 'SWAP-', effect: 'none', why: 'swap on the OS disk works, against Azure guidance' },
];

/** A rule's effect for one OS state, and where it comes from; undefined when neither table names it. */
export function effectOf(ruleId: string, osState: OsState): { effect: Effect; why: string; by: 'rule' | 'category'; countsWarnings: boolean } | undefined {
  const entry = ruleEffects[ruleId];
  const category = entry ? undefined : categoryEffects.find((c) => ruleId.startsWith(c.prefix));
  const found = entry ?? category;
  if (!found) return undefined;
  const effect = typeof found.effect === 'string' ? found.effect : found.effect[osState];
  return { effect, why: found.why, by: entry ? 'rule' : 'category', countsWarnings: found.countsWarnings === true };
}
