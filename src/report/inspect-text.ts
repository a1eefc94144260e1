import type { Facts } from '../facts/index.js';
import type { FilesystemSummary, InspectResult } from '../model.js';
import type { Partition } from '../volumes/types.js';
import { hex } from '../errors.js';
import { humanBytes } from './findings.js';
import { ioLine } from './text.js';
import { plain, type Plain } from './plain.js';
import { redact } from './redact.js';

/** Fact subjects shown under "OS" and "Agents", in this order. */
const osSubjects = ['osRelease'] as const;
const agentSubjects = ['waagent', 'cloudInit'] as const;

/** Most lines one fact subject may take, so a huge fact list cannot flood the terminal. */
const maxFactLines = 60;

/** What `vhd-gate inspect` prints: the image as a tree, then OS, agents and the detected OS state. */
export function renderInspectText(result: InspectResult): string {
  const { image } = result;
  const lines: string[] = [image.source];
  const c = image.container;
  lines.push(`├─ container: ${c.format}, virtual size ${size(c.virtualSize)}, file size ${size(c.fileSize)}`);
  if (c.footer) {
    lines.push(
      `│  footer: creator "${c.footer.creatorApplication.trim()}", checksum ${c.footer.checksumValid ? 'valid' : 'INVALID'}, unique id ${c.footer.uniqueId}`,
    );
  }
  for (const note of c.notes) lines.push(`│  note: ${note}`);

  const table = image.partitionTable;
  lines.push(`├─ partition table: ${table.scheme}${table.diskId ? ` (disk id ${table.diskId})` : ''}${table.gptHeader === 'backup' ? ', backup GPT header' : ''}`);
  for (const note of table.notes) lines.push(`│  note: ${note}`);
  const volumes = table.partitions.length > 0 ? table.partitions : [undefined];
  volumes.forEach((partition, i) => {
    const last = i === volumes.length - 1;
    const fs = image.filesystems.find((f) => (partition ? f.partition === partition.number : f.volume === 'disk'));
    lines.push(`│  ${last ? '└─' : '├─'} ${partition ? partitionLine(partition) : 'whole disk'}`);
    if (fs) lines.push(`│  ${last ? '   ' : '│ '}  └─ ${filesystemLine(fs)}`);
  });

  lines.push(`├─ mounts${image.mounts.length === 0 ? ': none (no guest root found)' : ''}`);
  image.mounts.forEach((m, i) => lines.push(`│  ${i === image.mounts.length - 1 ? '└─' : '├─'} ${m.mountPoint} <- ${m.volume} (${m.fsType})`));
  for (const problem of image.problems) lines.push(`│  problem: ${problem}`);
  lines.push(`└─ guest: ${result.guestError ? `not readable: ${result.guestError}` : 'read'}`);

  if (result.facts) {
    lines.push('', 'OS');
    lines.push(...subjectLines(result.facts, osSubjects));
    lines.push('', 'Agents');
    lines.push(...subjectLines(result.facts, agentSubjects));
    if (result.facts.unavailable.length > 0) {
      lines.push('', 'Facts not collected');
      for (const u of result.facts.unavailable) lines.push(`  ${u.subject}: ${u.reason}`);
    }
  }
  lines.push('', `Detected OS state: ${result.detected.osState}`);
  for (const evidence of result.detected.evidence) lines.push(`  - ${evidence}`);
  lines.push('', ioLine(result.io));
  return redact(lines.join('\n') + '\n');
}

function size(bytes: number): string {
  return bytes >= 1024 ? `${humanBytes(bytes)} (${bytes} bytes)` : humanBytes(bytes);
}

function partitionLine(p: Partition): string {
  const parts = [`${p.number}`, p.typeName || p.type, `start ${hex(p.start)}`, `size ${humanBytes(p.size)}`];
  if (p.label) parts.push(`label "${p.label}"`);
  if (p.partUuid) parts.push(`partuuid ${p.partUuid}`);
  if (p.bootable) parts.push('bootable');
  return parts.join('  ');
}

function filesystemLine(f: FilesystemSummary): string {
  const parts = [f.type];
  if (f.uuid) parts.push(`uuid ${f.uuid}`);
  if (f.label) parts.push(`label "${f.label}"`);
  if (f.mountPoint) parts.push(`mounted at ${f.mountPoint}`);
  if (f.error) parts.push(`error: ${f.error}`);
  return parts.join(', ');
}

/** Each subject as an indented key/value tree; its shape is whatever its collector returns. */
function subjectLines(facts: Facts, subjects: readonly (keyof Facts)[]): string[] {
  const lines: string[] = [];
  for (const subject of subjects) {
    const value = facts[subject];
    const body = value === undefined ? [] : treeLines(plain(value), 2);
    if (value === undefined || body.length === 0) {
      lines.push(`  ${subject}: ${value === undefined ? 'not collected' : 'nothing found'}`);
      continue;
    }
    lines.push(`  ${subject}:`);
    lines.push(...body.slice(0, maxFactLines).map((l) => `  ${l}`));
    if (body.length > maxFactLines) lines.push(`    ... ${body.length - maxFactLines} more lines (see --format json)`);
  }
  return lines;
}

function treeLines(value: Plain, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (value === null || typeof value !== 'object') return [`${pad}${String(value)}`];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return value.length ? [`${pad}${value.join(', ')}`] : [];
    // An item whose values are all scalars fits on one line ("key: Provisioning.Agent, value: auto, line: 11").
    return value.flatMap((v, i) => (isFlat(v) ? [`${pad}- ${flatLine(v)}`] : [`${pad}[${i}]`, ...treeLines(v, indent + 2)]));
  }
  return Object.entries(value).flatMap(([key, v]) => {
    if (v === null) return [];
    if (typeof v !== 'object') return [`${pad}${key}: ${String(v)}`];
    if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.length ? [`${pad}${key}: ${v.join(', ')}`] : [];
    const inner = treeLines(v, indent + 2);
    return inner.length ? [`${pad}${key}:`, ...inner] : [];
  });
}

function isFlat(value: Plain): value is { [key: string]: Plain } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v !== 'object');
}

function flatLine(value: { [key: string]: Plain }): string {
  return Object.entries(value)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}
