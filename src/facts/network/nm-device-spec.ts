import { globToRegExp } from '../../guest/guest-fs.js';
import { AZURE_PRIMARY_NIC } from './azure-nic.js';

/**
 * NetworkManager's device-list format (NetworkManager.conf(5) "Device List Format"), as used by
 * no-auto-default and unmanaged-devices, matched against Azure's primary NIC: an Ethernet device
 * named eth0, driver hv_netvsc, whose MAC the image has never seen (a MAC spec never matches it).
 */
export function nmSpecsMatchAzureNic(specs: readonly string[]): boolean {
  const positive = specs.filter((s) => !s.startsWith('except:'));
  const negative = specs.filter((s) => s.startsWith('except:')).map((s) => s.slice('except:'.length));
  // except: wins over any positive match; a list of only except: specs behaves as if `*` were in it.
  if (negative.some(specMatches)) return false;
  return positive.length === 0 ? negative.length > 0 : positive.some(specMatches);
}

const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

function specMatches(spec: string): boolean {
  if (spec === '*') return true;
  const colon = spec.indexOf(':');
  const prefix = colon > 0 ? spec.slice(0, colon) : '';
  const value = spec.slice(colon + 1);
  switch (prefix) {
    case 'interface-name':
      if (value.startsWith('=')) return value.slice(1) === AZURE_PRIMARY_NIC.name;
      return globToRegExp(value.startsWith('~') ? value.slice(1) : value).test(AZURE_PRIMARY_NIC.name);
    case 'type':
      return value === 'ethernet';
    case 'driver':
      return value.split('/')[0] === AZURE_PRIMARY_NIC.driver;
    case 'mac':
    case 's390-subchannels':
    case 'dhcp-plugin':
      return false;
    default:
      // A bare spec is a MAC (never the new NIC's) or an exact interface name.
      return !MAC.test(spec) && spec === AZURE_PRIMARY_NIC.name;
  }
}
