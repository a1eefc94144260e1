/** The volume layer: partition tables (MBR with logical partitions, GPT with backup-header fallback). */
export { readPartitionTable } from './read-partition-table.js';
export type { Partition, PartitionTable } from './types.js';
export { PartitionTypes } from './types.js';
