import { readFile } from 'node:fs/promises';
import { IntentError } from '../errors.js';
import { parseImageDefinition, type DefinitionFile } from './definition-file.js';
import type { Intent } from './types.js';
import { parseArchitecture, parseBoolean, parseDiskControllerTypes, parseHyperVGeneration, parseOsState, parseSecurityType } from './values.js';

/** A setting given directly by the caller, with the name the caller used ("--os-state", "input os-state"). */
export interface GivenValue {
  value: string;
  label: string;
}

/** What the caller gave: direct values and/or a parsed definition file. */
export interface IntentInputs {
  osState?: GivenValue;
  hyperVGeneration?: GivenValue;
  architecture?: GivenValue;
  securityType?: GivenValue;
  /** "true"/"false": the definition's IsAcceleratedNetworkSupported feature. */
  acceleratedNetworking?: GivenValue;
  /** "SCSI,NVMe": the definition's DiskControllerTypes feature. */
  diskControllerTypes?: GivenValue;
  definition?: { file: DefinitionFile; label: string };
}

/**
 * Combines caller-given values with a definition file. A given value that agrees with the
 * file is fine (both are named as sources); one that differs is the caller's mistake and
 * throws, because silently preferring either would gate against the wrong definition.
 */
export function buildIntent(inputs: IntentInputs): Intent {
  const intent: Intent = { sources: {} };
  const definition = inputs.definition;
  if (definition) {
    for (const [field, fileValue] of Object.entries(definition.file.values)) {
      (intent as unknown as Record<string, unknown>)[field] = fileValue.value;
      intent.sources[field as keyof Intent['sources']] = definition.label;
    }
    if (definition.file.notes.length > 0) intent.notes = [...definition.file.notes];
  }
  const given = [
    { field: 'osState', input: inputs.osState, parse: parseOsState },
    { field: 'hyperVGeneration', input: inputs.hyperVGeneration, parse: parseHyperVGeneration },
    { field: 'architecture', input: inputs.architecture, parse: parseArchitecture },
    { field: 'securityType', input: inputs.securityType, parse: parseSecurityType },
    { field: 'acceleratedNetworking', input: inputs.acceleratedNetworking, parse: parseBoolean },
    { field: 'diskControllerTypes', input: inputs.diskControllerTypes, parse: parseDiskControllerTypes },
  ] as const;
  for (const { field, input, parse } of given) {
    if (!input || input.value.trim() === '') continue;
    const value = parse(input.value, input.label);
    const fromFile = definition?.file.values[field];
    if (fromFile && !sameSetting(fromFile.value, value)) {
      throw new IntentError(`${input.label} ${input.value.trim()} contradicts ${fromFile.field} ${fromFile.raw} in ${definition!.label}`);
    }
    (intent as unknown as Record<string, unknown>)[field] = value;
    intent.sources[field] = fromFile ? `${input.label}, ${definition!.label}` : input.label;
  }
  return intent;
}

/** Equal settings; disk controller types are a set ("SCSI, NVMe" declares what "NVMe,SCSI" does). */
function sameSetting(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x) => b.includes(x));
  return a === b;
}

/** Reads and parses an image-definition file; a missing or unreadable file is the caller's mistake. */
export async function loadImageDefinition(path: string): Promise<{ file: DefinitionFile; label: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (cause as Error).message;
    throw new IntentError(`cannot read image definition ${path}: ${why}`, { cause });
  }
  return { file: parseImageDefinition(text, path), label: path };
}
