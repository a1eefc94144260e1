import { toleratedError } from '../error-record.js';
import { GuestFs } from './guest-fs.js';
import type { Volume } from './volume.js';

/** Files whose presence says "this filesystem is a Linux root", with their weight. */
const rootMarkers: [path: string, weight: number][] = [
  ['/etc/os-release', 2],
  ['/usr/lib/os-release', 2],
  ['/etc/fstab', 2],
  ['/etc/passwd', 1],
  ['/sbin', 1],
  ['/usr', 1],
];

/** A volume considered for "/", with the markers it has. */
export interface RootCandidate {
  volume: Volume;
  score: number;
  markers: string[];
}

/**
 * Finds the guest's root filesystem by content, never by partition number or name: the
 * opened filesystem whose /etc looks like a Linux root. Ties go to the first volume on disk
 * and are reported, since a disk with two OS roots is unusual enough to mention.
 */
export async function findRoot(volumes: readonly Volume[]): Promise<{ root?: Volume; candidates: RootCandidate[] }> {
  const candidates: RootCandidate[] = [];
  for (const volume of volumes) {
    if (!volume.fs) continue;
    const view = new GuestFs([{ mountPoint: '/', fs: volume.fs, source: volume.name }]);
    try {
      const etc = await view.lstat('/etc');
      if (!etc || etc.node.type !== 'dir') continue;
      const markers: string[] = [];
      let score = 0;
      for (const [path, weight] of rootMarkers) {
        if (await view.lstat(path)) {
          markers.push(path);
          score += weight;
        }
      }
      if (score >= 2) candidates.push({ volume, score, markers });
    } catch (error) {
      // A corrupt filesystem cannot be the root we read; it is reported with the volume.
      volume.error = toleratedError(error);
      continue;
    }
  }
  const best = candidates.reduce<RootCandidate | undefined>((a, c) => (!a || c.score > a.score ? c : a), undefined);
  return { root: best?.volume, candidates };
}
