import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ContainerError } from '../../src/errors.js';
import { errorRecord } from '../../src/error-record.js';
import { checkSarif, errorSarif, fingerprint, fingerprintName, renderSarif } from '../../src/report/sarif.js';
import { rules } from '../../src/rules/index.js';
import { repoRoot } from '../cli/entry-helpers.js';
import { failingResult, guestErrorResult, passingResult } from './sample-results.js';
import { expectValidSarif as expectValid, validateSarif as validate, type SarifLog as Log } from './sarif/validate.js';

/**
 * SARIF 2.1.0 output from hand-built results: every log validates against the committed schema
 * (sarif/README.md), and what code scanning relies on (rule catalog, levels, relative locations,
 * stable fingerprints, suppressions) is asserted field by field. The CLI on real fixture images,
 * the hostile guest included: sarif-fixtures.slow.test.ts.
 */
describe('the schema check itself', () => {
  it('rejects what SARIF forbids (so a pass means something)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false); // driver.name is required
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b' } } }] }] }] })).toBe(false);
  });
});

describe('hand-built results', () => {
  it('a failing result: catalog, levels, locations, fingerprints', () => {
    const log = expectValid(renderSarif(checkSarif(failingResult(), { baseDir: repoRoot })));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    expect(driver.name).toBe('vhd-gate');
    expect(driver.informationUri).toBe('https://github.com/vhd-gate/vhd-gate');
    expect(driver.version).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
    // The whole catalog, in registry order, each with its page and default level.
    expect(driver.rules.map((r: Log) => r.id)).toEqual(rules.map((r) => r.id));
    for (const [i, rule] of rules.entries()) {
      const d = driver.rules[i];
      expect(d.shortDescription.text).toBe(rule.title);
      expect(d.helpUri).toBe(`https://github.com/vhd-gate/vhd-gate/blob/main/docs/rules/${rule.id}.md`);
      expect(d.help.text).toContain(rule.fix);
      expect(d.help.markdown).toContain(`(${d.helpUri})`);
      expect(d.defaultConfiguration.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[rule.severity]);
    }
    const findings = failingResult().findings;
    expect(run.results).toHaveLength(findings.length);
    for (const [i, result] of run.results.entries()) {
      const f = findings[i]!;
      expect(result.ruleId).toBe(f.ruleId);
      if (result.ruleIndex !== undefined) expect(driver.rules[result.ruleIndex].id).toBe(f.ruleId);
      expect(result.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[f.severity]);
      expect(result.partialFingerprints[fingerprintName]).toMatch(/^[0-9a-f]{32}$/);
      // The image as the artifact: a SAS blob URL becomes its name under IMAGEDIR, the query dropped.
      expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'disk.vhd', uriBaseId: 'IMAGEDIR', index: 0 });
    }
    expect(run.originalUriBaseIds.IMAGEDIR).toEqual({ uri: 'https://acct.blob.core.windows.net/vhds/' });
    // Evidence with a guest path: a logical location and a related location with the line.
    const withLine = findings.findIndex((f) => f.evidence.some((e) => e.path && e.line));
    expect(withLine).toBeGreaterThanOrEqual(0);
    const evidence = findings[withLine]!.evidence.find((e) => e.path && e.line)!;
    const result = run.results[withLine];
    expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toBe(findings[withLine]!.evidence.find((e) => e.path)!.path);
    expect(result.relatedLocations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          physicalLocation: { artifactLocation: { uri: evidence.path!.slice(1), uriBaseId: 'GUESTROOT' }, region: { startLine: evidence.line } },
        }),
      ]),
    );
    // A rule that did not run is a notification tied to the rule.
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'warning', associatedRule: { id: 'NET-PERSISTENT-RULES' } }),
    ]);
    expect(run.invocations[0]).toMatchObject({ executionSuccessful: true, exitCode: 1 });
  });

  it('never writes the SAS: not in the artifact, not anywhere', () => {
    const text = renderSarif(checkSarif(failingResult(), { baseDir: repoRoot }));
    expect(text).not.toContain('AbC');
    expect(text).not.toMatch(/sig=|sv=2022/);
  });

  it('honours --docs-url for every rule page', () => {
    const log = expectValid(renderSarif(checkSarif(passingResult(), { baseDir: repoRoot, docsUrl: 'https://docs.example.com/gate/{id}.html' })));
    expect(log.runs[0].tool.driver.rules[0].helpUri).toBe(`https://docs.example.com/gate/${rules[0]!.id}.html`);
  });

  it('a passing result has an empty results array (alerts close) and no notifications', () => {
    const log = expectValid(renderSarif(checkSarif(passingResult(), { baseDir: '/work/repo' })));
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations[0]).toEqual({ executionSuccessful: true, exitCode: 0 });
  });

  it('a local image inside the checkout is relative to %SRCROOT%; outside it, its name under IMAGEDIR', () => {
    const inside = checkSarif({ ...passingResult(), image: { ...passingResult().image, source: 'out/my disk.vhd' } }, { baseDir: '/work/repo' });
    expect((inside as Log).runs[0].artifacts[0].location).toEqual({ uri: 'out/my%20disk.vhd', uriBaseId: '%SRCROOT%' });
    expect((inside as Log).runs[0].originalUriBaseIds['%SRCROOT%']).toEqual({ uri: 'file:///work/repo/' });
    const outside = checkSarif({ ...passingResult(), image: { ...passingResult().image, source: '/mnt/images/disk.vhd' } }, { baseDir: '/work/repo' });
    expect((outside as Log).runs[0].artifacts[0].location).toEqual({ uri: 'disk.vhd', uriBaseId: 'IMAGEDIR' });
    expect((outside as Log).runs[0].originalUriBaseIds.IMAGEDIR).toEqual({ uri: 'file:///mnt/images/' });
  });

  it('a waived finding is reported with an external suppression carrying the justification', () => {
    const result = failingResult();
    result.findings[0] = { ...result.findings[0]!, waiver: { justification: 'accepted until the [next] base image', expires: '2027-01-31', source: '.vhd-gate.yml line 4' } };
    const log = expectValid(renderSarif(checkSarif(result, { baseDir: repoRoot })));
    expect(log.runs[0].results[0].suppressions).toEqual([
      { kind: 'external', justification: 'accepted until the [next] base image', properties: { source: '.vhd-gate.yml line 4', expires: '2027-01-31' } },
    ]);
    expect(log.runs[0].results[1].suppressions).toBeUndefined();
  });

  it('an unreadable guest is an IMAGE-UNREADABLE result and an error notification; executionSuccessful false', () => {
    const log = expectValid(renderSarif(checkSarif(guestErrorResult(), { baseDir: repoRoot })));
    const run = log.runs[0];
    expect(run.results.map((r: Log) => r.ruleId)).toEqual(['IMAGE-UNREADABLE']);
    expect(run.results[0].message.text).toContain('ext4 superblock magic is 0x0000, expected 0xef53');
    expect(run.invocations[0]).toMatchObject({ executionSuccessful: false, exitCode: 2 });
    expect(run.invocations[0].toolExecutionNotifications.map((n: Log) => n.level)).toEqual(['error', 'warning']);
  });

  it('an image that cannot be inspected at all gives the same shape', () => {
    const record = errorRecord(new ContainerError('unsupported', 'unsupported container: qcow2 (QFI\\xfb magic); convert it with qemu-img convert -O vpc', { offset: 0 }));
    const log = expectValid(renderSarif(errorSarif('images/disk.qcow2', record, { baseDir: '/work/repo' })));
    expect(log.runs[0].results[0]).toMatchObject({ ruleId: 'IMAGE-UNREADABLE', level: 'error' });
    expect(log.runs[0].results[0].message.text).toContain('qcow2');
    expect(log.runs[0].artifacts[0].location).toEqual({ uri: 'images/disk.qcow2', uriBaseId: '%SRCROOT%' });
  });
});

describe('fingerprints', () => {
  it('ignore what changes per build (counts, offsets, UUIDs) and keep what names the problem', () => {
    const a = fingerprint('GEN-USER-ACCOUNTS', '/etc/passwd', '2 users with UID >= 1000 at offset 0x1f000 (uuid 11111111-2222-4333-8444-555555555555)');
    expect(fingerprint('GEN-USER-ACCOUNTS', '/etc/passwd', '3 users with UID >= 1000 at offset 0x2e000 (uuid 66666666-7777-4888-8999-aaaaaaaaaaaa)')).toBe(a);
    expect(fingerprint('GEN-USER-ACCOUNTS', '/etc/shadow', '2 users with UID >= 1000 at offset 0x1f000 (uuid 11111111-2222-4333-8444-555555555555)')).not.toBe(a);
    expect(fingerprint('GEN-ROOT-PASSWORD', '/etc/passwd', '2 users with UID >= 1000 at offset 0x1f000 (uuid 11111111-2222-4333-8444-555555555555)')).not.toBe(a);
    expect(fingerprint('GEN-USER-ACCOUNTS', '/etc/passwd', 'root can log in with a password')).not.toBe(a);
  });
});
