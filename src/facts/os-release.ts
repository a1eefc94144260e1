import type { GuestFs } from '../guest/guest-fs.js';

/** PLACEHOLDER: replaced by the module's owner. */
export interface OsReleaseFacts {
  placeholder?: true;
}

export async function collectOsRelease(guest: GuestFs, ..._rest: unknown[]): Promise<OsReleaseFacts> {
  void guest;
  return {};
}
