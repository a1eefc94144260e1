import { describeDefinition } from './describe.js';
import type { NmSettings } from './nm-conf.js';
import { nmSpecsMatchAzureNic } from './nm-device-spec.js';
import type { JudgedInterfaceConfig, NmAutoDefault, StackState } from './types.js';

/**
 * Whether NetworkManager gives Azure's eth0 its automatic DHCP profile ("Wired connection 1").
 * NetworkManager creates it for a managed Ethernet device when no profile it loads is compatible
 * with the device (nm-settings.c have_connection_for_device: every wired profile counts, whatever
 * its autoconnect) and `no-auto-default` does not name the device. Pure.
 */
export function nmAutoDefault(nm: StackState | undefined, settings: NmSettings, profilesForEth0: readonly JudgedInterfaceConfig[]): NmAutoDefault {
  if (nm?.active !== true) return { gives: false, reason: 'NetworkManager does not run at boot' };
  const unmanaged = settings.unmanagedDevices;
  if (nmSpecsMatchAzureNic(unmanaged.specs)) {
    return { gives: false, reason: `eth0 is unmanaged (${unmanaged.at!.excerpt} in ${unmanaged.at!.path})`, at: unmanaged.at! };
  }
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
