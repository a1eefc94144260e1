import { runCli } from '../../src/cli/run.js';

/** Runs the CLI in-process with captured output (and optional stdin). */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    ...(stdin === undefined ? {} : { stdin: async () => stdin }),
  });
  return { code, stdout, stderr };
}
