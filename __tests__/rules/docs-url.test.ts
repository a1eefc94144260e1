import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDocsUrl, ruleDocsUrl } from '../../src/rules/docs-url.js';
import { rules } from '../../src/rules/index.js';
import { buildCheckSettings, cliInputNames, SettingsError } from '../../src/settings.js';

/**
 * Findings link their rule's page by absolute URL (a CI log is read far from this repository):
 * the project's GitHub docs by default, a fork's when configured.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('rule docs URL', () => {
  it("the default is package.json's homepage + /blob/main/docs/rules/, and every rule's page exists there", () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { homepage: string };
    expect(defaultDocsUrl).toBe(`${pkg.homepage}/blob/main/docs/rules/`);
    for (const rule of rules) {
      const url = ruleDocsUrl(defaultDocsUrl, rule.id);
      expect(url).toBe(`https://github.com/vhd-gate/vhd-gate/blob/main/docs/rules/${rule.id}.md`);
      expect(existsSync(path.join(repo, url.slice(`${pkg.homepage}/blob/main/`.length)))).toBe(true);
    }
  });

  it.each([
    ['a folder with a trailing slash', 'https://github.com/me/fork/blob/v1/docs/rules/', 'https://github.com/me/fork/blob/v1/docs/rules/GEN-MACHINE-ID.md'],
    ['a folder without one', 'https://ghe.example.com/me/fork/blob/main/docs/rules', 'https://ghe.example.com/me/fork/blob/main/docs/rules/GEN-MACHINE-ID.md'],
    ['a site with {id}', 'https://docs.example.com/vhd-gate/rules/{id}/', 'https://docs.example.com/vhd-gate/rules/GEN-MACHINE-ID/'],
  ])('%s', (_name, base, expected) => {
    expect(ruleDocsUrl(base, 'GEN-MACHINE-ID')).toBe(expected);
  });

  const check = (docsUrl: string | undefined, env: NodeJS.ProcessEnv) => buildCheckSettings({ image: 'disk.vhd', osState: 'generalized', docsUrl }, cliInputNames, env);

  it.each([
    ['nothing set: the project', undefined, {}, defaultDocsUrl],
    ['VHD_GATE_DOCS_URL', undefined, { VHD_GATE_DOCS_URL: 'https://example.com/env/' }, 'https://example.com/env/'],
    ['--docs-url wins over the variable', 'https://example.com/flag/', { VHD_GATE_DOCS_URL: 'https://example.com/env/' }, 'https://example.com/flag/'],
  ])('settings: %s', async (_name, flag, env, expected) => {
    expect((await check(flag, env)).docsUrl).toBe(expected);
  });

  it.each([
    ['--docs-url', 'docs/rules', {}],
    ['--docs-url', 'javascript:alert(1)', {}],
    ['VHD_GATE_DOCS_URL', undefined, { VHD_GATE_DOCS_URL: 'file:///etc/passwd' }],
  ])('settings: %s %s is refused', async (name, flag, env) => {
    await expect(check(flag, env)).rejects.toThrow(new SettingsError(`${name}: expected an http(s) URL of the rule pages, such as ${defaultDocsUrl}`));
  });
});
