import type { GuestFs } from '../../guest/guest-fs.js';
import { tracesAt, tracesIn, type TraceFile } from './trace-file.js';

/** A DHCP lease or a persisted DHCP client identifier. */
export interface DhcpTrace extends TraceFile {
  /** lease = a previous network's lease; client-id = a DUID/IAID/secret that makes every clone ask as the same client. */
  kind: 'lease' | 'client-id';
  /** Which client wrote it: dhclient, dhcpcd, NetworkManager, systemd-networkd, wicked. */
  client: string;
}

/** Directories and name patterns of lease state, per client (waagent deprovision + virt-sysprep lists). */
const LEASE_DIRS: { dir: string; pattern: string; client: string }[] = [
  { dir: '/var/lib/dhcp', pattern: '*', client: 'dhclient' },
  { dir: '/var/lib/dhclient', pattern: '*', client: 'dhclient' },
  { dir: '/var/db', pattern: 'dhclient.leases.*', client: 'dhclient' },
  { dir: '/var/lib/dhcpcd', pattern: '*', client: 'dhcpcd' },
  { dir: '/var/lib/NetworkManager', pattern: '*.lease', client: 'NetworkManager' },
  { dir: '/run/systemd/netif/leases', pattern: '*', client: 'systemd-networkd' },
  { dir: '/var/lib/wicked', pattern: '*', client: 'wicked' },
];
/** Files that only hold a client identity. */
const CLIENT_ID_FILES: { path: string; client: string }[] = [
  { path: '/var/lib/NetworkManager/secret_key', client: 'NetworkManager' },
  { path: '/etc/dhcpcd.duid', client: 'dhcpcd' },
  { path: '/etc/dhcpcd.secret', client: 'dhcpcd' },
];
/** Names inside lease directories that are identifiers rather than leases. */
const CLIENT_ID_NAME = /(^|[-_.])(duid|iaid|secret)([-_.]|$)/i;

/**
 * Non-empty DHCP lease and client-identifier files. dhclient lease files that carry
 * `default-duid` (dhclient6.leases) count as client identifiers.
 */
export async function collectDhcpTraces(guest: GuestFs): Promise<DhcpTrace[]> {
  const out: DhcpTrace[] = [];
  for (const { dir, pattern, client } of LEASE_DIRS) {
    for (const trace of await tracesIn(guest, dir, pattern)) {
      if (trace.type !== 'file' || trace.size === 0) continue;
      const name = trace.path.slice(dir.length + 1);
      let kind: DhcpTrace['kind'] = CLIENT_ID_NAME.test(name) ? 'client-id' : 'lease';
      if (kind === 'lease' && client === 'dhclient' && /^\s*default-duid\s/m.test((await guest.readText(trace.path)) ?? '')) {
        kind = 'client-id';
      }
      out.push({ ...trace, kind, client });
    }
  }
  for (const { path, client } of CLIENT_ID_FILES) {
    for (const trace of await tracesAt(guest, [path])) {
      if (trace.type === 'file' && trace.size > 0) out.push({ ...trace, kind: 'client-id', client });
    }
  }
  return out;
}
