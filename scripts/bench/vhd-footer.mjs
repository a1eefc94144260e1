// Turns a raw disk file into a fixed VHD by appending the 512-byte Hard Disk Footer, which is all a
// fixed VHD is (VHD spec, "Hard Disk Footer Format"). The raw file is not read or rewritten, so a
// sparse disk stays sparse: qemu-img convert -O vpc would read every hole and refuses sizes over
// 2040 GiB, which the 2 TiB benchmark disk needs.
// Usage: node vhd-footer.mjs RAW_FILE UNIQUE_ID_UUID
import { openSync, fstatSync, writeSync, closeSync } from 'node:fs';

const VHD_EPOCH = 946684800; // 2000-01-01T00:00:00Z, the footer's time base
const SECTOR = 512;

/** CHS geometry per the VHD spec's pseudo-code (appendix "CHS Calculation"). */
function chsGeometry(totalSectors) {
  let sectors = Math.min(totalSectors, 65535 * 16 * 255);
  let spt, heads, cylTimesHeads;
  if (sectors >= 65535 * 16 * 63) {
    spt = 255;
    heads = 16;
    cylTimesHeads = Math.floor(sectors / spt);
  } else {
    spt = 17;
    cylTimesHeads = Math.floor(sectors / spt);
    heads = Math.max(4, Math.floor((cylTimesHeads + 1023) / 1024));
    if (cylTimesHeads >= heads * 1024 || heads > 16) {
      spt = 31;
      heads = 16;
      cylTimesHeads = Math.floor(sectors / spt);
    }
    if (cylTimesHeads >= heads * 1024) {
      spt = 63;
      heads = 16;
      cylTimesHeads = Math.floor(sectors / spt);
    }
  }
  return { cylinders: Math.floor(cylTimesHeads / heads), heads, spt };
}

/** The footer for a fixed disk of `size` bytes. */
export function fixedFooter(size, uniqueId, now = Math.floor(Date.now() / 1000)) {
  const f = Buffer.alloc(512);
  f.write('conectix', 0x00, 'latin1'); // Cookie
  f.writeUInt32BE(2, 0x08); // Features: reserved bit, always set
  f.writeUInt32BE(0x00010000, 0x0c); // File Format Version 1.0
  f.writeBigUInt64BE(0xffffffffffffffffn, 0x10); // Data Offset: none for a fixed disk
  f.writeUInt32BE(now - VHD_EPOCH, 0x18); // Time Stamp
  f.write('vbnc', 0x1c, 'latin1'); // Creator Application (as for the footer of this bench)
  f.writeUInt32BE(0x00010000, 0x20); // Creator Version
  f.write('Wi2k', 0x24, 'latin1'); // Creator Host OS
  f.writeBigUInt64BE(BigInt(size), 0x28); // Original Size
  f.writeBigUInt64BE(BigInt(size), 0x30); // Current Size
  const g = chsGeometry(Math.floor(size / SECTOR));
  f.writeUInt16BE(g.cylinders, 0x38); // Disk Geometry: cylinders, heads, sectors per track
  f.writeUInt8(g.heads, 0x3a);
  f.writeUInt8(g.spt, 0x3b);
  f.writeUInt32BE(2, 0x3c); // Disk Type: fixed
  Buffer.from(uniqueId.replace(/-/g, ''), 'hex').copy(f, 0x44); // Unique Id
  let sum = 0;
  for (const b of f) sum += b;
  f.writeUInt32BE(~sum >>> 0, 0x40); // Checksum: one's complement of the byte sum
  return f;
}

const [file, uniqueId] = process.argv.slice(2);
if (!file || !/^[0-9a-f-]{36}$/i.test(uniqueId ?? '')) {
  console.error('usage: node vhd-footer.mjs RAW_FILE UNIQUE_ID_UUID');
  process.exit(2);
}
const fd = openSync(file, 'r+');
const size = fstatSync(fd).size;
if (size % SECTOR !== 0) throw new Error(`${file}: size ${size} is not a whole number of sectors`);
writeSync(fd, fixedFooter(size, uniqueId), 0, 512, size);
closeSync(fd);
