import type { GuestFs } from '../guest/guest-fs.js';

/** PLACEHOLDER: replaced by the module's owner. */
export interface KernelCmdlineFacts {
  placeholder?: true;
}

export async function collectKernelCmdline(guest: GuestFs, ..._rest: unknown[]): Promise<KernelCmdlineFacts> {
  void guest;
  return {};
}
