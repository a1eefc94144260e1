/** Azure Pipelines task entry point (dist/ado/index.js): everything happens in runTask. */
import { runTask } from './task.js';

runTask({ stdout: (text) => process.stdout.write(text), env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug gets here: one issue line and a failed result, the stack only on request.
    const message = (error instanceof Error ? error.message : String(error)).replace(/[\r\n]+/g, ' ');
    process.stdout.write(`##vso[task.logissue type=error]vhd-gate: internal error: ${message.replace(/[;\]%]/g, ' ')}\n##vso[task.complete result=Failed;]done\n`);
    if (process.env.VHD_GATE_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
