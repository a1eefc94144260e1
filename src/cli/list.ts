import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { GateError } from '../errors.js';
import { getIgnoreCase, isObject } from '../intent/arm-template.js';
import { buildIntent, loadImageDefinition } from '../intent/build-intent.js';
import { listImageVersions } from '../fleet/image-versions.js';
import { githubMatrixLimit, renderMatrix, type MatrixKind } from '../fleet/matrix.js';
import type { FleetImage, FleetListing } from '../fleet/types.js';
import { isBlobUrl } from '../io/blob/blob-url.js';
import { oneLine } from '../report/neutralise.js';
import { redact } from '../report/redact.js';
import type { CliIo } from './run.js';

const options = {
  prefix: { type: 'string' },
  'page-size': { type: 'string' },
  'image-versions': { type: 'string' },
  'image-definition': { type: 'string' },
  'os-state': { type: 'string' },
  'hyper-v-generation': { type: 'string' },
  matrix: { type: 'string' },
  'connection-string': { type: 'string' },
  'blob-endpoint': { type: 'string' },
} as const;

/** Names shown on stderr before "and N more". */
const shownSkipped = 20;

/**
 * `vhd-gate list`: the images a fleet audit fans out over, as a CI matrix on stdout (one line
 * of JSON) and what was left out on stderr. Either the page blobs under a container URL, or the
 * versions of a gallery image definition (`az sig image-version list` JSON, a file or `-` for
 * stdin). Exit 0 when listed (even empty), 2 on a usage or access error.
 */
export async function runList(argv: string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true }>>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true }));
  } catch (error) {
    return fail((error as Error).message, io);
  }
  const [containerUrl, ...extra] = positionals;
  if (extra.length > 0) return fail(`unexpected argument ${JSON.stringify(extra[0])}: list takes one CONTAINER-URL`, io);
  const versionsFile = values['image-versions'];
  if ((containerUrl === undefined) === (versionsFile === undefined)) {
    return fail('list needs a CONTAINER-URL or --image-versions FILE (one of them)', io);
  }
  const matrix = values.matrix ?? 'github';
  if (matrix !== 'github' && matrix !== 'azure-pipelines') return fail(`--matrix: ${JSON.stringify(matrix)} is not one of github, azure-pipelines`, io);
  if (versionsFile !== undefined) {
    const blobOnly = (['prefix', 'page-size', 'connection-string', 'blob-endpoint'] as const).find((o) => values[o] !== undefined);
    if (blobOnly) return fail(`--${blobOnly} applies to a CONTAINER-URL, not to --image-versions`, io);
  }

  try {
    const definition = values['image-definition'] === undefined ? undefined : await loadImageDefinition(values['image-definition']);
    const intent = buildIntent({
      osState: values['os-state'] === undefined ? undefined : { value: values['os-state'], label: '--os-state' },
      hyperVGeneration: values['hyper-v-generation'] === undefined ? undefined : { value: values['hyper-v-generation'], label: '--hyper-v-generation' },
      definition,
    });
    const settings: Pick<FleetImage, 'osState' | 'hyperVGeneration'> = {
      ...(intent.osState ? { osState: intent.osState } : {}),
      ...(intent.hyperVGeneration ? { hyperVGeneration: intent.hyperVGeneration } : {}),
    };
    let listing: FleetListing;
    if (versionsFile !== undefined) {
      const text = versionsFile === '-' ? await (io.stdin ?? readProcessStdin)() : await readVersions(versionsFile);
      const definitionName = definition ? await definitionNameOf(values['image-definition']!) : undefined;
      listing = listImageVersions(text, versionsFile === '-' ? 'stdin' : versionsFile, settings, definitionName);
    } else {
      if (!isBlobUrl(containerUrl!)) return fail(`CONTAINER-URL: expected an http(s) URL such as https://ACCOUNT.blob.core.windows.net/CONTAINER`, io);
      const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
      if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 5000)) return fail('--page-size: expected a whole number from 1 to 5000', io);
      // Loaded only here: the Azure SDK is most of the bundle.
      const { listPageBlobs } = await import('../fleet/list-blobs.js');
      listing = await listPageBlobs(containerUrl!, { prefix: values.prefix, pageSize, connectionString: values['connection-string'], blobEndpoint: values['blob-endpoint'], env: io.env });
      listing.images = listing.images.map((i) => ({ ...i, ...settings }));
    }
    report(listing, matrix, settings, io);
    io.stdout(renderMatrix(matrix, listing.images));
    return 0;
  } catch (error) {
    if (error instanceof GateError) return fail(error.message, io, error.layer !== 'io');
    throw error;
  }
}

/** What was listed and left out, on stderr (stdout holds only the matrix). */
function report(listing: FleetListing, matrix: MatrixKind, settings: Pick<FleetImage, 'osState' | 'hyperVGeneration'>, io: CliIo): void {
  const lines = [...listing.notes, `${listing.images.length} image${listing.images.length === 1 ? '' : 's'} to gate`];
  if (listing.skipped.length > 0) {
    lines.push(`skipped ${listing.skipped.length}:`);
    for (const s of listing.skipped.slice(0, shownSkipped)) lines.push(`  ${s.name}: ${s.reason}`);
    if (listing.skipped.length > shownSkipped) lines.push(`  and ${listing.skipped.length - shownSkipped} more`);
  }
  if (settings.osState === undefined || settings.hyperVGeneration === undefined) {
    lines.push('the matrix has no os-state or hyper-v-generation for some images: pass --image-definition (az sig image-definition show) or --os-state and --hyper-v-generation, or give the gate jobs an image-definition');
  }
  if (listing.images.length === 0) lines.push(matrix === 'github' ? 'the matrix is empty: GitHub refuses an empty matrix, so guard the gate job with `if: needs.list.outputs.matrix != \'{"include":[]}\'`' : 'the matrix is empty');
  if (matrix === 'github' && listing.images.length > githubMatrixLimit) {
    lines.push(`warning: ${listing.images.length} images, but GitHub Actions runs at most ${githubMatrixLimit} jobs per matrix: split the listing with --prefix`);
  }
  io.stderr(lines.map((l) => `vhd-gate list: ${oneLine(redact(l))}\n`).join(''));
}

async function readVersions(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new GateError('intent', 'unsupported', `cannot read --image-versions ${file}: ${code === 'ENOENT' ? 'no such file' : (cause as Error).message}`, { cause });
  }
}

/** The definition's `name` as `az sig image-definition show` prints it (not an ARM template's expression). */
async function definitionNameOf(file: string): Promise<string | undefined> {
  const doc: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isObject(doc)) return undefined;
  const name = getIgnoreCase(doc, 'name');
  return typeof name === 'string' && !name.startsWith('[') ? name : undefined;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(message: string, io: CliIo, usageHint = true): number {
  io.stderr(`${oneLine(redact(`vhd-gate list: ${message}`))}\n${usageHint ? 'Run `vhd-gate --help` for usage.\n' : ''}`);
  return 2;
}
