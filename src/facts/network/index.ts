import type { GuestFs } from '../../guest/guest-fs.js';
import type { CloudInitFacts } from '../cloud-init.js';
import type { KernelCmdlineFacts } from '../kernel-cmdline.js';

/** PLACEHOLDER: replaced by the module's owner. */
export interface NetworkFacts {
  placeholder?: true;
}

export async function collectNetwork(
  guest: GuestFs,
  context: { cloudInit?: CloudInitFacts; kernelCmdline?: KernelCmdlineFacts },
): Promise<NetworkFacts> {
  void guest;
  void context;
  return {};
}
