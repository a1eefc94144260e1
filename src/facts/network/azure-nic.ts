import { globToRegExp } from '../../guest/guest-fs.js';
import type { AzureApplicability, InterfaceMatch } from './types.js';

/**
 * The primary NIC an Azure VM gets: a synthetic VMBus device driven by hv_netvsc, named
 * eth0 by the kernel (udev's net_id has no slot or path name for VMBus devices, so
 * predictable naming leaves it eth0 with or without net.ifnames=0), with a MAC address the
 * image has never seen, configured by DHCP.
 */
export const AZURE_PRIMARY_NIC = { name: 'eth0', driver: 'hv_netvsc' } as const;

/** Names only predictable naming (or other hardware) gives: they do not exist on Azure. */
const ABSENT_ON_AZURE = /^(en|wl|ww|ib|sl)/;

/** Whether a definition with this match would configure Azure's eth0, and why. Pure. */
export function azureApplicability(match: InterfaceMatch): AzureApplicability {
  const { names, drivers, macs } = match;
  const nameOk = !names || names.some((n) => globMatches(n, AZURE_PRIMARY_NIC.name));
  const driverOk = !drivers || drivers.some((d) => globMatches(d, AZURE_PRIMARY_NIC.driver));
  const macBound = (macs?.length ?? 0) > 0;
  const namesOnlyAbsent = !!names && !nameOk && names.every((n) => ABSENT_ON_AZURE.test(n));
  const unmet = match.unmet ?? [];
  const appliesToEth0 = nameOk && driverOk && !macBound && unmet.length === 0;
  const reason = macBound
    ? `matches MAC ${macs!.join(', ')}, which Azure's new NIC will not have`
    : !nameOk
      ? `names ${names!.join(', ')}; Azure's primary NIC is eth0`
      : !driverOk
        ? `matches driver ${drivers!.join(', ')}; Azure's NIC uses hv_netvsc`
        : unmet.length > 0
          ? `its other conditions (${unmet.join(', ')}) do not hold for Azure's NIC`
          : names
          ? `matches eth0 by name (${names.join(', ')})`
          : drivers
            ? `matches the hv_netvsc driver (${drivers.join(', ')})`
            : 'matches every interface';
  return { appliesToEth0, macBound, namesOnlyAbsent, reason };
}

/** A match pattern (glob, optionally `!`-negated as systemd allows) against a value. */
function globMatches(pattern: string, value: string): boolean {
  if (pattern.startsWith('!')) return !globToRegExp(pattern.slice(1)).test(value);
  return globToRegExp(pattern).test(value);
}
