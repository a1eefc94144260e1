import { joinPath, type GuestFs } from '../guest/guest-fs.js';
import { listHostKeys, type HostKeyFile } from './sshd/host-keys.js';
import { collectDhcpTraces, type DhcpTrace } from './traces/dhcp.js';
import { libDirOf, type LibDir } from './traces/lib-dir.js';
import { readMachineId, type MachineIdFact } from './traces/machine-id.js';
import { traceAt, tracesAt, tracesIn, type TraceFile } from './traces/trace-file.js';
import { collectHistories } from './traces/user-files.js';
import type { WaagentFacts } from './waagent.js';

export type { TraceFile } from './traces/trace-file.js';
export type { DhcpTrace } from './traces/dhcp.js';
export type { MachineIdFact, MachineIdState } from './traces/machine-id.js';
export type { LibDir } from './traces/lib-dir.js';

/**
 * What a previous boot left behind (RULES.md §E, waagent -deprovision and virt-sysprep lists).
 * Presence, type and size only: no content is kept (ovf-env.xml holds the admin password and
 * custom data, lease files hold addresses, histories hold anything).
 */
export interface TraceFacts {
  /** The agent state directory inspected (the image's Lib.Dir). */
  libDir: LibDir;
  /** <Lib.Dir>/provisioned: the agent's "this VM is provisioned" sentinel. */
  provisionedMarker?: TraceFile;
  /** <Lib.Dir>/ovf-env.xml: the previous deployment's provisioning data (secret: presence only). */
  ovfEnv?: TraceFile;
  /** Every other entry directly under Lib.Dir (goal state, certificates, extension dirs, history). */
  waagentState: TraceFile[];
  /** /etc/ssh/ssh_host_*_key*. */
  hostKeys: HostKeyFile[];
  /** /etc/machine-id. */
  machineId: MachineIdFact;
  /** /var/lib/dbus/machine-id (healthy: absent or a symlink to /etc/machine-id). */
  dbusMachineId: MachineIdFact;
  /** cloud-init per-instance state under /var/lib/cloud (seed/ excluded: `cloud-init clean` keeps it). */
  cloudInitState: TraceFile[];
  /** Non-empty DHCP leases and client identifiers. */
  dhcp: DhcpTrace[];
  /** Non-empty shell/tool histories in /root and /home/*. */
  histories: TraceFile[];
  /** Provisioning-agent logs: waagent.log*, cloud-init*.log, /var/log/azure. */
  logs: TraceFile[];
  /** /etc/hostname's name, when the file has one. */
  hostname?: { path: string; value: string; line: number };
}

const CLOUD_DIR = '/var/lib/cloud';
/** cloud-init state files written per instance (cloudinit/stages.py, DataSourceAzure reported_ready). */
const CLOUD_DATA_FILES = [
  'instance-id',
  'previous-instance-id',
  'previous-datasource',
  'previous-hostname',
  'set-hostname',
  'reported_ready',
  'result.json',
  'status.json',
].map((name) => `${CLOUD_DIR}/data/${name}`);
const HOSTNAME = '/etc/hostname';

/** Inventories deprovision traces; `waagent` supplies the image's Lib.Dir. */
export async function collectTraces(guest: GuestFs, waagent: WaagentFacts | undefined): Promise<TraceFacts> {
  const libDir = libDirOf(waagent);
  const provisionedMarker = await traceAt(guest, joinPath(libDir.path, 'provisioned'));
  const ovfEnv = await traceAt(guest, joinPath(libDir.path, 'ovf-env.xml'));
  const waagentState = (await tracesIn(guest, libDir.path)).filter(
    (t) => t.path !== provisionedMarker?.path && t.path !== ovfEnv?.path,
  );
  const cloudInitState = [
    ...(await tracesAt(guest, [`${CLOUD_DIR}/instance`])),
    ...(await tracesIn(guest, `${CLOUD_DIR}/instances`)),
    ...(await tracesAt(guest, CLOUD_DATA_FILES)),
    ...(await tracesIn(guest, `${CLOUD_DIR}/sem`)),
  ];
  const logs = [
    ...(await tracesIn(guest, '/var/log', 'waagent.log*')),
    ...(await tracesIn(guest, '/var/log', 'cloud-init*.log*')),
    ...(await tracesAt(guest, ['/var/log/azure'])),
  ].filter((t) => t.size > 0);
  const hostname = await readHostname(guest);
  return {
    libDir,
    ...(provisionedMarker ? { provisionedMarker } : {}),
    ...(ovfEnv ? { ovfEnv } : {}),
    waagentState,
    hostKeys: await listHostKeys(guest),
    machineId: await readMachineId(guest, '/etc/machine-id'),
    dbusMachineId: await readMachineId(guest, '/var/lib/dbus/machine-id'),
    cloudInitState,
    dhcp: await collectDhcpTraces(guest),
    histories: await collectHistories(guest),
    logs,
    ...(hostname ? { hostname } : {}),
  };
}

/** First non-comment line of /etc/hostname (hostname(5)). */
async function readHostname(guest: GuestFs): Promise<TraceFacts['hostname']> {
  const text = await guest.readText(HOSTNAME);
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return index < 0 ? undefined : { path: HOSTNAME, value: lines[index]!.trim(), line: index + 1 };
}
