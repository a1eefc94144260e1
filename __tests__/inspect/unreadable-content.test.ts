import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, copyFileSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { metadataRegions } from '../../scripts/fuzz/layout.mjs';
import { runCli } from '../../src/cli/run.js';
import { checkImage } from '../../src/inspect.js';
import { tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { generalizedV2 } from '../robustness/outcome.js';
import { fixturePolicy } from '../helpers/fixture-policy.js';

/**
 * A pass means judged, on a real image: generalized-good.vhd passes as built; with the extent
 * header of one guest file's inode zeroed (the file cannot be read: ext4 reports it corrupt), the
 * rules that needed it cannot run, and the run is a FAIL with an IMAGE-UNREADABLE error naming the
 * path, layer and offset, in every output — not a pass with the rules quietly "not run".
 */
const dir = tempDir('unreadable-content');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of generalized-good.vhd with the ext4 extent header magic (i_block, inode + 0x28) of `file` zeroed. */
async function damaged(file: string): Promise<string> {
  const image = path.join(dir, `${path.basename(file)}.vhd`);
  copyFileSync(await fixtureImage('generalized-good.vhd'), image);
  const fd = openSync(image, 'r+');
  const inode = metadataRegions(fd, fstatSync(fd).size).find((r) => r.name === `ext ${file} inode p1`)!;
  writeSync(fd, Buffer.from([0, 0]), 0, 2, inode.offset + 0x28);
  closeSync(fd);
  return image;
}

/** generalized-good-split-boot.vhd with its /boot ext4 (partition 16, LBA 43008) refusing to open: s_log_block_size 7. */
async function bootUnopenable(): Promise<string> {
  const image = path.join(dir, 'split-boot-corrupt.vhd');
  copyFileSync(await fixtureImage('generalized-good-split-boot.vhd'), image);
  const fd = openSync(image, 'r+');
  writeSync(fd, Buffer.from([7, 0, 0, 0]), 0, 4, 43008 * 512 + 1024 + 0x18); // s_log_block_size
  closeSync(fd);
  return image;
}

describe('guest content that cannot be read is judged, not passed', () => {
  it('the undamaged image passes', async () => {
    const result = await checkImage({ image: await fixtureImage('generalized-good.vhd'), intent: generalizedV2, failOn: 'error', policy: await fixturePolicy() });
    expect(result.verdict).toBe('pass');
    expect(result.notRun.filter((n) => !n.undeclared?.length)).toEqual([]);
  }, 60_000);

  it('a /boot the guest mounts from a filesystem that does not open: reads below it fail, never fall through to the root', async () => {
    const result = await checkImage({ image: await bootUnopenable(), intent: generalizedV2, failOn: 'error' });
    expect(result.image.filesystems.find((f) => f.partition === 16)?.error).toMatchObject({ layer: 'filesystem', kind: 'corrupt' });
    expect(result.facts!.unavailable.find((u) => u.subject === 'kernelCmdline')?.error).toMatchObject({
      layer: 'guest',
      path: '/boot',
      message: expect.stringMatching(/^the guest mounts \/boot from partition 16 \(ext4\) could not be opened: filesystem \(corrupt\) at offset 0x[0-9a-f]+: .*s_log_block_size/),
    });
    expect(result.verdict).toBe('fail');
    expect(result.findings[0]).toMatchObject({ ruleId: 'IMAGE-UNREADABLE', severity: 'error', evidence: [{ path: '/boot' }] });
    expect(result.findings[0]!.message).toMatch(/^The kernel command line .* could not be read from the image \(guest layer, corrupt: the guest mounts \/boot from partition 16/);
  }, 60_000);

  it.each([
    ['/etc/passwd', 'accounts', 'GEN-USER-ACCOUNTS'],
    ['/etc/netplan', 'network', 'NET-DHCP-PRIMARY'],
  ])('%s unreadable: FAIL with IMAGE-UNREADABLE for %s, blocking %s', async (file, subject, blockedRule) => {
    const image = await damaged(file);
    const result = await checkImage({ image, intent: generalizedV2, failOn: 'error' });
    expect(result.verdict).toBe('fail');
    expect(result.facts!.unavailable.find((u) => u.subject === subject)?.error).toMatchObject({ layer: 'filesystem', kind: 'corrupt', offset: expect.any(Number) });
    const finding = result.findings.find((f) => f.ruleId === 'IMAGE-UNREADABLE' && f.message.includes(blockedRule));
    expect(finding).toMatchObject({ severity: 'error' });
    expect(finding!.message).toMatch(/could not be read from the image \(filesystem layer, corrupt, at offset 0x[0-9a-f]+: /);
    expect(result.notRun.find((n) => n.ruleId === blockedRule)?.unavailable.map((u) => u.subject)).toContain(subject);

    // Every output of the CLI says so: exit 1, the text report, the JSON report, the ##vso issues.
    for (const format of ['text', 'json']) {
      const out: string[] = [];
      const code = await runCli(['check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', format], { stdout: (t) => out.push(t), stderr: () => {}, env: { TF_BUILD: 'True' } });
      expect(code).toBe(1);
      const printed = out.join('');
      expect(printed).toMatch(/##vso\[task\.logissue type=error;(sourcepath=[^;]+;)?code=IMAGE-UNREADABLE;\][^\n]*could not be read from the image \(filesystem layer, corrupt, at offset 0x/);
      if (format === 'text') expect(printed).toMatch(/\[error\] IMAGE-UNREADABLE: .*could not be read from the image/);
      else {
        const report = JSON.parse(printed.slice(0, printed.indexOf('\n##vso')));
        expect(report.verdict).toBe('fail');
        expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('IMAGE-UNREADABLE');
        expect(report.notRun.find((n: { ruleId: string }) => n.ruleId === blockedRule).subjects).toContain(subject);
      }
    }
  }, 60_000);
});
