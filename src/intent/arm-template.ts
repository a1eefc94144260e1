/**
 * The parts of an ARM template vhd-gate reads: the Microsoft.Compute/galleries/images
 * resource (top level, nested under its gallery, or inside a nested deployment) and the
 * simple expressions its properties use. We do not evaluate ARM expressions in general:
 * only `[parameters('x')]` and `[variables('x')]`, resolved from the template's own
 * defaultValue / variables. Anything else is reported as unresolved, never guessed.
 */

/** A JSON object as parsed. */
export type JsonObject = Record<string, unknown>;

/** One gallery image definition resource found in a template. */
export interface GalleryImageResource {
  /** The resource's `name` as written (often an expression). */
  name: string;
  /** The resource's `properties` object. */
  properties: JsonObject;
  /** The template that declares it: its parameters and variables resolve the expressions. */
  template: JsonObject;
}

/** A resolved value, or why it could not be resolved. */
export type Resolved = { value: unknown } | { unresolved: string };

const galleryImageType = 'microsoft.compute/galleries/images';
/** Bounds parameter -> variable -> parameter chains; a template cannot make us loop. */
const maxResolveDepth = 8;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An ARM template has a deploymentTemplate $schema or a `resources` list/map. */
export function isArmTemplate(doc: JsonObject): boolean {
  const schema = typeof doc.$schema === 'string' ? doc.$schema.toLowerCase() : '';
  return schema.includes('deploymenttemplate') || Array.isArray(doc.resources) || (isObject(doc.resources) && 'contentVersion' in doc);
}

/** Gets `key` from an object ignoring case: ARM property and parameter names are case-insensitive. */
export function getIgnoreCase(obj: JsonObject, key: string): unknown {
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  const found = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : obj[found];
}

/** Resources as an array: templates list them in an array; Bicep's languageVersion 2.0 output uses a symbolic-name map. */
function resourceList(resources: unknown): JsonObject[] {
  if (Array.isArray(resources)) return resources.filter(isObject);
  if (isObject(resources)) return Object.values(resources).filter(isObject);
  return [];
}

/** Every gallery image resource in the template, including nested child resources and nested deployments. */
export function findGalleryImages(template: JsonObject): GalleryImageResource[] {
  const found: GalleryImageResource[] = [];
  const walk = (resources: unknown, parentType: string, scope: JsonObject, depth: number): void => {
    if (depth > maxResolveDepth) return;
    for (const resource of resourceList(resources)) {
      const ownType = typeof resource.type === 'string' ? resource.type : '';
      // A child declared inside its parent's `resources` may use the short type ("images").
      const type = parentType && !ownType.includes('/') ? `${parentType}/${ownType}` : ownType;
      const properties = resource.properties;
      if (type.toLowerCase() === galleryImageType && isObject(properties)) {
        found.push({ name: typeof resource.name === 'string' ? resource.name : '(unnamed)', properties, template: scope });
      }
      if (type.toLowerCase() === 'microsoft.resources/deployments' && isObject(properties) && isObject(properties.template)) {
        walk(properties.template.resources, '', properties.template, depth + 1);
      }
      walk(resource.resources, type, scope, depth + 1);
    }
  };
  walk(template.resources, '', template, 0);
  return found;
}

/**
 * Resolves one property value. Strings in brackets are ARM expressions; "[[" escapes a
 * literal bracket. Non-strings are returned as they are.
 */
export function resolveArmValue(value: unknown, template: JsonObject, depth = 0): Resolved {
  if (typeof value !== 'string' || !value.startsWith('[') || !value.endsWith(']')) return { value };
  if (value.startsWith('[[')) return { value: value.slice(1) };
  if (depth >= maxResolveDepth) return { unresolved: `${value} (expressions nest deeper than ${maxResolveDepth} levels)` };
  const reference = /^\[\s*(parameters|variables)\(\s*'([^']*)'\s*\)\s*\]$/i.exec(value);
  if (!reference) return { unresolved: `${value} is an ARM expression vhd-gate does not evaluate` };
  const kind = reference[1]!.toLowerCase();
  const name = reference[2]!;
  if (kind === 'parameters') {
    const parameters = isObject(template.parameters) ? template.parameters : {};
    const parameter = getIgnoreCase(parameters, name);
    if (!isObject(parameter)) return { unresolved: `${value}: the template declares no parameter "${name}"` };
    if (!('defaultValue' in parameter)) return { unresolved: `${value}: parameter "${name}" has no defaultValue` };
    return chain(value, resolveArmValue(parameter.defaultValue, template, depth + 1));
  }
  const variables = isObject(template.variables) ? template.variables : {};
  const variable = getIgnoreCase(variables, name);
  if (variable === undefined) return { unresolved: `${value}: the template declares no variable "${name}"` };
  return chain(value, resolveArmValue(variable, template, depth + 1));
}

/** Prefixes an inner failure with the outer expression, so the user sees the whole chain. */
function chain(outer: string, inner: Resolved): Resolved {
  return 'unresolved' in inner ? { unresolved: `${outer} -> ${inner.unresolved}` } : inner;
}
