import type { GuestFs } from '../../guest/guest-fs.js';
import { isEnabledAtBoot } from '../systemd.js';
import type { StackId, StackState } from './types.js';

/** The unit that runs each network manager at boot. */
const STACK_UNITS: Record<StackId, string> = {
  'systemd-networkd': 'systemd-networkd.service',
  NetworkManager: 'NetworkManager.service',
  ifupdown: 'networking.service',
  'network-scripts': 'network.service',
  wicked: 'wicked.service',
};

/** netplan's systemd generator: it renders the YAML at every boot and starts the backend it needs. */
const NETPLAN_GENERATORS = ['/usr/lib/systemd/system-generators/netplan', '/lib/systemd/system-generators/netplan'];
/** RHEL 7/8 initscripts' SysV script behind network.service (systemd-sysv-generator makes the unit at boot). */
const INITSCRIPTS_NETWORK = '/etc/rc.d/init.d/network';
const SYSV_RUNLEVEL_DIRS = ['/etc/rc.d/rc3.d', '/etc/rc.d/rc5.d'];

/** Whether netplan (its generator) is installed. */
export async function netplanInstalled(guest: GuestFs): Promise<boolean> {
  for (const path of NETPLAN_GENERATORS) if (await guest.exists(path)) return true;
  return false;
}

/**
 * Which managers start at boot. `netplanNeedsNetworkd`: netplan is installed and renders
 * definitions to networkd, so its generator enables systemd-networkd at boot whatever the
 * unit's own state (netplan's generate.c enable_networkd()).
 */
export async function stackStates(guest: GuestFs, netplanNeedsNetworkd: boolean): Promise<StackState[]> {
  const out: StackState[] = [];
  for (const id of Object.keys(STACK_UNITS) as StackId[]) {
    const unit = STACK_UNITS[id];
    if (id === 'systemd-networkd' && netplanNeedsNetworkd) {
      out.push({ id, active: true, reason: `netplan's generator starts ${unit} for its networkd definitions` });
      continue;
    }
    const boot = await isEnabledAtBoot(guest, unit);
    if (boot.atBoot) {
      // SUSE aliases network.service to wicked.service: count it once, under wicked.
      const realUnit = boot.state.aliasOf;
      if (id === 'network-scripts' && realUnit && realUnit !== unit) {
        out.push({ id, active: false, reason: `${unit} is an alias of ${realUnit}` });
        continue;
      }
      out.push({ id, active: true, reason: boot.reason });
      continue;
    }
    if (id === 'network-scripts' && boot.state.state === 'absent') {
      out.push({ id, ...(await initscriptsState(guest)) });
      continue;
    }
    out.push({ id, active: false, reason: boot.reason });
  }
  return out;
}

/** SysV `network` script enabled by a runlevel S-link (chkconfig network on). */
async function initscriptsState(guest: GuestFs): Promise<Omit<StackState, 'id'>> {
  if (!(await guest.exists(INITSCRIPTS_NETWORK))) return { active: false, reason: 'no network.service unit and no /etc/rc.d/init.d/network' };
  for (const dir of SYSV_RUNLEVEL_DIRS) {
    const links = await guest.glob(dir, 'S*network');
    if (links.length > 0) return { active: true, reason: `SysV ${INITSCRIPTS_NETWORK} enabled by ${links[0]}` };
  }
  return { active: false, reason: `SysV ${INITSCRIPTS_NETWORK} has no S-link in runlevel 3 or 5` };
}
