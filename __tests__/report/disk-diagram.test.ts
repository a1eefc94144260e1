import { describe, expect, it } from '@jest/globals';
import { inspectImage } from '../../src/inspect.js';
import { diagramVolumeLimit, diskDiagram } from '../../src/report/disk-diagram.js';
import { mermaidLabel } from '../../src/report/mermaid.js';
import { fixtureImage, fixtureManifest, RHEL_FIXTURE_IMAGES_DIR } from '../helpers/fixtures.js';
import { failingResult } from './sample-results.js';

/** Labels of a rendered diagram: what is between the quotes of each node. */
const labels = (diagram: string) => [...diagram.matchAll(/^ {2}n\d+[[(]+"(.*)"[\])]+$/gm)].map((m) => m[1]!);

describe('mermaidLabel', () => {
  it.each([
    ['"] --> evil["x', '#34;#93; --#62; evil#91;#34;x'],
    ['%%{init: {"theme":"dark"}}%%', '#37;#37;#123;init: #123;#34;theme#34;:#34;dark#34;#125;#125;#37;#37;'],
    ['`**md**`', '#96;#42;#42;md#42;#42;#96;'],
    ['<img src=x onerror=alert(1)>', '#60;img src=x onerror=alert(1)#62;'],
    ['#quot;', '#35;quot#59;'],
    ['a\nb\u202ec', 'a#92;nb#92;u202ec'],
    ['/boot/efi', '/boot/efi'],
  ])('%j -> %s', (text, label) => {
    expect(mermaidLabel(text)).toBe(label);
  });

  it('cuts long text to 80 characters with an ellipsis', () => {
    expect(mermaidLabel('x'.repeat(200))).toBe(`${'x'.repeat(79)}#8230;`);
  });
});

describe('diskDiagram', () => {
  it('draws the RHEL fixture: GPT -> partitions -> LVM PV -> VG -> LVs -> XFS -> mount points', async () => {
    const name = fixtureManifest(RHEL_FIXTURE_IMAGES_DIR).images.find((i) => i.name === 'rhel9-lvm-generalized.vhd')!.name;
    const { image } = await inspectImage({ image: await fixtureImage(name, RHEL_FIXTURE_IMAGES_DIR) });
    const diagram = diskDiagram(image);
    expect(diagram.split('\n')[0]).toBe('```mermaid');
    expect(diagram.endsWith('\n```')).toBe(true);
    const edge = (from: string, to: string) => {
      const id = (label: string) => diagram.match(new RegExp(`^ {2}(n\\d+)[\\[(]+"${label.replace(/[()[\]]/g, '\\$&')}"`, 'm'))?.[1];
      return new RegExp(`^ {2}${id(from)} -->(\\|mount\\|)? ${id(to)}$`, 'm').test(diagram);
    };
    expect(labels(diagram)).toContain('fixed VHD · 192.0 MiB · GPT');
    expect(edge('fixed VHD · 192.0 MiB · GPT', 'partition 4 · Linux LVM · 107.0 MiB')).toBe(true);
    expect(edge('partition 4 · Linux LVM · 107.0 MiB', 'LVM PV')).toBe(true);
    expect(edge('LVM PV', 'VG · rootvg')).toBe(true);
    expect(edge('VG · rootvg', 'LV rootvg/rootlv · 64.0 MiB')).toBe(true);
    expect(edge('VG · rootvg', 'LV rootvg/varlv · 32.0 MiB')).toBe(true);
    expect(edge('partition 2 · Linux filesystem · 64.0 MiB', 'xfs')).toBe(true);
    for (const mount of ['/', '/var', '/boot', '/boot/efi']) expect(labels(diagram)).toContain(mount);
  });

  it('a hostile table of many partitions is cut, with a node saying how many were left out', () => {
    const base = failingResult().image;
    const partitions = Array.from({ length: 128 }, (_, i) => ({ ...base.partitionTable.partitions[1]!, number: i + 1, label: `p"]${i}` }));
    const diagram = diskDiagram({ ...base, partitionTable: { ...base.partitionTable, partitions }, filesystems: [] });
    expect(labels(diagram).filter((l) => l.startsWith('partition '))).toHaveLength(diagramVolumeLimit);
    expect(labels(diagram)).toContain(`${128 - diagramVolumeLimit} more volumes not drawn`);
    expect(diagram).not.toContain('"]0');
  });
});
