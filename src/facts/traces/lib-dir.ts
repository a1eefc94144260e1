import type { WaagentFacts } from '../waagent.js';

/** WALinuxAgent's built-in Lib.Dir (conf.py) when the image's waagent.conf does not set one. */
export const DEFAULT_LIB_DIR = '/var/lib/waagent';

/** The agent state directory to inspect, and where that came from. */
export interface LibDir {
  /** Guest path, without a trailing slash. */
  path: string;
  /** "/etc/waagent.conf:NN" when the image's waagent.conf sets it, else "default". */
  source: string;
}

/**
 * Lib.Dir as the image's own waagent.conf sets it (resolved by the waagent facts, with the
 * agent's own parsing rules), else the agent default. bigip (`/shared/vadc/azure/waagent/`) and
 * nsbsd ship other directories, so markers must never be looked for at a fixed path.
 */
export function libDirOf(waagent: WaagentFacts | undefined): LibDir {
  const setting = waagent?.settings['Lib.Dir'];
  const raw = waagent?.libDir ?? DEFAULT_LIB_DIR;
  const path = raw.replace(/\/+$/, '') || '/';
  const source = setting?.source === 'file' && setting.line ? `${waagent!.conf.path}:${setting.line.line}` : 'default';
  return { path, source };
}
