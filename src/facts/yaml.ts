import { isAlias, isMap, isPair, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { LimitError } from '../errors.js';
import type { GuestFs } from '../guest/guest-fs.js';
import { limits, type Budget } from '../limits.js';

/**
 * The one way guest YAML (cloud-init, netplan) is parsed: within the yamlBytes, yamlDepth and
 * yamlAliases budgets of src/limits.ts. A document beyond one is a LimitError for that file,
 * never a crash and never a file quietly treated as invalid: the tools that read it (PyYAML,
 * libyaml) have no such limits and would load it, so we cannot say what they would see.
 * The parser is slow (about 1 MiB/s), so YAML also spends the run-wide yamlTotalBytes budget
 * of the guest view it came from (`meter`): many files of the right size cannot add up.
 * Syntax errors stay in `doc.errors`: what a tool does with a file it cannot parse is the
 * caller's business.
 */

/** A parsed document with the line counter its node ranges map through. */
export interface GuestYaml {
  doc: Document;
  lineCounter: LineCounter;
}

/** Where run-wide YAML spending is counted: the guest view the text was read from. */
export type YamlMeter = Pick<GuestFs, 'charge'>;

/**
 * Parses `text` (the content of guest file `path`) as YAML `version` (1.1 is PyYAML's, 1.2
 * libyaml's default here). `meter` is optional only for pure tests of one file.
 */
export function parseGuestYaml(text: string, path: string, options: { version?: '1.1' | '1.2'; meter?: YamlMeter } = {}): GuestYaml {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.yamlBytes) throw yamlLimit('yamlBytes', path, `a YAML document of ${bytes} bytes`);
  options.meter?.charge('yamlTotalBytes', bytes, path, `parsing ${bytes} bytes of YAML`);
  const version = options.version ?? '1.2';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version, lineCounter, uniqueKeys: false });
  // The yaml package turns its own stack overflow on deep nesting into a syntax error; it is depth, not syntax.
  if (doc.errors.some((e) => e.message.startsWith('Maximum call stack size exceeded'))) {
    throw yamlLimit('yamlDepth', path, 'YAML nested too deeply to parse');
  }
  const shape = measure(doc);
  if (shape.depth > limits.yamlDepth) throw yamlLimit('yamlDepth', path, `YAML nested ${shape.depth} levels deep`);
  if (shape.aliases > limits.yamlAliases) throw yamlLimit('yamlAliases', path, `${shape.aliases} YAML aliases`);
  return { doc, lineCounter };
}

/**
 * The document as plain JavaScript, aliases resolved. The yaml package refuses (ReferenceError)
 * when resolving would expand more than yamlAliases aliases in all: the "billion laughs" bomb.
 */
export function guestYamlToJs(parsed: GuestYaml, path: string): unknown {
  try {
    return parsed.doc.toJS({ maxAliasCount: limits.yamlAliases });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw yamlLimit('yamlAliases', path, 'YAML aliases that expand beyond the alias budget (an alias bomb)', error);
    }
    throw error;
  }
}

function yamlLimit(budget: Budget, path: string, what: string, cause?: unknown): LimitError {
  return new LimitError('guest', budget, limits[budget], `${what} exceeds the ${budget} budget of ${limits[budget]}`, { path, cause });
}

/** Deepest nesting of collections and number of alias nodes, walked without recursion (the document may be hostile). */
function measure(doc: Document): { depth: number; aliases: number } {
  let depth = 0;
  let aliases = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth: d } = stack.pop()!;
    if (isAlias(node)) aliases++;
    else if (isMap(node) || isSeq(node)) {
      depth = Math.max(depth, d + 1);
      for (const item of node.items) stack.push({ node: item, depth: d + 1 });
    } else if (isPair(node)) {
      stack.push({ node: node.key, depth: d }, { node: node.value, depth: d });
    }
  }
  return { depth, aliases };
}
