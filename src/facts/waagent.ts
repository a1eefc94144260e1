import type { GuestFs } from '../guest/guest-fs.js';

/** PLACEHOLDER: replaced by the module's owner. */
export interface WaagentFacts {
  placeholder?: true;
}

export async function collectWaagent(guest: GuestFs, ..._rest: unknown[]): Promise<WaagentFacts> {
  void guest;
  return {};
}
