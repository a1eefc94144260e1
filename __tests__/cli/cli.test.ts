import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { version } from '../../src/cli/version.js';
import { qcow2File, repoRoot, tempDir } from './entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';

/** Runs the CLI in-process with captured output. */
async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

const dir = tempDir('cli');
const missing = path.join(dir, 'missing.vhd');

describe('usage', () => {
  it('--help prints usage and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vhd-gate check IMAGE');
    expect(r.stdout).toContain('Exit codes: 0 pass, 1 findings at or above --fail-on that are not waived, 2');
  });

  it('--version is the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(version).toBe(pkg.version);
    expect((await cli(['--version'])).stdout).toBe(`${pkg.version}\n`);
  });

  it.each([
    [[], 'missing command: check or inspect'],
    [['frobnicate', 'x.vhd'], 'unknown command "frobnicate": expected check, inspect, list or merge-reports'],
    [['check'], 'IMAGE is required'],
    [['check', 'a.vhd', 'b.vhd', '--os-state', 'generalized'], 'unexpected argument "b.vhd"'],
    [['check', 'a.vhd', '--bogus'], "Unknown option '--bogus'"],
    [['check', 'a.vhd', '--os-state'], "Option '--os-state <value>' argument missing"],
    [['check', 'a.vhd', '--os-state', 'sysprepped'], '--os-state: "sysprepped" is not an OS state; expected Generalized or Specialized'],
    [['check', 'a.vhd', '--os-state', 'generalized', '--hyper-v-generation', 'V3'], '--hyper-v-generation: "V3" is not a Hyper-V generation'],
    [['check', 'a.vhd', '--os-state', 'generalized', '--format', 'xml'], '--format: "xml" is not one of text, json'],
    [['check', 'a.vhd', '--os-state', 'generalized', '--fail-on', 'info'], '--fail-on: "info" is not one of error, warning'],
    [['inspect', 'a.vhd', '--os-state', 'generalized'], '--os-state is a check option'],
    [['inspect', 'a.vhd', '--security-type', 'TrustedLaunch'], '--security-type is a check option'],
    [['check', 'a.vhd', '--os-state', 'generalized', '--architecture', 'aarch64'], '--architecture: "aarch64" is not an architecture; expected x64 or Arm64'],
    [['check', 'a.vhd', '--os-state', 'generalized', '--accelerated-networking', 'on'], '--accelerated-networking: "on" is not a boolean'],
    [
      ['check', 'a.vhd'],
      'check needs --os-state or an image definition with osState; run `vhd-gate inspect IMAGE` to see what the image looks like',
    ],
    [['check', 'a.vhd', '--image-definition', missing], `cannot read image definition ${missing}: no such file`],
  ])('%j exits 2 with one clear message', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [first, second, ...rest] = r.stderr.split('\n');
    expect(first!.startsWith(`vhd-gate: ${message}`)).toBe(true);
    expect(second).toBe('Run `vhd-gate --help` for usage.');
    expect(rest).toEqual(['']);
  });

  it('an ARM template whose osState cannot be resolved says why check cannot run', async () => {
    const def = path.join(dir, 'template.json');
    const resource = { type: 'Microsoft.Compute/galleries/images', name: 'g/i', properties: { osState: "[parameters('state')]" } };
    writeFileSync(def, JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', parameters: { state: { type: 'string' } }, resources: [resource] }));
    const r = await cli(['check', 'a.vhd', '--image-definition', def]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`check needs --os-state or an image definition with osState (osState in ${def} is not known: [parameters('state')]: parameter "state" has no defaultValue)`);
  });

  it('a flag that contradicts the definition file is a usage error naming both', async () => {
    const def = path.join(dir, 'def.json');
    writeFileSync(def, JSON.stringify({ osState: 'Generalized', hyperVGeneration: 'V2' }));
    const r = await cli(['check', 'a.vhd', '--os-state', 'specialized', '--image-definition', def]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--os-state specialized contradicts osState Generalized in ${def}`);
  });
});

describe('images that cannot be inspected', () => {
  it('a missing file: exit 2, one line on stderr, nothing on stdout', async () => {
    const r = await cli(['check', missing, '--os-state', 'generalized']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`vhd-gate: cannot inspect ${missing}: io (io): cannot open ${missing}: no such file\n`);
  });

  it('a qcow2 image is an unsupported container, also for inspect', async () => {
    const qcow2 = qcow2File(dir);
    for (const argv of [['check', qcow2, '--os-state', 'generalized'], ['inspect', qcow2]]) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^vhd-gate: cannot inspect .*: container \(unsupported\) at offset 0x0: .*qcow2/);
    }
  });

  it('--format json prints the error report; TF_BUILD adds the Azure Pipelines commands', async () => {
    const r = await cli(['check', missing, '--os-state', 'Generalized', '--format', 'json'], { TF_BUILD: 'True' });
    expect(r.code).toBe(2);
    const [json, vso] = [r.stdout.slice(0, r.stdout.indexOf('##vso')), r.stdout.slice(r.stdout.indexOf('##vso'))];
    const report = JSON.parse(json);
    expect(report.verdict).toBe('error');
    expect(report.error).toEqual({ layer: 'io', kind: 'io', offset: null, path: null, budget: null, message: `cannot open ${missing}: no such file` });
    expect(report.intent.osState).toBe('generalized');
    expect(vso.trimEnd().split('\n')).toEqual([
      `##vso[task.logissue type=error;code=io-io;]io (io): cannot open ${missing}: no such file`,
      '##vso[task.complete result=Failed;]done',
    ]);
  });

  it('VHD_GATE_DEBUG=1 adds the stack after the one line', async () => {
    const r = await cli(['check', missing, '--os-state', 'generalized'], { VHD_GATE_DEBUG: '1' });
    expect(r.stderr.split('\n')[0]).toContain('cannot inspect');
    expect(r.stderr).toContain('    at ');
  });
});

describe('real images', () => {
  it('specialized-good checked as specialized: the report matches the exit code and the image', async () => {
    const image = await fixtureImage('specialized-good.vhd');
    const out = path.join(dir, 'report.json');
    const r = await cli(['check', image, '--os-state', 'specialized', '--format', 'json', '--output', out]);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.code).toBe({ pass: 0, fail: 1, error: 2 }[report.verdict as 'pass']);
    // --output still prints the text summary.
    expect(r.stdout).toMatch(new RegExp(`^(PASS|FAIL|ERROR): \\d+ errors?, \\d+ warnings?.* — ${image} as specialized\n`));
    expect(report.image.container.format).toBe('vhd-fixed');
    expect(report.image.container.virtualSize).toBe(64 * 1024 * 1024);
    expect(report.image.partitionTable.scheme).toBe('gpt');
    expect(report.image.mounts[0]).toEqual({ mountPoint: '/', volume: 'partition 1', fsType: 'ext4' });
    expect(report.detected.osState).toBe('specialized');
    expect(report.intent.sources).toEqual({ osState: '--os-state' });
    expect(report.io.reads).toBeGreaterThan(0);
  });

  it('specialized-good checked as generalized fails with exit 1 (manifest: pass false), with the vso commands under TF_BUILD', async () => {
    const r = await cli(['check', await fixtureImage('specialized-good.vhd'), '--os-state', 'generalized'], { TF_BUILD: 'True' });
    expect(r.stdout).toContain('Detected: specialized (differs from the intended generalized)');
    expect(r.stdout).toContain('##vso[task.complete result=Failed;]done');
    expect(r.stdout).toMatch(/##vso\[task\.logissue type=error;sourcepath=[^;]+;(linenumber=\d+;)?code=GEN-/);
    expect(r.code).toBe(1);
  });

  it('an --output file that cannot be written is a clear exit 2', async () => {
    const out = path.join(dir, 'no-such-dir', 'report.json');
    const r = await cli(['check', await fixtureImage('generalized-good.vhd'), '--os-state', 'generalized', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`vhd-gate: cannot write --output ${out}: ENOENT`);
  });

  it('the same image and intent give byte-identical JSON apart from the seconds fields', async () => {
    const image = await fixtureImage('generalized-with-traces.vhd');
    const run = async () => (await cli(['check', image, '--os-state', 'generalized', '--format', 'json'])).stdout.replace(/"seconds": [0-9.]+/g, '"seconds": 0');
    const first = await run();
    expect(JSON.parse(first).findings.length).toBeGreaterThan(0);
    expect(await run()).toBe(first);
  });

  it('inspect shows the partition tree, the OS and the agents', async () => {
    const r = await cli(['inspect', await fixtureImage('generalized-good.vhd')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('├─ partition table: gpt (disk id 6590b166-f9be-4ab9-88e8-f299ef7c7e34)');
    expect(r.stdout).toContain('ext4, uuid c3375d87-cc9d-4acd-8969-cd94be973641, label "cloudimg-rootfs", mounted at /');
    expect(r.stdout).toContain('OS: Ubuntu 24.04');
    expect(r.stdout).toMatch(/EFI loaders: .*EFI\/BOOT\/BOOTX64\.EFI/);
    expect(r.stdout).toMatch(/Provisioning agents\n  waagent [\d.]+: installed, walinuxagent.service starts at boot\n    Provisioning.Agent = auto  \(\/etc\/waagent.conf:\d+\)/);
    expect(r.stdout).toMatch(/cloud-init [\d.]+: installed, runs at boot\n    datasource_list = \[ Azure \]/);
    expect(r.stdout).toContain('Detected OS state: generalized');
  });

  it('inspect --format json carries the facts', async () => {
    const r = await cli(['inspect', await fixtureImage('generalized-good.vhd'), '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['schemaVersion', 'detected', 'image', 'guestError', 'facts', 'io']);
    expect(report.facts.osRelease.versionId).toBe('24.04');
  });
});
