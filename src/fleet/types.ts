import type { HyperVGeneration, OsState } from '../intent/types.js';

/** One image to gate: a leg of the CI matrix that `vhd-gate list` prints. */
export interface FleetImage {
  /** A short name for the job (blob name, or definition/version). */
  name: string;
  /** What the gate job passes as IMAGE: a blob URL without any SAS query. */
  image: string;
  /** The definition's OS state, when known (flag or definition JSON). */
  osState?: OsState;
  /** The definition's Hyper-V generation, when known. */
  hyperVGeneration?: HyperVGeneration;
}

/** Something `list` found but left out of the matrix, and why (printed on stderr). */
export interface SkippedItem {
  name: string;
  reason: string;
}

/** What an enumeration found. */
export interface FleetListing {
  images: FleetImage[];
  skipped: SkippedItem[];
  /** Free-form notes for stderr (pages read, ...). */
  notes: string[];
}
