import type { FilesystemSummary, InspectResult } from '../model.js';
import type { Partition } from '../volumes/types.js';
import { describeRecord } from '../error-record.js';
import { hex } from '../errors.js';
import { humanBytes } from './findings.js';
import { ioLine } from './text.js';
import { neutraliseOutput, oneLine } from './neutralise.js';
import { redact } from './redact.js';
import { guestSummaryLines } from './inspect-summary.js';

/**
 * What `vhd-gate inspect` prints: the image as a tree, then OS, agents and the detected OS state.
 * Every entry of `lines` is one line and most carry image text (labels, paths, user names,
 * settings), so each is passed through `oneLine`: a newline or escape sequence inside is shown,
 * not obeyed.
 */
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
    if (partition && image.esp?.partition === partition.number) {
      const esp = image.esp;
      const loaders = esp.error ? `not readable: ${describeRecord(esp.error)}` : esp.loaders.length ? esp.loaders.join(', ') : 'none';
      lines.push(`│  ${last ? '   ' : '│ '}      EFI loaders: ${loaders}`);
    }
  });

  const logicalVolumes = image.filesystems.filter((f) => f.volume.startsWith('LV '));
  if (logicalVolumes.length > 0) {
    lines.push('├─ LVM logical volumes');
    logicalVolumes.forEach((lv, i) => {
      const last = i === logicalVolumes.length - 1;
      lines.push(`│  ${last ? '└─' : '├─'} ${lv.volume.slice(3)}  size ${humanBytes(lv.size)}`);
      lines.push(`│  ${last ? '   ' : '│ '}  └─ ${filesystemLine(lv)}`);
    });
  }

  lines.push(`├─ mounts${image.mounts.length === 0 ? ': none (no guest root found)' : ''}`);
  image.mounts.forEach((m, i) => lines.push(`│  ${i === image.mounts.length - 1 ? '└─' : '├─'} ${m.mountPoint} <- ${m.volume} (${m.fsType})`));
  for (const problem of image.problems) lines.push(`│  problem: ${problem}`);
  lines.push(`└─ guest: ${result.guestError ? `not readable: ${describeRecord(result.guestError)}` : 'read'}`);

  if (result.facts) {
    lines.push('', ...guestSummaryLines(result.facts));
    if (result.facts.unavailable.length > 0) {
      lines.push('', 'Facts not collected');
      for (const u of result.facts.unavailable) lines.push(`  ${u.subject}: ${describeRecord(u.error)}`);
    }
  }
  lines.push('', `Detected OS state: ${result.detected.osState}`);
  for (const evidence of result.detected.evidence) lines.push(`  - ${evidence}`);
  lines.push('', ...ioLine(result.io).split('\n'));
  return neutraliseOutput(redact(lines.map(oneLine).join('\n') + '\n'));
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
  if (f.error) parts.push(`error: ${describeRecord(f.error)}`);
  return parts.join(', ');
}
