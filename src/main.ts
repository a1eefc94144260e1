import * as core from '@actions/core';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GateError } from './errors.js';
import { failsAt } from './policy/apply.js';
import { checkImage } from './inspect.js';
import type { CheckResult } from './model.js';
import { describeRecord, errorRecord, type ErrorRecord } from './error-record.js';
import { annotations, checkSummaryMarkdown, errorSummaryMarkdown } from './report/github.js';
import { checkReport, errorReport, renderJson } from './report/json.js';
import { checkSarif, errorSarif, renderSarif } from './report/sarif.js';
import { neutraliseOutput, oneLine } from './report/neutralise.js';
import { commentMarker, prCommentMarkdown, prErrorCommentMarkdown, type CommentContext } from './report/pr-comment.js';
import { commentSettings, shouldComment, type CommentSettings } from './action/comment-settings.js';
import { upsertComment } from './action/pr-comment.js';
import { redact } from './report/redact.js';
import { secretValues } from './report/secret-values.js';
import { renderCheckText, renderErrorText } from './report/text.js';
import { actionInputNames, actionReportPath, buildCheckSettings, SettingsError } from './settings.js';
import type { CheckSettings } from './inspect.js';

/**
 * The GitHub Action: inputs -> settings -> checkImage -> JSON report, outputs, job summary,
 * annotations. The caller's mistakes (bad inputs) fail the step with the input's name; an
 * image that cannot be inspected fails it with the reason (verdict "error"); a job summary
 * that cannot be written only warns.
 */
export async function run(): Promise<void> {
  try {
    await gate();
  } catch (error) {
    // A bug or an unwritable report path: still one clear failure line, the stack only on request.
    if (process.env.VHD_GATE_DEBUG === '1' && error instanceof Error && error.stack) core.info(neutraliseOutput(redact(error.stack)));
    core.setFailed(oneLine(redact(`vhd-gate: ${error instanceof Error ? error.message : String(error)}`)));
  }
}

async function gate(): Promise<void> {
  maskSecrets(core.getInput('image'), core.getInput('connection-string'));
  if (core.getInput('github-token')) core.setSecret(core.getInput('github-token'));
  let settings: CheckSettings;
  let comments: CommentSettings;
  try {
    comments = commentSettings({ comment: core.getInput('comment'), token: core.getInput('github-token'), key: core.getInput('comment-key'), image: core.getInput('image') }, process.env);
    settings = await buildCheckSettings(
      {
        image: core.getInput('image'),
        osState: core.getInput('os-state'),
        hyperVGeneration: core.getInput('hyper-v-generation'),
        imageDefinition: core.getInput('image-definition'),
        architecture: core.getInput('architecture'),
        securityType: core.getInput('security-type'),
        diskControllerTypes: core.getInput('disk-controller-types'),
        acceleratedNetworking: core.getInput('accelerated-networking'),
        failOn: core.getInput('fail-on'),
        connectionString: core.getInput('connection-string'),
        blobEndpoint: core.getInput('blob-endpoint'),
        docsUrl: core.getInput('docs-url'),
        config: core.getInput('config'),
      },
      actionInputNames,
      process.env,
    );
  } catch (error) {
    if (error instanceof SettingsError || error instanceof GateError) {
      core.setFailed(oneLine(redact(`vhd-gate: ${error.message}`)));
      return;
    }
    throw error;
  }

  const reportPath = actionReportPath(process.env);
  let result: CheckResult;
  try {
    result = await checkImage(settings);
  } catch (error) {
    const record = errorRecord(error);
    await writeFile(reportPath, renderJson(errorReport(settings.image, record, settings.intent)));
    await writeSarif((options) => errorSarif(settings.image, record, options), settings);
    setOutputs({ verdict: 'error', detectedOsState: '', findings: 0, reportPath });
    await writeSummary(errorSummaryMarkdown(settings.image, record));
    await writePrComment(comments, (ctx) => prErrorCommentMarkdown(settings.image, record, ctx));
    failWith(record, settings.image, error);
    return;
  }

  await writeFile(reportPath, renderJson(checkReport(result)));
  await writeSarif((options) => checkSarif(result, options), settings);
  logUntrusted(renderCheckText(result, { failOn: settings.failOn }));
  setOutputs({ verdict: result.verdict, detectedOsState: result.detected.osState, findings: result.findings.length, reportPath });
  for (const a of annotations(result)) core[a.level](a.message, { title: a.title });
  await writeSummary(checkSummaryMarkdown(result));
  await writePrComment(comments, (ctx) => prCommentMarkdown(result, ctx));

  if (result.verdict === 'fail') {
    const failing = result.findings.filter((f) => failsAt(f, settings.failOn));
    core.setFailed(`vhd-gate: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above ${settings.failOn} (${[...new Set(failing.map((f) => f.ruleId))].join(', ')})`);
  } else if (result.verdict === 'error') {
    core.setFailed(oneLine(redact(`vhd-gate: could not read the guest, so the checks did not run: ${result.guestError ? describeRecord(result.guestError) : 'unknown reason'}`)));
  }
}

/** Registers every secret the inputs carry with the runner (report/secret-values.ts). */
function maskSecrets(image: string, connectionString: string): void {
  for (const secret of secretValues(image, connectionString)) core.setSecret(secret);
}

/**
 * Prints a report full of image text with workflow commands switched off around it
 * (`::stop-commands::<token>` ... `::<token>::`, the runner's documented way to echo untrusted
 * output). The report is already neutralised (report/neutralise.ts); this is the second wall.
 */
function logUntrusted(text: string): void {
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  core.info(text);
  core.info(`::${token}::`);
}

/**
 * Input sarif-file: writes the SARIF log there (relative to the workspace, where the
 * upload-sarif action looks) and sets the sarif-file output; paths in it are relative to
 * GITHUB_WORKSPACE, the checkout code scanning resolves them against.
 */
async function writeSarif(make: (options: { docsUrl?: string; baseDir: string }) => ReturnType<typeof checkSarif>, settings: CheckSettings): Promise<void> {
  const file = core.getInput('sarif-file').trim();
  if (!file) return;
  const baseDir = process.env.GITHUB_WORKSPACE || process.cwd();
  const target = path.resolve(baseDir, file);
  try {
    await writeFile(target, renderSarif(make({ docsUrl: settings.docsUrl, baseDir })));
  } catch (error) {
    throw new Error(`cannot write input sarif-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  core.setOutput('sarif-file', target);
}

function setOutputs(o: { verdict: string; detectedOsState: string; findings: number; reportPath: string }): void {
  core.setOutput('verdict', o.verdict);
  core.setOutput('detected-os-state', o.detectedOsState);
  core.setOutput('findings', String(o.findings));
  core.setOutput('report', o.reportPath);
}

/**
 * The pull-request comment (input comment: auto | always | never): written or updated in place;
 * every failure is a warning, never a failed gate. Sets the comment-url output when it worked.
 */
async function writePrComment(s: CommentSettings, render: (ctx: CommentContext) => string): Promise<void> {
  const decision = shouldComment(s);
  if (!decision.comment) {
    if (decision.why) (decision.warn ? core.warning : core.info)(`vhd-gate: ${decision.why}`);
    return;
  }
  const ctx: CommentContext = { key: s.key, ...(s.runUrl ? { runUrl: s.runUrl } : {}) };
  const done = await upsertComment(decision.pr, render(ctx), commentMarker(s.key), { token: s.token, apiUrl: s.apiUrl });
  if (done.action === 'failed') {
    core.warning(done.warning);
    return;
  }
  core.info(`vhd-gate: ${done.action} the pull-request comment ${done.url}`);
  core.setOutput('comment-url', done.url);
}

async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    core.warning(oneLine(`vhd-gate: could not write the job summary: ${(error as Error).message}`));
  }
}

function failWith(record: ErrorRecord, source: string, error: unknown): void {
  if (process.env.VHD_GATE_DEBUG === '1' && error instanceof Error && error.stack) core.info(neutraliseOutput(redact(error.stack)));
  core.setFailed(renderErrorText(source, record).trimEnd());
}
