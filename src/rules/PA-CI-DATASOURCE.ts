import type { CloudInitFacts } from '../facts/cloud-init.js';
import { isGeneralized } from './identity/shared.js';
import { cloudInitRuns, originEvidence } from './provisioning/agents.js';
import type { Evidence, FindingDraft, Rule } from './types.js';

function dsIdentifyEvidence(ci: CloudInitFacts): Evidence[] {
  const ds = ci.datasource.dsIdentify;
  if (ds.source === 'config' && ds.origin) return [originEvidence(ds.origin)];
  if (ds.source === 'kernel') return [{ detail: `kernel command line ci.ds=${ds.list.join(',')}` }];
  if (ds.blockStyleIgnored) return [{ ...originEvidence(ds.blockStyleIgnored), detail: 'not a single-line list: ds-identify uses its built-in list' }];
  return [{ ...(ds.script ? { path: ds.script } : {}), detail: `ds-identify built-in list: ${ds.list.join(' ')}` }];
}

/** cloud-init must look for the Azure datasource, in cloud-init's merge and in ds-identify's grep. */
export const PA_CI_DATASOURCE: Rule = {
  id: 'PA-CI-DATASOURCE',
  title: 'cloud-init datasource_list does not reach Azure',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    'cloud-init never runs the Azure datasource (or the generator disables cloud-init because ds-identify finds no datasource): no user, no Ready report → OSProvisioningTimedOut.',
  fix: 'Set `datasource_list: [ Azure ]` on one line (ds-identify only reads the single-line form) in the last-sorting drop-in, e.g. /etc/cloud/cloud.cfg.d/90_dpkg.cfg or 91-azure_datasource.cfg, and remove other datasource_list lines.',
  needs: ['cloudInit'],
  applies: isGeneralized,
  check({ facts }) {
    const ci = facts!.cloudInit!;
    // A cloud-init that does not run cannot be misled; PA-CI-ENABLED reports it when it should run.
    if (!cloudInitRuns(ci)) return [];
    const ds = ci.datasource;
    const findings: FindingDraft[] = [];
    if (!ds.azureInCloudInit) {
      const shown = ds.cloudInit ? `[${ds.cloudInit.join(', ')}]` : JSON.stringify(ds.cloudInitRaw);
      findings.push({
        message: `cloud-init's effective datasource_list ${shown} does not contain Azure`,
        evidence: ds.cloudInitOrigin ? [originEvidence(ds.cloudInitOrigin)] : [],
      });
    }
    if (!ds.azureInDsIdentify) {
      const sameLine = ds.dsIdentify.origin && ds.cloudInitOrigin && ds.dsIdentify.origin.path === ds.cloudInitOrigin.path && ds.dsIdentify.origin.line === ds.cloudInitOrigin.line;
      if (!sameLine || ds.azureInCloudInit) {
        findings.push({
          message: `ds-identify's datasource list [${ds.dsIdentify.list.join(', ')}] does not contain Azure: the cloud-init generator disables cloud-init unless another datasource is found`,
          evidence: dsIdentifyEvidence(ci),
        });
      }
    }
    if (findings.length === 0 && ds.differ) {
      findings.push({
        severity: 'warning',
        message: `cloud-init and ds-identify read datasource_list differently: cloud-init [${(ds.cloudInit ?? ['built-in list']).join(', ')}], ds-identify [${ds.dsIdentify.list.join(', ')}]`,
        evidence: [...(ds.cloudInitOrigin ? [originEvidence(ds.cloudInitOrigin)] : []), ...dsIdentifyEvidence(ci)],
        symptom: 'Azure is reachable, but the datasource order differs from what the configuration seems to say (ds-identify\'s built-in list tries NoCloud before Azure).',
      });
    }
    return findings;
  },
};
