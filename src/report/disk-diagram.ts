import type { FilesystemSummary, ImageFacts } from '../model.js';
import type { Partition } from '../volumes/types.js';
import { humanBytes } from './findings.js';
import { mermaidLabel } from './mermaid.js';

/** Most volumes (partitions and LVs) drawn; a hostile table of 128 partitions ends in one "N more" node. */
export const diagramVolumeLimit = 48;

const containerName: Record<string, string> = { 'vhd-fixed': 'fixed VHD', 'vhd-dynamic': 'dynamic VHD', raw: 'raw disk' };

/**
 * The disk layout as a Mermaid flowchart GitHub renders: container -> partitions -> (LVM PV ->
 * volume group -> logical volumes) -> filesystems -> mount points, from the image facts alone.
 * Every label goes through mermaidLabel: image text (partition names, filesystem labels, VG and
 * LV names, mount points) cannot end the label, start a comment or inject HTML.
 */
export function diskDiagram(image: ImageFacts): string {
  const graph = new Graph();
  const table = image.partitionTable;
  const disk = graph.node('disk', [containerName[image.container.format] ?? image.container.format, humanBytes(image.container.virtualSize), table.scheme === 'none' ? 'no partition table' : table.scheme.toUpperCase()]);
  const byVolume = new Map(image.filesystems.map((f) => [f.volume, f]));
  const groups = new Map<string, string>();
  const group = (name: string) => {
    if (!groups.has(name)) groups.set(name, graph.node('vg', ['VG', name]));
    return groups.get(name)!;
  };
  let drawn = 0;
  let skipped = 0;
  const room = (): boolean => {
    if (drawn < diagramVolumeLimit) drawn += 1;
    else skipped += 1;
    return skipped === 0;
  };

  for (const partition of table.partitions) {
    if (!room()) continue;
    const part = graph.node('part', partitionLabel(partition));
    graph.edge(disk, part);
    const fs = byVolume.get(`partition ${partition.number}`);
    if (fs) drawFilesystem(graph, part, fs, group);
  }
  const whole = byVolume.get('disk');
  if (whole && room()) drawFilesystem(graph, disk, whole, group);
  for (const lv of image.filesystems.filter((f) => f.volume.startsWith('LV '))) {
    if (!room()) continue;
    const node = graph.node('lv', [lv.volume, humanBytes(lv.size)]);
    graph.edge(lv.volumeGroup !== undefined ? group(lv.volumeGroup) : disk, node);
    drawFilesystem(graph, node, lv, group, true);
  }
  if (skipped > 0) graph.edge(disk, graph.node('more', [`${skipped} more volumes not drawn`]));
  return ['```mermaid', 'flowchart LR', ...graph.lines, '```'].join('\n');
}

function partitionLabel(p: Partition): string[] {
  return [`partition ${p.number}`, p.typeName, humanBytes(p.size), ...(p.label ? [`name ${p.label}`] : [])];
}

/** The filesystem on a volume and its mount point; an LVM PV leads to its volume group instead. */
function drawFilesystem(graph: Graph, volume: string, fs: FilesystemSummary, group: (name: string) => string, isLv = false): void {
  if (fs.type === 'LVM2_member') {
    const pv = graph.node('fs', ['LVM PV']);
    graph.edge(volume, pv);
    if (fs.volumeGroup !== undefined) graph.edge(pv, group(fs.volumeGroup));
    return;
  }
  if (fs.type === 'unknown' && !fs.error && !isLv) return;
  const parts = [fs.type, ...(fs.label ? [`label ${fs.label}`] : []), ...(fs.error ? [`not opened: ${fs.error.kind}`] : [])];
  const node = graph.node('fs', parts);
  graph.edge(volume, node);
  if (fs.mountPoint !== undefined) graph.edge(node, graph.node('mount', [fs.mountPoint]), 'mount');
}

/** Nodes and edges with our own IDs; labels escaped, pieces joined with a middle dot. */
class Graph {
  readonly lines: string[] = [];
  private next = 0;

  node(kind: 'disk' | 'part' | 'vg' | 'lv' | 'fs' | 'mount' | 'more', parts: string[]): string {
    const id = `n${this.next++}`;
    const label = parts.map(mermaidLabel).join(' · ');
    // Shapes say what a node is: volumes are boxes, a VG a cylinder, a mount point a stadium.
    const shaped = kind === 'vg' ? `[("${label}")]` : kind === 'mount' ? `(["${label}"])` : kind === 'disk' ? `[["${label}"]]` : `["${label}"]`;
    this.lines.push(`  ${id}${shaped}`);
    return id;
  }

  edge(from: string, to: string, text?: string): void {
    this.lines.push(text ? `  ${from} -->|${text}| ${to}` : `  ${from} --> ${to}`);
  }
}
