import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { run as runAction } from '../../src/main.js';

/**
 * Everything vhd-gate prints or writes for one image, labelled by where it goes: for tests that
 * must hold over every output (no secret, no runner command, no raw control character).
 */
export interface Output {
  label: string;
  text: string;
}

/** Runs the CLI in-process; resolves to its exit code and what it wrote. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/**
 * Runs the action's entry (src/main.ts run()) in-process as the runner would: INPUT_<NAME>
 * variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP files (and `runnerEnv`: GITHUB_EVENT_PATH,
 * GITHUB_API_URL, ...); stdout (where
 * @actions/core writes workflow commands and the log) is captured. The process environment
 * and exit code are restored afterwards.
 */
export async function actionRun(inputs: Record<string, string>, runnerEnv: Record<string, string> = {}): Promise<{ log: string; outputs: string; summary: string; report: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vhd-gate-action-'));
  const env: Record<string, string> = { ...runnerEnv, GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'), RUNNER_TEMP: dir };
  writeFileSync(env.GITHUB_OUTPUT!, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const saved = { ...process.env };
  const savedExitCode = process.exitCode;
  const write = process.stdout.write;
  const log: string[] = [];
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    log.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    await runAction();
  } finally {
    process.stdout.write = write;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    process.exitCode = savedExitCode;
  }
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  return { log: log.join(''), outputs: read(env.GITHUB_OUTPUT!), summary: read(env.GITHUB_STEP_SUMMARY!), report: read(path.join(dir, 'vhd-gate-report.json')) };
}

/**
 * Every output for a local image: check as text, JSON, SARIF and --output file, under Azure Pipelines
 * (TF_BUILD=True: the ##vso commands), inspect as text and JSON, and the action's log,
 * outputs, job summary and JSON report. `osState` is the intent the checks run with.
 */
export async function everyOutput(image: string, osState: 'generalized' | 'specialized'): Promise<Output[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vhd-gate-outputs-'));
  const outputs: Output[] = [];
  const runs: [string, string[], NodeJS.ProcessEnv][] = [
    ['check text', ['check', image, '--os-state', osState], {}],
    ['check json', ['check', image, '--os-state', osState, '--format', 'json'], {}],
    ['check sarif', ['check', image, '--os-state', osState, '--format', 'sarif'], {}],
    ['check text, Azure Pipelines', ['check', image, '--os-state', osState, '--fail-on', 'warning'], { TF_BUILD: 'True' }],
    ['check json --output, Azure Pipelines', ['check', image, '--os-state', osState, '--format', 'json', '--output', path.join(dir, 'report.json')], { TF_BUILD: 'True' }],
    ['inspect text', ['inspect', image], {}],
    ['inspect json', ['inspect', image, '--format', 'json'], {}],
  ];
  for (const [label, args, env] of runs) {
    const r = await cli(args, env);
    outputs.push({ label: `${label}: stdout`, text: r.stdout }, { label: `${label}: stderr`, text: r.stderr });
  }
  outputs.push({ label: '--output file', text: readFileSync(path.join(dir, 'report.json'), 'utf8') });
  const action = await actionRun({ image, 'os-state': osState });
  outputs.push(
    { label: 'action log', text: action.log },
    { label: 'action outputs', text: action.outputs },
    { label: 'action job summary', text: action.summary },
    { label: 'action JSON report', text: action.report },
  );
  return outputs;
}

/** Throws naming the output and a few characters of the needle when any output contains any needle. */
export function expectNoneIn(outputs: readonly Output[], needles: readonly string[], what: string): void {
  for (const { label, text } of outputs) {
    for (const needle of needles) {
      if (text.includes(needle)) throw new Error(`${label} contains ${what} (${JSON.stringify(needle.slice(0, 6))}...)`);
    }
  }
}
