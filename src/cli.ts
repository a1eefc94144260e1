/** The `vhd-gate` command: everything happens in runCli; this file only binds it to the process. */
import { runCli } from './cli/run.js';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  // Progress of a slow blob read: stderr only, redrawn in place on a terminal (src/io/progress.ts).
  progress: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true },
  isTTY: process.stdout.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug in vhd-gate gets here; still one line first, the stack only on request.
    process.stderr.write(`vhd-gate: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.VHD_GATE_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
