import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeRecord, type ErrorRecord } from '../error-record.js';
import type { CheckResult } from '../model.js';
import { defaultDocsUrl, ruleDocsUrl } from '../rules/docs-url.js';
import { rules as catalog } from '../rules/index.js';
import type { Evidence, Finding, Rule, Severity } from '../rules/types.js';
import { version } from '../cli/version.js';
import { isBlobUrl } from '../io/blob/blob-url.js';
import { neutraliseJson, oneLine } from './neutralise.js';
import { redact } from './redact.js';

/**
 * SARIF 2.1.0 (OASIS), for GitHub code scanning (github/codeql-action/upload-sarif) and any other
 * SARIF viewer. One log, one run per image; the whole rule catalog as `tool.driver.rules`.
 *
 * Locations: a result's physical location is the image (GitHub refuses a result without one, and
 * refuses URI schemes other than a relative path or file:, so the URI is always relative: to
 * the checkout (`%SRCROOT%`) when the image is inside it, else to the image's own folder or blob
 * container (`IMAGEDIR`, whose absolute value, never a SAS, is in `originalUriBaseIds`). The guest
 * path is a logical location, and every piece of evidence with a guest path is a related location
 * under `GUESTROOT` (the guest's root directory) with the line as `region.startLine`.
 *
 * Image text (messages, paths, excerpts) is shown with unsafe characters made visible, as in the
 * text report, and `[`/`]` escaped so that no text from the image becomes a SARIF message link;
 * the whole log is redacted and written with JSON escapes for what remains (report/neutralise.ts).
 */

/** A SARIF value: plain JSON. */
export type SarifJson = null | boolean | number | string | SarifJson[] | { [key: string]: SarifJson };
type SarifObject = { [key: string]: SarifJson };

/** The schema URI every log names; the committed copy is __tests__/report/sarif/sarif-schema-2.1.0.json. */
export const sarifSchemaUri = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Name of the partial fingerprint; bump its version when what it hashes changes (every alert would be new). */
export const fingerprintName = 'vhdGateFinding/v1';

/** What a SARIF log needs beyond the result. */
export interface SarifOptions {
  /** Base URL of the rule pages (settings.docsUrl, honouring --docs-url); default the project's. */
  docsUrl?: string;
  /** The checkout a local image path is made relative to: GITHUB_WORKSPACE in the action, the current directory in the CLI. */
  baseDir: string;
}

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** The SARIF log of `vhd-gate check`. */
export function checkSarif(result: CheckResult, options: SarifOptions): SarifObject {
  const image = imageLocation(result.image.source, options.baseDir);
  const results = result.findings.map((f) => findingResult(f, image));
  const notifications: SarifObject[] = result.notRun.map((n) => ({
    level: 'warning',
    message: { text: messageText(`${n.ruleId} did not run: ${n.reason}`) },
    associatedRule: ruleReference(n.ruleId),
  }));
  if (result.guestError) {
    // No guest root: IMAGE-UNREADABLE carries why, so code scanning shows the image was not judged.
    const why = `The guest could not be read, so the rules that read it did not run: ${describeRecord(result.guestError)}`;
    results.unshift(unreadableResult(why, image));
    notifications.unshift({ level: 'error', message: { text: messageText(why) } });
  }
  return sarifLog(image, results, { executionSuccessful: result.verdict !== 'error', exitCode: exitCode(result.verdict), notifications }, options);
}

/** The SARIF log when the image could not be inspected at all (exit 2): one IMAGE-UNREADABLE result and an error notification. */
export function errorSarif(source: string, record: ErrorRecord, options: SarifOptions): SarifObject {
  const image = imageLocation(source, options.baseDir);
  const why = `The image could not be inspected: ${describeRecord(record)}`;
  return sarifLog(image, [unreadableResult(why, image)], { executionSuccessful: false, exitCode: 2, notifications: [{ level: 'error', message: { text: messageText(why) } }] }, options);
}

/** Serialises a log: two-space indentation, trailing newline, secrets redacted, unsafe characters as JSON escapes. */
export function renderSarif(log: SarifObject): string {
  return neutraliseJson(redact(JSON.stringify(log, null, 2) + '\n'));
}

function exitCode(verdict: CheckResult['verdict']): number {
  return verdict === 'pass' ? 0 : verdict === 'fail' ? 1 : 2;
}

interface ImageLocation {
  /** The artifactLocation of the image (relative uri + uriBaseId). */
  artifact: SarifObject;
  /** `originalUriBaseIds` entries the location needs. */
  baseIds: SarifObject;
}

function sarifLog(
  image: ImageLocation,
  results: SarifObject[],
  invocation: { executionSuccessful: boolean; exitCode: number; notifications: SarifObject[] },
  options: SarifOptions,
): SarifObject {
  return {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: driver(options.docsUrl ?? defaultDocsUrl) },
        invocations: [
          {
            executionSuccessful: invocation.executionSuccessful,
            exitCode: invocation.exitCode,
            ...(invocation.notifications.length ? { toolExecutionNotifications: invocation.notifications } : {}),
          },
        ],
        originalUriBaseIds: {
          ...image.baseIds,
          GUESTROOT: { description: { text: 'The root directory of the guest file system inside the image (guest paths are relative to it).' } },
        },
        artifacts: [{ location: image.artifact, roles: ['analysisTarget'] }],
        results,
      },
    ],
  };
}

function driver(docsUrl: string): SarifObject {
  return {
    name: 'vhd-gate',
    version,
    semanticVersion: version,
    informationUri: 'https://github.com/vhd-gate/vhd-gate',
    rules: catalog.map((rule) => ruleDescriptor(rule, docsUrl)),
  };
}

/** One catalog rule as a reportingDescriptor: our own text (rule metadata), never image text. */
function ruleDescriptor(rule: Rule, docsUrl: string): SarifObject {
  const url = ruleDocsUrl(docsUrl, rule.id);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}. Applies to ${rule.appliesTo}. What Azure does otherwise: ${rule.symptom}` },
    help: {
      text: `What Azure does: ${rule.symptom}\nFix: ${rule.fix}\nDocumentation: ${url}`,
      markdown: `**What Azure does:** ${rule.symptom}\n\n**Fix:** ${rule.fix}\n\n[${rule.id} documentation](${url})`,
    },
    helpUri: url,
    defaultConfiguration: { level: levels[rule.severity] },
    properties: { tags: ['vhd-gate', 'azure', ruleArea(rule.id)] },
  };
}

/** GEN-WAAGENT-MARKER -> GenWaagentMarker (SARIF's `name`: an identifier-like form of the ID). */
function ruleName(id: string): string {
  return id.split('-').map((w) => w.charAt(0) + w.slice(1).toLowerCase()).join('');
}

/** The rule's area from its ID prefix, as a tag: disk, boot, provisioning, generalized, specialized, network, image. */
function ruleArea(id: string): string {
  const areas: Record<string, string> = { DISK: 'disk', BOOT: 'boot', PA: 'provisioning', GEN: 'generalized', SPEC: 'specialized', NET: 'network', IMAGE: 'image' };
  return areas[id.split('-')[0]!] ?? 'other';
}

function ruleReference(ruleId: string): SarifObject {
  const index = catalog.findIndex((r) => r.id === ruleId);
  return index >= 0 ? { id: ruleId, index } : { id: ruleId };
}

function findingResult(finding: Finding, image: ImageLocation): SarifObject {
  const rule = catalog.find((r) => r.id === finding.ruleId);
  const primary = finding.evidence.find((e) => e.path !== undefined);
  const related = finding.evidence.filter((e) => e.path !== undefined).map((e, i) => relatedLocation(e, i + 1));
  const extra = [
    ...finding.evidence.map((e) => evidenceText(e)),
    ...(rule && finding.symptom !== rule.symptom ? [`What Azure does: ${finding.symptom}`] : []),
    ...(rule && finding.fix !== rule.fix ? [`Fix: ${finding.fix}`] : []),
  ];
  const reference = ruleReference(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(reference.index !== undefined ? { ruleIndex: reference.index } : {}),
    level: levels[finding.severity],
    message: { text: messageText([oneLine(finding.message), ...extra.map((line) => `- ${line}`)].join('\n')) },
    locations: [location(image, primary?.path)],
    ...(related.length ? { relatedLocations: related } : {}),
    partialFingerprints: { [fingerprintName]: fingerprint(finding.ruleId, primary?.path ?? '', finding.message) },
    ...(finding.waiver
      ? {
          suppressions: [
            {
              // No `status`: absent means accepted, and the schema copies in circulation disagree on its name.
              kind: 'external',
              justification: oneLine(finding.waiver.justification),
              properties: { source: oneLine(finding.waiver.source), ...(finding.waiver.expires ? { expires: finding.waiver.expires } : {}) },
            },
          ],
        }
      : {}),
    properties: { severity: finding.severity, docs: finding.docs },
  };
}

function unreadableResult(why: string, image: ImageLocation): SarifObject {
  const reference = ruleReference('IMAGE-UNREADABLE');
  return {
    ruleId: 'IMAGE-UNREADABLE',
    ...(reference.index !== undefined ? { ruleIndex: reference.index } : {}),
    level: 'error',
    message: { text: messageText(why) },
    locations: [location(image, undefined)],
    // One alert per image for "could not be read", whatever the reason's offsets: the reason changes, the alert stays.
    partialFingerprints: { [fingerprintName]: fingerprint('IMAGE-UNREADABLE', '', 'image could not be read') },
  };
}

function location(image: ImageLocation, guestPath: string | undefined): SarifObject {
  return {
    physicalLocation: { artifactLocation: { ...image.artifact, index: 0 } },
    ...(guestPath !== undefined
      ? { logicalLocations: [{ name: oneLine(path.posix.basename(guestPath) || guestPath), fullyQualifiedName: oneLine(guestPath), kind: 'resource' }] }
      : {}),
  };
}

/** A guest file the evidence points at, under GUESTROOT, with its line. */
function relatedLocation(evidence: Evidence, id: number): SarifObject {
  const relative = evidence.path!.replace(/^\/+/, '');
  return {
    id,
    physicalLocation: {
      artifactLocation: { uri: encodePath(relative), uriBaseId: 'GUESTROOT' },
      ...(evidence.line !== undefined && evidence.line >= 1 ? { region: { startLine: evidence.line } } : {}),
    },
    logicalLocations: [{ fullyQualifiedName: oneLine(evidence.path!), kind: 'resource' }],
    message: { text: messageText(evidenceText(evidence)) },
  };
}

/** "/etc/waagent.conf:12 `Provisioning.Agent=auto`", or its detail; one line, unsafe characters visible. */
function evidenceText(e: Evidence): string {
  const parts: string[] = [];
  if (e.path !== undefined) parts.push(oneLine(e.line === undefined ? e.path : `${e.path}:${e.line}`));
  if (e.excerpt !== undefined) parts.push(`\`${oneLine(e.excerpt)}\``);
  if (e.detail !== undefined) parts.push(oneLine(e.detail));
  return parts.join(' ');
}

/**
 * SARIF message text treats `[text](target)` as a link (SARIF 2.1.0 §3.11.6) and `\[`, `\]` as
 * literal brackets: brackets from the image are escaped so none becomes a link, and a backslash
 * right before one is doubled so it cannot cancel that escape.
 */
function messageText(text: string): string {
  return text.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, (ch) => `\\${ch}`);
}

/**
 * Stable across rebuilds of the same image recipe: the rule, the guest path, and the message with
 * what changes per build taken out (numbers, hex offsets, sizes, UUIDs), so a rebuilt image with
 * the same problem keeps its alert open and a fixed one closes it.
 */
export function fingerprint(ruleId: string, guestPath: string, message: string): string {
  const kind = message
    .toLowerCase()
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/0x[0-9a-f]+/g, '<n>')
    .replace(/\d+(\.\d+)*/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
  return createHash('sha256').update(`${ruleId}\0${guestPath}\0${kind}`).digest('hex').slice(0, 32);
}

/**
 * Where the image is, as a relative URI: inside the checkout, relative to it (`%SRCROOT%`);
 * elsewhere, its file name relative to its folder or blob container (`IMAGEDIR`). A blob's query
 * (its SAS) is never part of either.
 */
function imageLocation(source: string, baseDir: string): ImageLocation {
  if (isBlobUrl(source)) {
    let url: URL | undefined;
    try {
      url = new URL(source);
    } catch {
      url = undefined;
    }
    if (url) {
      const dir = url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
      const name = url.pathname.slice(dir.length);
      return { artifact: { uri: name || 'blob', uriBaseId: 'IMAGEDIR' }, baseIds: { IMAGEDIR: { uri: `${url.origin}${dir}` } } };
    }
  }
  const absolute = path.resolve(baseDir, source);
  const relative = path.relative(path.resolve(baseDir), absolute);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { artifact: { uri: encodePath(relative.split(path.sep).join('/')), uriBaseId: '%SRCROOT%' }, baseIds: { '%SRCROOT%': { uri: dirUri(baseDir) } } };
  }
  return { artifact: { uri: encodePath(path.basename(absolute)), uriBaseId: 'IMAGEDIR' }, baseIds: { IMAGEDIR: { uri: dirUri(path.dirname(absolute)) } } };
}

/** file:///dir/ (a base URI must end with a slash). */
function dirUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** A relative path as a URI reference: each segment percent-encoded. */
function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}
