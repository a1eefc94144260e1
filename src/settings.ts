import path from 'node:path';
import { IntentError } from './errors.js';
import type { CheckSettings, InspectSettings } from './inspect.js';
import { buildIntent, loadImageDefinition } from './intent/build-intent.js';
import { isBlobUrl } from './io/blob/blob-url.js';
import type { ImageSourceOptions } from './io/open-source.js';
import { policyRuleIds } from './policy/apply.js';
import { ConfigError, loadPolicy, type GatePolicy } from './policy/config.js';
import { defaultDocsUrl } from './rules/docs-url.js';
import { rules } from './rules/index.js';

/**
 * The one place caller inputs (CLI flags, action inputs) become settings. Everything the
 * caller can get wrong is checked here and reported as a SettingsError or IntentError with
 * the input's own name, before any image is opened.
 */

/** Lowest severity that fails a check. */
export type FailOn = CheckSettings['failOn'];
/** Report format for the CLI; sarif only for check (report/sarif.ts). */
export type Format = 'text' | 'json' | 'sarif';

/** A caller mistake outside the intent (unknown command, bad --format, missing image). */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** Check inputs as given, before validation; each is a raw string or absent. */
export interface RawCheckInputs {
  image?: string;
  osState?: string;
  hyperVGeneration?: string;
  imageDefinition?: string;
  /** x64 or Arm64. */
  architecture?: string;
  /** The definition's SecurityType feature (Standard, TrustedLaunch, ...). */
  securityType?: string;
  /** Comma-separated: SCSI, NVMe. */
  diskControllerTypes?: string;
  /** true or false: the IsAcceleratedNetworkSupported feature. */
  acceleratedNetworking?: string;
  failOn?: string;
  /** Storage connection string for a blob IMAGE (secret). */
  connectionString?: string;
  /** Custom blob endpoint for a blob IMAGE (Azurite, sovereign clouds). */
  blobEndpoint?: string;
  /** Base URL of the rule pages (a fork's docs); else VHD_GATE_DOCS_URL, else the project's. */
  docsUrl?: string;
  /** Policy file (waivers, severity overrides); else .vhd-gate.yml in the working directory when present. */
  config?: string;
}

/** How each input is named to the caller in messages. */
export interface InputNames {
  image: string;
  osState: string;
  hyperVGeneration: string;
  imageDefinition: string;
  architecture: string;
  securityType: string;
  diskControllerTypes: string;
  acceleratedNetworking: string;
  failOn: string;
  docsUrl: string;
  config: string;
}

export const cliInputNames: InputNames = {
  image: 'IMAGE',
  osState: '--os-state',
  hyperVGeneration: '--hyper-v-generation',
  imageDefinition: '--image-definition',
  architecture: '--architecture',
  securityType: '--security-type',
  diskControllerTypes: '--disk-controller-types',
  acceleratedNetworking: '--accelerated-networking',
  failOn: '--fail-on',
  docsUrl: '--docs-url',
  config: '--config',
};

export const actionInputNames: InputNames = {
  image: 'input image',
  osState: 'input os-state',
  hyperVGeneration: 'input hyper-v-generation',
  imageDefinition: 'input image-definition',
  architecture: 'input architecture',
  securityType: 'input security-type',
  diskControllerTypes: 'input disk-controller-types',
  acceleratedNetworking: 'input accelerated-networking',
  failOn: 'input fail-on',
  docsUrl: 'input docs-url',
  config: 'input config',
};

/** Settings of `vhd-gate check` / the action: image, intent, threshold, policy. `cwd` is where .vhd-gate.yml is looked for. */
export async function buildCheckSettings(raw: RawCheckInputs, names: InputNames, env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<CheckSettings> {
  const image = requireImage(raw.image, names);
  const failOn = oneOf(raw.failOn, ['error', 'warning'] as const, names.failOn, 'error');
  const given = (value: string | undefined, label: string) => (present(value) ? { value: value!.trim(), label } : undefined);
  const definition = present(raw.imageDefinition) ? await loadImageDefinition(raw.imageDefinition!.trim()) : undefined;
  const intent = buildIntent({
    osState: given(raw.osState, names.osState),
    hyperVGeneration: given(raw.hyperVGeneration, names.hyperVGeneration),
    architecture: given(raw.architecture, names.architecture),
    securityType: given(raw.securityType, names.securityType),
    diskControllerTypes: given(raw.diskControllerTypes, names.diskControllerTypes),
    acceleratedNetworking: given(raw.acceleratedNetworking, names.acceleratedNetworking),
    definition,
  });
  if (intent.osState === undefined) {
    const why = (intent.notes ?? []).filter((n) => n.startsWith('osState'));
    throw new IntentError(
      `check needs ${names.osState} or an image definition with osState${why.length ? ` (${why.join('; ')})` : ''}; ` +
        'run `vhd-gate inspect IMAGE` to see what the image looks like',
    );
  }
  const policy = await policySettings(raw.config, cwd, names);
  return { image, intent, failOn, docsUrl: docsUrl(raw.docsUrl, env, names), ...(policy ? { policy } : {}), ...blobSettings(image, raw, names) };
}

/** The policy file (policy/config.ts); its mistakes are usage errors naming file and line. */
async function policySettings(given: string | undefined, cwd: string, names: Pick<InputNames, 'config'>): Promise<GatePolicy | undefined> {
  try {
    return await loadPolicy(given, cwd, [...rules.map((r) => r.id), ...policyRuleIds], names.config);
  } catch (error) {
    if (error instanceof ConfigError) throw new SettingsError(error.message);
    throw error;
  }
}

/** Settings of `vhd-gate inspect`. */
export function buildInspectSettings(raw: Pick<RawCheckInputs, 'image' | 'connectionString' | 'blobEndpoint'>, names: Pick<InputNames, 'image'>): InspectSettings {
  const image = requireImage(raw.image, names);
  return { image, ...blobSettings(image, raw, names) };
}

/** CLI flag / action input names of the blob options, for messages. */
export const blobInputNames = {
  cli: { connectionString: '--connection-string', blobEndpoint: '--blob-endpoint' },
  action: { connectionString: 'input connection-string', blobEndpoint: 'input blob-endpoint' },
} as const;

/**
 * The blob options, only for a blob IMAGE: given with a local path they would be ignored
 * silently, which hides a typo in the URL, so they are refused. The endpoint must be a URL.
 */
function blobSettings(image: string, raw: Pick<RawCheckInputs, 'connectionString' | 'blobEndpoint'>, names: Pick<InputNames, 'image'>): { blob?: ImageSourceOptions } {
  const kind = names.image === cliInputNames.image ? blobInputNames.cli : blobInputNames.action;
  const connectionString = present(raw.connectionString) ? raw.connectionString!.trim() : undefined;
  const blobEndpoint = present(raw.blobEndpoint) ? raw.blobEndpoint!.trim() : undefined;
  if (!connectionString && !blobEndpoint) return {};
  if (!isBlobUrl(image)) {
    const given = connectionString ? kind.connectionString : kind.blobEndpoint;
    throw new SettingsError(`${given} applies only when ${names.image} is a blob URL (https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB)`);
  }
  if (blobEndpoint && !isBlobUrl(blobEndpoint)) throw new SettingsError(`${kind.blobEndpoint}: expected an http(s) URL such as http://127.0.0.1:10000/devstoreaccount1`);
  return { blob: { ...(connectionString ? { connectionString } : {}), ...(blobEndpoint ? { blobEndpoint } : {}) } };
}

/**
 * The rule pages' base URL: the flag or input, else VHD_GATE_DOCS_URL, else the project's. It must
 * be an absolute http(s) URL: it is printed as a link in every report.
 */
function docsUrl(given: string | undefined, env: NodeJS.ProcessEnv, names: Pick<InputNames, 'docsUrl'>): string {
  const [value, name] = present(given) ? [given!.trim(), names.docsUrl] : present(env.VHD_GATE_DOCS_URL) ? [env.VHD_GATE_DOCS_URL!.trim(), 'VHD_GATE_DOCS_URL'] : [defaultDocsUrl, ''];
  let url: URL | undefined;
  try {
    url = new URL(value.split('{id}').join('ID'));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new SettingsError(`${name}: expected an http(s) URL of the rule pages, such as ${defaultDocsUrl}`);
  }
  return value;
}

/** `--format` value (default text). */
export function parseFormat(value: string | undefined, name = '--format'): Format {
  return oneOf(value, ['text', 'json', 'sarif'] as const, name, 'text');
}

/** Where the action writes its JSON report: the runner's temp dir, else the workspace, else the current dir. */
export function actionReportPath(env: NodeJS.ProcessEnv): string {
  const dir = env.RUNNER_TEMP || env.GITHUB_WORKSPACE || process.cwd();
  return path.join(dir, 'vhd-gate-report.json');
}

function present(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function requireImage(value: string | undefined, names: Pick<InputNames, 'image'>): string {
  if (!present(value)) throw new SettingsError(`${names.image} is required: the path or blob URL of the disk image to check`);
  return value!.trim();
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T): T {
  if (!present(value)) return fallback;
  const match = allowed.find((a) => a === value!.trim().toLowerCase());
  if (!match) throw new SettingsError(`${name}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  return match;
}
