import type { FleetImage } from './types.js';

/** Which CI engine's matrix `vhd-gate list` prints. */
export type MatrixKind = 'github' | 'azure-pipelines';

/** GitHub Actions runs at most this many jobs from one matrix (docs: "Using a matrix for your jobs"). */
export const githubMatrixLimit = 256;

/**
 * A GitHub Actions matrix for `strategy.matrix: ${{ fromJSON(needs.list.outputs.matrix) }}`:
 * one `include` entry per image, keys named like the action's inputs (`image`, `os-state`,
 * `hyper-v-generation`) plus `name` for the job title. Unknown settings are left out.
 */
export function githubMatrix(images: FleetImage[]): { include: Record<string, string>[] } {
  return {
    include: images.map((i) => ({
      name: i.name,
      image: i.image,
      ...(i.osState ? { 'os-state': i.osState } : {}),
      ...(i.hyperVGeneration ? { 'hyper-v-generation': i.hyperVGeneration } : {}),
    })),
  };
}

/**
 * An Azure Pipelines `strategy.matrix` object for `matrix: $[ dependencies.list.outputs['list.legs'] ]`:
 * one leg per image, keyed by a leg name (letters, digits and `_`, starting with a letter, at
 * most 100 characters, unique), whose variables are named like the task's inputs (`image`,
 * `osState`, `hyperVGeneration`) plus `imageName`.
 */
export function azurePipelinesMatrix(images: FleetImage[]): Record<string, Record<string, string>> {
  const legs: Record<string, Record<string, string>> = {};
  for (const i of images) {
    legs[uniqueLegName(i.name, legs)] = {
      imageName: i.name,
      image: i.image,
      ...(i.osState ? { osState: i.osState } : {}),
      ...(i.hyperVGeneration ? { hyperVGeneration: i.hyperVGeneration } : {}),
    };
  }
  return legs;
}

/** The matrix of `kind` as one line of JSON (what a step writes to an output variable). */
export function renderMatrix(kind: MatrixKind, images: FleetImage[]): string {
  return `${JSON.stringify(kind === 'github' ? githubMatrix(images) : azurePipelinesMatrix(images))}\n`;
}

function uniqueLegName(name: string, taken: Record<string, unknown>): string {
  let base = name.replace(/\.vhd$/i, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[A-Za-z]/.test(base)) base = `image_${base}`;
  base = base.slice(0, 90);
  let leg = base;
  for (let n = 2; Object.hasOwn(taken, leg); n++) leg = `${base}_${n}`;
  return leg;
}
