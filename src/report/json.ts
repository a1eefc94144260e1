import { declareHints } from '../intent/declare.js';
import type { Intent } from '../intent/types.js';
import type { CheckResult, ImageFacts, InspectResult } from '../model.js';
import { describeRecord, type ErrorRecord } from '../error-record.js';
import type { Facts } from '../facts/index.js';
import type { Prediction, PredictionReason } from '../predict/predict.js';
import { intentFields } from './intent-lines.js';
import { ordered, plain, type Plain } from './plain.js';
import { hiddenValue, isSecretKey, maskSecrets } from '../facts/secrets.js';
import { neutraliseJson } from './neutralise.js';
import { redact } from './redact.js';

/**
 * The JSON report: one object, keys in a fixed order, documented field by field in
 * docs/json-report.md. Bump `schemaVersion` on any incompatible change.
 */
export const schemaVersion = 2;

type JsonObject = { [key: string]: Plain };

/** Report of `vhd-gate check` (and the action's `report` output). */
export function checkReport(result: CheckResult): JsonObject {
  return {
    schemaVersion,
    verdict: result.verdict,
    intent: intentJson(result.intent),
    detected: detectedJson(result),
    image: imageJson(result.image),
    guestError: result.guestError ? errorJson(result.guestError) : null,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      evidence: f.evidence.map((e) => ordered({ ...e }, ['path', 'line', 'excerpt', 'detail'])),
      symptom: f.symptom,
      fix: f.fix,
      docs: f.docs,
      waiver: f.waiver ? { justification: f.waiver.justification, expires: f.waiver.expires ?? null, source: f.waiver.source } : null,
    })),
    notRun: result.notRun.map((n) => ({
      ruleId: n.ruleId,
      reason: n.reason,
      subjects: n.unavailable.map((u) => u.subject),
      undeclared: (n.undeclared ?? []).map((field) => ({ setting: field, flag: declareHints[field].flag, input: declareHints[field].input })),
    })),
    prediction: result.prediction ? predictionJson(result.prediction) : null,
    io: ioJson(result.io),
    ...(result.verdict === 'error' && result.guestError ? { error: errorJson(result.guestError) } : {}),
  };
}

/** Report of `vhd-gate inspect`: what the gate sees, no intent and no verdict. */
export function inspectReport(result: InspectResult): JsonObject {
  return {
    schemaVersion,
    detected: detectedJson(result),
    image: imageJson(result.image),
    guestError: result.guestError ? errorJson(result.guestError) : null,
    facts: result.facts ? withoutSecrets(factsJson(result.facts)) : null,
    io: ioJson(result.io),
  };
}

/** Report when the image could not be inspected at all (exit 2). */
export function errorReport(source: string, record: ErrorRecord, intent?: Intent): JsonObject {
  return {
    schemaVersion,
    verdict: 'error',
    intent: intent ? intentJson(intent) : null,
    image: { source },
    error: errorJson(record),
  };
}

/**
 * Serialises a report: two-space indentation, trailing newline, secrets redacted, and characters
 * a terminal or CI runner would act on written as JSON escapes (values unchanged; report/neutralise.ts).
 */
export function renderJson(report: JsonObject): string {
  return neutraliseJson(redact(JSON.stringify(report, null, 2) + '\n'));
}

/**
 * Facts keep some image text as it is (a kernel command line, a waagent setting's value, every
 * os-release field); before they are dumped, secrets are masked (facts/secrets.ts): every string
 * through `maskSecrets`; a string under a secret-named key (`fields.BUILD_TOKEN`, an image map's
 * `PASSWORD`); and the value of an image setting whose key or name is a secret
 * (`{name: "password", value, raw}`). Our own fact fields whose names contain such a word hold no
 * secret and are listed in `factFieldNames`.
 */
function withoutSecrets(value: Plain, under = ''): Plain {
  if (typeof value === 'string') return isSecretKey(under) && !factFieldNames.has(under) ? hiddenValue : maskSecrets(value);
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v));
  if (value === null || typeof value !== 'object') return value;
  const named = typeof value.key === 'string' ? value.key : typeof value.name === 'string' ? value.name : undefined;
  const secretSetting = named !== undefined && isSecretKey(named);
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) out[maskSecrets(key)] = secretSetting && ['value', 'values', 'raw'].includes(key) ? hiddenValue : withoutSecrets(v, key);
  return out;
}

/** Fact fields (src/facts types) whose names contain a secret word but whose string values are not secrets. */
const factFieldNames = new Set(['key', 'keyword', 'keyGenerator', 'passwordSource']);

/** The prediction table: one object per setting, reasons with their effect and why (docs/prediction.md). */
function predictionJson(prediction: Prediction): Plain {
  const reason = (r: PredictionReason): JsonObject => ({ ruleId: r.ruleId, severity: r.severity, effect: r.effect, why: r.why, findings: r.findings });
  return prediction.map((p) => ({
    osState: p.osState,
    hyperVGeneration: p.hyperVGeneration,
    declared: p.declared,
    outcome: p.outcome,
    because: p.because.map(reason),
    risks: p.risks.map(reason),
    notJudged: p.notJudged ?? null,
  }));
}

function intentJson(intent: Intent): JsonObject {
  const out: JsonObject = {};
  for (const field of intentFields) out[field] = plain(intent[field]);
  const sources: JsonObject = {};
  for (const field of intentFields) if (intent.sources[field] !== undefined) sources[field] = intent.sources[field]!;
  out.sources = sources;
  out.notes = [...(intent.notes ?? [])];
  return out;
}

function detectedJson(result: InspectResult): JsonObject {
  return { osState: result.detected.osState, evidence: [...result.detected.evidence] };
}

function imageJson(image: ImageFacts): JsonObject {
  const table = image.partitionTable;
  return {
    source: image.source,
    ...(image.blob ? { blob: { blobType: image.blob.blobType } } : {}),
    container: ordered({ ...image.container }, ['format', 'virtualSize', 'fileSize', 'footer', 'notes']),
    partitionTable: {
      ...ordered({ ...table }, ['scheme', 'diskId', 'mbrBootCode', 'gptHeader', 'hybridMbr', 'notes'], 0, ['partitions']),
      partitions: table.partitions.map((p) =>
        ordered({ ...p }, ['number', 'start', 'size', 'type', 'typeName', 'label', 'partUuid', 'bootable'], 0, ['source']),
      ),
    },
    filesystems: image.filesystems.map((f) => ({
      ...ordered({ ...f }, ['volume', 'partition', 'type', 'uuid', 'label', 'size', 'mountPoint', 'volumeGroup'], 0, ['error']),
      error: f.error ? errorJson(f.error) : null,
    })),
    mounts: image.mounts.map((m) => ({ mountPoint: m.mountPoint, volume: m.volume, fsType: m.fsType })),
    problems: [...image.problems],
  };
}

function ioJson(io: InspectResult['io']): JsonObject {
  return {
    bytesRead: io.bytesRead,
    reads: io.reads,
    ...(io.cacheHits !== undefined ? { cacheHits: io.cacheHits } : {}),
    ...(io.retries !== undefined ? { retries: io.retries } : {}),
    seconds: Math.round(io.seconds * 1000) / 1000,
    ...(io.layers
      ? { layers: io.layers.map((l) => ({ layer: l.layer, bytesRead: l.bytesRead, reads: l.reads, seconds: Math.round(l.seconds * 1000) / 1000 })) }
      : {}),
  };
}

/** Guest facts as collected; each unavailable subject carries its error record and, for older readers, the one-line reason. */
function factsJson(facts: Facts): Plain {
  const { unavailable, ...subjects } = facts;
  return {
    ...(plain(subjects) as JsonObject),
    unavailable: unavailable.map((u) => ({ subject: u.subject, reason: describeRecord(u.error), error: errorJson(u.error) })),
  };
}

/** An error record: where (layer, offset, guest path), what kind, the budget for a limit, and the message. */
function errorJson(record: ErrorRecord): JsonObject {
  return {
    layer: record.layer,
    kind: record.kind,
    offset: record.offset,
    path: record.path,
    budget: record.budget ? { name: record.budget.name, limit: record.budget.limit } : null,
    message: record.message,
  };
}
