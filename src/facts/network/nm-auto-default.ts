import { describeDefinition } from './describe.js';
import type { NmSettings } from './nm-conf.js';
import { nmSpecsMatchAzureNic } from './nm-device-spec.js';
import type { InterfaceConfig, JudgedInterfaceConfig, NmAutoDefault, StackState } from './types.js';

/**
 * Whether NetworkManager gives Azure's eth0 its automatic DHCP profile ("Wired connection 1").
 * NetworkManager creates it for a managed Ethernet device when no profile it loads is compatible
 * with the device (nm-settings.c have_connection_for_device: every wired profile counts, whatever
 * its autoconnect) and `no-auto-default` does not name the device. Pure.
 */
export function nmAutoDefault(
  nm: StackState | undefined,
  settings: NmSettings,
  unmanaged: NmUnmanaged | undefined,
  profilesForEth0: readonly JudgedInterfaceConfig[],
): NmAutoDefault {
  if (nm?.active !== true) return { gives: false, reason: 'NetworkManager does not run at boot' };
  if (unmanaged) return { gives: false, reason: unmanaged.reason, at: unmanaged.at };
  const noAuto = settings.noAutoDefault;
  if (nmSpecsMatchAzureNic(noAuto.specs)) {
    return { gives: false, reason: `${noAuto.at!.excerpt} in ${noAuto.at!.path}`, at: noAuto.at! };
  }
  const profile = profilesForEth0[0];
  if (profile) {
    const off = profile.startsAtBoot === false ? ', even though it never autoconnects' : '';
    return {
      gives: false,
      reason: `the profile ${describeDefinition(profile)} matches eth0${off}`,
      at: { path: profile.path, line: profile.line, excerpt: profile.excerpt },
    };
  }
  return { gives: true, reason: 'NetworkManager runs and no profile matches eth0, so it creates "Wired connection 1" with DHCP' };
}

/** NetworkManager leaves Azure's eth0 alone, and why. */
export interface NmUnmanaged {
  reason: string;
  at: { path: string; line: number; excerpt: string };
}

/**
 * Whether NetworkManager leaves eth0 unmanaged: `[keyfile] unmanaged-devices` names it, ifcfg-rh loads an ifcfg
 * file with NM_CONTROLLED=no, DEVICE=eth0 and no HWADDR (it turns that into the unmanaged spec
 * `interface-name:eth0`; with HWADDR the spec is the old MAC, which the new NIC does not have), or its ifupdown plugin
 * is loaded with `[ifupdown] managed=false` (the default; Debian's NetworkManager.conf sets it) and
 * /etc/network/interfaces has a stanza for eth0. An unmanaged device gets neither profiles nor the automatic one. Pure.
 */
export function nmUnmanagedEth0(
  settings: NmSettings,
  eniEth0: Pick<InterfaceConfig, 'path' | 'line' | 'excerpt'> | undefined,
  ifcfgEth0NotControlled: Pick<InterfaceConfig, 'path' | 'line' | 'excerpt'> | undefined,
): NmUnmanaged | undefined {
  const list = settings.unmanagedDevices;
  if (list.at && nmSpecsMatchAzureNic(list.specs)) return { reason: `NetworkManager leaves eth0 unmanaged (${list.at.excerpt} in ${list.at.path})`, at: list.at };
  if (ifcfgEth0NotControlled) {
    const at = { path: ifcfgEth0NotControlled.path, line: ifcfgEth0NotControlled.line, excerpt: ifcfgEth0NotControlled.excerpt };
    return { reason: `NetworkManager leaves eth0 unmanaged: its ifcfg-rh plugin reads NM_CONTROLLED=no for DEVICE=eth0 in ${at.path}`, at };
  }
  const managed = settings.ifupdownManaged;
  if (eniEth0 && settings.plugins?.includes('ifupdown') && managed?.value !== true) {
    const setting = managed ? `${managed.excerpt} in ${managed.path}` : '[ifupdown] managed defaults to false';
    return {
      reason: `NetworkManager leaves eth0 unmanaged: its ifupdown plugin ignores interfaces listed in /etc/network/interfaces (${setting}), and ${eniEth0.path}:${eniEth0.line} lists eth0`,
      at: { path: eniEth0.path, line: eniEth0.line, excerpt: eniEth0.excerpt },
    };
  }
  return undefined;
}
