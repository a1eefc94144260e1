import { IntentError } from '../errors.js';
import { getIgnoreCase, isObject, type JsonObject } from '../intent/arm-template.js';
import type { FleetImage, FleetListing } from './types.js';

/**
 * The image versions of a gallery image definition, from the JSON `az sig image-version list`
 * prints (an array of versions, each with `storageProfile.osDiskImage.source.uri`), or the REST
 * API's `{ "value": [...] }` list with the same fields under `properties`. A version made from
 * a VHD keeps the blob's URI there; one made from a managed image, disk, snapshot or VM has
 * only a resource ID, which the gate cannot read, so it is skipped and named.
 *
 * The versions do not carry the OS state or Hyper-V generation: the definition has them
 * (`az sig image-definition show`), so the caller passes them in `settings`. When the
 * definition's name is known, a version of another definition is refused.
 */
export function listImageVersions(text: string, label: string, settings: Pick<FleetImage, 'osState' | 'hyperVGeneration'>, definitionName?: string): FleetListing {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new IntentError(`cannot read ${label} as JSON: ${(cause as Error).message}`, { cause });
  }
  const versions = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.value) ? doc.value : undefined;
  if (!versions) throw new IntentError(`${label}: expected the JSON array \`az sig image-version list\` prints (or a REST list with "value")`);

  const listing: FleetListing = { images: [], skipped: [], notes: [] };
  versions.forEach((version: unknown, index: number) => {
    if (!isObject(version)) throw new IntentError(`${label}: item ${index} is not an object`);
    const name = typeof version.name === 'string' ? version.name : `item ${index}`;
    const id = typeof version.id === 'string' ? version.id : '';
    const defName = /\/images\/([^/]+)\/versions\//i.exec(id)?.[1];
    const shown = defName ? `${defName}/${name}` : name;
    if (definitionName && defName && defName.toLowerCase() !== definitionName.toLowerCase()) {
      // Gating versions of another definition against this one's settings would judge them wrongly.
      throw new IntentError(`${label}: version ${shown} belongs to image definition ${defName}, not ${definitionName}`);
    }
    const properties = isObject(version.properties) ? version.properties : version;
    const source = path(properties, ['storageProfile', 'osDiskImage', 'source']);
    const uri = isObject(source) ? getIgnoreCase(source, 'uri') : undefined;
    if (typeof uri !== 'string' || !/^https?:\/\//i.test(uri)) {
      const other = (isObject(source) && (getIgnoreCase(source, 'id') ?? getIgnoreCase(source, 'storageAccountId'))) || path(properties, ['storageProfile', 'source', 'id']);
      listing.skipped.push({ name: shown, reason: other ? `made from ${String(other).split('/').slice(-2).join('/')}, not a VHD blob: export a read SAS (az snapshot grant-access) and gate that` : 'no storageProfile.osDiskImage.source.uri' });
      return;
    }
    const image = uri.split('?')[0]!;
    listing.images.push({ name: shown, image, ...settings });
  });
  return listing;
}

function path(obj: JsonObject, keys: string[]): unknown {
  let here: unknown = obj;
  for (const key of keys) {
    if (!isObject(here)) return undefined;
    here = getIgnoreCase(here, key);
  }
  return here;
}
