import { expect } from '@jest/globals';
import type { CheckResult } from '../../src/model.js';
import type { FixtureExpectation } from './fixtures.js';

/**
 * Asserts what a fixture manifest pins for one intent: the rules of `checkedRules` that must trip,
 * trip; the others stay quiet (a tolerated rule may warn, never fail); the verdict is the one the
 * scenario stands for; every applicable rule ran; the guest was read without error.
 */
export function expectGateOutcome(result: CheckResult, expectation: FixtureExpectation, checkedRules: string[]): void {
  const tolerated = expectation.tolerates ?? [];
  const tripped = [...new Set(result.findings.map((f) => f.ruleId))].filter((id) => checkedRules.includes(id) && !tolerated.includes(id));
  expect(tripped.sort()).toEqual([...expectation.trips].sort());
  expect(result.findings.filter((f) => tolerated.includes(f.ruleId) && f.severity === 'error')).toEqual([]);
  const checkedErrors = result.findings.filter((f) => f.severity === 'error' && checkedRules.includes(f.ruleId));
  expect(checkedErrors.length === 0).toBe(expectation.pass);
  expect(result.verdict).toBe(expectation.pass ? 'pass' : 'fail');
  expect(result.notRun.filter((n) => !n.undeclared?.length)).toEqual([]);
  expect(result.guestError).toBeUndefined();
}
