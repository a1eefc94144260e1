import { IntentError } from '../errors.js';
import type { Architecture, HyperVGeneration, OsState } from './types.js';

/**
 * Value parsers for intended settings. Azure compares these enum values case-insensitively
 * ("generalized", "Generalized" and "GENERALIZED" all create the same definition), so we do
 * too, and return the canonical spelling. `origin` names where the value came from
 * ("--os-state", "osState in def.json") so the error tells the user what to fix.
 */

/** Canonical security types used by gallery image definitions (see RULES.md section 0). */
const securityTypes = [
  'Standard',
  'TrustedLaunch',
  'TrustedLaunchSupported',
  'ConfidentialVM',
  'ConfidentialVMSupported',
  'TrustedLaunchAndConfidentialVmSupported',
] as const;

const diskControllerTypes = ['SCSI', 'NVMe'] as const;

/** Finds `raw` among `allowed` ignoring case, or throws an IntentError listing the allowed values. */
function oneOf<T extends string>(raw: unknown, allowed: readonly T[], what: string, origin: string): T {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const match = typeof text === 'string' ? allowed.find((a) => a.toLowerCase() === text.toLowerCase()) : undefined;
  if (match === undefined) {
    const article = /^[aeiouAEIOU]/.test(what) ? 'an' : 'a';
    throw new IntentError(`${origin}: ${JSON.stringify(text)} is not ${article} ${what}; expected ${allowed.join(' or ')}`);
  }
  return match;
}

export function parseOsState(raw: unknown, origin: string): OsState {
  return oneOf(raw, ['Generalized', 'Specialized'], 'OS state', origin).toLowerCase() as OsState;
}

export function parseHyperVGeneration(raw: unknown, origin: string): HyperVGeneration {
  return oneOf(raw, ['V1', 'V2'] as const, 'Hyper-V generation', origin);
}

export function parseArchitecture(raw: unknown, origin: string): Architecture {
  return oneOf(raw, ['x64', 'Arm64'] as const, 'architecture', origin);
}

export function parseSecurityType(raw: unknown, origin: string): string {
  return oneOf(raw, securityTypes, 'security type', origin);
}

/** `IsAcceleratedNetworkSupported` is a string feature ("True"/"False"); ARM templates may also use a JSON boolean. */
export function parseBoolean(raw: unknown, origin: string): boolean {
  if (typeof raw === 'boolean') return raw;
  return oneOf(raw, ['True', 'False'] as const, 'boolean', origin) === 'True';
}

/** `DiskControllerTypes` is one comma-separated string feature: "SCSI, NVMe", "NVMe,SCSI". */
export function parseDiskControllerTypes(raw: unknown, origin: string): string[] {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new IntentError(`${origin}: ${JSON.stringify(raw)} is not a list of disk controller types; expected e.g. "SCSI, NVMe"`);
  }
  const types = raw.split(',').map((part) => oneOf(part, diskControllerTypes, 'disk controller type', origin));
  const repeated = types.find((t, i) => types.indexOf(t) !== i);
  if (repeated) throw new IntentError(`${origin}: ${JSON.stringify(raw.trim())} names ${repeated} twice; expected each of ${diskControllerTypes.join(', ')} at most once`);
  return types;
}
