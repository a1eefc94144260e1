import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { mergedExitCode, mergedJson, mergeReports, renderMergedMarkdown, renderMergedText, type ReportInput } from '../fleet/merge-reports.js';
import { renderJson } from '../report/json.js';
import { oneLine } from '../report/neutralise.js';
import { redact } from '../report/redact.js';
import type { CliIo } from './run.js';

const options = { format: { type: 'string' } } as const;

/** Largest report file read (a real report is tens of KiB; a bigger file is not one of ours). */
const maxReportBytes = 16 * 1024 * 1024;

/**
 * `vhd-gate merge-reports REPORT.json...`: one table of many check reports, worst first, as
 * text (default), markdown (for $GITHUB_STEP_SUMMARY) or json. Exit 0 when every image
 * passed, 1 when any failed or could not be judged (an unreadable report counts), 2 on usage.
 */
export async function runMergeReports(argv: string[], io: CliIo): Promise<number> {
  let values: { format?: string };
  let files: string[];
  try {
    ({ values, positionals: files } = parseArgs({ args: argv, options, allowPositionals: true, strict: true }));
  } catch (error) {
    return usage((error as Error).message, io);
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'markdown' && format !== 'json') return usage(`--format: ${JSON.stringify(format)} is not one of text, markdown, json`, io);
  if (files.length === 0) return usage('merge-reports needs at least one REPORT.json', io);

  const inputs: ReportInput[] = await Promise.all(files.map(readReport));
  const merged = mergeReports(inputs);
  io.stdout(format === 'json' ? renderJson(mergedJson(merged)) : format === 'markdown' ? renderMergedMarkdown(merged) : renderMergedText(merged));
  return mergedExitCode(merged);
}

async function readReport(file: string): Promise<ReportInput> {
  try {
    const { size } = await stat(file);
    if (size > maxReportBytes) return { file, unreadable: `${size} bytes, more than a report can be (${maxReportBytes})` };
    return { file, text: await readFile(file, 'utf8') };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return { file, unreadable: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (cause as Error).message };
  }
}

function usage(message: string, io: CliIo): number {
  io.stderr(`${oneLine(redact(`vhd-gate merge-reports: ${message}`))}\nRun \`vhd-gate --help\` for usage.\n`);
  return 2;
}
