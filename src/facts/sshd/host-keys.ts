import type { GuestFs } from '../../guest/guest-fs.js';

/** An SSH host key file found in the image (content never read). */
export interface HostKeyFile {
  /** Guest path, e.g. /etc/ssh/ssh_host_ed25519_key. */
  path: string;
  /** True for the `.pub` half, false for the private key. */
  public: boolean;
  /** Size in bytes. */
  size: number;
}

/** The glob sshd's defaults, `ssh-keygen -A` and virt-sysprep's ssh-hostkeys all use. */
export const HOST_KEY_DIR = '/etc/ssh';
/** Name pattern of host key files in HOST_KEY_DIR. */
export const HOST_KEY_GLOB = 'ssh_host_*_key*';

/** Host key files under /etc/ssh (private and public), sorted by path. */
export async function listHostKeys(guest: GuestFs): Promise<HostKeyFile[]> {
  const keys: HostKeyFile[] = [];
  for (const path of await guest.glob(HOST_KEY_DIR, HOST_KEY_GLOB)) {
    const st = await guest.lstat(path);
    if (!st || st.node.type === 'dir') continue;
    keys.push({ path, public: path.endsWith('.pub'), size: st.node.size });
  }
  return keys;
}
