/**
 * A GUID as stored by UEFI (GPT type, partition and disk GUIDs): the first three fields are
 * little-endian, the last eight bytes are in order ("mixed-endian"). Returns lower-case
 * canonical form, as blkid and sfdisk print it.
 */
export function guidFromBytes(b: Uint8Array): string {
  const h = (i: number): string => b[i]!.toString(16).padStart(2, '0');
  const run = (indexes: number[]): string => indexes.map(h).join('');
  return `${run([3, 2, 1, 0])}-${run([5, 4])}-${run([7, 6])}-${run([8, 9])}-${run([10, 11, 12, 13, 14, 15])}`;
}

/** True when all 16 bytes are zero: an unused GPT entry. */
export function isNullGuid(b: Uint8Array): boolean {
  return b.every((x) => x === 0);
}
