import type { Facts, FactSubject, UnavailableSubject } from '../facts/index.js';
import type { ImageFacts } from '../model.js';
import type { Intent, IntentField } from '../intent/types.js';

export type Severity = 'error' | 'warning' | 'info';

/** Severities from most to least severe (0 = error): the order findings are sorted and compared in. */
export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Where in the image a finding was seen. Never holds a secret: hashes and keys are summarised. */
export interface Evidence {
  /** Guest path, e.g. /etc/waagent.conf. */
  path?: string;
  /** 1-based line number in that file. */
  line?: number;
  /** A short excerpt (one line, trimmed, at most ~120 chars) made by facts/excerpt.ts: allow-listed settings only, other values `<hidden>`. */
  excerpt?: string;
  /** Evidence that is not a file: "partition 1 (EFI System) at 0x100000", "VHD footer at 0x3ffffe00". */
  detail?: string;
}

/** One neutral finding record; every output format renders this. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  evidence: Evidence[];
  /** What Azure does if the image ships like this. */
  symptom: string;
  /** How to fix it. */
  fix: string;
  /** Absolute URL of the rule's documentation page (src/rules/docs-url.ts). */
  docs: string;
  /** Set when a waiver (.vhd-gate.yml / --config) covers this finding: still reported everywhere, marked waived, but it does not fail the job. */
  waiver?: FindingWaiver;
}

/** The waiver that covers a finding, as reports show it. */
export interface FindingWaiver {
  /** Why the team accepts this finding (required in the config file). */
  justification: string;
  /** Last day the waiver applies (YYYY-MM-DD), when it has one. */
  expires?: string;
  /** Where the waiver is written: ".vhd-gate.yml line 4". */
  source: string;
}

/** What a rule's check returns; ruleId, and by default severity/symptom/fix, come from the rule. */
export interface FindingDraft {
  message: string;
  evidence: Evidence[];
  severity?: Severity;
  symptom?: string;
  fix?: string;
}

/** Everything a rule may look at. `facts` is undefined when no guest root could be read. */
export interface RuleContext {
  image: ImageFacts;
  facts?: Facts;
  intent: Intent;
  /** The rules that apply to the intent but cannot run (IMAGE-UNREADABLE reports why); set by the engine. */
  notRun?: readonly NotRun[];
}

/** A rule module: metadata as data plus one `check`. */
export interface Rule {
  /** Stable ID, never renamed once shipped (e.g. GEN-WAAGENT-MARKER). */
  id: string;
  title: string;
  /** Default severity; a check may raise or lower it per finding. */
  severity: Severity;
  /** Human summary of when it applies ("generalized", "both", "V2"). */
  appliesTo: string;
  /** Azure symptom (default for findings). */
  symptom: string;
  /** Remediation (default for findings). */
  fix: string;
  /** Guest fact subjects the rule reads; if one could not be collected the rule is reported as not run. Empty for image-only rules. */
  needs: FactSubject[];
  /**
   * Image-definition settings the rule needs declared (architecture, securityType, ...). When one
   * is not declared the rule does not run and is listed as not run, naming the flag that would
   * enable it; that is information, never a failure or an IMAGE-UNREADABLE. The engine checks
   * this before `applies`, so `applies` may assume these fields are set.
   */
  needsIntent?: IntentField[];
  /** Whether the rule runs for this intent. */
  applies(intent: Intent): boolean;
  check(ctx: RuleContext): FindingDraft[];
}

/** A rule that applied but could not run, with the reason; reported, never silently passed. */
export interface NotRun {
  ruleId: string;
  /** The rule's default severity: what a finding of it would have weighed. */
  severity: Severity;
  /** Why, in words: no guest root, facts not collected, or which subjects could not be read. */
  reason: string;
  /** The fact subjects it needs that could not be read, with their errors (each is an IMAGE-UNREADABLE finding). */
  unavailable: UnavailableSubject[];
  /** The settings in its `needsIntent` that nobody declared (src/intent/declare.ts names the flags); then `unavailable` is empty. */
  undeclared?: IntentField[];
}
