import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { actionInputNames, actionReportPath, buildCheckSettings, cliInputNames, parseFormat } from '../../src/settings.js';
import { defaultDocsUrl } from '../../src/rules/docs-url.js';

describe('settings', () => {
  it.each([
    [{ RUNNER_TEMP: '/runner/_temp', GITHUB_WORKSPACE: '/work/repo' }, '/runner/_temp/vhd-gate-report.json'],
    [{ GITHUB_WORKSPACE: '/work/repo' }, '/work/repo/vhd-gate-report.json'],
    [{}, path.join(process.cwd(), 'vhd-gate-report.json')],
  ])('the action report goes under RUNNER_TEMP, else the workspace (%j)', (env, expected) => {
    expect(actionReportPath(env)).toBe(expected);
  });

  it('trims values, defaults fail-on to error, accepts values in any case', async () => {
    const s = await buildCheckSettings({ image: ' disk.vhd ', osState: ' Specialized ', failOn: 'WARNING' }, actionInputNames);
    expect(s).toEqual({ image: 'disk.vhd', intent: { osState: 'specialized', sources: { osState: 'input os-state' } }, failOn: 'warning', docsUrl: defaultDocsUrl });
    expect((await buildCheckSettings({ image: 'd.vhd', osState: 'generalized', failOn: '' }, cliInputNames)).failOn).toBe('error');
  });

  it.each([
    [{ image: '   ', osState: 'generalized' }, 'input image is required'],
    [{ image: 'd.vhd', osState: 'generalized', failOn: 'fatal' }, 'input fail-on: "fatal" is not one of error, warning'],
  ])('names the action input in mistakes: %j', async (raw, message) => {
    await expect(buildCheckSettings(raw, actionInputNames)).rejects.toThrow(message);
  });

  it('format defaults to text', () => {
    expect(parseFormat(undefined)).toBe('text');
    expect(parseFormat('JSON')).toBe('json');
    expect(() => parseFormat('xml')).toThrow('--format: "xml" is not one of text, json, sarif');
  });
});
