import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, copyFileSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { checkImage } from '../../src/inspect.js';
import { checkSummaryMarkdown } from '../../src/report/github.js';
import { tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { generalizedV2 } from '../robustness/outcome.js';
import { fixturePolicy, fixturePolicyFile } from '../helpers/fixture-policy.js';

/**
 * What the readers read past is shown where users look, not only in the JSON: a fixed VHD whose
 * backup GPT header is damaged (one byte of its CRC32 field flipped) still passes, and the text
 * report and the job summary list the problem under "Problems the readers tolerated".
 */
const dir = tempDir('tolerated-problems');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('problems the readers tolerated', () => {
  it('a damaged backup GPT header: the verdict stands, text and summary name it', async () => {
    const image = path.join(dir, 'backup-gpt.vhd');
    copyFileSync(await fixtureImage('generalized-good.vhd'), image);
    const fd = openSync(image, 'r+');
    // Fixed VHD: the disk is the file without its 512-byte footer; the backup header is the disk's last sector.
    const backupHeader = fstatSync(fd).size - 512 - 512;
    writeSync(fd, Buffer.from([0x5a]), 0, 1, backupHeader + 0x10); // hdr_crc32
    closeSync(fd);

    const result = await checkImage({ image, intent: generalizedV2, failOn: 'error', policy: await fixturePolicy() });
    expect(result.verdict).toBe('pass');
    const problem = result.image.problems.find((p) => /backup GPT header/.test(p));
    expect(problem).toBeDefined();
    expect(checkSummaryMarkdown(result)).toContain(`### Problems the readers tolerated\n\n- ${problem!.slice(0, 30)}`);

    const out: string[] = [];
    const code = await runCli(['check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--config', fixturePolicyFile], { stdout: (t) => out.push(t), stderr: () => {}, env: {} });
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/\nProblems the readers tolerated \(\d+\)\n {2}backup GPT header at LBA \d+ \(0x[0-9a-f]+\) is unusable: /);
  }, 60_000);
});
