import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { policyRuleIds } from '../../src/policy/apply.js';
import { loadPolicy, type GatePolicy } from '../../src/policy/config.js';
import { rules } from '../../src/rules/index.js';

/** __tests__/fixtures/fixture-policy.yml: what the fixture guests leave out for size, lowered to warnings (the file says why). */
export const fixturePolicyFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/fixture-policy.yml');

/** The fixture policy loaded as the CLI would load `--config`. */
export async function fixturePolicy(): Promise<GatePolicy> {
  const policy = await loadPolicy(fixturePolicyFile, process.cwd(), [...rules.map((r) => r.id), ...policyRuleIds], '--config');
  if (!policy) throw new Error(`${fixturePolicyFile} did not load`);
  return policy;
}
