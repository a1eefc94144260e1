import type { CloudInitFacts } from '../../facts/cloud-init.js';
import type { Facts } from '../../facts/index.js';
import type { UnitState } from '../../facts/systemd.js';
import type { WaagentFacts } from '../../facts/waagent.js';
import type { Evidence } from '../types.js';

/**
 * How the two provisioning agents will behave on the first boot of a VM made from the image,
 * worked out from the facts the way the agents decide (RULES.md §1): shared by the PA-* and
 * SPEC-AGENT-MODE rules so they never disagree.
 */

/** Whether cloud-init will provision and report Ready on Azure by itself. */
export interface CloudInitPath {
  works: boolean;
  /** Why not (or "runs with the Azure datasource"). */
  why: string;
  evidence: Evidence[];
}

/** What waagent will do on first boot. */
export type WaagentOutcome =
  | 'not-running' // not installed, or its unit does not start at boot
  | 'does-not-start' // waagent.conf missing or empty: the daemon stops with AgentConfigError
  | 'provisions' // waagent handler provisions from the provisioning media
  | 'defers-to-cloud-init' // CloudInit handler, and cloud-init does its job
  | 'waits-for-cloud-init' // CloudInit handler, but cloud-init will not deliver: 30 min wait, ProvisioningFailed
  | 'fails-cloud-init-enabled' // waagent handler refuses: "cloud-init appears to be installed and enabled"
  | 'ready-without-provisioning'; // Provisioning.Agent is neither auto nor waagent: Ready without a user

/** waagent's decision with the reasons and evidence behind it. */
export interface WaagentPath {
  outcome: WaagentOutcome;
  /** The effective Provisioning.Agent value. */
  agent: string;
  /** Handler the factory picks (pa/provision/factory.py). */
  handler?: 'cloud-init' | 'waagent';
  /** Why the factory picked it ("Provisioning.Agent=auto and systemctl is-enabled ... prints \"enabled\""). */
  pickedBecause?: string;
  /** What waagent's cloud_init_is_enabled() answers, and why. */
  cloudInitSeen: { enabled: boolean; why: string };
  why: string;
  /** The Provisioning.Agent line (or its default), the unit. */
  evidence: Evidence[];
}

const CONF = '/etc/waagent.conf';

/** Evidence for the effective Provisioning.Agent: its line, or a note that the default applies. */
export function provisioningAgentEvidence(waagent: WaagentFacts): Evidence {
  const setting = waagent.settings['Provisioning.Agent']!;
  if (setting.source === 'file' && setting.line) return { path: CONF, line: setting.line.line, excerpt: setting.line.excerpt };
  if (setting.line) return { path: CONF, line: setting.line.line, excerpt: setting.line.excerpt, detail: 'value None: the default auto applies' };
  return { path: CONF, detail: 'Provisioning.Agent not set: the default auto applies' };
}

/** Evidence for a unit: its file and state. */
export function unitEvidence(unit: UnitState): Evidence {
  const path = unit.maskedBy ?? unit.fragmentPath;
  const links = unit.enabledBy.length > 0 ? `; enabled by ${unit.enabledBy.join(', ')}` : '';
  return { ...(path ? { path } : {}), detail: `${unit.name}: ${unit.state}${links}` };
}

/** Evidence for a config origin (file, line, excerpt). */
export function originEvidence(origin: { path: string; line: number; excerpt: string }): Evidence {
  return origin.excerpt ? { path: origin.path, line: origin.line, excerpt: origin.excerpt } : { path: origin.path };
}

function disablerEvidence(ci: CloudInitFacts): Evidence[] {
  return ci.disabledBy.map((d) => ({ path: d.path, ...(d.line ? { line: d.line } : {}), ...(d.excerpt ? { excerpt: d.excerpt } : {}), detail: d.detail }));
}

/** cloud-init is installed, not disabled and started at boot: its configuration matters (whatever its datasource). */
export function cloudInitRuns(ci: CloudInitFacts | undefined): boolean {
  return ci !== undefined && ci.installed && ci.disabledBy.length === 0 && ci.boot.atBoot;
}

/** Whether cloud-init will run with the Azure datasource (installed, not disabled, started at boot, Azure listed). */
export function cloudInitPath(ci: CloudInitFacts | undefined): CloudInitPath {
  if (!ci || !ci.installed) return { works: false, why: 'cloud-init is not installed', evidence: [] };
  if (ci.disabledBy.length > 0) {
    return { works: false, why: `cloud-init is disabled (${ci.disabledBy.map((d) => d.detail).join('; ')})`, evidence: disablerEvidence(ci) };
  }
  if (!ci.boot.atBoot) {
    const generator = ci.generator ? `generator ${ci.generator}` : 'no cloud-init generator';
    return { works: false, why: `cloud-init does not start at boot (${ci.boot.reason}; ${generator})`, evidence: [unitEvidence(ci.localUnit)] };
  }
  const ds = ci.datasource;
  if (!ds.azureInCloudInit || !ds.azureInDsIdentify) {
    const evidence: Evidence[] = [];
    if (!ds.azureInCloudInit && ds.cloudInitOrigin) evidence.push(originEvidence(ds.cloudInitOrigin));
    if (!ds.azureInDsIdentify && ds.dsIdentify.origin && ds.dsIdentify.origin.path !== ds.cloudInitOrigin?.path) evidence.push(originEvidence(ds.dsIdentify.origin));
    const list = !ds.azureInCloudInit ? ds.cloudInit ?? [] : ds.dsIdentify.list;
    return { works: false, why: `the Azure datasource is not in datasource_list [${list.join(', ')}]`, evidence };
  }
  return { works: true, why: 'cloud-init runs at boot with the Azure datasource', evidence: [unitEvidence(ci.localUnit)] };
}

/** waagent's cloud_init_is_enabled(): `systemctl is-enabled cloud-init-local.service` = enabled, else `service cloud-init status` succeeds (cloud-init ran at boot). */
export function waagentSeesCloudInit(ci: CloudInitFacts | undefined): { enabled: boolean; why: string } {
  if (!ci) return { enabled: false, why: 'cloud-init facts unavailable' };
  if (ci.waagentSeesEnabled) return { enabled: true, why: 'systemctl is-enabled cloud-init-local.service prints "enabled"' };
  if (ci.enabled) return { enabled: true, why: 'cloud-init runs at boot, so `service cloud-init status` succeeds' };
  return { enabled: false, why: `systemctl is-enabled cloud-init-local.service prints "${ci.localUnit.state === 'absent' ? 'not-found' : ci.localUnit.state}"` };
}

/** waagent's first-boot behaviour, as the factory and the handlers decide it. */
export function waagentPath(waagent: WaagentFacts | undefined, ci: CloudInitFacts | undefined, ciPath: CloudInitPath): WaagentPath {
  const seen = waagentSeesCloudInit(ci);
  const base = { agent: waagent?.provisioningAgent ?? 'auto', cloudInitSeen: seen, evidence: [] as Evidence[] };
  if (!waagent || !waagent.installed) return { ...base, outcome: 'not-running', why: 'waagent is not installed' };
  const evidence = [provisioningAgentEvidence(waagent), ...(waagent.unit ? [unitEvidence(waagent.unit)] : [])];
  if (!waagent.enabled) {
    const unit = waagent.unit ? `${waagent.unit.name} is ${waagent.unit.state} and does not start at boot` : 'no waagent.service or walinuxagent.service unit';
    return { ...base, evidence, outcome: 'not-running', why: `waagent is installed but ${unit}` };
  }
  if (!waagent.conf.present) return { ...base, evidence, outcome: 'does-not-start', why: `${CONF} is missing: the agent stops with "Missing configuration in ${CONF}"` };
  if (waagent.conf.loadError) return { ...base, evidence, outcome: 'does-not-start', why: `${CONF} is ${waagent.conf.loadError}` };
  const agent = waagent.provisioningAgent;
  if (agent === 'cloud-init' || (agent === 'auto' && seen.enabled)) {
    const picked = agent === 'cloud-init' ? 'Provisioning.Agent=cloud-init' : `Provisioning.Agent=auto and ${seen.why}`;
    const cloudInitHandler = { ...base, handler: 'cloud-init' as const, pickedBecause: picked };
    if (ciPath.works) return { ...cloudInitHandler, evidence, outcome: 'defers-to-cloud-init', why: `${picked}: waagent waits for cloud-init, which runs with the Azure datasource` };
    return {
      ...cloudInitHandler,
      evidence: [...evidence, ...ciPath.evidence],
      outcome: 'waits-for-cloud-init',
      why: `${picked}, but ${ciPath.why}: waagent waits 30 minutes for cloud-init's ovf-env.xml, then reports ProvisioningFailed`,
    };
  }
  if (agent !== 'auto' && agent !== 'waagent') {
    const note = agent === 'disabled' ? '' : ` ("${agent}" is not one of auto, waagent, cloud-init, disabled, so the agent treats it as disabled)`;
    return { ...base, evidence, handler: 'waagent', pickedBecause: `Provisioning.Agent=${agent}`, outcome: 'ready-without-provisioning', why: `Provisioning.Agent=${agent}${note}: waagent reports Ready without creating the user, keys or hostname` };
  }
  if (seen.enabled) {
    return { ...base, evidence, handler: 'waagent', pickedBecause: `Provisioning.Agent=${agent}`, outcome: 'fails-cloud-init-enabled', why: `Provisioning.Agent=${agent} and ${seen.why}: waagent stops with "cloud-init appears to be installed and enabled, this is not expected, cannot continue"` };
  }
  return { ...base, evidence, handler: 'waagent', pickedBecause: `Provisioning.Agent=${agent}`, outcome: 'provisions', why: `Provisioning.Agent=${agent}: waagent provisions from the provisioning media` };
}

/** Both paths for one set of facts. */
export function provisioningPaths(facts: Facts): { waagent: WaagentPath; cloudInit: CloudInitPath } {
  const cloudInit = cloudInitPath(facts.cloudInit);
  return { cloudInit, waagent: waagentPath(facts.waagent, facts.cloudInit, cloudInit) };
}
