import type { GuestFs } from '../guest/guest-fs.js';

/** PLACEHOLDER: replaced by the module's owner. */
export interface CloudInitFacts {
  placeholder?: true;
}

export async function collectCloudInit(guest: GuestFs, ..._rest: unknown[]): Promise<CloudInitFacts> {
  void guest;
  return {};
}
