import type { Facts } from '../facts/index.js';
import { isGeneralized } from './identity/shared.js';
import { describeDisable, disableEvidence, driverEvidence, kernelNotIdentified, whyNotLoadable } from './drivers/shared.js';
import { provisioningPaths } from './provisioning/agents.js';
import type { FindingDraft, Rule, Severity } from './types.js';

/** cloud-init from this release on reports Ready and takes users and keys from IMDS when the provisioning DVD cannot be mounted. */
const IMDS_FALLBACK = [21, 2] as const;

/** Who reads the provisioning DVD, and how badly a VM fares when it cannot. */
function provisioner(facts: Facts): { severity: Severity; who: string; symptom: string } {
  const { cloudInit, waagent } = provisioningPaths(facts);
  const usesCloudInit = cloudInit.works || waagent.outcome === 'defers-to-cloud-init';
  const error = (who: string) => ({
    severity: 'error' as const,
    who,
    symptom: 'The provisioning DVD (ovf-env.xml: user, password or SSH key, custom data) cannot be mounted: provisioning fails and Azure reports OSProvisioningTimedOut or ProvisioningFailed.',
  });
  if (!usesCloudInit) return error(waagent.outcome === 'provisions' ? 'waagent provisions the VM and reads ovf-env.xml only from the DVD' : 'the VM has no working provisioning agent to fall back');
  const version = facts.cloudInit?.version;
  const m = version ? /^(\d+)\.(\d+)/.exec(version.value) : null;
  if (!m) return error('cloud-init provisions the VM, but its version could not be read, so its metadata-service fallback (21.2 and later) cannot be counted on');
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < IMDS_FALLBACK[0] || (major === IMDS_FALLBACK[0] && minor < IMDS_FALLBACK[1])) return error(`cloud-init ${version!.value} provisions the VM, and before 21.2 it has no fallback when the DVD cannot be mounted`);
  return {
    severity: 'warning',
    who: `cloud-init ${version!.value} provisions the VM and falls back to the instance metadata service`,
    symptom: 'cloud-init cannot mount the provisioning DVD and falls back to IMDS: the VM reports Ready and users and SSH keys still arrive, but a password-only deployment gets no password and custom data (the DVD\'s CustomData) is lost.',
  };
}

/** The UDF filesystem driver must load: Azure hands over the provisioning data on a UDF DVD. */
export const KRN_UDF: Rule = {
  id: 'KRN-UDF',
  title: 'The udf filesystem driver is missing or disabled',
  severity: 'error',
  appliesTo: 'generalized',
  symptom: 'The provisioning DVD (UDF) cannot be mounted, so the VM does not get its user, password, SSH key or custom data.',
  fix: 'Let udf load: remove `install udf /bin/true|/bin/false`, `blacklist udf` and `alias udf off` from /etc/modprobe.d (CIS hardening adds them: exempt udf on Azure, as Azure\'s own CIS images do), keep the udf module (and its dependencies cdrom and crc-itu-t) installed, and check with `modprobe -n -v udf`.',
  needs: ['kernelDrivers', 'cloudInit', 'waagent'],
  applies: isGeneralized,
  check({ facts }) {
    const kd = facts!.kernelDrivers!;
    if (!kd.kernel) return [kernelNotIdentified(kd, 'whether udf can be loaded')];
    const udf = kd.drivers.udf!;
    if (udf.state === 'built-in') {
      if (udf.disabledBy.length === 0) return [];
      return [
        {
          severity: 'info',
          message: `udf is built into ${kd.kernel.version}, so ${udf.disabledBy.map(describeDisable).join(' and ')} has no effect (modprobe.d only governs loadable modules)`,
          evidence: [...driverEvidence(udf), ...udf.disabledBy.map(disableEvidence)],
          symptom: 'None today: a built-in driver cannot be blacklisted. A later kernel that builds udf as a module would honour the directive and break provisioning.',
          fix: 'Remove the directive so a future kernel with a modular udf does not break provisioning, or leave it and accept that risk.',
        },
      ];
    }
    if (udf.state === 'module' && udf.disabledBy.length === 0 && udf.module!.missingDeps.length === 0) return [];
    const { severity, who, symptom } = provisioner(facts!);
    const finding: FindingDraft = {
      severity,
      message: `${whyNotLoadable(udf, kd.kernel.version)}; ${who}`,
      evidence: [...driverEvidence(udf), ...udf.disabledBy.map(disableEvidence)],
      symptom,
    };
    if (finding.evidence.length === 0) finding.evidence.push({ path: kd.modulesDir ?? `/lib/modules/${kd.kernel.version}`, detail: 'no udf module and not built in' });
    return [finding];
  },
};
