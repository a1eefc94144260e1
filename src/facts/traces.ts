import type { GuestFs } from '../guest/guest-fs.js';
import type { WaagentFacts } from './waagent.js';

/** PLACEHOLDER: replaced by the module's owner. */
export interface TraceFacts {
  placeholder?: true;
}

export async function collectTraces(guest: GuestFs, waagent: WaagentFacts | undefined): Promise<TraceFacts> {
  void guest;
  void waagent;
  return {};
}
