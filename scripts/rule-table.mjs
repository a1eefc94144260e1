#!/usr/bin/env node
// Prints the README's rule table from the rule registry (src/rules/index.ts), so the table
// and the code cannot drift: `npm run rule-table` and paste between the markers in README.md
// (`--write` replaces it in place). A test checks every registered rule is in the README.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(path.join(tmpdir(), 'vhd-gate-rules-'));
execFileSync(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', repo, '--outDir', out, '--noEmit', 'false'], { stdio: 'inherit' });
writeFileSync(path.join(out, 'package.json'), '{"type":"module"}');
const { rules } = await import(pathToFileURL(path.join(out, 'src/rules/index.js')).href);

const cell = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const lines = ['| rule | applies to | severity | what it catches |', '|---|---|---|---|'];
for (const r of rules) lines.push(`| [${r.id}](docs/rules/${r.id}.md) | ${cell(r.appliesTo)} | ${r.severity} | ${cell(r.title)} |`);
const table = lines.join('\n');

if (process.argv.includes('--write')) {
  const readme = path.join(repo, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- rules:start -->';
  const end = '<!-- rules:end -->';
  const next = text.includes(start)
    ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${table}\n${end}`)
    : text.replace('RULES_TABLE', `${start}\n${table}\n${end}`);
  writeFileSync(readme, next);
} else {
  console.log(table);
}
