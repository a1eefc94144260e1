import type { GuestFs } from '../guest/guest-fs.js';

/** PLACEHOLDER: replaced by the module's owner. */
export interface SshdFacts {
  placeholder?: true;
}

export async function collectSshd(guest: GuestFs, ..._rest: unknown[]): Promise<SshdFacts> {
  void guest;
  return {};
}
