import { IntentError } from '../errors.js';
import {
  findGalleryImages,
  getIgnoreCase,
  isArmTemplate,
  isObject,
  resolveArmValue,
  type JsonObject,
  type Resolved,
} from './arm-template.js';
import type { IntentField, Intent } from './types.js';
import {
  parseArchitecture,
  parseBoolean,
  parseDiskControllerTypes,
  parseHyperVGeneration,
  parseOsState,
  parseSecurityType,
} from './values.js';

/** A value read from an image-definition file, with how it was written there (for contradiction messages). */
export interface FileValue<T> {
  value: T;
  /** The value as written in the file, e.g. "Generalized". */
  raw: string;
  /** The field it came from: "osState", "features[SecurityType]". */
  field: string;
}

/** Which of the two supported file shapes (plus the REST API body az wraps) a file had. */
export type DefinitionShape = 'az-cli' | 'rest-api' | 'arm-template';

/** What an image-definition file says, field by field. */
export interface DefinitionFile {
  shape: DefinitionShape;
  values: { [K in IntentField]?: FileValue<NonNullable<Intent[K]>> };
  /** Values present but not usable (unresolved ARM expressions), stated for the report. */
  notes: string[];
}

/** Field name in the definition -> intent field and parser. */
const topLevelFields = {
  osState: { field: 'osState', parse: parseOsState },
  hyperVGeneration: { field: 'hyperVGeneration', parse: parseHyperVGeneration },
  architecture: { field: 'architecture', parse: parseArchitecture },
} as const;

/** `features[].name` (case-insensitive) -> intent field and parser. */
const featureFields = {
  securitytype: { field: 'securityType', parse: parseSecurityType },
  isacceleratednetworksupported: { field: 'acceleratedNetworking', parse: parseBoolean },
  diskcontrollertypes: { field: 'diskControllerTypes', parse: parseDiskControllerTypes },
} as const;

/**
 * Parses an image-definition file: the JSON `az sig image-definition show` prints, the
 * REST API body (fields under `properties`), or an ARM template with one
 * Microsoft.Compute/galleries/images resource. `label` names the file in messages.
 */
export function parseImageDefinition(text: string, label: string): DefinitionFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new IntentError(`cannot read ${label} as JSON: ${(cause as Error).message}`, { cause });
  }
  if (!isObject(doc)) throw new IntentError(`${label} is not a JSON object; expected an image definition or an ARM template`);

  if (isArmTemplate(doc)) {
    const images = findGalleryImages(doc);
    if (images.length === 0) {
      throw new IntentError(`${label} is an ARM template without a Microsoft.Compute/galleries/images resource`);
    }
    if (images.length > 1) {
      throw new IntentError(
        `${label} defines ${images.length} gallery image definitions (${images.map((i) => i.name).join(', ')}); pass a file with one`,
      );
    }
    const image = images[0]!;
    return readProperties(image.properties, label, 'arm-template', (v) => resolveArmValue(v, image.template));
  }
  const properties = getIgnoreCase(doc, 'properties');
  if (isObject(properties) && getIgnoreCase(doc, 'osState') === undefined) {
    return readProperties(properties, label, 'rest-api', (value) => ({ value }));
  }
  return readProperties(doc, label, 'az-cli', (value) => ({ value }));
}

function readProperties(
  properties: JsonObject,
  label: string,
  shape: DefinitionShape,
  resolve: (value: unknown) => Resolved,
): DefinitionFile {
  const result: DefinitionFile = { shape, values: {}, notes: [] };
  const take = (field: IntentField, where: string, raw: unknown, parse: (raw: unknown, origin: string) => unknown): void => {
    if (raw === undefined || raw === null) return;
    const resolved = resolve(raw);
    if ('unresolved' in resolved) {
      result.notes.push(`${where} in ${label} is not known: ${resolved.unresolved}`);
      return;
    }
    const value = parse(resolved.value, `${where} in ${label}`);
    (result.values as Record<string, FileValue<unknown>>)[field] = { value, raw: String(resolved.value), field: where };
  };

  for (const [name, { field, parse }] of Object.entries(topLevelFields)) {
    take(field, name, getIgnoreCase(properties, name), parse);
  }
  const features = getIgnoreCase(properties, 'features');
  if (Array.isArray(features)) {
    for (const feature of features) {
      if (!isObject(feature)) continue;
      const name = resolve(feature.name);
      if (!('value' in name) || typeof name.value !== 'string') continue;
      const known = featureFields[name.value.toLowerCase() as keyof typeof featureFields];
      if (known) take(known.field, `features[${name.value}]`, feature.value, known.parse);
    }
  }
  return result;
}
