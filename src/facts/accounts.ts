import type { GuestFs } from '../guest/guest-fs.js';

/** PLACEHOLDER: replaced by the module's owner. */
export interface AccountsFacts {
  placeholder?: true;
}

export async function collectAccounts(guest: GuestFs, ..._rest: unknown[]): Promise<AccountsFacts> {
  void guest;
  return {};
}
