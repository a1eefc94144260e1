#!/usr/bin/env node
// Mutation fuzz of the bundled CLI: seeded damage to the metadata of the fixture images, each
// mutant checked by `node dist/cli.js check ... --format json` in its own process, for as long
// as asked. The gate must answer every mutant with exit 0/1/2, at most one clean line on stderr
// (no stack frame, no "internal error"), a JSON report on stdout, and no NaN/undefined in any message.
//
//   npm run fuzz -- --seconds 60          fuzz for a minute from a time-based first seed
//   npm run fuzz -- --seed 20251131       replay one seed (its image is seed mod image count)
//   npm run fuzz -- --from 1 --count 500  a fixed range of seeds
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { GARBLED } from './fuzz/garbled.mjs';
import { metadataRegions } from './fuzz/layout.mjs';
import { applyMutant, describeMutant, mutantFor } from './fuzz/mutate.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repoRoot, 'dist/cli.js');
const imagesDir = path.join(repoRoot, '__tests__/fixtures/images');
/** Per mutant: a run that takes longer than this is a hang. */
const TIMEOUT_MS = 30_000;

const { values } = parseArgs({
  options: { seconds: { type: 'string' }, seed: { type: 'string' }, from: { type: 'string' }, count: { type: 'string' } },
});
const single = values.seed === undefined ? undefined : Number(values.seed);
const first = single ?? (values.from === undefined ? Date.now() % 1_000_000_000 : Number(values.from));
const count = single !== undefined ? 1 : values.count === undefined ? Infinity : Number(values.count);
const seconds = values.seconds === undefined ? (values.count === undefined && single === undefined ? 60 : Infinity) : Number(values.seconds);
for (const [name, n] of [['seed or --from', first], ['count', count], ['seconds', seconds]]) {
  if (!(n >= 0)) fail(`--${name} must be a non-negative number`);
}
if (!existsSync(cli)) fail(`${cli} is missing: run npm run bundle first`);

/** Classifies one CLI run; returns undefined when it is one the gate may give, else why not. */
function problemWith(run) {
  if (run.error?.code === 'ETIMEDOUT') return `no answer within ${TIMEOUT_MS} ms`;
  if (run.error) return `could not run: ${run.error.message}`;
  if (run.signal) return `killed by ${run.signal}`;
  if (![0, 1, 2].includes(run.status)) return `exit code ${run.status}`;
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  if (lines.length > 1) return `${lines.length} lines on stderr`;
  if (lines.some((l) => /^\s+at /.test(l))) return 'stack frame on stderr';
  if (run.stderr.includes('internal error')) return `internal error: ${lines[0]}`;
  let report;
  try {
    report = JSON.parse(run.stdout);
    if (typeof report !== 'object' || report === null) return 'stdout is not a JSON object';
  } catch {
    return 'stdout is not JSON';
  }
  // Only the gate's own messages: evidence excerpts quote guest files, which may say "undefined".
  const own = [run.stderr, report.error?.message, report.guestError, ...(report.image?.problems ?? []), ...(report.image?.filesystems ?? []).map((f) => f.error)];
  const garbled = own.find((text) => typeof text === 'string' && GARBLED.test(text));
  if (garbled) return `garbled message: ${garbled.trim()}`;
  return undefined;
}

function fail(message) {
  console.error(`fuzz: ${message}`);
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(path.join(imagesDir, 'manifest.json'), 'utf8'));
const workDir = mkdtempSync(path.join(os.tmpdir(), 'vhd-gate-fuzz-'));
// Decompressed lazily: a replay of one seed needs only its image.
const opened = new Map();
function image(index) {
  if (!opened.has(index)) {
    const entry = manifest.images[index];
    const file = path.join(workDir, entry.name);
    writeFileSync(file, gunzipSync(readFileSync(path.join(imagesDir, entry.file))));
    const fd = openSync(file, 'r+');
    opened.set(index, { name: entry.name, file, fd, regions: metadataRegions(fd, fstatSync(fd).size) });
  }
  return opened.get(index);
}

const counts = {};
const failures = [];
const deadline = Date.now() + seconds * 1000;
console.log(`fuzz: seeds from ${first}, ${Number.isFinite(count) ? `${count} mutants` : `for ${seconds} s`}, ${manifest.images.length} images`);
try {
  for (let seed = first; seed < first + count && Date.now() < deadline; seed++) {
    const target = image(seed % manifest.images.length);
    const mutant = mutantFor(seed, target.regions);
    const undo = applyMutant(target.fd, mutant);
    let run;
    try {
      run = spawnSync(process.execPath, [cli, 'check', target.file, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'json'], {
        encoding: 'utf8',
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
    } finally {
      undo();
    }
    const problem = problemWith(run);
    if ((seed - first + 1) % 100 === 0) console.log(`fuzz: ${seed - first + 1} mutants, ${failures.length + (problem ? 1 : 0)} failing`);
    const label = problem ? 'FAILED' : `exit ${run.status}`;
    counts[label] = (counts[label] ?? 0) + 1;
    if (problem) {
      const line = `${target.name} ${describeMutant(mutant)}: ${problem}`;
      failures.push(line);
      console.log(`FAIL ${line}\n${run.stderr ?? ''}`);
    } else if (single !== undefined) {
      console.log(`${target.name} ${describeMutant(mutant)}: exit ${run.status}, stderr ${JSON.stringify(run.stderr.trim())}`);
    }
  }
} finally {
  for (const { fd } of opened.values()) closeSync(fd);
  rmSync(workDir, { recursive: true, force: true });
}
const total = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(`fuzz: ${total} mutants: ${Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
for (const line of failures) console.log(`failing: ${line}`);
process.exitCode = failures.length ? 1 : 0;
