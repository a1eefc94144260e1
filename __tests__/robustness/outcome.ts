import { GARBLED } from '../../scripts/fuzz/garbled.mjs';
import { GateError } from '../../src/errors.js';
import { checkImage, inspectImage } from '../../src/inspect.js';
import type { Intent } from '../../src/intent/types.js';
import type { CheckResult, InspectResult } from '../../src/model.js';

/** The intent every robustness run checks against: a generalized Gen2 image, the common case. */
export const generalizedV2: Intent = {
  osState: 'generalized',
  hyperVGeneration: 'V2',
  sources: { osState: 'robustness test', hyperVGeneration: 'robustness test' },
};

/** How one run of the pipeline ended: a result, a typed GateError, or something that must never happen. */
export type Outcome<T> =
  | { ok: true; value: T; label: string }
  | { ok: false; error: GateError; label: string }
  | { ok: false; error: unknown; label: 'CRASH' | 'TIMEOUT' };

/** Thrown by withinTime when the bound passes; never a GateError, so it classifies as TIMEOUT. */
class TimeBoundExceeded extends Error {}

/**
 * Runs `work` with a wall-clock bound. A pipeline that never settles (an async loop over a
 * cyclic structure) is reported instead of hanging the suite; a synchronous infinite loop
 * would still block, which is why every loop in the parsers is bounded.
 */
export async function withinTime<T>(work: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeBoundExceeded(`did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work` within `ms` and classifies how it ended; `labelOf` names a result (its verdict). */
export async function outcomeOf<T>(work: () => Promise<T>, ms: number, labelOf: (value: T) => string): Promise<Outcome<T>> {
  try {
    const value = await withinTime(work, ms);
    return { ok: true, value, label: labelOf(value) };
  } catch (error) {
    if (error instanceof GateError) return { ok: false, error, label: `${error.layer}/${error.kind}` };
    return { ok: false, error, label: error instanceof TimeBoundExceeded ? 'TIMEOUT' : 'CRASH' };
  }
}

/** True when the outcome is one the project standard allows: a result or a GateError. */
export function allowed(outcome: Outcome<unknown>): boolean {
  return outcome.label !== 'CRASH' && outcome.label !== 'TIMEOUT';
}

/** A failure line for an outcome that is not allowed, with the stack so the bug can be found. */
export function describeFailure(subject: string, outcome: Outcome<unknown>): string {
  const error = outcome.ok ? undefined : outcome.error;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `${subject}: ${outcome.label}: ${detail}`;
}


/** A result's label: whether the guest was read, and if not, the layer and kind that stopped it. */
function guestLabel(result: InspectResult): string {
  return result.guestError ? `no guest (${result.guestError.layer}/${result.guestError.kind})` : result.facts ? 'guest read' : 'no guest';
}

/** inspectImage classified: the result is labelled by whether the guest was read. */
export function inspectOutcome(image: string, ms: number): Promise<Outcome<InspectResult>> {
  return outcomeOf(() => inspectImage({ image }), ms, guestLabel);
}

/** checkImage (generalized, V2) classified: the result is labelled by its verdict and guest. */
export function checkOutcome(image: string, ms: number): Promise<Outcome<CheckResult>> {
  return outcomeOf(() => checkImage({ image, intent: generalizedV2, failOn: 'error' }), ms, (r) => `verdict ${r.verdict}, ${guestLabel(r)}`);
}

/** Counts labels: { "verdict error": 120, "container/corrupt": 3 }, sorted for a stable summary. */
export function tally(outcomes: Outcome<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.label] = (counts[o.label] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}


/**
 * The messages an outcome shows the user (the error, the problems below the guest, the guest
 * error, the filesystems' errors) that contain a placeholder instead of a value: "at 0xNaN",
 * "size undefined". A corrupt field must be named with what it holds, not with NaN.
 */
export function garbledMessages(outcome: Outcome<InspectResult>): string[] {
  const texts = outcome.ok
    ? [...outcome.value.image.problems, outcome.value.guestError?.message ?? '', ...outcome.value.image.filesystems.map((f) => f.error?.message ?? '')]
    : [outcome.error instanceof Error ? outcome.error.message : String(outcome.error)];
  return texts.filter((t) => GARBLED.test(t));
}
