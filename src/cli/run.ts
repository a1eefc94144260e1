import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { GateError } from '../errors.js';
import { checkImage, inspectImage, type InspectSettings } from '../inspect.js';
import type { Intent } from '../intent/types.js';
import { describeRecord, errorRecord } from '../error-record.js';
import { renderInspectText } from '../report/inspect-text.js';
import { checkReport, errorReport, inspectReport, renderJson } from '../report/json.js';
import { checkSarif, errorSarif, renderSarif } from '../report/sarif.js';
import { neutraliseOutput, oneLine } from '../report/neutralise.js';
import { redact } from '../report/redact.js';
import { colorizeText, wantsColor } from '../report/color.js';
import { renderCheckText, renderErrorText, verdictLine } from '../report/text.js';
import { vsoCheckCommands, vsoErrorCommands } from '../report/vso.js';
import { buildCheckSettings, buildInspectSettings, cliInputNames, parseFormat, SettingsError, type Format, type RawCheckInputs } from '../settings.js';
import { runList } from './list.js';
import { runMergeReports } from './merge-reports.js';
import type { ProgressSink } from '../io/progress.js';
import { usage } from './usage.js';
import { version } from './version.js';

/** Where the CLI writes and what it reads from its environment; injected so tests can run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Standard input as text (`vhd-gate list --image-versions -`); default: the process's stdin. */
  stdin?: () => Promise<string>;
  /** Where progress of a slow blob read goes (stderr, and whether it is a terminal); none when absent. --quiet drops it. */
  progress?: ProgressSink;
  /** Whether stdout is a terminal: the text report is coloured only then (report/color.ts). */
  isTTY?: boolean;
  /** Working directory, where .vhd-gate.yml is looked for (default: the process's). */
  cwd?: string;
}

/** Exit codes: 0 pass, 1 findings at or above the threshold, 2 could not inspect or bad usage. */
export const exitCodes = { pass: 0, fail: 1, error: 2 } as const;

const options = {
  'os-state': { type: 'string' },
  'hyper-v-generation': { type: 'string' },
  'image-definition': { type: 'string' },
  architecture: { type: 'string' },
  'security-type': { type: 'string' },
  'disk-controller-types': { type: 'string' },
  'accelerated-networking': { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  'fail-on': { type: 'string' },
  'connection-string': { type: 'string' },
  'blob-endpoint': { type: 'string' },
  'docs-url': { type: 'string' },
  config: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** Options only `check` takes. */
const checkOptions = [
  'os-state',
  'hyper-v-generation',
  'image-definition',
  'architecture',
  'security-type',
  'disk-controller-types',
  'accelerated-networking',
  'output',
  'fail-on',
  'docs-url',
  'config',
] as const;

/** The check flags as raw settings inputs. */
function checkInputs(values: { [K in (typeof checkOptions)[number]]?: string }): Omit<RawCheckInputs, 'image' | 'connectionString' | 'blobEndpoint'> {
  return {
    osState: values['os-state'],
    hyperVGeneration: values['hyper-v-generation'],
    imageDefinition: values['image-definition'],
    architecture: values.architecture,
    securityType: values['security-type'],
    diskControllerTypes: values['disk-controller-types'],
    acceleratedNetworking: values['accelerated-networking'],
    failOn: values['fail-on'],
    docsUrl: values['docs-url'],
    config: values.config,
  };
}

/** Runs `vhd-gate` with the given arguments (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // Fleet commands have their own options (src/cli/list.ts, merge-reports.ts).
  if (argv[0] === 'list') return runList(argv.slice(1), io);
  if (argv[0] === 'merge-reports') return runMergeReports(argv.slice(1), io);
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError((error as Error).message, io);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage);
    return exitCodes.pass;
  }
  if (values.version) {
    io.stdout(`${version}\n`);
    return exitCodes.pass;
  }
  const [command, image, ...extra] = positionals;
  if (command === undefined) return usageError('missing command: check or inspect', io);
  if (command !== 'check' && command !== 'inspect') return usageError(`unknown command ${JSON.stringify(command)}: expected check, inspect, list or merge-reports`, io);
  if (extra.length > 0) return usageError(`unexpected argument ${JSON.stringify(extra[0])}: one IMAGE per run`, io);
  if (command === 'inspect') {
    const checkOnly = [...checkOptions.filter((o) => values[o] !== undefined), ...(values.quiet ? ['quiet'] : [])];
    if (checkOnly.length > 0) return usageError(`--${checkOnly[0]} is a check option; inspect takes IMAGE and --format`, io);
  }

  let format: Format;
  try {
    format = parseFormat(values.format);
  } catch (error) {
    return usageError((error as Error).message, io);
  }
  if (command === 'inspect' && format === 'sarif') return usageError('--format sarif is a check format (findings); inspect takes text or json', io);
  const blob = { connectionString: values['connection-string'], blobEndpoint: values['blob-endpoint'] };
  return command === 'check'
    ? runCheck({ image, ...checkInputs(values), ...blob }, { format, output: values.output, quiet: values.quiet === true }, io)
    : runInspect({ image, ...blob }, format, io);
}

/** How the check report is shown: format on stdout or in `output`; `quiet` keeps only the verdict line of the text. */
interface CheckOutput {
  format: Format;
  output?: string;
  quiet: boolean;
}

async function runCheck(raw: Parameters<typeof buildCheckSettings>[0], { format, output, quiet }: CheckOutput, io: CliIo): Promise<number> {
  let settings: Awaited<ReturnType<typeof buildCheckSettings>>;
  try {
    // --quiet also drops the progress of a slow blob read.
    settings = withEnv(await buildCheckSettings(raw, cliInputNames, io.env, io.cwd), quiet ? { ...io, progress: undefined } : io);
  } catch (error) {
    if (error instanceof SettingsError || error instanceof GateError) return usageError(error.message, io);
    throw error;
  }
  const azurePipelines = io.env.TF_BUILD === 'True';
  try {
    const result = await checkImage(settings);
    const text = renderCheckText(result, { failOn: settings.failOn });
    const report = format === 'json' ? renderJson(checkReport(result)) : format === 'sarif' ? renderSarif(checkSarif(result, sarifOptions(settings))) : text;
    // People get the text (only the verdict line with --quiet), coloured on a terminal; files and JSON never are.
    const forPeople = quiet ? `${verdictLine(result)}\n` : text;
    const shown = wantsColor(io.env, io.isTTY === true) ? colorizeText(forPeople) : forPeople;
    if (output !== undefined) {
      await writeReport(output, report);
      io.stdout(shown);
    } else {
      io.stdout(format === 'text' ? shown : report);
    }
    if (azurePipelines) io.stdout(vsoCheckCommands(result).join('\n') + '\n');
    if (result.verdict === 'error') io.stderr(`vhd-gate: cannot inspect the guest in ${oneLine(redact(settings.image))}: ${oneLine(redact(result.guestError ? describeRecord(result.guestError) : 'no readable root filesystem'))}\n`);
    return exitCodes[result.verdict];
  } catch (error) {
    if (error instanceof SettingsError) return usageError(error.message, io);
    return cannotInspect(error, settings.image, settings.intent, format, output, io, sarifOptions(settings));
  }
}

/** SARIF paths are relative to the current directory (the checkout, in CI). */
function sarifOptions(settings: { docsUrl?: string }): Parameters<typeof checkSarif>[1] {
  return { docsUrl: settings.docsUrl, baseDir: process.cwd() };
}

async function runInspect(raw: Parameters<typeof buildInspectSettings>[0], format: Format, io: CliIo): Promise<number> {
  let settings: ReturnType<typeof buildInspectSettings>;
  try {
    settings = withEnv(buildInspectSettings(raw, cliInputNames), io);
  } catch (error) {
    return usageError((error as Error).message, io);
  }
  try {
    const result = await inspectImage(settings);
    io.stdout(format === 'json' ? renderJson(inspectReport(result)) : renderInspectText(result));
    return exitCodes.pass;
  } catch (error) {
    return cannotInspect(error, settings.image, undefined, format, undefined, io);
  }
}

/** A blob IMAGE reads AZURE_STORAGE_CONNECTION_STRING from the CLI's (injected) environment. */
function withEnv<T extends InspectSettings>(settings: T, io: CliIo): T {
  return { ...settings, blob: { ...settings.blob, env: io.env }, ...(io.progress ? { progress: io.progress } : {}) };
}

/** Exit 2 with one clear line on stderr; the JSON (or SARIF) error report where it was asked for. */
async function cannotInspect(
  error: unknown,
  source: string,
  intent: Intent | undefined,
  format: Format,
  output: string | undefined,
  io: CliIo,
  sarif?: Parameters<typeof errorSarif>[2],
): Promise<number> {
  const record = errorRecord(error);
  io.stderr(renderErrorText(source, record));
  if (io.env.VHD_GATE_DEBUG === '1' && error instanceof Error && error.stack) io.stderr(neutraliseOutput(redact(`${error.stack}\n`)));
  const json = format === 'json' ? renderJson(errorReport(source, record, intent)) : format === 'sarif' && sarif ? renderSarif(errorSarif(source, record, sarif)) : undefined;
  if (output !== undefined) {
    try {
      await writeReport(output, json ?? renderErrorText(source, record));
    } catch (writeError) {
      io.stderr(`${oneLine(redact(`vhd-gate: ${(writeError as Error).message}`))}\n`);
    }
  } else if (json) {
    io.stdout(json);
  }
  if (io.env.TF_BUILD === 'True') io.stdout(vsoErrorCommands(record).join('\n') + '\n');
  return exitCodes.error;
}

function usageError(message: string, io: CliIo): number {
  io.stderr(`${oneLine(redact(`vhd-gate: ${message}`))}\nRun \`vhd-gate --help\` for usage.\n`);
  return exitCodes.error;
}

async function writeReport(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (cause) {
    throw new SettingsError(`cannot write --output ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`);
  }
}
