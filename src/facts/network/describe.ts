import type { InterfaceConfig } from './types.js';

/** "netplan /etc/netplan/50-cloud-init.yaml (eth0)": a definition named for messages (facts' reasons and rules' findings alike). */
export function describeDefinition(config: Pick<InterfaceConfig, 'format' | 'path' | 'id'>): string {
  const id = config.format === 'netplan' || config.format === 'eni' || config.format === 'nm-keyfile' ? ` (${config.id})` : '';
  return `${config.format} ${config.path}${id}`;
}
