import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';
import type { OsState } from '../../../src/intent/types.js';
import { runRules } from '../../../src/rules/engine.js';
import type { Rule } from '../../../src/rules/types.js';
import { contextFromTree } from '../../helpers/rule-context.js';
import { packageFile, packageTree } from './tree.js';

const lib = (unit: string) => ({ symlink: `/lib/systemd/system/${unit}` });

/** Debian 12 boot targets only: a guest with neither agent. */
export const bareDebian = (): MemoryTree => packageTree('systemd');

/** The Debian cloud-init package with the links its postinst creates (deb-systemd-helper enable). */
export const cloudInit = (): MemoryTree => ({
  ...packageTree('cloud-init'),
  '/etc/systemd/system/cloud-init.target.wants/cloud-config.service': lib('cloud-config.service'),
  '/etc/systemd/system/cloud-init.target.wants/cloud-final.service': lib('cloud-final.service'),
  '/etc/systemd/system/cloud-init.target.wants/cloud-init-local.service': lib('cloud-init-local.service'),
  '/etc/systemd/system/cloud-init.target.wants/cloud-init.service': lib('cloud-init.service'),
});

/** The Debian waagent.conf with Provisioning.Agent (line 11) set to `agent` (the package ships cloud-init). */
export const waagentConf = (agent: string): string => packageFile('waagent', 'etc/waagent.conf').replace('Provisioning.Agent=cloud-init', `Provisioning.Agent=${agent}`);

/** The Debian waagent package, walinuxagent.service enabled, with Provisioning.Agent=`agent`. */
export const waagent = (agent = 'cloud-init'): MemoryTree => ({
  ...packageTree('waagent'),
  '/etc/waagent.conf': waagentConf(agent),
  '/etc/systemd/system/multi-user.target.wants/walinuxagent.service': lib('walinuxagent.service'),
});

/** Runs one rule on a guest tree and returns "severity message" lines. */
export async function ruleLines(rule: Rule, tree: MemoryTree, osState: OsState = 'generalized'): Promise<string[]> {
  const { findings } = runRules([rule], await contextFromTree(tree, { osState }));
  return findings.map((f) => `${f.severity} ${f.message}`);
}

/** Runs one rule on a guest tree and returns its findings. */
export async function ruleFindings(rule: Rule, tree: MemoryTree, osState: OsState = 'generalized') {
  return runRules([rule], await contextFromTree(tree, { osState })).findings;
}

/** A copy of `tree` without `paths`. */
export function without(tree: MemoryTree, ...paths: string[]): MemoryTree {
  const copy = { ...tree };
  for (const path of paths) delete copy[path];
  return copy;
}
