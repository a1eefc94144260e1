import type { IntentField } from './types.js';

/**
 * How a caller declares each intended setting: the CLI flag, the action input and the image
 * definition's own field. Reports name them when a rule did not run because the setting was not
 * declared, so the user knows exactly what to add.
 */
export interface DeclareHint {
  /** CLI flag, with its values: "--security-type". */
  flag: string;
  /** GitHub Action input (also the Azure DevOps task's, kebab-case): "security-type". */
  input: string;
  /** Where an image-definition file carries it: "features[SecurityType]". */
  definition: string;
}

export const declareHints: Record<IntentField, DeclareHint> = {
  osState: { flag: '--os-state', input: 'os-state', definition: 'osState' },
  hyperVGeneration: { flag: '--hyper-v-generation', input: 'hyper-v-generation', definition: 'hyperVGeneration' },
  architecture: { flag: '--architecture', input: 'architecture', definition: 'architecture' },
  securityType: { flag: '--security-type', input: 'security-type', definition: 'features[SecurityType]' },
  acceleratedNetworking: { flag: '--accelerated-networking', input: 'accelerated-networking', definition: 'features[IsAcceleratedNetworkSupported]' },
  diskControllerTypes: { flag: '--disk-controller-types', input: 'disk-controller-types', definition: 'features[DiskControllerTypes]' },
};

/** "securityType is not declared: set --security-type (action input security-type) or features[SecurityType] in the image definition". */
export function undeclaredReason(fields: readonly IntentField[]): string {
  const parts = fields.map((f) => `${declareHints[f].flag} (action input ${declareHints[f].input}) or ${declareHints[f].definition} in the image definition`);
  const what = fields.length === 1 ? `${fields[0]} is not declared` : `${fields.join(', ')} are not declared`;
  return `${what}: set ${parts.join('; and ')}`;
}
