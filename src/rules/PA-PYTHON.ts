import type { AgentInterpreter } from '../facts/agent-python.js';
import { provisioningPaths } from './provisioning/agents.js';
import { anyOsState } from './storage/shared.js';
import type { FindingDraft, Rule } from './types.js';

function atLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map(Number);
  return a! > major || (a === major && b! >= minor);
}

function evidence(agent: AgentInterpreter) {
  return { path: agent.script, line: 1, ...(agent.shebang ? { excerpt: agent.shebang } : {}), detail: agent.resolved ? `runs ${agent.resolved}` : 'interpreter not found in the image' };
}

/** The provisioning agents' interpreter exists, and waagent can hash passwords on Python 3.13+. */
export const PA_PYTHON: Rule = {
  id: 'PA-PYTHON',
  title: "A provisioning agent's Python interpreter is missing, or Python 3.13+ lacks a crypt replacement",
  severity: 'error',
  appliesTo: 'both',
  symptom:
    'The agent cannot start: without waagent no Ready report and no extensions (OSProvisioningTimedOut when it provisions), without cloud-init no user, no SSH key and no Ready report.',
  fix: 'Install the interpreter the agent\'s #! line names (the distro\'s python3 package) or reinstall the agent package so its #! line matches the installed Python; on Python 3.13+ install legacycrypt or crypt-r (e.g. `pip install legacycrypt`, Fedora/RHEL `python3-crypt-r`) for waagent\'s password provisioning.',
  // waagent/cloud-init facts only refine the crypt check: an unreadable waagent.conf must not hide a missing interpreter.
  needs: ['agentPython'],
  applies: anyOsState,
  check({ facts, intent }) {
    const py = facts!.agentPython!;
    const findings: FindingDraft[] = [];
    for (const agent of py.agents) {
      if (!agent.interpreter) {
        findings.push({ severity: 'warning', message: `${agent.script} has no #! line naming an interpreter: it cannot be started as a program`, evidence: [evidence(agent)] });
      } else if (!agent.resolved) {
        findings.push({
          message: `${agent.script} (${agent.agent}) runs ${agent.viaEnv ? `"${agent.interpreter}" from PATH` : agent.interpreter}, which is not in the image: ${agent.agent} cannot start`,
          evidence: [evidence(agent)],
        });
      }
    }
    // waagent hashes the admin password itself only when it provisions (not when cloud-init does).
    const waagent = py.agents.find((a) => a.agent === 'waagent' && a.resolved);
    const version = waagent?.version ?? (waagent && py.libVersions.length === 1 ? py.libVersions[0] : undefined);
    const provisions = intent.osState !== 'specialized' && facts!.waagent !== undefined && facts!.cloudInit !== undefined && provisioningPaths(facts!).waagent.outcome === 'provisions';
    if (waagent && version && atLeast(version, 3, 13) && py.cryptReplacements.length === 0 && provisions) {
      findings.push({
        severity: 'warning',
        message: `waagent provisions this image with Python ${version}, which has no crypt module, and neither legacycrypt nor crypt_r is installed: deployments with a password fail`,
        evidence: [evidence(waagent)],
        symptom: 'Password-based deployments fail with "This feature requires one of the \'crypt\', \'legacycrypt\' or \'crypt-r\' Python packages" (SSH-key deployments work).',
      });
    }
    return findings;
  },
};
