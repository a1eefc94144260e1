#!/usr/bin/env node
// Quick start: runs the bundled CLI (dist/cli.js) on two bundled example images, one that
// fails the generalized check and one that passes, exactly as a user would run it.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const images = path.join(repo, '__tests__/fixtures/images');
const work = path.join(tmpdir(), 'vhd-gate-example');
mkdirSync(work, { recursive: true });

async function unpack(name) {
  const out = path.join(work, name);
  if (!existsSync(out)) await pipeline(createReadStream(path.join(images, `${name}.gz`)), createGunzip(), createWriteStream(out));
  return out;
}

const runs = [
  ['generalized-with-traces.vhd', 'a VM disk captured without deprovisioning, registered as generalized'],
  ['generalized-good.vhd', 'a properly deprovisioned image, registered as generalized'],
];
for (const [name, what] of runs) {
  const image = await unpack(name);
  console.log(`\n$ vhd-gate check ${name} --os-state generalized        # ${what}\n`);
  const run = spawnSync(process.execPath, [path.join(repo, 'dist/cli.js'), 'check', image, '--os-state', 'generalized'], { stdio: 'inherit' });
  console.log(`\n(exit code ${run.status})`);
}
