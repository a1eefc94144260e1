/** The OS state an image definition declares. */
export type OsState = 'generalized' | 'specialized';
export type HyperVGeneration = 'V1' | 'V2';
export type Architecture = 'x64' | 'Arm64';

/**
 * The settings the image will be registered with (gallery image definition), from CLI
 * flags / action inputs and/or an image-definition file. Absent fields are unknown:
 * rules that depend on them do not run.
 */
export interface Intent {
  osState?: OsState;
  hyperVGeneration?: HyperVGeneration;
  architecture?: Architecture;
  /** Standard, TrustedLaunch, TrustedLaunchSupported, ConfidentialVM, ... as in the definition's features. */
  securityType?: string;
  acceleratedNetworking?: boolean;
  /** e.g. ["SCSI", "NVMe"]. */
  diskControllerTypes?: string[];
  /** Where each value came from, for the report: { osState: "--os-state", hyperVGeneration: "image-definition.json" }. */
  sources: Partial<Record<Exclude<keyof Intent, 'sources' | 'notes'>, string>>;
  /** Settings a definition file names but vhd-gate could not read (unresolved ARM expressions); shown in reports. */
  notes?: string[];
}

/** The intent fields that carry a setting (everything but `sources`/`notes`). */
export type IntentField = Exclude<keyof Intent, 'sources' | 'notes'>;
