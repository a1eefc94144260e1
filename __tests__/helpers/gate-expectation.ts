import { expect } from '@jest/globals';
import type { CheckResult } from '../../src/model.js';
import type { FixtureExpectation } from './fixtures.js';

/**
 * Rules the fixture guests trip because of what they leave out for size, not because of the
 * scenario they stand for. Each is named with the omission; any other rule outside
 * checkedRules that errors fails the test. The verdict is then `fail` for the right reason,
 * which the test asserts by the rule IDs rather than by pretending the image passes.
 */
export const fixtureOmissions: Readonly<Record<string, string>> = {
  'PA-PYTHON': "the guests carry waagent's and cloud-init's scripts but not a Python interpreter (about 25 MB)",
  'NVME-INITRAMFS': 'the guests carry no kernel (as for KRN-HV-DRIVERS)',
  'AN-VF-DRIVER': 'the guests carry no kernel (as for KRN-HV-DRIVERS)',
  'KRN-HV-DRIVERS': 'the guests\' grub.cfg names a kernel and initramfs the guests do not carry (tens of MB); the drivers fixtures (scripts/fixtures/drivers.sh) carry real ones',
};

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
  const otherErrors = result.findings.filter((f) => f.severity === 'error' && !checkedRules.includes(f.ruleId));
  if (expectation.pass) expect(otherErrors.map((f) => f.ruleId).filter((id) => !(id in fixtureOmissions))).toEqual([]);
  expect(result.verdict).toBe(expectation.pass && otherErrors.length === 0 ? 'pass' : 'fail');
  expect(result.notRun.filter((n) => !n.undeclared?.length)).toEqual([]);
  expect(result.guestError).toBeUndefined();
}
