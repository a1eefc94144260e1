import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeRecord, errorRecord } from '../error-record.js';
import { GateError } from '../errors.js';
import { checkImage, type CheckSettings } from '../inspect.js';
import { isBlobUrl } from '../io/blob/blob-url.js';
import type { CheckResult } from '../model.js';
import { checkSummaryMarkdown, errorSummaryMarkdown } from '../report/github.js';
import { checkReport, errorReport, renderJson } from '../report/json.js';
import { oneLine } from '../report/neutralise.js';
import { redact } from '../report/redact.js';
import { secretValues } from '../report/secret-values.js';
import { renderCheckText, renderErrorText } from '../report/text.js';
import { escapeVso, vsoCheckCommands, vsoCommand, vsoErrorCommands } from '../report/vso.js';
import { buildCheckSettings, SettingsError, type InputNames } from '../settings.js';
import { connectionCredential, connectionSecrets, readServiceConnection } from './service-connection.js';

/**
 * The Azure Pipelines task (ado/vhd-gate-task/task.json): inputs -> settings -> checkImage ->
 * JSON report and Markdown summary under Agent.TempDirectory, the text report in the log,
 * `task.logissue` per finding, output variables, `task.uploadsummary` and `task.complete`.
 * Plain logging commands, no azure-pipelines-task-lib (docs/architecture.md says why).
 */

/** Where the task writes; injected so tests can run it in-process too. */
export interface TaskIo {
  stdout: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Input names as task.json declares them, for messages. */
export const taskInputNames: InputNames = {
  image: 'input image',
  osState: 'input osState',
  hyperVGeneration: 'input hyperVGeneration',
  imageDefinition: 'input imageDefinition',
  architecture: 'input architecture',
  securityType: 'input securityType',
  diskControllerTypes: 'input diskControllerTypes',
  acceleratedNetworking: 'input acceleratedNetworking',
  failOn: 'input failOn',
  docsUrl: 'input docsUrl',
  config: 'input config',
};

/**
 * A task input as the agent passes it: `INPUT_<NAME>`, the name upper-cased with spaces as
 * `_` (azure-pipelines-task-lib getInput).
 */
export function taskInput(env: NodeJS.ProcessEnv, name: string): string {
  return env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
}

/** Runs the task; resolves to the process exit code (0 pass, 1 findings, 2 not inspected or bad inputs). */
export async function runTask(io: TaskIo): Promise<number> {
  const input = (name: string) => taskInput(io.env, name);
  const emit = (lines: string[]) => io.stdout(lines.map((l) => `${l}\n`).join(''));
  // Registered before anything could quote them; raw values, never redacted (the agent must see them to mask them).
  emit(secretValues(input('image'), input('connectionString')).map((s) => `##vso[task.setsecret]${escapeVso(s)}`));

  let settings: CheckSettings;
  try {
    settings = await buildCheckSettings(
      {
        image: input('image'),
        osState: input('osState'),
        hyperVGeneration: input('hyperVGeneration'),
        imageDefinition: input('imageDefinition'),
        architecture: input('architecture'),
        securityType: input('securityType'),
        diskControllerTypes: input('diskControllerTypes'),
        acceleratedNetworking: input('acceleratedNetworking'),
        failOn: input('failOn'),
        connectionString: input('connectionString'),
        blobEndpoint: input('blobEndpoint'),
        docsUrl: input('docsUrl'),
        config: input('config'),
      },
      taskInputNames,
      io.env,
    );
    const connection = input('azureSubscription').trim();
    if (connection) {
      if (!isBlobUrl(settings.image)) throw new SettingsError('input azureSubscription applies only when input image is a blob URL');
      const auth = readServiceConnection(connection, io.env);
      emit(connectionSecrets(auth).map((s) => `##vso[task.setsecret]${escapeVso(s)}`));
      settings = { ...settings, blob: { ...settings.blob, credential: await connectionCredential(auth) } };
    }
    settings = { ...settings, blob: { ...settings.blob, env: io.env } };
  } catch (error) {
    if (!(error instanceof SettingsError || error instanceof GateError)) throw error;
    emit([vsoCommand('task.logissue', [['type', 'error']], `vhd-gate: ${error.message}`), vsoCommand('task.complete', [['result', 'Failed']], 'done')]);
    return 2;
  }

  const dir = io.env.AGENT_TEMPDIRECTORY || io.env.BUILD_ARTIFACTSTAGINGDIRECTORY || process.cwd();
  const reportPath = path.join(dir, 'vhd-gate-report.json');
  const summaryPath = path.join(dir, 'vhd-gate-summary.md');
  let result: CheckResult;
  try {
    result = await checkImage(settings);
  } catch (error) {
    const record = errorRecord(error);
    await writeFile(reportPath, renderJson(errorReport(settings.image, record, settings.intent)));
    await writeFile(summaryPath, errorSummaryMarkdown(settings.image, record));
    io.stdout(renderErrorText(settings.image, record));
    emit([...outputs('error', '', 0, reportPath), uploadSummary(summaryPath), ...vsoErrorCommands(record)]);
    return 2;
  }

  await writeFile(reportPath, renderJson(checkReport(result)));
  await writeFile(summaryPath, checkSummaryMarkdown(result));
  io.stdout(renderCheckText(result, { failOn: settings.failOn }));
  if (result.verdict === 'error') io.stdout(`${oneLine(redact(`vhd-gate: cannot inspect the guest: ${result.guestError ? describeRecord(result.guestError) : 'no readable root filesystem'}`))}\n`);
  emit([...outputs(result.verdict, result.detected.osState, result.findings.length, reportPath), uploadSummary(summaryPath), ...vsoCheckCommands(result)]);
  return { pass: 0, fail: 1, error: 2 }[result.verdict];
}

/** Output variables a later step reads as $(STEP.verdict) and so on (task.json outputVariables). */
function outputs(verdict: string, detectedOsState: string, findings: number, reportPath: string): string[] {
  const set = (name: string, value: string | number) => vsoCommand('task.setvariable', [['variable', name], ['isOutput', 'true']], String(value));
  return [set('verdict', verdict), set('detectedOsState', detectedOsState), set('findings', findings), set('report', reportPath)];
}

/** Attaches the Markdown file to the run's Extensions tab (the same Markdown as GitHub's job summary). */
function uploadSummary(file: string): string {
  return `##vso[task.uploadsummary]${escapeVso(file)}`;
}
