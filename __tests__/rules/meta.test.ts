import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../../src/rules/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const requiredHeadings = ['## What it checks', '## Why it breaks on Azure', '## How to fix', '## Failing example', '## Passing example'];

describe('rule catalog', () => {
  it('has rules registered', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  it('uses unique, stable-looking IDs', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has a docs page with every section, a table test, and complete metadata', (id, rule) => {
    const doc = path.join(repo, 'docs/rules', `${id}.md`);
    expect(existsSync(doc)).toBe(true);
    const text = readFileSync(doc, 'utf8');
    for (const heading of requiredHeadings) expect(text).toContain(heading);
    expect(text).toContain(id);

    const test = path.join(repo, '__tests__/rules', `${id}.test.ts`);
    expect(existsSync(test)).toBe(true);
    const testText = readFileSync(test, 'utf8');
    expect(testText).toMatch(/\.each\(/);

    // The README's rule table is generated from the registry (npm run rule-table); it must not drift.
    expect(readFileSync(path.join(repo, 'README.md'), 'utf8')).toContain(`[${id}](docs/rules/${id}.md)`);

    for (const field of [rule.title, rule.symptom, rule.fix, rule.appliesTo]) expect(field.trim().length).toBeGreaterThan(0);
    expect(['error', 'warning', 'info']).toContain(rule.severity);
  });
});
