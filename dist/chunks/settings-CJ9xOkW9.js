import require$$0 from 'process';
import require$$0$1 from 'buffer';
import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { crc32 as crc32$1 } from 'node:zlib';
import path from 'node:path';

class GateError extends Error {
    /** Pipeline layer that failed. */
    layer;
    /** io / unsupported / corrupt. */
    kind;
    /** Byte offset (in the layer's own source) where the problem was found, when known. */
    offset;
    /** Guest path being read when it failed, when known. */
    path;
    constructor(layer, kind, message, options) {
        super(message, options?.cause === undefined ? undefined : { cause: options.cause });
        this.name = new.target.name;
        this.layer = layer;
        this.kind = kind;
        this.offset = options?.offset;
        this.path = options?.path;
    }
    /** One line for a terminal: "container (corrupt) at offset 0x1fe00: ...", "guest (limit) in /etc/passwd: ...". */
    describe() {
        return describeError(this);
    }
}
/**
 * The one-line form of an error, from a GateError or its record (src/error-record.ts):
 * "filesystem (corrupt) at offset 0x400 in /etc/passwd: ...".
 */
function describeError(error) {
    const at = error.offset === undefined || error.offset === null ? '' : ` at offset 0x${error.offset.toString(16)}`;
    const path = error.path === undefined || error.path === null ? '' : ` in ${error.path}`;
    return `${error.layer} (${error.kind})${at}${path}: ${error.message}`;
}
/** The byte source itself failed: short read, I/O error, missing file or blob. */
class IoError extends GateError {
    constructor(kind, message, options) {
        super('io', kind, message, options);
    }
}
/** The disk container (VHD, raw; VHDX/qcow2/VMDK recognised but not read). */
class ContainerError extends GateError {
    constructor(kind, message, options) {
        super('container', kind, message, options);
    }
}
/** Partition tables and volume managers (MBR, GPT, LVM2). */
class VolumeError extends GateError {
    constructor(kind, message, options) {
        super('volume', kind, message, options);
    }
}
/** A filesystem reader (ext4, XFS, FAT). */
class FilesystemError extends GateError {
    constructor(kind, message, options) {
        super('filesystem', kind, message, options);
    }
}
/** Assembling the guest view: no root filesystem, symlink loops, unresolvable paths. */
class GuestError extends GateError {
    constructor(kind, message, options) {
        super('guest', kind, message, options);
    }
}
/**
 * The caller's mistake in the intended settings (flags, image-definition file). Not about the
 * image; `kind` is 'unsupported' for unknown values and 'corrupt' for unparseable files.
 */
class IntentError extends GateError {
    constructor(message, options) {
        super('intent', 'unsupported', message, options);
    }
}
/**
 * A budget from src/limits.ts was exceeded: the content may be fine, but reading more would
 * cost unbounded time or memory. Whatever needed it is reported as not judged, never passed.
 */
class LimitError extends GateError {
    /** Name of the budget in src/limits.ts, e.g. "dirEntries". */
    budget;
    limit;
    constructor(layer, budget, limit, message, options) {
        super(layer, 'limit', message, options);
        this.budget = budget;
        this.limit = limit;
    }
}
/** Hex offset helper for messages: 0x1fe. */
function hex(n) {
    return `0x${n.toString(16)}`;
}

/** Largest single read any parser may ask for; anything larger is a bug or a hostile length. */
const MAX_SINGLE_READ = 64 * 1024 * 1024;
/** Validates a read request against a source's bounds; shared by every implementation. */
function checkRange(source, offset, length) {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
        throw new IoError('corrupt', `${source.name}: invalid read of ${length} bytes at ${offset}`, { offset: Math.max(0, offset || 0) });
    }
    if (length > MAX_SINGLE_READ) {
        throw new IoError('corrupt', `${source.name}: refusing a ${length}-byte read at ${hex(offset)} (limit ${MAX_SINGLE_READ})`, { offset });
    }
    if (offset + length > source.size) {
        throw new IoError('corrupt', `${source.name}: read of ${length} bytes at ${hex(offset)} runs past the end (size ${source.size})`, { offset });
    }
}
/** A window [offset, offset+size) of a parent source: a partition, a logical-volume segment. */
function slice(parent, offset, size, name) {
    if (offset < 0 || size < 0 || offset + size > parent.size) {
        throw new IoError('corrupt', `${name}: slice ${hex(offset)}+${size} lies outside ${parent.name} (size ${parent.size})`, { offset });
    }
    return {
        name,
        size,
        async read(o, length) {
            checkRange({ name, size }, o, length);
            return parent.read(offset + o, length);
        },
    };
}

/**
 * The exact commands that turn an image into what Azure accepts (a fixed VHD whose virtual size
 * is a whole number of MiB). Shared by the container errors and the DISK-* rules so every
 * message gives the same, copy-pasteable advice.
 */
/** `qemu-img convert` to a fixed VHD; `force_size` keeps the exact virtual size instead of rounding it to CHS geometry. */
function qemuToFixedVhd(format, input, output = 'out.vhd') {
    return `qemu-img convert -f ${format} -O vpc -o subformat=fixed,force_size ${input} ${output}`;
}
/** The Hyper-V PowerShell equivalent (also merges a differencing chain). */
function convertVhdToFixed(input = 'in.vhd', output = 'out.vhd') {
    return `Convert-VHD -Path ${input} -DestinationPath ${output} -VHDType Fixed`;
}
/** Bytes in a MiB: Azure requires the virtual size to be a whole number of them. */
const MIB = 1024 * 1024;
/** The smallest whole-MiB size not below `bytes`. */
function nextWholeMib(bytes) {
    return Math.ceil(bytes / MIB) * MIB;
}
/** The three commands that make a VHD's virtual size a whole number of MiB. */
function resizeToWholeMibCommands(virtualSize, input = 'disk.vhd') {
    const mib = nextWholeMib(virtualSize) / MIB;
    return [
        `qemu-img convert -f vpc -O raw ${input} disk.raw`,
        `qemu-img resize -f raw disk.raw ${mib}M`,
        qemuToFixedVhd('raw', 'disk.raw', 'disk-fixed.vhd'),
    ];
}

const signatures = [
    // VHDX: "File Type Identifier" signature "vhdxfile" at 0 (MS-VHDX 2.2.1).
    { magic: ascii$3('vhdxfile'), offset: 0, format: { name: 'VHDX', qemuFormat: 'vhdx', extension: 'vhdx' } },
    // qcow/qcow2: magic "QFI\xfb" at 0.
    { magic: Uint8Array.of(0x51, 0x46, 0x49, 0xfb), offset: 0, format: { name: 'qcow2', qemuFormat: 'qcow2', extension: 'qcow2' } },
    // VMDK hosted sparse extent (also streamOptimized): "KDMV" at 0.
    { magic: ascii$3('KDMV'), offset: 0, format: { name: 'VMDK (sparse extent)', qemuFormat: 'vmdk', extension: 'vmdk' } },
    // VMDK ESX sparse extent (COWD).
    { magic: ascii$3('COWD'), offset: 0, format: { name: 'VMDK (ESX sparse extent)', qemuFormat: 'vmdk', extension: 'vmdk' } },
    // VMDK text descriptor (monolithicFlat, twoGbMaxExtent...).
    { magic: ascii$3('# Disk DescriptorFile'), offset: 0, format: { name: 'VMDK (text descriptor)', qemuFormat: 'vmdk', extension: 'vmdk' } },
    // VirtualBox VDI: image signature 0xbeda107f (little-endian) at 0x40.
    { magic: Uint8Array.of(0x7f, 0x10, 0xda, 0xbe), offset: 0x40, format: { name: 'VDI (VirtualBox)', qemuFormat: 'vdi', extension: 'vdi' } },
];
/** Recognises VHDX, qcow2, VMDK and VDI by their signature in the first bytes of the file. Never throws. */
function sniffUnsupported(head) {
    return signatures.find(({ magic, offset }) => magic.every((b, i) => head[offset + i] === b))?.format;
}
/** The message for an unsupported container: what it is and the exact command that converts it. */
function unsupportedMessage(sourceName, format) {
    return (`${sourceName} is a ${format.name} image; Azure accepts only a fixed VHD. ` +
        `Convert it first: ${qemuToFixedVhd(format.qemuFormat, `in.${format.extension}`)}`);
}
function ascii$3(text) {
    return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** BAT entry value of a block that was never written: it reads as zeros. */
const BAT_UNALLOCATED = 0xffffffff;
/** The sector bitmap holds one bit per 512-byte sector, padded to a whole sector (VHD spec, "Block Allocation Table and Data Blocks"). */
function blockGeometry(blockSize) {
    const sectors = blockSize / 512;
    return { blockSize, bitmapSize: Math.ceil(Math.ceil(sectors / 8) / 512) * 512 };
}
/**
 * Parses `count` BAT entries (4 bytes each, big-endian) and bounds-checks every allocated one
 * against `dataEnd` (the file size minus the footer): a block must lie wholly inside the file.
 */
function parseBat(bytes, tableOffset, geometry, dataEnd) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = Math.floor(bytes.length / 4);
    const entries = new Uint32Array(count);
    const outOfBounds = new Set();
    for (let i = 0; i < count; i++) {
        const sector = view.getUint32(i * 4);
        entries[i] = sector;
        if (sector === BAT_UNALLOCATED)
            continue;
        const end = sector * 512 + geometry.bitmapSize + geometry.blockSize;
        if (end > dataEnd)
            outOfBounds.add(i);
    }
    return { tableOffset, entries, outOfBounds };
}
/** A short human description of the bad entries, for ContainerInfo.notes. */
function describeOutOfBounds(bat, fileSize) {
    if (bat.outOfBounds.size === 0)
        return undefined;
    const shown = [...bat.outOfBounds].slice(0, 3).map((i) => `entry ${i} (at ${hex(bat.tableOffset + i * 4)}) -> sector ${hex(bat.entries[i])}`);
    const more = bat.outOfBounds.size > 3 ? ` and ${bat.outOfBounds.size - 3} more` : '';
    return `VHD BAT: ${bat.outOfBounds.size} block(s) point past the end of the file (size ${fileSize}): ${shown.join(', ')}${more}; reading them fails`;
}

/** Size of the VHD footer (and of its copy at offset 0 in dynamic disks). */
const VHD_FOOTER_SIZE = 512;
/** Footer cookie, bytes 0-7. */
const VHD_COOKIE = 'conectix';
/** VHD disk types (footer offset 0x3c). */
const VhdDiskType = { fixed: 2, dynamic: 3, differencing: 4 };
/**
 * Parses a 512-byte VHD footer ("Hard Disk Footer Format", VHD spec; every field big-endian).
 * Pure: never throws on content, only reports what it found; `cookieValid` and `checksumValid`
 * tell the caller how far to trust the rest.
 */
function parseVhdFooter(bytes) {
    if (bytes.length !== VHD_FOOTER_SIZE)
        throw new RangeError(`VHD footer must be ${VHD_FOOTER_SIZE} bytes, got ${bytes.length}`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const cookie = ascii$2(bytes.subarray(0x00, 0x08)); // Cookie
    const formatVersion = view.getUint32(0x0c); // File Format Version
    const dataOffsetRaw = view.getBigUint64(0x10); // Data Offset
    const creatorApplication = ascii$2(bytes.subarray(0x1c, 0x20)); // Creator Application
    const originalSize = safeNumber(view.getBigUint64(0x28)); // Original Size
    const currentSize = safeNumber(view.getBigUint64(0x30)); // Current Size
    const diskType = view.getUint32(0x3c); // Disk Type
    const checksum = view.getUint32(0x40); // Checksum
    const uniqueId = uuidFromBytes(bytes.subarray(0x44, 0x54)); // Unique Id
    return {
        footer: {
            cookieValid: cookie === VHD_COOKIE,
            formatVersion,
            diskType,
            originalSize,
            currentSize,
            checksum,
            checksumValid: vhdChecksum(bytes, 0x40) === checksum,
            creatorApplication,
            uniqueId,
        },
        dataOffset: dataOffsetRaw === 0xffffffffffffffffn ? null : dataOffsetRaw <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(dataOffsetRaw) : undefined,
    };
}
/**
 * The VHD checksum: one's complement of the sum of every byte of the structure, with the
 * 4-byte checksum field itself counted as zero. Used by the footer and the dynamic header.
 */
function vhdChecksum(bytes, checksumOffset) {
    let sum = 0;
    for (let i = 0; i < bytes.length; i++) {
        if (i >= checksumOffset && i < checksumOffset + 4)
            continue;
        sum = (sum + bytes[i]) >>> 0;
    }
    return ~sum >>> 0;
}
/** Printable ASCII of a fixed-width field; NULs and non-printables become '.' so garbage stays readable. */
function ascii$2(bytes) {
    return Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 0 ? '' : '.')).join('');
}
/** A 64-bit size as a number; values beyond 2^53 (never a real disk) become NaN so every comparison fails. */
function safeNumber(value) {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : Number.NaN;
}
/** The VHD unique id is a UUID stored in RFC 4122 byte order (qemu and Hyper-V write it that way). */
function uuidFromBytes(b) {
    const hexes = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hexes.slice(0, 8)}-${hexes.slice(8, 12)}-${hexes.slice(12, 16)}-${hexes.slice(16, 20)}-${hexes.slice(20)}`;
}

/** Size of the dynamic disk header ("Dynamic Disk Header Format", VHD spec). */
const VHD_DYNAMIC_HEADER_SIZE = 1024;
/** Dynamic header cookie, bytes 0-7. */
const VHD_DYNAMIC_COOKIE = 'cxsparse';
/** Parses the 1024-byte dynamic disk header. Pure; validity is reported, not thrown. */
function parseDynamicHeader(bytes) {
    if (bytes.length !== VHD_DYNAMIC_HEADER_SIZE) {
        throw new RangeError(`VHD dynamic header must be ${VHD_DYNAMIC_HEADER_SIZE} bytes, got ${bytes.length}`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const tableOffset = view.getBigUint64(0x10); // Table Offset
    const checksum = view.getUint32(0x24); // Checksum
    return {
        cookieValid: ascii$2(bytes.subarray(0x00, 0x08)) === VHD_DYNAMIC_COOKIE, // Cookie
        tableOffset: tableOffset <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(tableOffset) : Number.NaN,
        headerVersion: view.getUint32(0x18), // Header Version
        maxTableEntries: view.getUint32(0x1c), // Max Table Entries
        blockSize: view.getUint32(0x20), // Block Size
        checksum,
        checksumValid: vhdChecksum(bytes, 0x24) === checksum,
    };
}

/** Smallest and largest block sizes we accept; the spec default is 2 MiB, Hyper-V also writes 32 MiB. */
const MIN_BLOCK_SIZE = 512;
const MAX_BLOCK_SIZE = 256 * 1024 * 1024;
/** How many sector bitmaps to keep; each is one sector for 2 MiB blocks, so this is bounded at a few MiB. */
const BITMAP_CACHE_ENTRIES = 1024;
/**
 * Opens the virtual disk of a dynamic VHD: reads the dynamic header at `headerOffset` (footer
 * field "Data Offset") and the BAT, and returns a ByteSource of `virtualSize` bytes where
 * unallocated blocks and sectors whose bitmap bit is clear read as zeros.
 * Non-fatal problems (header checksum, BAT entries past the end) go to `notes`.
 */
async function openDynamicVhd(file, headerOffset, virtualSize, notes) {
    const dataEnd = file.size - VHD_FOOTER_SIZE;
    if (headerOffset + VHD_DYNAMIC_HEADER_SIZE > dataEnd) {
        throw new ContainerError('corrupt', `VHD footer "Data Offset" points to ${hex(headerOffset)}, but a 1024-byte dynamic header there would run past the data area (file size ${file.size}): the file is truncated or the footer is damaged`, { offset: headerOffset });
    }
    const header = parseDynamicHeader(await file.read(headerOffset, VHD_DYNAMIC_HEADER_SIZE));
    if (!header.cookieValid) {
        throw new ContainerError('corrupt', `VHD dynamic header at ${hex(headerOffset)}: expected cookie "cxsparse"`, { offset: headerOffset });
    }
    if (!header.checksumValid)
        notes.push(`VHD dynamic header at ${hex(headerOffset)}: checksum mismatch (stored ${hex(header.checksum)}); read anyway`);
    const { blockSize } = header;
    if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || (blockSize & (blockSize - 1)) !== 0) {
        throw new ContainerError('corrupt', `VHD dynamic header at ${hex(headerOffset)}: block size ${blockSize} (offset 0x20) is not a power of two between ${MIN_BLOCK_SIZE} and ${MAX_BLOCK_SIZE}`, { offset: headerOffset + 0x20 });
    }
    const geometry = blockGeometry(blockSize);
    const blocksNeeded = Math.ceil(virtualSize / blockSize);
    if (header.maxTableEntries < blocksNeeded) {
        notes.push(`VHD dynamic header: ${header.maxTableEntries} BAT entries cover ${header.maxTableEntries * blockSize} bytes, less than the virtual size ${virtualSize}; the rest reads as zeros`);
    }
    const entriesToRead = Math.min(header.maxTableEntries, blocksNeeded);
    const tableBytes = entriesToRead * 4;
    if (!Number.isSafeInteger(header.tableOffset) || header.tableOffset + tableBytes > dataEnd || tableBytes > MAX_SINGLE_READ) {
        throw new ContainerError('corrupt', 
        // tableOffset is NaN when the 64-bit field is beyond 2^53 (see parseVhdDynamicHeader).
        `VHD dynamic header at ${hex(headerOffset)}: BAT at ${Number.isSafeInteger(header.tableOffset) ? hex(header.tableOffset) : 'an offset beyond 2^53'} (offset 0x10) with ${entriesToRead} entries does not fit in the file (size ${file.size})`, { offset: headerOffset + 0x10 });
    }
    const bat = parseBat(await file.read(header.tableOffset, tableBytes), header.tableOffset, geometry, dataEnd);
    const batNote = describeOutOfBounds(bat, file.size);
    if (batNote)
        notes.push(batNote);
    return new DynamicVhdSource(file, bat, geometry, virtualSize);
}
/** The virtual disk behind a BAT. Reads that span blocks are split at block boundaries. */
class DynamicVhdSource {
    file;
    bat;
    geometry;
    size;
    name;
    bitmaps = new Map();
    constructor(file, bat, geometry, size) {
        this.file = file;
        this.bat = bat;
        this.geometry = geometry;
        this.size = size;
        this.name = `${file.name} (dynamic VHD)`;
    }
    async read(offset, length) {
        checkRange(this, offset, length);
        const out = new Uint8Array(length);
        const { blockSize } = this.geometry;
        let done = 0;
        while (done < length) {
            const position = offset + done;
            const block = Math.floor(position / blockSize);
            const inBlock = position - block * blockSize;
            const span = Math.min(length - done, blockSize - inBlock);
            await this.readWithinBlock(block, inBlock, out.subarray(done, done + span));
            done += span;
        }
        return out;
    }
    /** Fills `target` from one block, starting `inBlock` bytes into its data; `target` starts zeroed. */
    async readWithinBlock(block, inBlock, target) {
        const sector = block < this.bat.entries.length ? this.bat.entries[block] : BAT_UNALLOCATED;
        if (sector === BAT_UNALLOCATED)
            return;
        if (this.bat.outOfBounds.has(block)) {
            const entryOffset = this.bat.tableOffset + block * 4;
            throw new ContainerError('corrupt', `VHD BAT entry ${block} at ${hex(entryOffset)} points to sector ${hex(sector)}, past the end of ${this.file.name} (size ${this.file.size})`, { offset: entryOffset });
        }
        const bitmapOffset = sector * 512;
        const bitmap = await this.bitmap(block, bitmapOffset);
        const data = await this.file.read(bitmapOffset + this.geometry.bitmapSize + inBlock, target.length);
        target.set(data);
        zeroClearSectors(bitmap, inBlock, target);
    }
    async bitmap(block, bitmapOffset) {
        const cached = this.bitmaps.get(block);
        if (cached)
            return cached;
        const bitmap = await this.file.read(bitmapOffset, this.geometry.bitmapSize);
        if (this.bitmaps.size >= BITMAP_CACHE_ENTRIES)
            this.bitmaps.delete(this.bitmaps.keys().next().value);
        this.bitmaps.set(block, bitmap);
        return bitmap;
    }
}
/**
 * Zeroes the parts of `target` (data starting `inBlock` bytes into a block) that lie in sectors
 * whose bitmap bit is clear: those sectors were never written, whatever the file holds there.
 * Bit order is most significant first (sector 0 is bit 7 of byte 0): blktap's vhd-util calls these
 * "new VHD bitmaps ... big endian, bits set from left to right" (some very old tools wrote them
 * little-endian). qemu-img sets whole bitmaps, so its images read the same either way.
 */
function zeroClearSectors(bitmap, inBlock, target) {
    const first = Math.floor(inBlock / 512);
    const last = Math.floor((inBlock + target.length - 1) / 512);
    for (let s = first; s <= last; s++) {
        const set = ((bitmap[s >> 3] ?? 0) & (0x80 >> (s & 7))) !== 0;
        if (set)
            continue;
        const from = Math.max(s * 512, inBlock) - inBlock;
        const to = Math.min((s + 1) * 512, inBlock + target.length) - inBlock;
        target.fill(0, from, to);
    }
}

/** The only VHD file format version (footer offset 0x0c). */
const VHD_FORMAT_VERSION$1 = 0x00010000;
/**
 * Opens a disk image: a fixed or dynamic VHD, or a raw image (anything without a VHD footer).
 * VHDX, qcow2, VMDK, VDI and differencing VHDs throw ContainerError 'unsupported' naming the
 * format and the conversion command. Problems that do not stop reading (bad checksum, sizes
 * that disagree) are recorded in `info.notes` and the info fields, for the DISK-* rules.
 */
async function openContainer(source) {
    const head = await source.read(0, Math.min(VHD_FOOTER_SIZE, source.size));
    const unsupported = sniffUnsupported(head);
    if (unsupported)
        throw new ContainerError('unsupported', unsupportedMessage(source.name, unsupported), { offset: 0 });
    await refuseCutShort(source);
    if (source.size >= VHD_FOOTER_SIZE) {
        const footerOffset = source.size - VHD_FOOTER_SIZE;
        const atEnd = parseVhdFooter(await source.read(footerOffset, VHD_FOOTER_SIZE));
        if (atEnd.footer.cookieValid)
            return openVhd(source, atEnd, 'end', head);
        if (head.length === VHD_FOOTER_SIZE) {
            const copy = parseVhdFooter(head);
            if (copy.footer.cookieValid)
                return openFromStartCopy(source, copy, footerOffset);
        }
    }
    return openRaw(source);
}
/**
 * A file shorter than one sector is no disk at all, and one that ends part-way into a
 * "conectix" footer is a VHD cut short (a fixed VHD is whole sectors plus a 512-byte footer):
 * both are refused rather than read as a raw disk whose guest then seems to be missing.
 */
async function refuseCutShort(source) {
    if (source.size < VHD_FOOTER_SIZE) {
        const what = source.size === 0 ? 'is empty' : `is only ${source.size} bytes`;
        throw new ContainerError('corrupt', `${source.name} ${what}: expected a disk image of whole 512-byte sectors, or a VHD ending in its 512-byte footer`, { offset: 0 });
    }
    const partial = source.size % VHD_FOOTER_SIZE;
    if (partial < VHD_COOKIE.length)
        return;
    const footerStart = source.size - partial;
    const cookie = await source.read(footerStart, VHD_COOKIE.length);
    if (String.fromCharCode(...cookie) !== VHD_COOKIE)
        return;
    throw new ContainerError('corrupt', `${source.name} ends ${partial} bytes into a VHD footer ("conectix" at ${hex(footerStart)}); expected the whole 512-byte footer, ${footerStart + VHD_FOOTER_SIZE} bytes in all: the file was cut short (an interrupted copy or upload)`, { offset: footerStart });
}
function openRaw(source) {
    const notes = [];
    if (source.size % 512 !== 0)
        notes.push(`image size ${source.size} is not a multiple of 512 bytes; it is neither a whole-sector raw disk nor a VHD`);
    return { disk: source, info: { format: 'raw', virtualSize: source.size, fileSize: source.size, notes } };
}
/** No footer at the end but "conectix" at offset 0: only a dynamic VHD keeps that copy, so the tail was cut or overwritten. */
async function openFromStartCopy(source, copy, footerOffset) {
    if (copy.footer.diskType !== VhdDiskType.dynamic) {
        throw new ContainerError('corrupt', `${source.name}: no VHD footer at ${hex(footerOffset)} (the last 512 bytes), and the footer-like header at offset 0 is not a dynamic disk (disk type ${copy.footer.diskType}): the file is truncated or damaged`, { offset: footerOffset });
    }
    const opened = await openVhd(source, copy, 'start-copy');
    opened.info.notes.unshift(`no VHD footer at ${hex(footerOffset)} (the last 512 bytes): read the dynamic disk through the footer copy at offset 0; Azure reads only the end of the file`);
    return opened;
}
async function openVhd(source, parsed, location, head) {
    const { footer, dataOffset } = parsed;
    const notes = footerNotes(footer);
    const info = (format, virtualSize) => ({
        format,
        virtualSize,
        fileSize: source.size,
        footer,
        footerLocation: location,
        notes,
    });
    if (footer.diskType === VhdDiskType.differencing) {
        throw new ContainerError('unsupported', `${source.name} is a differencing VHD (footer disk type 4 at offset 0x3c): it holds only the changes against a parent disk. ` +
            `Merge it into a fixed VHD first: ${convertVhdToFixed('child.vhd', 'out.vhd')}`, { offset: source.size - VHD_FOOTER_SIZE + 0x3c });
    }
    const looksDynamic = footer.diskType === VhdDiskType.dynamic || (footer.diskType !== VhdDiskType.fixed && typeof dataOffset === 'number');
    if (looksDynamic) {
        if (footer.diskType !== VhdDiskType.dynamic)
            notes.push(`VHD footer disk type ${footer.diskType} is not 2, 3 or 4; its "Data Offset" is set, so it was read as dynamic`);
        if (typeof dataOffset !== 'number') {
            throw new ContainerError('corrupt', `${source.name}: dynamic VHD footer has no usable "Data Offset" (offset 0x10)`, { offset: source.size - VHD_FOOTER_SIZE + 0x10 });
        }
        if (!Number.isSafeInteger(footer.currentSize) || footer.currentSize <= 0) {
            throw new ContainerError('corrupt', `${source.name}: dynamic VHD footer "Current Size" (offset 0x30) is not a usable size`, { offset: source.size - VHD_FOOTER_SIZE + 0x30 });
        }
        if (location === 'end' && head && head.length === VHD_FOOTER_SIZE && !sameFooter(head, await source.read(source.size - VHD_FOOTER_SIZE, VHD_FOOTER_SIZE))) {
            notes.push('the footer copy at offset 0 differs from the footer at the end of the file');
        }
        const disk = await openDynamicVhd(source, dataOffset, footer.currentSize, notes);
        return { disk, info: info('vhd-dynamic', footer.currentSize) };
    }
    if (footer.diskType !== VhdDiskType.fixed)
        notes.push(`VHD footer disk type ${footer.diskType} is not 2, 3 or 4; read as fixed (data before the footer)`);
    const dataSize = source.size - VHD_FOOTER_SIZE;
    if (footer.currentSize !== dataSize) {
        notes.push(`fixed VHD: footer "Current Size" is ${footer.currentSize} bytes but the file holds ${dataSize} bytes before the footer (file length ${source.size} should be ${footer.currentSize + VHD_FOOTER_SIZE})`);
    }
    return { disk: slice(source, 0, dataSize, `${source.name} (fixed VHD)`), info: info('vhd-fixed', dataSize) };
}
function footerNotes(footer) {
    const notes = [];
    if (!footer.checksumValid)
        notes.push(`VHD footer checksum mismatch: stored ${hex(footer.checksum)} (offset 0x40); the footer was read anyway`);
    if (footer.formatVersion !== VHD_FORMAT_VERSION$1)
        notes.push(`VHD footer file format version is ${hex(footer.formatVersion)} (offset 0x0c), expected 0x10000`);
    return notes;
}
function sameFooter(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The record for anything thrown while inspecting. */
function errorRecord(error) {
    if (error instanceof GateError) {
        return {
            layer: error.layer,
            kind: error.kind,
            offset: error.offset ?? null,
            path: error.path ?? null,
            ...(error instanceof LimitError ? { budget: { name: error.budget, limit: error.limit } } : {}),
            message: error.message,
        };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { layer: 'internal', kind: 'bug', offset: null, path: null, message };
}
/**
 * Whether the medium itself failed (an IoError of kind "io": a blob 5xx after every retry, a
 * short read, EIO). Nothing about the image can be concluded from that, so no layer may
 * degrade around it: it ends the run (exit 2). An IoError of kind "corrupt" (a read past the
 * end of a partition, a hostile length) is the image's own content and is tolerated like any
 * other corrupt structure.
 */
function isMediumFailure(error) {
    return error instanceof GateError && error.layer === 'io' && error.kind === 'io';
}
/**
 * For a layer that degrades per item (a volume, a fact subject, a partition table): the
 * record of an error it may tolerate. Rethrows a medium failure and anything that is not a
 * GateError (a bug), so neither can ever be turned into "unavailable" and a pass.
 */
function toleratedError(error) {
    if (!(error instanceof GateError) || isMediumFailure(error))
        throw error;
    return errorRecord(error);
}
/** One line for a terminal, the shape of GateError.describe(): "filesystem (corrupt) at offset 0x400 in /etc/passwd: ...". */
function describeRecord(record) {
    return describeError(record);
}

/**
 * authorized_keys (sshd(8) AUTHORIZED_KEYS FILE FORMAT): one key per line,
 * `[options] keytype base64 [comment]`; options are comma-separated and may hold quoted
 * spaces. Only the key types are kept; key material and comments are not.
 */
/** Key types OpenSSH accepts (sshkey.c keytypes), certificates included. */
const KEY_TYPE = /^(ssh-(rsa|dss|ed25519)|ssh-xmss@openssh\.com|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com|[a-z0-9-]+-cert-v01@openssh\.com)$/;
/** Splits on whitespace outside double quotes (option values like command="a b"). */
function tokens(line) {
    // Most lines quote nothing: split them at once (files can be megabytes, a character loop is slow).
    if (!line.includes('"'))
        return line.split(/\s+/).filter((t) => t !== '');
    const out = [];
    let current = '';
    let quoted = false;
    for (const c of line) {
        if (c === '"')
            quoted = !quoted;
        if (!quoted && /\s/.test(c)) {
            if (current !== '')
                out.push(current);
            current = '';
        }
        else
            current += c;
    }
    if (current !== '')
        out.push(current);
    return out;
}
/** Summarises authorized_keys text: the type is the first or second token (after options). */
function parseAuthorizedKeys(text) {
    const summary = { keys: 0, types: [], invalidLines: 0 };
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const t = tokens(line);
        const typeIndex = KEY_TYPE.test(t[0]) ? 0 : t[1] !== undefined && KEY_TYPE.test(t[1]) ? 1 : -1;
        // A key needs its base64 blob after the type.
        if (typeIndex < 0 || !/^[A-Za-z0-9+/]+=*$/.test(t[typeIndex + 1] ?? '')) {
            summary.invalidLines++;
            continue;
        }
        summary.keys++;
        summary.types.push(t[typeIndex]);
    }
    return summary;
}
/**
 * Expands one AuthorizedKeysFile pattern for a user (sshd_config(5) TOKENS: %% %h %u %U);
 * a relative result is relative to the home directory. Undefined for `none` or unknown tokens.
 */
function expandAuthorizedKeysPath(pattern, user) {
    if (pattern.toLowerCase() === 'none')
        return undefined;
    let unknown = false;
    const expanded = pattern.replace(/%(.)/g, (_, c) => {
        if (c === '%')
            return '%';
        if (c === 'h')
            return user.home;
        if (c === 'u')
            return user.name;
        if (c === 'U')
            return String(user.uid);
        unknown = true;
        return '';
    });
    if (unknown)
        return undefined;
    if (expanded.startsWith('/'))
        return expanded;
    return `${user.home.replace(/\/+$/, '')}/${expanded}`;
}

/** /etc/group (group(5)): `name:password:GID:member,member`. */
/** Parses /etc/group; malformed and NIS lines are skipped. */
function parseGroup(text) {
    const groups = [];
    for (const raw of text.split(/\r?\n/)) {
        if (raw.trim() === '' || raw.startsWith('#') || raw.startsWith('+') || raw.startsWith('-'))
            continue;
        const f = raw.split(':');
        if (f.length < 4 || f[0] === '' || !/^\d{1,10}$/.test(f[2]))
            continue;
        groups.push({ name: f[0], gid: Number(f[2]), members: f[3].split(',').map((m) => m.trim()).filter((m) => m !== '') });
    }
    return groups;
}
/**
 * For each account, the names of its groups in file order: the group of its primary GID and
 * every group listing it as a member. Indexed once, so many accounts times many groups stays linear.
 */
function groupIndex(groups) {
    const byGid = new Map();
    const byMember = new Map();
    const add = (map, key, index) => {
        const list = map.get(key);
        if (list)
            list.push(index);
        else
            map.set(key, [index]);
    };
    groups.forEach((g, index) => {
        add(byGid, g.gid, index);
        for (const member of g.members)
            add(byMember, member, index);
    });
    return (account) => {
        const indexes = new Set([...(byGid.get(account.gid) ?? []), ...(byMember.get(account.name) ?? [])]);
        return [...indexes].sort((a, b) => a - b).map((i) => groups[i].name);
    };
}

/** /etc/login.defs (login.defs(5)): `NAME value` lines, `#` comments. */
/** shadow-utils' built-in UID_MIN when login.defs does not set it. */
const DEFAULT_UID_MIN = 1000;
/** The UID_MIN setting with its line, or undefined when the file does not set a valid one. */
function parseUidMin(text) {
    let found;
    text.split(/\r?\n/).forEach((raw, index) => {
        const m = /^\s*UID_MIN\s+(\d{1,10})\s*(#.*)?$/.exec(raw);
        // getdef.c keeps the last definition of a name.
        if (m)
            found = { value: Number(m[1]), line: index + 1 };
    });
    return found;
}

/**
 * /etc/passwd (passwd(5)): `name:password:UID:GID:GECOS:home:shell`. NIS compat lines
 * (`+`, `-`, `+@netgroup`) are counted, not parsed: they import accounts we cannot see.
 */
/** Parses /etc/passwd text. */
function parsePasswd(text) {
    const out = { entries: [], nisLines: [], malformedLines: [] };
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        if (raw.trim() === '' || raw.startsWith('#'))
            return;
        if (raw.startsWith('+') || raw.startsWith('-')) {
            out.nisLines.push(line);
            return;
        }
        const f = raw.split(':');
        const uid = parseId(f[2]);
        const gid = parseId(f[3]);
        if (f.length < 7 || f[0] === '' || uid === undefined || gid === undefined) {
            out.malformedLines.push(line);
            return;
        }
        out.entries.push({ name: f[0], passwordField: f[1], uid, gid, home: f[5], shell: f.slice(6).join(':'), line });
    });
    return out;
}
/** A decimal UID/GID in the 32-bit range, else undefined. */
function parseId(field) {
    if (field === undefined || !/^\d{1,10}$/.test(field))
        return undefined;
    const n = Number(field);
    return n <= 0xffffffff ? n : undefined;
}
/** Shells that refuse an interactive login (nologin, false, and the historical no-op accounts). */
const NON_LOGIN_SHELLS = /(^|\/)(nologin|false|sync|shutdown|halt)$/;
/** Whether the account's shell lets a user log in interactively (an empty shell means /bin/sh). */
function isLoginShell(shell) {
    return !NON_LOGIN_SHELLS.test(shell.trim());
}

/**
 * /etc/shadow (shadow(5)): `name:password:lastchg:min:max:warn:inactive:expire:reserved`.
 * The password field is classified and then dropped: no hash ever leaves this module.
 */
const SCHEMES = [
    [/^\$1\$[^$]{0,8}\$[./0-9A-Za-z]{22}$/, 'md5'],
    [/^\$2[abxy]?\$\d\d\$[./0-9A-Za-z]{53}$/, 'bcrypt'],
    [/^\$5\$(rounds=\d+\$)?[^$]{0,16}\$[./0-9A-Za-z]{43}$/, 'sha256'],
    [/^\$6\$(rounds=\d+\$)?[^$]{0,16}\$[./0-9A-Za-z]{86}$/, 'sha512'],
    [/^\$y\$[./0-9A-Za-z]+\$[./0-9A-Za-z]*\$[./0-9A-Za-z]{43}$/, 'yescrypt'],
    [/^\$gy\$[./0-9A-Za-z]+\$[./0-9A-Za-z]*\$[./0-9A-Za-z]{43}$/, 'gost-yescrypt'],
    [/^\$7\$[./0-9A-Za-z]+\$[./0-9A-Za-z]{43}$/, 'scrypt'],
    [/^\$md5[$,][^$]*\$[^$]*\$[./0-9A-Za-z]{22}$/, 'sunmd5'],
    [/^\$sha1\$\d+\$[./0-9A-Za-z]+\$[./0-9A-Za-z]{28}$/, 'sha1'],
    [/^_[./0-9A-Za-z]{19}$/, 'bsdi-des'],
    [/^[./0-9A-Za-z]{13}$/, 'des'],
];
/** The crypt scheme of a hash, or undefined when crypt(3) could never produce this text. */
function hashScheme(field) {
    return SCHEMES.find(([re]) => re.test(field))?.[1];
}
/**
 * Classifies a password field: '' → empty; `!`-prefixed (usermod -L, `!!` of new RHEL users,
 * `!*`) → locked; a valid crypt(3) hash → usable; anything else (`*`, `*LOCK*`, `x`, `NP`)
 * can never match a typed password → locked, as shadow(5) says.
 */
function classifyPassword(field) {
    if (field === '')
        return { status: 'empty', summary: 'empty password (no password needed)' };
    if (field.startsWith('!')) {
        const scheme = hashScheme(field.replace(/^!+/, ''));
        if (scheme)
            return { status: 'locked', scheme, summary: `locked (! before a ${scheme} hash)`, bangLocked: true };
        return { status: 'locked', summary: `locked (${safeMarker(field)})`, bangLocked: true };
    }
    const scheme = hashScheme(field);
    if (scheme)
        return { status: 'usable', scheme, summary: `password set (${scheme})` };
    return { status: 'locked', summary: `locked (${safeMarker(field)})` };
}
/** Short lock markers are shown verbatim; anything longer might be a mangled hash and is not. */
function safeMarker(field) {
    return /^[!*]*(LOCK|LK|NP)?[!*]*$/.test(field) && field.length <= 8 ? field : 'not a valid hash';
}
/** Parses /etc/shadow text; NIS lines and lines without a name are skipped. */
function parseShadow(text) {
    const entries = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        if (raw.trim() === '' || raw.startsWith('#') || raw.startsWith('+') || raw.startsWith('-'))
            return;
        const f = raw.split(':');
        if (f[0] === '' || f.length < 2)
            return;
        entries.push({
            name: f[0],
            password: classifyPassword(f[1]),
            lastChange: days(f[2]),
            maxDays: days(f[4]),
            expireDay: days(f[7]),
            line: index + 1,
        });
    });
    return entries;
}
function days(field) {
    return field !== undefined && /^\d{1,9}$/.test(field) ? Number(field) : undefined;
}

/** Files sudo reads by default: the main file and the drop-in directory waagent/cloud-init write to. */
const SUDOERS = '/etc/sudoers';
const SUDOERS_DIR = '/etc/sudoers.d';
/**
 * User specifications (`alice ALL=(ALL) NOPASSWD:ALL`) naming one of `users`, in /etc/sudoers
 * and /etc/sudoers.d/* (sudo's includedir skips names containing '.' or ending in '~').
 */
async function findSudoersGrants(guest, users) {
    const dropIns = (await guest.glob(SUDOERS_DIR, '*')).filter((p) => {
        const name = p.slice(SUDOERS_DIR.length + 1);
        return !name.includes('.') && !name.endsWith('~');
    });
    // All of them: a grant in the 201st drop-in counts as much as in the first (globFiles bounds the list).
    const names = [SUDOERS, ...dropIns];
    const grants = [];
    for (const path of names) {
        const text = await guest.readText(path);
        if (text === undefined)
            continue;
        grants.push(...parseSudoersGrants(text, path, users));
    }
    return grants;
}
/** Pure part: lines whose first token is one of `users`. */
function parseSudoersGrants(text, path, users) {
    const grants = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const first = raw.trim().split(/[\s,]/)[0] ?? '';
        if (users.has(first))
            grants.push({ user: first, path, line: index + 1 });
    });
    return grants;
}

/** Keywords whose sshd_config(5) default we model (OpenSSH 9.x, before any distro config). */
const DEFAULTS = {
    passwordauthentication: true,
    kbdinteractiveauthentication: true,
    pubkeyauthentication: true,
    permitrootlogin: 'prohibit-password',
    authorizedkeysfile: ['.ssh/authorized_keys', '.ssh/authorized_keys2'],
    usepam: false,
};
const ALIASES = { challengeresponseauthentication: 'kbdinteractiveauthentication' };
/** Keywords every line of which adds to a list (servconf.c appends; first-wins does not apply). */
const LIST_KEYWORDS = ['allowusers', 'denyusers', 'allowgroups', 'denygroups', 'hostkey'];
const TRACKED = new Set([...Object.keys(DEFAULTS), ...LIST_KEYWORDS]);
/**
 * Effective settings from expanded directives: for ordinary keywords the FIRST occurrence
 * outside Match wins (sshd ignores later ones); Allow/Deny Users/Groups accumulate.
 */
function effectiveSshdSettings(directives) {
    const first = new Map();
    const lists = new Map();
    const matchOverrides = [];
    for (const raw of directives) {
        const keyword = ALIASES[raw.keyword] ?? raw.keyword;
        if (!TRACKED.has(keyword))
            continue;
        if (raw.match !== undefined) {
            matchOverrides.push({ keyword, value: raw.args.join(' '), args: raw.args, criteria: raw.match, path: raw.path, line: raw.line });
            continue;
        }
        if (LIST_KEYWORDS.includes(keyword)) {
            const entry = lists.get(keyword) ?? { values: [], source: { path: raw.path, line: raw.line } };
            entry.values.push(...raw.args);
            lists.set(keyword, entry);
        }
        else if (!first.has(keyword)) {
            first.set(keyword, { ...raw, keyword });
        }
    }
    const invalid = [];
    const pick = (keyword, parse) => {
        const d = first.get(keyword);
        const fallback = { value: DEFAULTS[keyword] };
        if (!d)
            return fallback;
        const value = parse(d.args);
        if (value === undefined) {
            invalid.push({ keyword, value: d.args.join(' '), path: d.path, line: d.line });
            return fallback;
        }
        return { value, source: { path: d.path, line: d.line } };
    };
    const list = (keyword) => {
        const entry = lists.get(keyword);
        return entry ? { value: entry.values, source: entry.source } : { value: [] };
    };
    return {
        passwordAuthentication: pick('passwordauthentication', parseYesNo),
        kbdInteractiveAuthentication: pick('kbdinteractiveauthentication', parseYesNo),
        pubkeyAuthentication: pick('pubkeyauthentication', parseYesNo),
        permitRootLogin: pick('permitrootlogin', parsePermitRootLogin),
        authorizedKeysFiles: pick('authorizedkeysfile', (args) => (args.length > 0 ? args : undefined)),
        allowUsers: list('allowusers'),
        denyUsers: list('denyusers'),
        allowGroups: list('allowgroups'),
        denyGroups: list('denygroups'),
        usePam: pick('usepam', parseYesNo),
        hostKeyFiles: list('hostkey'),
        matchOverrides,
        invalid,
    };
}
/** Settings a Match block may change, by keyword (UsePAM and HostKey are not allowed in Match). */
const MATCHABLE = {
    passwordauthentication: 'passwordAuthentication',
    kbdinteractiveauthentication: 'kbdInteractiveAuthentication',
    pubkeyauthentication: 'pubkeyAuthentication',
    permitrootlogin: 'permitRootLogin',
    authorizedkeysfile: 'authorizedKeysFiles',
    allowusers: 'allowUsers',
    denyusers: 'denyUsers',
    allowgroups: 'allowGroups',
    denygroups: 'denyGroups',
};
/**
 * The settings for a connection that satisfies the given Match blocks' lines (in file order):
 * within them the first value of a keyword wins, and it replaces the default-context value,
 * as sshd's per-connection re-parse and copy_set_server_options do.
 */
function applyMatchOverrides(settings, overrides) {
    if (overrides.length === 0)
        return settings;
    const matched = effectiveSshdSettings(overrides.map((o) => ({ keyword: o.keyword, args: o.args, path: o.path, line: o.line })));
    const out = { ...settings };
    for (const keyword of new Set(overrides.map((o) => o.keyword))) {
        const field = MATCHABLE[keyword];
        const value = field && matched[field];
        // A value sshd rejects keeps the default; only values that parsed carry a source.
        if (field && value && 'source' in value && value.source)
            Object.assign(out, { [field]: value });
    }
    return out;
}
/** sshd's multistate yes/no flag (compared case-insensitively). */
function parseYesNo(args) {
    const v = args[0]?.toLowerCase();
    return v === 'yes' ? true : v === 'no' ? false : undefined;
}
function parsePermitRootLogin(args) {
    const v = args[0]?.toLowerCase();
    if (v === 'without-password')
        return 'prohibit-password';
    return v === 'yes' || v === 'no' || v === 'prohibit-password' || v === 'forced-commands-only' ? v : undefined;
}

/**
 * Every budget that bounds work on a hostile image, in one place.
 *
 * The image under review may come from anyone (a pull request). Each number here caps time or
 * memory that the image's content could otherwise make unbounded. Exceeding one throws a
 * LimitError (src/errors.ts, kind "limit") naming the budget; the fact subject that needed the
 * data becomes unavailable and every rule that needed it is reported as not judged, so a budget
 * can never turn into a silent pass. Sized so that every real distribution image we know of fits
 * with a wide margin; the whole check stays well under 10 s and 512 MiB at these values.
 */
const limits = {
    // --- guest files (facts layer) ---
    /** Bytes read from one guest config file; a larger file is a limit, never silently truncated. */
    fileBytes: 4 * 1024 * 1024,
    /** Bytes read from all guest files together in one run (real images read about 1 MiB; parsing 16 MiB of text takes seconds on a busy runner). */
    factsBytes: 16 * 1024 * 1024,
    /** Entries the guest layer will list from one directory. */
    dirEntries: 100_000,
    /** Files one glob (cloud.cfg.d/*.cfg, Include, source, netplan/*.yaml) may expand to. */
    globFiles: 4096,
    /** Longest single line a line-oriented parser accepts. */
    lineBytes: 64 * 1024,
    /** Directory entries listed from all guest directories together in one run (symlinked fan-out). */
    factsEntries: 1_000_000,
    /** Nesting of include-style directives (sshd Include, ENI source, grub configfile). */
    includeDepth: 16,
    /** Files one include-style expansion (sshd_config Include, ENI source) reads, a file counted each time it is included. */
    includeFiles: 1024,
    /** Interface definitions (ENI stanzas and auto lines, netplan ids, ifcfg/keyfile/networkd files) judged together: real images have a handful. */
    networkDefinitions: 1024,
    /** User accounts whose home directories are visited (authorized_keys, history). */
    homeDirectories: 10_000,
    /** Bytes that $VAR expansions may produce while one shell-style file is parsed (A="$A$A" doubles per line). */
    shellExpansionBytes: 1024 * 1024,
    /** Units visited while walking systemd's boot transaction: real systems pull in a few hundred. */
    bootUnits: 5000,
    /** Ports one bridge or bond definition may list (ENI bridge_ports/bond-slaves, SUSE BRIDGE_PORTS/BONDING_SLAVE_n): real ones list a handful. */
    masterPorts: 256,
    // --- filesystem readers (ext, XFS, FAT) ---
    /** Bytes of one directory a reader reads to list it or to index it for lookups. */
    dirBytes: 64 * 1024 * 1024,
    /** Entries a reader indexes in one directory so names can be looked up in it (8 bytes each). */
    dirLookupEntries: 1_000_000,
    /** Extent-tree (ext) or bmap-btree (XFS) blocks visited to map one file. */
    extentNodes: 4096,
    /** Extents (block runs) produced while mapping one file. */
    fileExtents: 200_000,
    // --- volumes ---
    /** Settings, sections and list items in one LVM metadata text. */
    lvmMetadataNodes: 200_000,
    // --- YAML (cloud-init, netplan) ---
    /** Alias expansions one YAML document may make (alias bombs). */
    yamlAliases: 1_000,
    /** Nesting depth of one YAML document. */
    yamlDepth: 64,
    /** Size of one YAML document in bytes (real cloud.cfg and netplan files are a few KiB). */
    yamlBytes: 256 * 1024,
    /** YAML parsed in all in one run: the yaml package manages only about 1 MiB per second on a busy runner. */
    yamlTotalBytes: 512 * 1024,
};
/**
 * Throws a LimitError when `used` exceeds the budget: the one check every layer makes, so the
 * error always names the budget and its value the same way. `describe` builds the message only
 * when it is thrown (checks sit in per-entry loops); `limit` defaults to src/limits.ts's value
 * (GuestFs passes a test's lowered copy).
 */
function enforceBudget(layer, budget, used, describe, place, limit = limits[budget]) {
    if (used <= limit)
        return;
    throw new LimitError(layer, budget, limit, describe(limit), place);
}

/** Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS). */
const MAX_SYMLINKS = 40;
/** Paths whose resolution GuestFs remembers. */
const MAX_MEMOISED_PATHS = 20_000;
/**
 * The guest's view of its own files: mounts assembled from its fstab, paths and symlinks
 * resolved inside the guest root only. An absolute link target is re-rooted at the guest's
 * "/", ".." never climbs above it, and loops end after MAX_SYMLINKS links.
 * Absent paths give `undefined`; corrupt structures throw.
 *
 * It is also where the guest-file budgets of src/limits.ts are enforced, so no collector can
 * forget one: a file larger than fileBytes, more than factsBytes read in all, a directory of
 * more than dirEntries entries or a glob of more than globFiles matches throws a LimitError
 * naming the path. Nothing is ever silently truncated: a partial read could hide a finding.
 */
class GuestFs {
    budgets;
    mounts;
    /** The guest never changes under us, so resolutions are memoised (bounded, oldest dropped first). */
    resolved = new Map();
    /** What run-wide budgets (factsBytes, factsEntries, yamlTotalBytes) have spent so far through this view. */
    spent = new Map();
    /** `budgets` defaults to src/limits.ts; tests lower one to reach it with small data. */
    constructor(mounts, budgets = limits) {
        this.budgets = budgets;
        if (!mounts.some((m) => m.mountPoint === '/'))
            throw new GuestError('corrupt', 'guest view needs a root mount');
        // Longer mount points first is irrelevant here (we match exact paths), but keep a stable order.
        this.mounts = [...mounts].sort((a, b) => a.mountPoint.localeCompare(b.mountPoint));
    }
    /** Mounts in mount-point order. */
    list() {
        return this.mounts;
    }
    mountAt(path) {
        return this.mounts.find((m) => m.mountPoint === path);
    }
    static pathOf(stack) {
        return stack[stack.length - 1].path;
    }
    /** Walks `path`; follows the final symlink only when `followLast`. */
    resolve(path, followLast) {
        const key = `${followLast ? 'L' : 'l'}${path}`;
        let result = this.resolved.get(key);
        if (!result) {
            result = this.walk(path, followLast);
            // A failed walk (corrupt metadata) is not memoised: the error says where, each time.
            result.catch(() => this.resolved.delete(key));
            this.resolved.set(key, result);
            if (this.resolved.size > MAX_MEMOISED_PATHS)
                this.resolved.delete(this.resolved.keys().next().value);
        }
        return result;
    }
    async walk(path, followLast) {
        const rootMount = this.mountAt('/');
        const rootStep = { name: '', node: await rootMount.fs.root(), mount: rootMount, path: '/' };
        let stack = [rootStep];
        let pending = splitPath(path);
        let links = 0;
        while (pending.length > 0) {
            const name = pending.shift();
            if (name === '.')
                continue;
            if (name === '..') {
                if (stack.length > 1)
                    stack.pop();
                continue;
            }
            const here = stack[stack.length - 1];
            if (here.node.type !== 'dir')
                return undefined;
            let node = await here.mount.fs.lookup(here.node, name);
            let mount = here.mount;
            const childPath = here.path === '/' ? `/${name}` : `${here.path}/${name}`;
            // A mount point hides whatever the parent has there; the kernel needs a directory,
            // but a missing one in an image should not hide the mounted filesystem from us.
            const mounted = !node || node.type === 'dir' ? this.mountAt(childPath) : undefined;
            if (!node && !mounted)
                return undefined;
            if (mounted) {
                mount = mounted;
                node = await mounted.fs.root();
            }
            if (!node)
                return undefined;
            const isLast = pending.length === 0;
            if (node.type === 'symlink' && (!isLast || followLast)) {
                if (++links > MAX_SYMLINKS) {
                    throw new GuestError('corrupt', `too many levels of symbolic links resolving ${path} (more than ${MAX_SYMLINKS})`);
                }
                const target = await mount.fs.readlink(node);
                if (target.startsWith('/'))
                    stack = [rootStep];
                pending = [...splitPath(target), ...pending];
                continue;
            }
            stack.push({ name, node, mount, path: childPath });
        }
        return stack;
    }
    static toStat(stack) {
        const last = stack[stack.length - 1];
        return { path: GuestFs.pathOf(stack), node: last.node, mount: last.mount };
    }
    /** Follows symlinks, including the last component. */
    async stat(path) {
        const stack = await this.resolve(path, true);
        return stack && GuestFs.toStat(stack);
    }
    /** Follows symlinks in the parent components only. */
    async lstat(path) {
        const stack = await this.resolve(path, false);
        return stack && GuestFs.toStat(stack);
    }
    /** Canonical guest path, or undefined if it does not resolve. */
    async realpath(path) {
        return (await this.stat(path))?.path;
    }
    async exists(path) {
        return (await this.stat(path)) !== undefined;
    }
    /**
     * Throws a LimitError when `used` exceeds `budget`: for collectors counting what the guest
     * layer cannot see (homes visited, include depth, interfaces). `path` is the guest file or
     * directory concerned, when there is one (the error carries it; reports print it beside the
     * message); `what` says what was counted.
     */
    enforce(budget, used, path, what) {
        enforceBudget('guest', budget, used, (limit) => `${what} exceeds the ${budget} budget of ${limit}`, { path }, this.budgets[budget]);
    }
    /**
     * Spends `amount` of a run-wide budget (one that adds up over the whole run, like factsBytes)
     * and throws a LimitError, spending nothing, when the total would exceed it.
     */
    charge(budget, amount, path, what) {
        const before = this.spent.get(budget) ?? 0;
        this.enforce(budget, before + amount, path, `${what} after ${before} already spent in this run`);
        this.spent.set(budget, before + amount);
    }
    /** Directory entries (sorted by name, for deterministic output), or undefined if not a directory; more than dirEntries is a LimitError. */
    async readdir(path) {
        const st = await this.stat(path);
        if (!st || st.node.type !== 'dir')
            return undefined;
        const entries = await st.mount.fs.readdir(st.node);
        this.enforce('dirEntries', entries.length, path, `a directory of ${entries.length} entries`);
        this.charge('factsEntries', entries.length, path, `listing ${entries.length} directory entries`);
        return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    /** Target of a symlink (not followed), or undefined if not a symlink. */
    async readlink(path) {
        const st = await this.lstat(path);
        if (!st || st.node.type !== 'symlink')
            return undefined;
        return st.mount.fs.readlink(st.node);
    }
    /**
     * All bytes of a regular file (following symlinks); undefined if absent or not a file.
     * A file larger than fileBytes, or one that would take the run past factsBytes, is a
     * LimitError naming the path and size: judged on a prefix, a gate could pass what it never saw.
     */
    async readBytes(path) {
        const st = await this.stat(path);
        if (!st || st.node.type !== 'file')
            return undefined;
        const size = st.node.size;
        this.enforce('fileBytes', size, path, `a file of ${size} bytes`);
        this.charge('factsBytes', size, path, `reading ${size} bytes`);
        return st.mount.fs.readFile(st.node, size);
    }
    /**
     * The first min(size, maxBytes) bytes of a regular file, for a caller that wants a prefix on
     * purpose (a magic number, a header): never use it for content that is judged as a whole.
     * Counts toward factsBytes; maxBytes above fileBytes is the caller's mistake and throws.
     */
    async readPrefix(path, maxBytes) {
        if (maxBytes > this.budgets.fileBytes)
            throw new RangeError(`readPrefix(${path}, ${maxBytes}): more than the fileBytes budget of ${this.budgets.fileBytes}`);
        const st = await this.stat(path);
        if (!st || st.node.type !== 'file')
            return undefined;
        const length = Math.min(st.node.size, maxBytes);
        this.charge('factsBytes', length, path, `reading ${length} bytes`);
        return st.mount.fs.readFile(st.node, length);
    }
    /**
     * UTF-8 text of a regular file, with readBytes' budgets; a line longer than lineBytes is a
     * LimitError too (line-oriented parsers work line by line), unless `anyLineLength`.
     */
    async readText(path, options = {}) {
        const bytes = await this.readBytes(path);
        if (!bytes)
            return undefined;
        if (!options.anyLineLength) {
            const longest = longestLine(bytes);
            this.enforce('lineBytes', longest, path, `a line of ${longest} bytes`);
        }
        return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    }
    /** Names in `dir` matching a simple glob (`*`, `?`), sorted; [] if the directory is absent; more than globFiles matches is a LimitError. */
    async glob(dir, pattern) {
        const entries = (await this.readdir(dir)) ?? [];
        const re = globToRegExp(pattern);
        const matches = entries.filter((e) => re.test(e.name)).map((e) => joinPath(dir, e.name));
        this.enforce('globFiles', matches.length, joinPath(dir, pattern), `${matches.length} matching files`);
        return matches;
    }
}
/** Length in bytes of the longest line (LF-separated) in `bytes`. */
function longestLine(bytes) {
    let longest = 0;
    let start = 0;
    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, start)) {
        longest = Math.max(longest, i - start);
        start = i + 1;
    }
    return Math.max(longest, bytes.length - start);
}
/** Splits a guest path into its components, dropping empty ones. */
function splitPath(path) {
    return path.split('/').filter((p) => p.length > 0);
}
/** Joins a directory and a name into a guest path. */
function joinPath(dir, name) {
    return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
const globCache = new Map();
/** Shell-style glob (only `*` and `?`, plus `[...]` classes) to an anchored RegExp. */
function globToRegExp(pattern) {
    let re = globCache.get(pattern);
    if (!re) {
        re = compileGlob(pattern);
        if (globCache.size < 1000)
            globCache.set(pattern, re);
    }
    return re;
}
function compileGlob(pattern) {
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else if (c === '[') {
            const end = pattern.indexOf(']', i + 1);
            if (end < 0)
                re += '\\[';
            else {
                let cls = pattern.slice(i + 1, end);
                if (cls.startsWith('!'))
                    cls = '^' + cls.slice(1);
                re += `[${cls.replace(/\\/g, '\\\\')}]`;
                i = end;
            }
        }
        else
            re += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return new RegExp(`^${re}$`);
}

/**
 * sshd_config(5) line syntax, as OpenSSH's servconf.c reads it: one keyword per line,
 * case-insensitive, separated from its arguments by whitespace or one `=`; arguments may be
 * double-quoted; `#` at the start of a line or of an argument starts a comment.
 * Pure: text in, directives out.
 */
/** Splits the argument text the way OpenSSH's argv_split does (double quotes group, `#` ends). */
function splitSshdArgs(text) {
    const args = [];
    let i = 0;
    while (i < text.length) {
        while (i < text.length && /\s/.test(text[i]))
            i++;
        if (i >= text.length || text[i] === '#')
            break;
        let arg = '';
        if (text[i] === '"') {
            const end = text.indexOf('"', i + 1);
            // An unterminated quote makes sshd reject the line; keep the rest as one argument.
            arg = end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
            i = end < 0 ? text.length : end + 1;
        }
        else {
            while (i < text.length && !/\s/.test(text[i]))
                arg += text[i++];
        }
        args.push(arg);
    }
    return args;
}
/** Parses the directives of one sshd config file (Include and Match are returned as directives too). */
function parseSshdConfigLines(text, path) {
    const directives = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        // Keyword ends at whitespace or '='; the separator may be "  =  ".
        const match = /^([^\s=]+)\s*=?\s*(.*)$/.exec(line);
        if (!match)
            return;
        directives.push({ keyword: match[1].toLowerCase(), args: splitSshdArgs(match[2]), path, line: index + 1 });
    });
    return directives;
}

/** Where relative Include paths are resolved (OpenSSH's SSHDIR on every distro we know). */
const SSHD_DIR = '/etc/ssh';
/** servconf.c SERVCONF_MAX_DEPTH: sshd refuses deeper Include nesting (sshd's own rule, not a budget of ours). */
const MAX_INCLUDE_DEPTH = 16;
/**
 * Reads `path` and expands `Include` in place: each argument is a path or a glob (in its
 * last component) relative to /etc/ssh, matches are read in sorted order (glob(3) sorts).
 * A Match block ends at the next Match or at the end of the file it started in, because
 * sshd restores the caller's Match state after an included file.
 * Includes that fan out (a glob that includes itself, 16 levels deep) would read files
 * exponentially often: past the includeFiles budget it is a LimitError, never a partial config.
 */
async function expandSshdConfig(guest, path) {
    const text = await guest.readText(path);
    if (text === undefined)
        return undefined;
    const out = { directives: [], files: [], notes: [] };
    await expandText(guest, text, path, undefined, 0, out);
    return out;
}
async function expandText(guest, text, path, outerMatch, depth, out) {
    out.files.push(path);
    let match = outerMatch;
    for (const d of parseSshdConfigLines(text, path)) {
        if (d.keyword === 'match') {
            match = d.args.join(' ');
            continue;
        }
        if (d.keyword !== 'include') {
            out.directives.push(match === undefined ? d : { ...d, match });
            continue;
        }
        if (depth + 1 > MAX_INCLUDE_DEPTH) {
            addNote(out, `${path}:${d.line}: Include nested deeper than ${MAX_INCLUDE_DEPTH} levels; sshd refuses this`);
            continue;
        }
        for (const arg of d.args) {
            for (const file of await resolveInclude(guest, arg)) {
                guest.enforce('includeFiles', out.files.length + 1, file, `reading it as config file number ${out.files.length + 1} through Include`);
                const included = await guest.readText(file);
                if (included === undefined)
                    continue;
                await expandText(guest, included, file, match, depth + 1, out);
            }
        }
    }
}
/** Adds a note once: a looping Include would otherwise repeat it for every pass. */
function addNote(out, note) {
    if (!out.notes.includes(note))
        out.notes.push(note);
}
/** Guest paths an Include argument names, sorted; globs only in the last component. */
async function resolveInclude(guest, arg) {
    const full = arg.startsWith('/') ? arg : joinPath(SSHD_DIR, arg);
    const slash = full.lastIndexOf('/');
    const dir = full.slice(0, slash) || '/';
    const name = full.slice(slash + 1);
    if (!/[*?[]/.test(name))
        return [full];
    return guest.glob(dir, name);
}

/** The server configuration file every OpenSSH package uses. */
const SSHD_CONFIG = '/etc/ssh/sshd_config';
/** Reads /etc/ssh/sshd_config and its includes; used by the sshd and accounts collectors alike. */
async function readSshdConfig(guest) {
    const expanded = await expandSshdConfig(guest, SSHD_CONFIG);
    return {
        files: expanded?.files ?? [],
        settings: effectiveSshdSettings(expanded?.directives ?? []),
        notes: expanded?.notes ?? [],
    };
}

const PASSWD = '/etc/passwd';
const SHADOW = '/etc/shadow';
const GROUP = '/etc/group';
const LOGIN_DEFS = '/etc/login.defs';
const DAY_MS = 86_400_000;
/** Reads passwd, shadow, group, login.defs, sudoers and each account's authorized_keys. */
async function collectAccounts(guest) {
    const passwdText = await guest.readText(PASSWD);
    const shadowText = await guest.readText(SHADOW);
    const groupText = (await guest.readText(GROUP)) ?? '';
    const loginDefs = await guest.readText(LOGIN_DEFS);
    const uidMin = (loginDefs !== undefined && parseUidMin(loginDefs)) || { value: DEFAULT_UID_MIN };
    const passwd = parsePasswd(passwdText ?? '');
    const shadow = new Map();
    for (const entry of parseShadow(shadowText ?? ''))
        if (!shadow.has(entry.name))
            shadow.set(entry.name, entry);
    const groupsOf = groupIndex(parseGroup(groupText));
    const { settings } = await readSshdConfig(guest);
    const keyPatterns = settings.authorizedKeysFiles.value;
    const sudoers = groupBy(await findSudoersGrants(guest, new Set(passwd.entries.map((e) => e.name))), (s) => s.user);
    // Every account's home is visited (authorized_keys): bounded, and each distinct file read once
    // however many accounts point at it (factsBytes bounds the distinct ones together).
    guest.enforce('homeDirectories', passwd.entries.length, PASSWD, `${passwd.entries.length} accounts whose home directories would be visited`);
    const keysByPath = new Map();
    const readKeys = async (path) => {
        if (!keysByPath.has(path)) {
            const text = await guest.readText(path);
            keysByPath.set(path, text === undefined ? undefined : parseAuthorizedKeys(text));
        }
        return keysByPath.get(path);
    };
    const accounts = [];
    for (const entry of passwd.entries) {
        const authorizedKeys = [];
        const seen = new Set();
        for (const pattern of keyPatterns) {
            const path = expandAuthorizedKeysPath(pattern, entry);
            if (path === undefined || seen.has(path))
                continue;
            seen.add(path);
            const summary = await readKeys(path);
            if (summary !== undefined)
                authorizedKeys.push({ path, ...summary });
        }
        accounts.push({
            ...identity$1(entry),
            homeExists: (await guest.stat(entry.home))?.node.type === 'dir',
            shellPresent: (await guest.stat(entry.shell.trim() || '/bin/sh'))?.node.type === 'file',
            ...passwordOf(entry, shadow.get(entry.name)),
            groups: groupsOf(entry),
            authorizedKeys,
            sudoers: sudoers.get(entry.name) ?? [],
        });
    }
    const notes = passwd.malformedLines.map((line) => `${PASSWD}:${line}: not a valid passwd entry`);
    for (const entry of passwd.entries) {
        if (entry.passwordField === 'x' && shadowText !== undefined && !shadow.has(entry.name)) {
            notes.push(`${PASSWD}:${entry.line}: ${entry.name} has no ${SHADOW} entry`);
        }
    }
    return {
        passwdFound: passwdText !== undefined,
        shadowFound: shadowText !== undefined,
        uidMin,
        accounts,
        nisLines: passwd.nisLines,
        notes,
    };
}
/** Items grouped by key, each group in input order. */
function groupBy(items, key) {
    const out = new Map();
    for (const item of items) {
        const k = key(item);
        const list = out.get(k);
        if (list)
            list.push(item);
        else
            out.set(k, [item]);
    }
    return out;
}
function identity$1(entry) {
    return {
        name: entry.name,
        uid: entry.uid,
        gid: entry.gid,
        home: entry.home,
        shell: entry.shell,
        loginShell: isLoginShell(entry.shell),
        passwdLine: entry.line,
    };
}
/** The password that applies: shadow's when passwd says `x`, else the passwd field itself. */
function passwordOf(entry, shadow) {
    if (entry.passwordField !== 'x' || !shadow) {
        // `x` without a shadow entry: no hash anywhere, so no password can match.
        const password = entry.passwordField === 'x'
            ? { status: 'locked', summary: `no password (x in ${PASSWD}, no ${SHADOW} entry)` }
            : classifyPassword(entry.passwordField);
        return { password, passwordSource: { path: PASSWD, line: entry.line }, mustChangePassword: false, accountExpired: false };
    }
    const expiresOn = shadow.expireDay === undefined ? undefined : new Date(shadow.expireDay * DAY_MS).toISOString().slice(0, 10);
    return {
        password: shadow.password,
        passwordSource: { path: SHADOW, line: shadow.line },
        mustChangePassword: shadow.lastChange === 0,
        ...(expiresOn === undefined ? {} : { expiresOn }),
        accountExpired: shadow.expireDay !== undefined && shadow.expireDay * DAY_MS <= Date.now(),
    };
}

var dist = {};

var composer = {};

var directives = {};

var identity = {};

var hasRequiredIdentity;

function requireIdentity () {
	if (hasRequiredIdentity) return identity;
	hasRequiredIdentity = 1;

	const ALIAS = Symbol.for('yaml.alias');
	const DOC = Symbol.for('yaml.document');
	const MAP = Symbol.for('yaml.map');
	const PAIR = Symbol.for('yaml.pair');
	const SCALAR = Symbol.for('yaml.scalar');
	const SEQ = Symbol.for('yaml.seq');
	const NODE_TYPE = Symbol.for('yaml.node.type');
	const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
	const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
	const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
	const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
	const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
	const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
	function isCollection(node) {
	    if (node && typeof node === 'object')
	        switch (node[NODE_TYPE]) {
	            case MAP:
	            case SEQ:
	                return true;
	        }
	    return false;
	}
	function isNode(node) {
	    if (node && typeof node === 'object')
	        switch (node[NODE_TYPE]) {
	            case ALIAS:
	            case MAP:
	            case SCALAR:
	            case SEQ:
	                return true;
	        }
	    return false;
	}
	const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

	identity.ALIAS = ALIAS;
	identity.DOC = DOC;
	identity.MAP = MAP;
	identity.NODE_TYPE = NODE_TYPE;
	identity.PAIR = PAIR;
	identity.SCALAR = SCALAR;
	identity.SEQ = SEQ;
	identity.hasAnchor = hasAnchor;
	identity.isAlias = isAlias;
	identity.isCollection = isCollection;
	identity.isDocument = isDocument;
	identity.isMap = isMap;
	identity.isNode = isNode;
	identity.isPair = isPair;
	identity.isScalar = isScalar;
	identity.isSeq = isSeq;
	return identity;
}

var visit = {};

var hasRequiredVisit;

function requireVisit () {
	if (hasRequiredVisit) return visit;
	hasRequiredVisit = 1;

	var identity = requireIdentity();

	const BREAK = Symbol('break visit');
	const SKIP = Symbol('skip children');
	const REMOVE = Symbol('remove node');
	/**
	 * Apply a visitor to an AST node or document.
	 *
	 * Walks through the tree (depth-first) starting from `node`, calling a
	 * `visitor` function with three arguments:
	 *   - `key`: For sequence values and map `Pair`, the node's index in the
	 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
	 *     `null` for the root node.
	 *   - `node`: The current node.
	 *   - `path`: The ancestry of the current node.
	 *
	 * The return value of the visitor may be used to control the traversal:
	 *   - `undefined` (default): Do nothing and continue
	 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
	 *     sibling
	 *   - `visit.BREAK`: Terminate traversal completely
	 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
	 *   - `Node`: Replace the current node, then continue by visiting it
	 *   - `number`: While iterating the items of a sequence or map, set the index
	 *     of the next step. This is useful especially if the index of the current
	 *     node has changed.
	 *
	 * If `visitor` is a single function, it will be called with all values
	 * encountered in the tree, including e.g. `null` values. Alternatively,
	 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
	 * `Alias` and `Scalar` node. To define the same visitor function for more than
	 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
	 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
	 * specific defined one will be used for each node.
	 */
	function visit$1(node, visitor) {
	    const visitor_ = initVisitor(visitor);
	    if (identity.isDocument(node)) {
	        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
	        if (cd === REMOVE)
	            node.contents = null;
	    }
	    else
	        visit_(null, node, visitor_, Object.freeze([]));
	}
	// Without the `as symbol` casts, TS declares these in the `visit`
	// namespace using `var`, but then complains about that because
	// `unique symbol` must be `const`.
	/** Terminate visit traversal completely */
	visit$1.BREAK = BREAK;
	/** Do not visit the children of the current node */
	visit$1.SKIP = SKIP;
	/** Remove the current node */
	visit$1.REMOVE = REMOVE;
	function visit_(key, node, visitor, path) {
	    const ctrl = callVisitor(key, node, visitor, path);
	    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
	        replaceNode(key, path, ctrl);
	        return visit_(key, ctrl, visitor, path);
	    }
	    if (typeof ctrl !== 'symbol') {
	        if (identity.isCollection(node)) {
	            path = Object.freeze(path.concat(node));
	            for (let i = 0; i < node.items.length; ++i) {
	                const ci = visit_(i, node.items[i], visitor, path);
	                if (typeof ci === 'number')
	                    i = ci - 1;
	                else if (ci === BREAK)
	                    return BREAK;
	                else if (ci === REMOVE) {
	                    node.items.splice(i, 1);
	                    i -= 1;
	                }
	            }
	        }
	        else if (identity.isPair(node)) {
	            path = Object.freeze(path.concat(node));
	            const ck = visit_('key', node.key, visitor, path);
	            if (ck === BREAK)
	                return BREAK;
	            else if (ck === REMOVE)
	                node.key = null;
	            const cv = visit_('value', node.value, visitor, path);
	            if (cv === BREAK)
	                return BREAK;
	            else if (cv === REMOVE)
	                node.value = null;
	        }
	    }
	    return ctrl;
	}
	/**
	 * Apply an async visitor to an AST node or document.
	 *
	 * Walks through the tree (depth-first) starting from `node`, calling a
	 * `visitor` function with three arguments:
	 *   - `key`: For sequence values and map `Pair`, the node's index in the
	 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
	 *     `null` for the root node.
	 *   - `node`: The current node.
	 *   - `path`: The ancestry of the current node.
	 *
	 * The return value of the visitor may be used to control the traversal:
	 *   - `Promise`: Must resolve to one of the following values
	 *   - `undefined` (default): Do nothing and continue
	 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
	 *     sibling
	 *   - `visit.BREAK`: Terminate traversal completely
	 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
	 *   - `Node`: Replace the current node, then continue by visiting it
	 *   - `number`: While iterating the items of a sequence or map, set the index
	 *     of the next step. This is useful especially if the index of the current
	 *     node has changed.
	 *
	 * If `visitor` is a single function, it will be called with all values
	 * encountered in the tree, including e.g. `null` values. Alternatively,
	 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
	 * `Alias` and `Scalar` node. To define the same visitor function for more than
	 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
	 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
	 * specific defined one will be used for each node.
	 */
	async function visitAsync(node, visitor) {
	    const visitor_ = initVisitor(visitor);
	    if (identity.isDocument(node)) {
	        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
	        if (cd === REMOVE)
	            node.contents = null;
	    }
	    else
	        await visitAsync_(null, node, visitor_, Object.freeze([]));
	}
	// Without the `as symbol` casts, TS declares these in the `visit`
	// namespace using `var`, but then complains about that because
	// `unique symbol` must be `const`.
	/** Terminate visit traversal completely */
	visitAsync.BREAK = BREAK;
	/** Do not visit the children of the current node */
	visitAsync.SKIP = SKIP;
	/** Remove the current node */
	visitAsync.REMOVE = REMOVE;
	async function visitAsync_(key, node, visitor, path) {
	    const ctrl = await callVisitor(key, node, visitor, path);
	    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
	        replaceNode(key, path, ctrl);
	        return visitAsync_(key, ctrl, visitor, path);
	    }
	    if (typeof ctrl !== 'symbol') {
	        if (identity.isCollection(node)) {
	            path = Object.freeze(path.concat(node));
	            for (let i = 0; i < node.items.length; ++i) {
	                const ci = await visitAsync_(i, node.items[i], visitor, path);
	                if (typeof ci === 'number')
	                    i = ci - 1;
	                else if (ci === BREAK)
	                    return BREAK;
	                else if (ci === REMOVE) {
	                    node.items.splice(i, 1);
	                    i -= 1;
	                }
	            }
	        }
	        else if (identity.isPair(node)) {
	            path = Object.freeze(path.concat(node));
	            const ck = await visitAsync_('key', node.key, visitor, path);
	            if (ck === BREAK)
	                return BREAK;
	            else if (ck === REMOVE)
	                node.key = null;
	            const cv = await visitAsync_('value', node.value, visitor, path);
	            if (cv === BREAK)
	                return BREAK;
	            else if (cv === REMOVE)
	                node.value = null;
	        }
	    }
	    return ctrl;
	}
	function initVisitor(visitor) {
	    if (typeof visitor === 'object' &&
	        (visitor.Collection || visitor.Node || visitor.Value)) {
	        return Object.assign({
	            Alias: visitor.Node,
	            Map: visitor.Node,
	            Scalar: visitor.Node,
	            Seq: visitor.Node
	        }, visitor.Value && {
	            Map: visitor.Value,
	            Scalar: visitor.Value,
	            Seq: visitor.Value
	        }, visitor.Collection && {
	            Map: visitor.Collection,
	            Seq: visitor.Collection
	        }, visitor);
	    }
	    return visitor;
	}
	function callVisitor(key, node, visitor, path) {
	    if (typeof visitor === 'function')
	        return visitor(key, node, path);
	    if (identity.isMap(node))
	        return visitor.Map?.(key, node, path);
	    if (identity.isSeq(node))
	        return visitor.Seq?.(key, node, path);
	    if (identity.isPair(node))
	        return visitor.Pair?.(key, node, path);
	    if (identity.isScalar(node))
	        return visitor.Scalar?.(key, node, path);
	    if (identity.isAlias(node))
	        return visitor.Alias?.(key, node, path);
	    return undefined;
	}
	function replaceNode(key, path, node) {
	    const parent = path[path.length - 1];
	    if (identity.isCollection(parent)) {
	        parent.items[key] = node;
	    }
	    else if (identity.isPair(parent)) {
	        if (key === 'key')
	            parent.key = node;
	        else
	            parent.value = node;
	    }
	    else if (identity.isDocument(parent)) {
	        parent.contents = node;
	    }
	    else {
	        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
	        throw new Error(`Cannot replace node with ${pt} parent`);
	    }
	}

	visit.visit = visit$1;
	visit.visitAsync = visitAsync;
	return visit;
}

var hasRequiredDirectives;

function requireDirectives () {
	if (hasRequiredDirectives) return directives;
	hasRequiredDirectives = 1;

	var identity = requireIdentity();
	var visit = requireVisit();

	const escapeChars = {
	    '!': '%21',
	    ',': '%2C',
	    '[': '%5B',
	    ']': '%5D',
	    '{': '%7B',
	    '}': '%7D'
	};
	const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
	class Directives {
	    constructor(yaml, tags) {
	        /**
	         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
	         * included in the document's stringified representation.
	         */
	        this.docStart = null;
	        /** The doc-end marker `...`.  */
	        this.docEnd = false;
	        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
	        this.tags = Object.assign({}, Directives.defaultTags, tags);
	    }
	    clone() {
	        const copy = new Directives(this.yaml, this.tags);
	        copy.docStart = this.docStart;
	        return copy;
	    }
	    /**
	     * During parsing, get a Directives instance for the current document and
	     * update the stream state according to the current version's spec.
	     */
	    atDocument() {
	        const res = new Directives(this.yaml, this.tags);
	        switch (this.yaml.version) {
	            case '1.1':
	                this.atNextDocument = true;
	                break;
	            case '1.2':
	                this.atNextDocument = false;
	                this.yaml = {
	                    explicit: Directives.defaultYaml.explicit,
	                    version: '1.2'
	                };
	                this.tags = Object.assign({}, Directives.defaultTags);
	                break;
	        }
	        return res;
	    }
	    /**
	     * @param onError - May be called even if the action was successful
	     * @returns `true` on success
	     */
	    add(line, onError) {
	        if (this.atNextDocument) {
	            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
	            this.tags = Object.assign({}, Directives.defaultTags);
	            this.atNextDocument = false;
	        }
	        const parts = line.trim().split(/[ \t]+/);
	        const name = parts.shift();
	        switch (name) {
	            case '%TAG': {
	                if (parts.length !== 2) {
	                    onError(0, '%TAG directive should contain exactly two parts');
	                    if (parts.length < 2)
	                        return false;
	                }
	                const [handle, prefix] = parts;
	                this.tags[handle] = prefix;
	                return true;
	            }
	            case '%YAML': {
	                this.yaml.explicit = true;
	                if (parts.length !== 1) {
	                    onError(0, '%YAML directive should contain exactly one part');
	                    return false;
	                }
	                const [version] = parts;
	                if (version === '1.1' || version === '1.2') {
	                    this.yaml.version = version;
	                    return true;
	                }
	                else {
	                    const isValid = /^\d+\.\d+$/.test(version);
	                    onError(6, `Unsupported YAML version ${version}`, isValid);
	                    return false;
	                }
	            }
	            default:
	                onError(0, `Unknown directive ${name}`, true);
	                return false;
	        }
	    }
	    /**
	     * Resolves a tag, matching handles to those defined in %TAG directives.
	     *
	     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
	     *   `'!local'` tag, or `null` if unresolvable.
	     */
	    tagName(source, onError) {
	        if (source === '!')
	            return '!'; // non-specific tag
	        if (source[0] !== '!') {
	            onError(`Not a valid tag: ${source}`);
	            return null;
	        }
	        if (source[1] === '<') {
	            const verbatim = source.slice(2, -1);
	            if (verbatim === '!' || verbatim === '!!') {
	                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
	                return null;
	            }
	            if (source[source.length - 1] !== '>')
	                onError('Verbatim tags must end with a >');
	            return verbatim;
	        }
	        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
	        if (!suffix)
	            onError(`The ${source} tag has no suffix`);
	        const prefix = this.tags[handle];
	        if (prefix) {
	            try {
	                return prefix + decodeURIComponent(suffix);
	            }
	            catch (error) {
	                onError(String(error));
	                return null;
	            }
	        }
	        if (handle === '!')
	            return source; // local tag
	        onError(`Could not resolve tag: ${source}`);
	        return null;
	    }
	    /**
	     * Given a fully resolved tag, returns its printable string form,
	     * taking into account current tag prefixes and defaults.
	     */
	    tagString(tag) {
	        for (const [handle, prefix] of Object.entries(this.tags)) {
	            if (tag.startsWith(prefix))
	                return handle + escapeTagName(tag.substring(prefix.length));
	        }
	        return tag[0] === '!' ? tag : `!<${tag}>`;
	    }
	    toString(doc) {
	        const lines = this.yaml.explicit
	            ? [`%YAML ${this.yaml.version || '1.2'}`]
	            : [];
	        const tagEntries = Object.entries(this.tags);
	        let tagNames;
	        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
	            const tags = {};
	            visit.visit(doc.contents, (_key, node) => {
	                if (identity.isNode(node) && node.tag)
	                    tags[node.tag] = true;
	            });
	            tagNames = Object.keys(tags);
	        }
	        else
	            tagNames = [];
	        for (const [handle, prefix] of tagEntries) {
	            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
	                continue;
	            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
	                lines.push(`%TAG ${handle} ${prefix}`);
	        }
	        return lines.join('\n');
	    }
	}
	Directives.defaultYaml = { explicit: false, version: '1.2' };
	Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

	directives.Directives = Directives;
	return directives;
}

var Document = {};

var Alias = {};

var anchors = {};

var hasRequiredAnchors;

function requireAnchors () {
	if (hasRequiredAnchors) return anchors;
	hasRequiredAnchors = 1;

	var identity = requireIdentity();
	var visit = requireVisit();

	/**
	 * Verify that the input string is a valid anchor.
	 *
	 * Will throw on errors.
	 */
	function anchorIsValid(anchor) {
	    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
	        const sa = JSON.stringify(anchor);
	        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
	        throw new Error(msg);
	    }
	    return true;
	}
	function anchorNames(root) {
	    const anchors = new Set();
	    visit.visit(root, {
	        Value(_key, node) {
	            if (node.anchor)
	                anchors.add(node.anchor);
	        }
	    });
	    return anchors;
	}
	/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
	function findNewAnchor(prefix, exclude) {
	    for (let i = 1; true; ++i) {
	        const name = `${prefix}${i}`;
	        if (!exclude.has(name))
	            return name;
	    }
	}
	function createNodeAnchors(doc, prefix) {
	    const aliasObjects = [];
	    const sourceObjects = new Map();
	    let prevAnchors = null;
	    return {
	        onAnchor: (source) => {
	            aliasObjects.push(source);
	            prevAnchors ?? (prevAnchors = anchorNames(doc));
	            const anchor = findNewAnchor(prefix, prevAnchors);
	            prevAnchors.add(anchor);
	            return anchor;
	        },
	        /**
	         * With circular references, the source node is only resolved after all
	         * of its child nodes are. This is why anchors are set only after all of
	         * the nodes have been created.
	         */
	        setAnchors: () => {
	            for (const source of aliasObjects) {
	                const ref = sourceObjects.get(source);
	                if (typeof ref === 'object' &&
	                    ref.anchor &&
	                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
	                    ref.node.anchor = ref.anchor;
	                }
	                else {
	                    const error = new Error('Failed to resolve repeated object (this should not happen)');
	                    error.source = source;
	                    throw error;
	                }
	            }
	        },
	        sourceObjects
	    };
	}

	anchors.anchorIsValid = anchorIsValid;
	anchors.anchorNames = anchorNames;
	anchors.createNodeAnchors = createNodeAnchors;
	anchors.findNewAnchor = findNewAnchor;
	return anchors;
}

var Node = {};

var applyReviver = {};

var hasRequiredApplyReviver;

function requireApplyReviver () {
	if (hasRequiredApplyReviver) return applyReviver;
	hasRequiredApplyReviver = 1;

	/**
	 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
	 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
	 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
	 *
	 * Includes extensions for handling Map and Set objects.
	 */
	function applyReviver$1(reviver, obj, key, val) {
	    if (val && typeof val === 'object') {
	        if (Array.isArray(val)) {
	            for (let i = 0, len = val.length; i < len; ++i) {
	                const v0 = val[i];
	                const v1 = applyReviver$1(reviver, val, String(i), v0);
	                // eslint-disable-next-line @typescript-eslint/no-array-delete
	                if (v1 === undefined)
	                    delete val[i];
	                else if (v1 !== v0)
	                    val[i] = v1;
	            }
	        }
	        else if (val instanceof Map) {
	            for (const k of Array.from(val.keys())) {
	                const v0 = val.get(k);
	                const v1 = applyReviver$1(reviver, val, k, v0);
	                if (v1 === undefined)
	                    val.delete(k);
	                else if (v1 !== v0)
	                    val.set(k, v1);
	            }
	        }
	        else if (val instanceof Set) {
	            for (const v0 of Array.from(val)) {
	                const v1 = applyReviver$1(reviver, val, v0, v0);
	                if (v1 === undefined)
	                    val.delete(v0);
	                else if (v1 !== v0) {
	                    val.delete(v0);
	                    val.add(v1);
	                }
	            }
	        }
	        else {
	            for (const [k, v0] of Object.entries(val)) {
	                const v1 = applyReviver$1(reviver, val, k, v0);
	                if (v1 === undefined)
	                    delete val[k];
	                else if (v1 !== v0)
	                    val[k] = v1;
	            }
	        }
	    }
	    return reviver.call(obj, key, val);
	}

	applyReviver.applyReviver = applyReviver$1;
	return applyReviver;
}

var toJS = {};

var hasRequiredToJS;

function requireToJS () {
	if (hasRequiredToJS) return toJS;
	hasRequiredToJS = 1;

	var identity = requireIdentity();

	/**
	 * Recursively convert any node or its contents to native JavaScript
	 *
	 * @param value - The input value
	 * @param arg - If `value` defines a `toJSON()` method, use this
	 *   as its first argument
	 * @param ctx - Conversion context, originally set in Document#toJS(). If
	 *   `{ keep: true }` is not set, output should be suitable for JSON
	 *   stringification.
	 */
	function toJS$1(value, arg, ctx) {
	    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
	    if (Array.isArray(value))
	        return value.map((v, i) => toJS$1(v, String(i), ctx));
	    if (value && typeof value.toJSON === 'function') {
	        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
	        if (!ctx || !identity.hasAnchor(value))
	            return value.toJSON(arg, ctx);
	        const data = { aliasCount: 0, count: 1, res: undefined };
	        ctx.anchors.set(value, data);
	        ctx.onCreate = res => {
	            data.res = res;
	            delete ctx.onCreate;
	        };
	        const res = value.toJSON(arg, ctx);
	        if (ctx.onCreate)
	            ctx.onCreate(res);
	        return res;
	    }
	    if (typeof value === 'bigint' && !ctx?.keep)
	        return Number(value);
	    return value;
	}

	toJS.toJS = toJS$1;
	return toJS;
}

var hasRequiredNode;

function requireNode () {
	if (hasRequiredNode) return Node;
	hasRequiredNode = 1;

	var applyReviver = requireApplyReviver();
	var identity = requireIdentity();
	var toJS = requireToJS();

	class NodeBase {
	    constructor(type) {
	        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
	    }
	    /** Create a copy of this node.  */
	    clone() {
	        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
	        if (this.range)
	            copy.range = this.range.slice();
	        return copy;
	    }
	    /** A plain JavaScript representation of this node. */
	    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
	        if (!identity.isDocument(doc))
	            throw new TypeError('A document argument is required');
	        const ctx = {
	            anchors: new Map(),
	            doc,
	            keep: true,
	            mapAsMap: mapAsMap === true,
	            mapKeyWarned: false,
	            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
	        };
	        const res = toJS.toJS(this, '', ctx);
	        if (typeof onAnchor === 'function')
	            for (const { count, res } of ctx.anchors.values())
	                onAnchor(res, count);
	        return typeof reviver === 'function'
	            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
	            : res;
	    }
	}

	Node.NodeBase = NodeBase;
	return Node;
}

var hasRequiredAlias;

function requireAlias () {
	if (hasRequiredAlias) return Alias;
	hasRequiredAlias = 1;

	var anchors = requireAnchors();
	var visit = requireVisit();
	var identity = requireIdentity();
	var Node = requireNode();
	var toJS = requireToJS();

	let Alias$1 = class Alias extends Node.NodeBase {
	    constructor(source) {
	        super(identity.ALIAS);
	        this.source = source;
	        Object.defineProperty(this, 'tag', {
	            set() {
	                throw new Error('Alias nodes cannot have tags');
	            }
	        });
	    }
	    /**
	     * Resolve the value of this alias within `doc`, finding the last
	     * instance of the `source` anchor before this node.
	     */
	    resolve(doc, ctx) {
	        if (ctx?.maxAliasCount === 0)
	            throw new ReferenceError('Alias resolution is disabled');
	        let nodes;
	        if (ctx?.aliasResolveCache) {
	            nodes = ctx.aliasResolveCache;
	        }
	        else {
	            nodes = [];
	            visit.visit(doc, {
	                Node: (_key, node) => {
	                    if (identity.isAlias(node) || identity.hasAnchor(node))
	                        nodes.push(node);
	                }
	            });
	            if (ctx)
	                ctx.aliasResolveCache = nodes;
	        }
	        let found = undefined;
	        for (const node of nodes) {
	            if (node === this)
	                break;
	            if (node.anchor === this.source)
	                found = node;
	        }
	        if (found && ctx) {
	            const { anchors, doc, maxAliasCount } = ctx;
	            let data = anchors.get(found);
	            if (!data) {
	                // Resolve anchors for Node.prototype.toJS()
	                toJS.toJS(found, null, ctx);
	                data = anchors.get(found);
	            }
	            /* istanbul ignore if */
	            if (data?.res === undefined) {
	                const msg = 'This should not happen: Alias anchor was not resolved?';
	                throw new ReferenceError(msg);
	            }
	            if (maxAliasCount >= 0) {
	                data.count += 1;
	                if (data.aliasCount === 0)
	                    data.aliasCount = getAliasCount(doc, found, anchors);
	                if (data.count * data.aliasCount > maxAliasCount) {
	                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
	                    throw new ReferenceError(msg);
	                }
	            }
	        }
	        return found;
	    }
	    toJSON(_arg, ctx) {
	        if (!ctx)
	            return { source: this.source };
	        const source = this.resolve(ctx.doc, ctx);
	        if (!source) {
	            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
	            throw new ReferenceError(msg);
	        }
	        return ctx.anchors.get(source).res;
	    }
	    toString(ctx, _onComment, _onChompKeep) {
	        const src = `*${this.source}`;
	        if (ctx) {
	            anchors.anchorIsValid(this.source);
	            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
	                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
	                throw new Error(msg);
	            }
	            if (ctx.implicitKey)
	                return `${src} `;
	        }
	        return src;
	    }
	};
	function getAliasCount(doc, node, anchors) {
	    if (identity.isAlias(node)) {
	        const source = node.resolve(doc);
	        const anchor = anchors && source && anchors.get(source);
	        return anchor ? anchor.count * anchor.aliasCount : 0;
	    }
	    else if (identity.isCollection(node)) {
	        let count = 0;
	        for (const item of node.items) {
	            const c = getAliasCount(doc, item, anchors);
	            if (c > count)
	                count = c;
	        }
	        return count;
	    }
	    else if (identity.isPair(node)) {
	        const kc = getAliasCount(doc, node.key, anchors);
	        const vc = getAliasCount(doc, node.value, anchors);
	        return Math.max(kc, vc);
	    }
	    return 1;
	}

	Alias.Alias = Alias$1;
	return Alias;
}

var Collection = {};

var createNode = {};

var Scalar = {};

var hasRequiredScalar;

function requireScalar () {
	if (hasRequiredScalar) return Scalar;
	hasRequiredScalar = 1;

	var identity = requireIdentity();
	var Node = requireNode();
	var toJS = requireToJS();

	const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
	let Scalar$1 = class Scalar extends Node.NodeBase {
	    constructor(value) {
	        super(identity.SCALAR);
	        this.value = value;
	    }
	    toJSON(arg, ctx) {
	        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
	    }
	    toString() {
	        return String(this.value);
	    }
	};
	Scalar$1.BLOCK_FOLDED = 'BLOCK_FOLDED';
	Scalar$1.BLOCK_LITERAL = 'BLOCK_LITERAL';
	Scalar$1.PLAIN = 'PLAIN';
	Scalar$1.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
	Scalar$1.QUOTE_SINGLE = 'QUOTE_SINGLE';

	Scalar.Scalar = Scalar$1;
	Scalar.isScalarValue = isScalarValue;
	return Scalar;
}

var hasRequiredCreateNode;

function requireCreateNode () {
	if (hasRequiredCreateNode) return createNode;
	hasRequiredCreateNode = 1;

	var Alias = requireAlias();
	var identity = requireIdentity();
	var Scalar = requireScalar();

	const defaultTagPrefix = 'tag:yaml.org,2002:';
	function findTagObject(value, tagName, tags) {
	    if (tagName) {
	        const match = tags.filter(t => t.tag === tagName);
	        const tagObj = match.find(t => !t.format) ?? match[0];
	        if (!tagObj)
	            throw new Error(`Tag ${tagName} not found`);
	        return tagObj;
	    }
	    return tags.find(t => t.identify?.(value) && !t.format);
	}
	function createNode$1(value, tagName, ctx) {
	    if (identity.isDocument(value))
	        value = value.contents;
	    if (identity.isNode(value))
	        return value;
	    if (identity.isPair(value)) {
	        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
	        map.items.push(value);
	        return map;
	    }
	    if (value instanceof String ||
	        value instanceof Number ||
	        value instanceof Boolean ||
	        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
	    ) {
	        // https://tc39.es/ecma262/#sec-serializejsonproperty
	        value = value.valueOf();
	    }
	    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
	    // Detect duplicate references to the same object & use Alias nodes for all
	    // after first. The `ref` wrapper allows for circular references to resolve.
	    let ref = undefined;
	    if (aliasDuplicateObjects && value && typeof value === 'object') {
	        ref = sourceObjects.get(value);
	        if (ref) {
	            ref.anchor ?? (ref.anchor = onAnchor(value));
	            return new Alias.Alias(ref.anchor);
	        }
	        else {
	            ref = { anchor: null, node: null };
	            sourceObjects.set(value, ref);
	        }
	    }
	    if (tagName?.startsWith('!!'))
	        tagName = defaultTagPrefix + tagName.slice(2);
	    let tagObj = findTagObject(value, tagName, schema.tags);
	    if (!tagObj) {
	        if (value && typeof value.toJSON === 'function') {
	            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
	            value = value.toJSON();
	        }
	        if (!value || typeof value !== 'object') {
	            const node = new Scalar.Scalar(value);
	            if (ref)
	                ref.node = node;
	            return node;
	        }
	        tagObj =
	            value instanceof Map
	                ? schema[identity.MAP]
	                : Symbol.iterator in Object(value)
	                    ? schema[identity.SEQ]
	                    : schema[identity.MAP];
	    }
	    if (onTagObj) {
	        onTagObj(tagObj);
	        delete ctx.onTagObj;
	    }
	    const node = tagObj?.createNode
	        ? tagObj.createNode(ctx.schema, value, ctx)
	        : typeof tagObj?.nodeClass?.from === 'function'
	            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
	            : new Scalar.Scalar(value);
	    if (tagName)
	        node.tag = tagName;
	    else if (!tagObj.default)
	        node.tag = tagObj.tag;
	    if (ref)
	        ref.node = node;
	    return node;
	}

	createNode.createNode = createNode$1;
	return createNode;
}

var hasRequiredCollection;

function requireCollection () {
	if (hasRequiredCollection) return Collection;
	hasRequiredCollection = 1;

	var createNode = requireCreateNode();
	var identity = requireIdentity();
	var Node = requireNode();

	function collectionFromPath(schema, path, value) {
	    let v = value;
	    for (let i = path.length - 1; i >= 0; --i) {
	        const k = path[i];
	        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
	            const a = [];
	            a[k] = v;
	            v = a;
	        }
	        else {
	            v = new Map([[k, v]]);
	        }
	    }
	    return createNode.createNode(v, undefined, {
	        aliasDuplicateObjects: false,
	        keepUndefined: false,
	        onAnchor: () => {
	            throw new Error('This should not happen, please report a bug.');
	        },
	        schema,
	        sourceObjects: new Map()
	    });
	}
	// Type guard is intentionally a little wrong so as to be more useful,
	// as it does not cover untypable empty non-string iterables (e.g. []).
	const isEmptyPath = (path) => path == null ||
	    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
	let Collection$1 = class Collection extends Node.NodeBase {
	    constructor(type, schema) {
	        super(type);
	        Object.defineProperty(this, 'schema', {
	            value: schema,
	            configurable: true,
	            enumerable: false,
	            writable: true
	        });
	    }
	    /**
	     * Create a copy of this collection.
	     *
	     * @param schema - If defined, overwrites the original's schema
	     */
	    clone(schema) {
	        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
	        if (schema)
	            copy.schema = schema;
	        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
	        if (this.range)
	            copy.range = this.range.slice();
	        return copy;
	    }
	    /**
	     * Adds a value to the collection. For `!!map` and `!!omap` the value must
	     * be a Pair instance or a `{ key, value }` object, which may not have a key
	     * that already exists in the map.
	     */
	    addIn(path, value) {
	        if (isEmptyPath(path))
	            this.add(value);
	        else {
	            const [key, ...rest] = path;
	            const node = this.get(key, true);
	            if (identity.isCollection(node))
	                node.addIn(rest, value);
	            else if (node === undefined && this.schema)
	                this.set(key, collectionFromPath(this.schema, rest, value));
	            else
	                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
	        }
	    }
	    /**
	     * Removes a value from the collection.
	     * @returns `true` if the item was found and removed.
	     */
	    deleteIn(path) {
	        const [key, ...rest] = path;
	        if (rest.length === 0)
	            return this.delete(key);
	        const node = this.get(key, true);
	        if (identity.isCollection(node))
	            return node.deleteIn(rest);
	        else
	            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
	    }
	    /**
	     * Returns item at `key`, or `undefined` if not found. By default unwraps
	     * scalar values from their surrounding node; to disable set `keepScalar` to
	     * `true` (collections are always returned intact).
	     */
	    getIn(path, keepScalar) {
	        const [key, ...rest] = path;
	        const node = this.get(key, true);
	        if (rest.length === 0)
	            return !keepScalar && identity.isScalar(node) ? node.value : node;
	        else
	            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
	    }
	    hasAllNullValues(allowScalar) {
	        return this.items.every(node => {
	            if (!identity.isPair(node))
	                return false;
	            const n = node.value;
	            return (n == null ||
	                (allowScalar &&
	                    identity.isScalar(n) &&
	                    n.value == null &&
	                    !n.commentBefore &&
	                    !n.comment &&
	                    !n.tag));
	        });
	    }
	    /**
	     * Checks if the collection includes a value with the key `key`.
	     */
	    hasIn(path) {
	        const [key, ...rest] = path;
	        if (rest.length === 0)
	            return this.has(key);
	        const node = this.get(key, true);
	        return identity.isCollection(node) ? node.hasIn(rest) : false;
	    }
	    /**
	     * Sets a value in this collection. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     */
	    setIn(path, value) {
	        const [key, ...rest] = path;
	        if (rest.length === 0) {
	            this.set(key, value);
	        }
	        else {
	            const node = this.get(key, true);
	            if (identity.isCollection(node))
	                node.setIn(rest, value);
	            else if (node === undefined && this.schema)
	                this.set(key, collectionFromPath(this.schema, rest, value));
	            else
	                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
	        }
	    }
	};

	Collection.Collection = Collection$1;
	Collection.collectionFromPath = collectionFromPath;
	Collection.isEmptyPath = isEmptyPath;
	return Collection;
}

var Pair = {};

var stringifyPair = {};

var stringify = {};

var stringifyComment = {};

var hasRequiredStringifyComment;

function requireStringifyComment () {
	if (hasRequiredStringifyComment) return stringifyComment;
	hasRequiredStringifyComment = 1;

	/**
	 * Stringifies a comment.
	 *
	 * Empty comment lines are left empty,
	 * lines consisting of a single space are replaced by `#`,
	 * and all other lines are prefixed with a `#`.
	 */
	const stringifyComment$1 = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
	function indentComment(comment, indent) {
	    if (/^\n+$/.test(comment))
	        return comment.substring(1);
	    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
	}
	const lineComment = (str, indent, comment) => str.endsWith('\n')
	    ? indentComment(comment, indent)
	    : comment.includes('\n')
	        ? '\n' + indentComment(comment, indent)
	        : (str.endsWith(' ') ? '' : ' ') + comment;

	stringifyComment.indentComment = indentComment;
	stringifyComment.lineComment = lineComment;
	stringifyComment.stringifyComment = stringifyComment$1;
	return stringifyComment;
}

var stringifyString = {};

var foldFlowLines = {};

var hasRequiredFoldFlowLines;

function requireFoldFlowLines () {
	if (hasRequiredFoldFlowLines) return foldFlowLines;
	hasRequiredFoldFlowLines = 1;

	const FOLD_FLOW = 'flow';
	const FOLD_BLOCK = 'block';
	const FOLD_QUOTED = 'quoted';
	/**
	 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
	 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
	 * terminated with `\n` and started with `indent`.
	 */
	function foldFlowLines$1(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
	    if (!lineWidth || lineWidth < 0)
	        return text;
	    if (lineWidth < minContentWidth)
	        minContentWidth = 0;
	    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
	    if (text.length <= endStep)
	        return text;
	    const folds = [];
	    const escapedFolds = {};
	    let end = lineWidth - indent.length;
	    if (typeof indentAtStart === 'number') {
	        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
	            folds.push(0);
	        else
	            end = lineWidth - indentAtStart;
	    }
	    let split = undefined;
	    let prev = undefined;
	    let overflow = false;
	    let i = -1;
	    let escStart = -1;
	    let escEnd = -1;
	    if (mode === FOLD_BLOCK) {
	        i = consumeMoreIndentedLines(text, i, indent.length);
	        if (i !== -1)
	            end = i + endStep;
	    }
	    for (let ch; (ch = text[(i += 1)]);) {
	        if (mode === FOLD_QUOTED && ch === '\\') {
	            escStart = i;
	            switch (text[i + 1]) {
	                case 'x':
	                    i += 3;
	                    break;
	                case 'u':
	                    i += 5;
	                    break;
	                case 'U':
	                    i += 9;
	                    break;
	                default:
	                    i += 1;
	            }
	            escEnd = i;
	        }
	        if (ch === '\n') {
	            if (mode === FOLD_BLOCK)
	                i = consumeMoreIndentedLines(text, i, indent.length);
	            end = i + indent.length + endStep;
	            split = undefined;
	        }
	        else {
	            if (ch === ' ' &&
	                prev &&
	                prev !== ' ' &&
	                prev !== '\n' &&
	                prev !== '\t') {
	                // space surrounded by non-space can be replaced with newline + indent
	                const next = text[i + 1];
	                if (next && next !== ' ' && next !== '\n' && next !== '\t')
	                    split = i;
	            }
	            if (i >= end) {
	                if (split) {
	                    folds.push(split);
	                    end = split + endStep;
	                    split = undefined;
	                }
	                else if (mode === FOLD_QUOTED) {
	                    // white-space collected at end may stretch past lineWidth
	                    while (prev === ' ' || prev === '\t') {
	                        prev = ch;
	                        ch = text[(i += 1)];
	                        overflow = true;
	                    }
	                    // Account for newline escape, but don't break preceding escape
	                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
	                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
	                    if (escapedFolds[j])
	                        return text;
	                    folds.push(j);
	                    escapedFolds[j] = true;
	                    end = j + endStep;
	                    split = undefined;
	                }
	                else {
	                    overflow = true;
	                }
	            }
	        }
	        prev = ch;
	    }
	    if (overflow && onOverflow)
	        onOverflow();
	    if (folds.length === 0)
	        return text;
	    if (onFold)
	        onFold();
	    let res = text.slice(0, folds[0]);
	    for (let i = 0; i < folds.length; ++i) {
	        const fold = folds[i];
	        const end = folds[i + 1] || text.length;
	        if (fold === 0)
	            res = `\n${indent}${text.slice(0, end)}`;
	        else {
	            if (mode === FOLD_QUOTED && escapedFolds[fold])
	                res += `${text[fold]}\\`;
	            res += `\n${indent}${text.slice(fold + 1, end)}`;
	        }
	    }
	    return res;
	}
	/**
	 * Presumes `i + 1` is at the start of a line
	 * @returns index of last newline in more-indented block
	 */
	function consumeMoreIndentedLines(text, i, indent) {
	    let end = i;
	    let start = i + 1;
	    let ch = text[start];
	    while (ch === ' ' || ch === '\t') {
	        if (i < start + indent) {
	            ch = text[++i];
	        }
	        else {
	            do {
	                ch = text[++i];
	            } while (ch && ch !== '\n');
	            end = i;
	            start = i + 1;
	            ch = text[start];
	        }
	    }
	    return end;
	}

	foldFlowLines.FOLD_BLOCK = FOLD_BLOCK;
	foldFlowLines.FOLD_FLOW = FOLD_FLOW;
	foldFlowLines.FOLD_QUOTED = FOLD_QUOTED;
	foldFlowLines.foldFlowLines = foldFlowLines$1;
	return foldFlowLines;
}

var hasRequiredStringifyString;

function requireStringifyString () {
	if (hasRequiredStringifyString) return stringifyString;
	hasRequiredStringifyString = 1;

	var Scalar = requireScalar();
	var foldFlowLines = requireFoldFlowLines();

	const getFoldOptions = (ctx, isBlock) => ({
	    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
	    lineWidth: ctx.options.lineWidth,
	    minContentWidth: ctx.options.minContentWidth
	});
	// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
	// presume that's starting a new document.
	const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
	function lineLengthOverLimit(str, lineWidth, indentLength) {
	    if (!lineWidth || lineWidth < 0)
	        return false;
	    const limit = lineWidth - indentLength;
	    const strLen = str.length;
	    if (strLen <= limit)
	        return false;
	    for (let i = 0, start = 0; i < strLen; ++i) {
	        if (str[i] === '\n') {
	            if (i - start > limit)
	                return true;
	            start = i + 1;
	            if (strLen - start <= limit)
	                return false;
	        }
	    }
	    return true;
	}
	function doubleQuotedString(value, ctx) {
	    const json = JSON.stringify(value);
	    if (ctx.options.doubleQuotedAsJSON)
	        return json;
	    const { implicitKey } = ctx;
	    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
	    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
	    let str = '';
	    let start = 0;
	    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
	        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
	            // space before newline needs to be escaped to not be folded
	            str += json.slice(start, i) + '\\ ';
	            i += 1;
	            start = i;
	            ch = '\\';
	        }
	        if (ch === '\\')
	            switch (json[i + 1]) {
	                case 'u':
	                    {
	                        str += json.slice(start, i);
	                        const code = json.substr(i + 2, 4);
	                        switch (code) {
	                            case '0000':
	                                str += '\\0';
	                                break;
	                            case '0007':
	                                str += '\\a';
	                                break;
	                            case '000b':
	                                str += '\\v';
	                                break;
	                            case '001b':
	                                str += '\\e';
	                                break;
	                            case '0085':
	                                str += '\\N';
	                                break;
	                            case '00a0':
	                                str += '\\_';
	                                break;
	                            case '2028':
	                                str += '\\L';
	                                break;
	                            case '2029':
	                                str += '\\P';
	                                break;
	                            default:
	                                if (code.substr(0, 2) === '00')
	                                    str += '\\x' + code.substr(2);
	                                else
	                                    str += json.substr(i, 6);
	                        }
	                        i += 5;
	                        start = i + 1;
	                    }
	                    break;
	                case 'n':
	                    if (implicitKey ||
	                        json[i + 2] === '"' ||
	                        json.length < minMultiLineLength) {
	                        i += 1;
	                    }
	                    else {
	                        // folding will eat first newline
	                        str += json.slice(start, i) + '\n\n';
	                        while (json[i + 2] === '\\' &&
	                            json[i + 3] === 'n' &&
	                            json[i + 4] !== '"') {
	                            str += '\n';
	                            i += 2;
	                        }
	                        str += indent;
	                        // space after newline needs to be escaped to not be folded
	                        if (json[i + 2] === ' ')
	                            str += '\\';
	                        i += 1;
	                        start = i + 1;
	                    }
	                    break;
	                default:
	                    i += 1;
	            }
	    }
	    str = start ? str + json.slice(start) : json;
	    return implicitKey
	        ? str
	        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
	}
	function singleQuotedString(value, ctx) {
	    if (ctx.options.singleQuote === false ||
	        (ctx.implicitKey && value.includes('\n')) ||
	        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
	    )
	        return doubleQuotedString(value, ctx);
	    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
	    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
	    return ctx.implicitKey
	        ? res
	        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
	}
	function quotedString(value, ctx) {
	    const { singleQuote } = ctx.options;
	    let qs;
	    if (singleQuote === false)
	        qs = doubleQuotedString;
	    else {
	        const hasDouble = value.includes('"');
	        const hasSingle = value.includes("'");
	        if (hasDouble && !hasSingle)
	            qs = singleQuotedString;
	        else if (hasSingle && !hasDouble)
	            qs = doubleQuotedString;
	        else
	            qs = singleQuote ? singleQuotedString : doubleQuotedString;
	    }
	    return qs(value, ctx);
	}
	// The negative lookbehind avoids a polynomial search,
	// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
	let blockEndNewlines;
	try {
	    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
	}
	catch {
	    blockEndNewlines = /\n+(?!\n|$)/g;
	}
	function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
	    const { blockQuote, commentString, lineWidth } = ctx.options;
	    // 1. Block can't end in whitespace unless the last line is non-empty.
	    // 2. Strings consisting of only whitespace are best rendered explicitly.
	    if (!blockQuote || /\n[\t ]+$/.test(value)) {
	        return quotedString(value, ctx);
	    }
	    const indent = ctx.indent ||
	        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
	    const literal = blockQuote === 'literal'
	        ? true
	        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
	            ? false
	            : type === Scalar.Scalar.BLOCK_LITERAL
	                ? true
	                : !lineLengthOverLimit(value, lineWidth, indent.length);
	    if (!value)
	        return literal ? '|\n' : '>\n';
	    // determine chomping from whitespace at value end
	    let chomp;
	    let endStart;
	    for (endStart = value.length; endStart > 0; --endStart) {
	        const ch = value[endStart - 1];
	        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
	            break;
	    }
	    let end = value.substring(endStart);
	    const endNlPos = end.indexOf('\n');
	    if (endNlPos === -1) {
	        chomp = '-'; // strip
	    }
	    else if (value === end || endNlPos !== end.length - 1) {
	        chomp = '+'; // keep
	        if (onChompKeep)
	            onChompKeep();
	    }
	    else {
	        chomp = ''; // clip
	    }
	    if (end) {
	        value = value.slice(0, -end.length);
	        if (end[end.length - 1] === '\n')
	            end = end.slice(0, -1);
	        end = end.replace(blockEndNewlines, `$&${indent}`);
	    }
	    // determine indent indicator from whitespace at value start
	    let startWithSpace = false;
	    let startEnd;
	    let startNlPos = -1;
	    for (startEnd = 0; startEnd < value.length; ++startEnd) {
	        const ch = value[startEnd];
	        if (ch === ' ')
	            startWithSpace = true;
	        else if (ch === '\n')
	            startNlPos = startEnd;
	        else
	            break;
	    }
	    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
	    if (start) {
	        value = value.substring(start.length);
	        start = start.replace(/\n+/g, `$&${indent}`);
	    }
	    const indentSize = indent ? '2' : '1'; // root is at -1
	    // Leading | or > is added later
	    let header = (startWithSpace ? indentSize : '') + chomp;
	    if (comment) {
	        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
	        if (onComment)
	            onComment();
	    }
	    if (!literal) {
	        const foldedValue = value
	            .replace(/\n+/g, '\n$&')
	            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
	            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
	            .replace(/\n+/g, `$&${indent}`);
	        let literalFallback = false;
	        const foldOptions = getFoldOptions(ctx, true);
	        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
	            foldOptions.onOverflow = () => {
	                literalFallback = true;
	            };
	        }
	        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
	        if (!literalFallback)
	            return `>${header}\n${indent}${body}`;
	    }
	    value = value.replace(/\n+/g, `$&${indent}`);
	    return `|${header}\n${indent}${start}${value}${end}`;
	}
	function plainString(item, ctx, onComment, onChompKeep) {
	    const { type, value } = item;
	    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
	    if ((implicitKey && value.includes('\n')) ||
	        (inFlow && /[[\]{},]/.test(value))) {
	        return quotedString(value, ctx);
	    }
	    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
	        // not allowed:
	        // - '-' or '?'
	        // - start with an indicator character (except [?:-]) or /[?-] /
	        // - '\n ', ': ' or ' \n' anywhere
	        // - '#' not preceded by a non-space char
	        // - end with ' ' or ':'
	        return implicitKey || inFlow || !value.includes('\n')
	            ? quotedString(value, ctx)
	            : blockString(item, ctx, onComment, onChompKeep);
	    }
	    if (!implicitKey &&
	        !inFlow &&
	        type !== Scalar.Scalar.PLAIN &&
	        value.includes('\n')) {
	        // Where allowed & type not set explicitly, prefer block style for multiline strings
	        return blockString(item, ctx, onComment, onChompKeep);
	    }
	    if (containsDocumentMarker(value)) {
	        if (indent === '') {
	            ctx.forceBlockIndent = true;
	            return blockString(item, ctx, onComment, onChompKeep);
	        }
	        else if (implicitKey && indent === indentStep) {
	            return quotedString(value, ctx);
	        }
	    }
	    const str = value.replace(/\n+/g, `$&\n${indent}`);
	    // Verify that output will be parsed as a string, as e.g. plain numbers and
	    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
	    // and others in v1.1.
	    if (actualString) {
	        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
	        const { compat, tags } = ctx.doc.schema;
	        if (tags.some(test) || compat?.some(test))
	            return quotedString(value, ctx);
	    }
	    return implicitKey
	        ? str
	        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
	}
	function stringifyString$1(item, ctx, onComment, onChompKeep) {
	    const { implicitKey, inFlow } = ctx;
	    const ss = typeof item.value === 'string'
	        ? item
	        : Object.assign({}, item, { value: String(item.value) });
	    let { type } = item;
	    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
	        // force double quotes on control characters & unpaired surrogates
	        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
	            type = Scalar.Scalar.QUOTE_DOUBLE;
	    }
	    const _stringify = (_type) => {
	        switch (_type) {
	            case Scalar.Scalar.BLOCK_FOLDED:
	            case Scalar.Scalar.BLOCK_LITERAL:
	                return implicitKey || inFlow
	                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
	                    : blockString(ss, ctx, onComment, onChompKeep);
	            case Scalar.Scalar.QUOTE_DOUBLE:
	                return doubleQuotedString(ss.value, ctx);
	            case Scalar.Scalar.QUOTE_SINGLE:
	                return singleQuotedString(ss.value, ctx);
	            case Scalar.Scalar.PLAIN:
	                return plainString(ss, ctx, onComment, onChompKeep);
	            default:
	                return null;
	        }
	    };
	    let res = _stringify(type);
	    if (res === null) {
	        const { defaultKeyType, defaultStringType } = ctx.options;
	        const t = (implicitKey && defaultKeyType) || defaultStringType;
	        res = _stringify(t);
	        if (res === null)
	            throw new Error(`Unsupported default string type ${t}`);
	    }
	    return res;
	}

	stringifyString.stringifyString = stringifyString$1;
	return stringifyString;
}

var hasRequiredStringify;

function requireStringify () {
	if (hasRequiredStringify) return stringify;
	hasRequiredStringify = 1;

	var anchors = requireAnchors();
	var identity = requireIdentity();
	var stringifyComment = requireStringifyComment();
	var stringifyString = requireStringifyString();

	function createStringifyContext(doc, options) {
	    const opt = Object.assign({
	        blockQuote: true,
	        commentString: stringifyComment.stringifyComment,
	        defaultKeyType: null,
	        defaultStringType: 'PLAIN',
	        directives: null,
	        doubleQuotedAsJSON: false,
	        doubleQuotedMinMultiLineLength: 40,
	        falseStr: 'false',
	        flowCollectionPadding: true,
	        indentSeq: true,
	        lineWidth: 80,
	        minContentWidth: 20,
	        nullStr: 'null',
	        simpleKeys: false,
	        singleQuote: null,
	        trailingComma: false,
	        trueStr: 'true',
	        verifyAliasOrder: true
	    }, doc.schema.toStringOptions, options);
	    let inFlow;
	    switch (opt.collectionStyle) {
	        case 'block':
	            inFlow = false;
	            break;
	        case 'flow':
	            inFlow = true;
	            break;
	        default:
	            inFlow = null;
	    }
	    return {
	        anchors: new Set(),
	        doc,
	        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
	        indent: '',
	        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
	        inFlow,
	        options: opt
	    };
	}
	function getTagObject(tags, item) {
	    if (item.tag) {
	        const match = tags.filter(t => t.tag === item.tag);
	        if (match.length > 0)
	            return match.find(t => t.format === item.format) ?? match[0];
	    }
	    let tagObj = undefined;
	    let obj;
	    if (identity.isScalar(item)) {
	        obj = item.value;
	        let match = tags.filter(t => t.identify?.(obj));
	        if (match.length > 1) {
	            const testMatch = match.filter(t => t.test);
	            if (testMatch.length > 0)
	                match = testMatch;
	        }
	        tagObj =
	            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
	    }
	    else {
	        obj = item;
	        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
	    }
	    if (!tagObj) {
	        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
	        throw new Error(`Tag not resolved for ${name} value`);
	    }
	    return tagObj;
	}
	// needs to be called before value stringifier to allow for circular anchor refs
	function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
	    if (!doc.directives)
	        return '';
	    const props = [];
	    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
	    if (anchor && anchors.anchorIsValid(anchor)) {
	        anchors$1.add(anchor);
	        props.push(`&${anchor}`);
	    }
	    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
	    if (tag)
	        props.push(doc.directives.tagString(tag));
	    return props.join(' ');
	}
	function stringify$1(item, ctx, onComment, onChompKeep) {
	    if (identity.isPair(item))
	        return item.toString(ctx, onComment, onChompKeep);
	    if (identity.isAlias(item)) {
	        if (ctx.doc.directives)
	            return item.toString(ctx);
	        if (ctx.resolvedAliases?.has(item)) {
	            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
	        }
	        else {
	            if (ctx.resolvedAliases)
	                ctx.resolvedAliases.add(item);
	            else
	                ctx.resolvedAliases = new Set([item]);
	            item = item.resolve(ctx.doc);
	        }
	    }
	    let tagObj = undefined;
	    const node = identity.isNode(item)
	        ? item
	        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
	    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
	    const props = stringifyProps(node, tagObj, ctx);
	    if (props.length > 0)
	        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
	    const str = typeof tagObj.stringify === 'function'
	        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
	        : identity.isScalar(node)
	            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
	            : node.toString(ctx, onComment, onChompKeep);
	    if (!props)
	        return str;
	    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
	        ? `${props} ${str}`
	        : `${props}\n${ctx.indent}${str}`;
	}

	stringify.createStringifyContext = createStringifyContext;
	stringify.stringify = stringify$1;
	return stringify;
}

var hasRequiredStringifyPair;

function requireStringifyPair () {
	if (hasRequiredStringifyPair) return stringifyPair;
	hasRequiredStringifyPair = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();
	var stringify = requireStringify();
	var stringifyComment = requireStringifyComment();

	function stringifyPair$1({ key, value }, ctx, onComment, onChompKeep) {
	    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
	    let keyComment = (identity.isNode(key) && key.comment) || null;
	    if (simpleKeys) {
	        if (keyComment) {
	            throw new Error('With simple keys, key nodes cannot have comments');
	        }
	        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
	            const msg = 'With simple keys, collection cannot be used as a key value';
	            throw new Error(msg);
	        }
	    }
	    let explicitKey = !simpleKeys &&
	        (!key ||
	            (keyComment && value == null && !ctx.inFlow) ||
	            identity.isCollection(key) ||
	            (identity.isScalar(key)
	                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
	                : typeof key === 'object'));
	    ctx = Object.assign({}, ctx, {
	        allNullValues: false,
	        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
	        indent: indent + indentStep
	    });
	    let keyCommentDone = false;
	    let chompKeep = false;
	    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
	    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
	        if (simpleKeys)
	            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
	        explicitKey = true;
	    }
	    if (ctx.inFlow) {
	        if (allNullValues || value == null) {
	            if (keyCommentDone && onComment)
	                onComment();
	            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
	        }
	    }
	    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
	        str = `? ${str}`;
	        if (keyComment && !keyCommentDone) {
	            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
	        }
	        else if (chompKeep && onChompKeep)
	            onChompKeep();
	        return str;
	    }
	    if (keyCommentDone)
	        keyComment = null;
	    if (explicitKey) {
	        if (keyComment)
	            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
	        str = `? ${str}\n${indent}:`;
	    }
	    else {
	        str = `${str}:`;
	        if (keyComment)
	            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
	    }
	    let vsb, vcb, valueComment;
	    if (identity.isNode(value)) {
	        vsb = !!value.spaceBefore;
	        vcb = value.commentBefore;
	        valueComment = value.comment;
	    }
	    else {
	        vsb = false;
	        vcb = null;
	        valueComment = null;
	        if (value && typeof value === 'object')
	            value = doc.createNode(value);
	    }
	    ctx.implicitKey = false;
	    if (!explicitKey && !keyComment && identity.isScalar(value))
	        ctx.indentAtStart = str.length + 1;
	    chompKeep = false;
	    if (!indentSeq &&
	        indentStep.length >= 2 &&
	        !ctx.inFlow &&
	        !explicitKey &&
	        identity.isSeq(value) &&
	        !value.flow &&
	        !value.tag &&
	        !value.anchor) {
	        // If indentSeq === false, consider '- ' as part of indentation where possible
	        ctx.indent = ctx.indent.substring(2);
	    }
	    let valueCommentDone = false;
	    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
	    let ws = ' ';
	    if (keyComment || vsb || vcb) {
	        ws = vsb ? '\n' : '';
	        if (vcb) {
	            const cs = commentString(vcb);
	            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
	        }
	        if (valueStr === '' && !ctx.inFlow) {
	            if (ws === '\n' && valueComment)
	                ws = '\n\n';
	        }
	        else {
	            ws += `\n${ctx.indent}`;
	        }
	    }
	    else if (!explicitKey && identity.isCollection(value)) {
	        const vs0 = valueStr[0];
	        const nl0 = valueStr.indexOf('\n');
	        const hasNewline = nl0 !== -1;
	        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
	        if (hasNewline || !flow) {
	            let hasPropsLine = false;
	            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
	                let sp0 = valueStr.indexOf(' ');
	                if (vs0 === '&' &&
	                    sp0 !== -1 &&
	                    sp0 < nl0 &&
	                    valueStr[sp0 + 1] === '!') {
	                    sp0 = valueStr.indexOf(' ', sp0 + 1);
	                }
	                if (sp0 === -1 || nl0 < sp0)
	                    hasPropsLine = true;
	            }
	            if (!hasPropsLine)
	                ws = `\n${ctx.indent}`;
	        }
	    }
	    else if (valueStr === '' || valueStr[0] === '\n') {
	        ws = '';
	    }
	    str += ws + valueStr;
	    if (ctx.inFlow) {
	        if (valueCommentDone && onComment)
	            onComment();
	    }
	    else if (valueComment && !valueCommentDone) {
	        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
	    }
	    else if (chompKeep && onChompKeep) {
	        onChompKeep();
	    }
	    return str;
	}

	stringifyPair.stringifyPair = stringifyPair$1;
	return stringifyPair;
}

var addPairToJSMap = {};

var log = {};

var hasRequiredLog;

function requireLog () {
	if (hasRequiredLog) return log;
	hasRequiredLog = 1;

	var node_process = require$$0;

	function debug(logLevel, ...messages) {
	    if (logLevel === 'debug')
	        console.log(...messages);
	}
	function warn(logLevel, warning) {
	    if (logLevel === 'debug' || logLevel === 'warn') {
	        if (typeof node_process.emitWarning === 'function')
	            node_process.emitWarning(warning);
	        else
	            console.warn(warning);
	    }
	}

	log.debug = debug;
	log.warn = warn;
	return log;
}

var merge$1 = {};

var hasRequiredMerge;

function requireMerge () {
	if (hasRequiredMerge) return merge$1;
	hasRequiredMerge = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();

	// If the value associated with a merge key is a single mapping node, each of
	// its key/value pairs is inserted into the current mapping, unless the key
	// already exists in it. If the value associated with the merge key is a
	// sequence, then this sequence is expected to contain mapping nodes and each
	// of these nodes is merged in turn according to its order in the sequence.
	// Keys in mapping nodes earlier in the sequence override keys specified in
	// later mapping nodes. -- http://yaml.org/type/merge.html
	const MERGE_KEY = '<<';
	const merge = {
	    identify: value => value === MERGE_KEY ||
	        (typeof value === 'symbol' && value.description === MERGE_KEY),
	    default: 'key',
	    tag: 'tag:yaml.org,2002:merge',
	    test: /^<<$/,
	    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
	        addToJSMap: addMergeToJSMap
	    }),
	    stringify: () => MERGE_KEY
	};
	const isMergeKey = (ctx, key) => (merge.identify(key) ||
	    (identity.isScalar(key) &&
	        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
	        merge.identify(key.value))) &&
	    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
	function addMergeToJSMap(ctx, map, value) {
	    const source = resolveAliasValue(ctx, value);
	    if (identity.isSeq(source))
	        for (const it of source.items)
	            mergeValue(ctx, map, it);
	    else if (Array.isArray(source))
	        for (const it of source)
	            mergeValue(ctx, map, it);
	    else
	        mergeValue(ctx, map, source);
	}
	function mergeValue(ctx, map, value) {
	    const source = resolveAliasValue(ctx, value);
	    if (!identity.isMap(source))
	        throw new Error('Merge sources must be maps or map aliases');
	    const srcMap = source.toJSON(null, ctx, Map);
	    for (const [key, value] of srcMap) {
	        if (map instanceof Map) {
	            if (!map.has(key))
	                map.set(key, value);
	        }
	        else if (map instanceof Set) {
	            map.add(key);
	        }
	        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
	            Object.defineProperty(map, key, {
	                value,
	                writable: true,
	                enumerable: true,
	                configurable: true
	            });
	        }
	    }
	    return map;
	}
	function resolveAliasValue(ctx, value) {
	    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
	}

	merge$1.addMergeToJSMap = addMergeToJSMap;
	merge$1.isMergeKey = isMergeKey;
	merge$1.merge = merge;
	return merge$1;
}

var hasRequiredAddPairToJSMap;

function requireAddPairToJSMap () {
	if (hasRequiredAddPairToJSMap) return addPairToJSMap;
	hasRequiredAddPairToJSMap = 1;

	var log = requireLog();
	var merge = requireMerge();
	var stringify = requireStringify();
	var identity = requireIdentity();
	var toJS = requireToJS();

	function addPairToJSMap$1(ctx, map, { key, value }) {
	    if (identity.isNode(key) && key.addToJSMap)
	        key.addToJSMap(ctx, map, value);
	    // TODO: Should drop this special case for bare << handling
	    else if (merge.isMergeKey(ctx, key))
	        merge.addMergeToJSMap(ctx, map, value);
	    else {
	        const jsKey = toJS.toJS(key, '', ctx);
	        if (map instanceof Map) {
	            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
	        }
	        else if (map instanceof Set) {
	            map.add(jsKey);
	        }
	        else {
	            const stringKey = stringifyKey(key, jsKey, ctx);
	            const jsValue = toJS.toJS(value, stringKey, ctx);
	            if (stringKey in map)
	                Object.defineProperty(map, stringKey, {
	                    value: jsValue,
	                    writable: true,
	                    enumerable: true,
	                    configurable: true
	                });
	            else
	                map[stringKey] = jsValue;
	        }
	    }
	    return map;
	}
	function stringifyKey(key, jsKey, ctx) {
	    if (jsKey === null)
	        return '';
	    // eslint-disable-next-line @typescript-eslint/no-base-to-string
	    if (typeof jsKey !== 'object')
	        return String(jsKey);
	    if (identity.isNode(key) && ctx?.doc) {
	        const strCtx = stringify.createStringifyContext(ctx.doc, {});
	        strCtx.anchors = new Set();
	        for (const node of ctx.anchors.keys())
	            strCtx.anchors.add(node.anchor);
	        strCtx.inFlow = true;
	        strCtx.inStringifyKey = true;
	        const strKey = key.toString(strCtx);
	        if (!ctx.mapKeyWarned) {
	            let jsonStr = JSON.stringify(strKey);
	            if (jsonStr.length > 40)
	                jsonStr = jsonStr.substring(0, 36) + '..."';
	            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
	            ctx.mapKeyWarned = true;
	        }
	        return strKey;
	    }
	    return JSON.stringify(jsKey);
	}

	addPairToJSMap.addPairToJSMap = addPairToJSMap$1;
	return addPairToJSMap;
}

var hasRequiredPair;

function requirePair () {
	if (hasRequiredPair) return Pair;
	hasRequiredPair = 1;

	var createNode = requireCreateNode();
	var stringifyPair = requireStringifyPair();
	var addPairToJSMap = requireAddPairToJSMap();
	var identity = requireIdentity();

	function createPair(key, value, ctx) {
	    const k = createNode.createNode(key, undefined, ctx);
	    const v = createNode.createNode(value, undefined, ctx);
	    return new Pair$1(k, v);
	}
	let Pair$1 = class Pair {
	    constructor(key, value = null) {
	        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
	        this.key = key;
	        this.value = value;
	    }
	    clone(schema) {
	        let { key, value } = this;
	        if (identity.isNode(key))
	            key = key.clone(schema);
	        if (identity.isNode(value))
	            value = value.clone(schema);
	        return new Pair(key, value);
	    }
	    toJSON(_, ctx) {
	        const pair = ctx?.mapAsMap ? new Map() : {};
	        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
	    }
	    toString(ctx, onComment, onChompKeep) {
	        return ctx?.doc
	            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
	            : JSON.stringify(this);
	    }
	};

	Pair.Pair = Pair$1;
	Pair.createPair = createPair;
	return Pair;
}

var Schema = {};

var map = {};

var YAMLMap = {};

var stringifyCollection = {};

var hasRequiredStringifyCollection;

function requireStringifyCollection () {
	if (hasRequiredStringifyCollection) return stringifyCollection;
	hasRequiredStringifyCollection = 1;

	var identity = requireIdentity();
	var stringify = requireStringify();
	var stringifyComment = requireStringifyComment();

	function stringifyCollection$1(collection, ctx, options) {
	    const flow = ctx.inFlow ?? collection.flow;
	    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
	    return stringify(collection, ctx, options);
	}
	function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
	    const { indent, options: { commentString } } = ctx;
	    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
	    let chompKeep = false; // flag for the preceding node's status
	    const lines = [];
	    for (let i = 0; i < items.length; ++i) {
	        const item = items[i];
	        let comment = null;
	        if (identity.isNode(item)) {
	            if (!chompKeep && item.spaceBefore)
	                lines.push('');
	            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
	            if (item.comment)
	                comment = item.comment;
	        }
	        else if (identity.isPair(item)) {
	            const ik = identity.isNode(item.key) ? item.key : null;
	            if (ik) {
	                if (!chompKeep && ik.spaceBefore)
	                    lines.push('');
	                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
	            }
	        }
	        chompKeep = false;
	        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
	        if (comment)
	            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
	        if (chompKeep && comment)
	            chompKeep = false;
	        lines.push(blockItemPrefix + str);
	    }
	    let str;
	    if (lines.length === 0) {
	        str = flowChars.start + flowChars.end;
	    }
	    else {
	        str = lines[0];
	        for (let i = 1; i < lines.length; ++i) {
	            const line = lines[i];
	            str += line ? `\n${indent}${line}` : '\n';
	        }
	    }
	    if (comment) {
	        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
	        if (onComment)
	            onComment();
	    }
	    else if (chompKeep && onChompKeep)
	        onChompKeep();
	    return str;
	}
	function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
	    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
	    itemIndent += indentStep;
	    const itemCtx = Object.assign({}, ctx, {
	        indent: itemIndent,
	        inFlow: true,
	        type: null
	    });
	    let reqNewline = false;
	    let linesAtValue = 0;
	    const lines = [];
	    for (let i = 0; i < items.length; ++i) {
	        const item = items[i];
	        let comment = null;
	        if (identity.isNode(item)) {
	            if (item.spaceBefore)
	                lines.push('');
	            addCommentBefore(ctx, lines, item.commentBefore, false);
	            if (item.comment)
	                comment = item.comment;
	        }
	        else if (identity.isPair(item)) {
	            const ik = identity.isNode(item.key) ? item.key : null;
	            if (ik) {
	                if (ik.spaceBefore)
	                    lines.push('');
	                addCommentBefore(ctx, lines, ik.commentBefore, false);
	                if (ik.comment)
	                    reqNewline = true;
	            }
	            const iv = identity.isNode(item.value) ? item.value : null;
	            if (iv) {
	                if (iv.comment)
	                    comment = iv.comment;
	                if (iv.commentBefore)
	                    reqNewline = true;
	            }
	            else if (item.value == null && ik?.comment) {
	                comment = ik.comment;
	            }
	        }
	        if (comment)
	            reqNewline = true;
	        let str = stringify.stringify(item, itemCtx, () => (comment = null));
	        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
	        if (i < items.length - 1) {
	            str += ',';
	        }
	        else if (ctx.options.trailingComma) {
	            if (ctx.options.lineWidth > 0) {
	                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
	                    (str.length + 2) >
	                    ctx.options.lineWidth);
	            }
	            if (reqNewline) {
	                str += ',';
	            }
	        }
	        if (comment)
	            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
	        lines.push(str);
	        linesAtValue = lines.length;
	    }
	    const { start, end } = flowChars;
	    if (lines.length === 0) {
	        return start + end;
	    }
	    else {
	        if (!reqNewline) {
	            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
	            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
	        }
	        if (reqNewline) {
	            let str = start;
	            for (const line of lines)
	                str += line ? `\n${indentStep}${indent}${line}` : '\n';
	            return `${str}\n${indent}${end}`;
	        }
	        else {
	            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
	        }
	    }
	}
	function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
	    if (comment && chompKeep)
	        comment = comment.replace(/^\n+/, '');
	    if (comment) {
	        const ic = stringifyComment.indentComment(commentString(comment), indent);
	        lines.push(ic.trimStart()); // Avoid double indent on first line
	    }
	}

	stringifyCollection.stringifyCollection = stringifyCollection$1;
	return stringifyCollection;
}

var hasRequiredYAMLMap;

function requireYAMLMap () {
	if (hasRequiredYAMLMap) return YAMLMap;
	hasRequiredYAMLMap = 1;

	var stringifyCollection = requireStringifyCollection();
	var addPairToJSMap = requireAddPairToJSMap();
	var Collection = requireCollection();
	var identity = requireIdentity();
	var Pair = requirePair();
	var Scalar = requireScalar();

	function findPair(items, key) {
	    const k = identity.isScalar(key) ? key.value : key;
	    for (const it of items) {
	        if (identity.isPair(it)) {
	            if (it.key === key || it.key === k)
	                return it;
	            if (identity.isScalar(it.key) && it.key.value === k)
	                return it;
	        }
	    }
	    return undefined;
	}
	let YAMLMap$1 = class YAMLMap extends Collection.Collection {
	    static get tagName() {
	        return 'tag:yaml.org,2002:map';
	    }
	    constructor(schema) {
	        super(identity.MAP, schema);
	        this.items = [];
	    }
	    /**
	     * A generic collection parsing method that can be extended
	     * to other node classes that inherit from YAMLMap
	     */
	    static from(schema, obj, ctx) {
	        const { keepUndefined, replacer } = ctx;
	        const map = new this(schema);
	        const add = (key, value) => {
	            if (typeof replacer === 'function')
	                value = replacer.call(obj, key, value);
	            else if (Array.isArray(replacer) && !replacer.includes(key))
	                return;
	            if (value !== undefined || keepUndefined)
	                map.items.push(Pair.createPair(key, value, ctx));
	        };
	        if (obj instanceof Map) {
	            for (const [key, value] of obj)
	                add(key, value);
	        }
	        else if (obj && typeof obj === 'object') {
	            for (const key of Object.keys(obj))
	                add(key, obj[key]);
	        }
	        if (typeof schema.sortMapEntries === 'function') {
	            map.items.sort(schema.sortMapEntries);
	        }
	        return map;
	    }
	    /**
	     * Adds a value to the collection.
	     *
	     * @param overwrite - If not set `true`, using a key that is already in the
	     *   collection will throw. Otherwise, overwrites the previous value.
	     */
	    add(pair, overwrite) {
	        let _pair;
	        if (identity.isPair(pair))
	            _pair = pair;
	        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
	            // In TypeScript, this never happens.
	            _pair = new Pair.Pair(pair, pair?.value);
	        }
	        else
	            _pair = new Pair.Pair(pair.key, pair.value);
	        const prev = findPair(this.items, _pair.key);
	        const sortEntries = this.schema?.sortMapEntries;
	        if (prev) {
	            if (!overwrite)
	                throw new Error(`Key ${_pair.key} already set`);
	            // For scalars, keep the old node & its comments and anchors
	            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
	                prev.value.value = _pair.value;
	            else
	                prev.value = _pair.value;
	        }
	        else if (sortEntries) {
	            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
	            if (i === -1)
	                this.items.push(_pair);
	            else
	                this.items.splice(i, 0, _pair);
	        }
	        else {
	            this.items.push(_pair);
	        }
	    }
	    delete(key) {
	        const it = findPair(this.items, key);
	        if (!it)
	            return false;
	        const del = this.items.splice(this.items.indexOf(it), 1);
	        return del.length > 0;
	    }
	    get(key, keepScalar) {
	        const it = findPair(this.items, key);
	        const node = it?.value;
	        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
	    }
	    has(key) {
	        return !!findPair(this.items, key);
	    }
	    set(key, value) {
	        this.add(new Pair.Pair(key, value), true);
	    }
	    /**
	     * @param ctx - Conversion context, originally set in Document#toJS()
	     * @param {Class} Type - If set, forces the returned collection type
	     * @returns Instance of Type, Map, or Object
	     */
	    toJSON(_, ctx, Type) {
	        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
	        if (ctx?.onCreate)
	            ctx.onCreate(map);
	        for (const item of this.items)
	            addPairToJSMap.addPairToJSMap(ctx, map, item);
	        return map;
	    }
	    toString(ctx, onComment, onChompKeep) {
	        if (!ctx)
	            return JSON.stringify(this);
	        for (const item of this.items) {
	            if (!identity.isPair(item))
	                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
	        }
	        if (!ctx.allNullValues && this.hasAllNullValues(false))
	            ctx = Object.assign({}, ctx, { allNullValues: true });
	        return stringifyCollection.stringifyCollection(this, ctx, {
	            blockItemPrefix: '',
	            flowChars: { start: '{', end: '}' },
	            itemIndent: ctx.indent || '',
	            onChompKeep,
	            onComment
	        });
	    }
	};

	YAMLMap.YAMLMap = YAMLMap$1;
	YAMLMap.findPair = findPair;
	return YAMLMap;
}

var hasRequiredMap;

function requireMap () {
	if (hasRequiredMap) return map;
	hasRequiredMap = 1;

	var identity = requireIdentity();
	var YAMLMap = requireYAMLMap();

	const map$1 = {
	    collection: 'map',
	    default: true,
	    nodeClass: YAMLMap.YAMLMap,
	    tag: 'tag:yaml.org,2002:map',
	    resolve(map, onError) {
	        if (!identity.isMap(map))
	            onError('Expected a mapping for this tag');
	        return map;
	    },
	    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
	};

	map.map = map$1;
	return map;
}

var seq = {};

var YAMLSeq = {};

var hasRequiredYAMLSeq;

function requireYAMLSeq () {
	if (hasRequiredYAMLSeq) return YAMLSeq;
	hasRequiredYAMLSeq = 1;

	var createNode = requireCreateNode();
	var stringifyCollection = requireStringifyCollection();
	var Collection = requireCollection();
	var identity = requireIdentity();
	var Scalar = requireScalar();
	var toJS = requireToJS();

	let YAMLSeq$1 = class YAMLSeq extends Collection.Collection {
	    static get tagName() {
	        return 'tag:yaml.org,2002:seq';
	    }
	    constructor(schema) {
	        super(identity.SEQ, schema);
	        this.items = [];
	    }
	    add(value) {
	        this.items.push(value);
	    }
	    /**
	     * Removes a value from the collection.
	     *
	     * `key` must contain a representation of an integer for this to succeed.
	     * It may be wrapped in a `Scalar`.
	     *
	     * @returns `true` if the item was found and removed.
	     */
	    delete(key) {
	        const idx = asItemIndex(key);
	        if (typeof idx !== 'number')
	            return false;
	        const del = this.items.splice(idx, 1);
	        return del.length > 0;
	    }
	    get(key, keepScalar) {
	        const idx = asItemIndex(key);
	        if (typeof idx !== 'number')
	            return undefined;
	        const it = this.items[idx];
	        return !keepScalar && identity.isScalar(it) ? it.value : it;
	    }
	    /**
	     * Checks if the collection includes a value with the key `key`.
	     *
	     * `key` must contain a representation of an integer for this to succeed.
	     * It may be wrapped in a `Scalar`.
	     */
	    has(key) {
	        const idx = asItemIndex(key);
	        return typeof idx === 'number' && idx < this.items.length;
	    }
	    /**
	     * Sets a value in this collection. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     *
	     * If `key` does not contain a representation of an integer, this will throw.
	     * It may be wrapped in a `Scalar`.
	     */
	    set(key, value) {
	        const idx = asItemIndex(key);
	        if (typeof idx !== 'number')
	            throw new Error(`Expected a valid index, not ${key}.`);
	        const prev = this.items[idx];
	        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
	            prev.value = value;
	        else
	            this.items[idx] = value;
	    }
	    toJSON(_, ctx) {
	        const seq = [];
	        if (ctx?.onCreate)
	            ctx.onCreate(seq);
	        let i = 0;
	        for (const item of this.items)
	            seq.push(toJS.toJS(item, String(i++), ctx));
	        return seq;
	    }
	    toString(ctx, onComment, onChompKeep) {
	        if (!ctx)
	            return JSON.stringify(this);
	        return stringifyCollection.stringifyCollection(this, ctx, {
	            blockItemPrefix: '- ',
	            flowChars: { start: '[', end: ']' },
	            itemIndent: (ctx.indent || '') + '  ',
	            onChompKeep,
	            onComment
	        });
	    }
	    static from(schema, obj, ctx) {
	        const { replacer } = ctx;
	        const seq = new this(schema);
	        if (obj && Symbol.iterator in Object(obj)) {
	            let i = 0;
	            for (let it of obj) {
	                if (typeof replacer === 'function') {
	                    const key = obj instanceof Set ? it : String(i++);
	                    it = replacer.call(obj, key, it);
	                }
	                seq.items.push(createNode.createNode(it, undefined, ctx));
	            }
	        }
	        return seq;
	    }
	};
	function asItemIndex(key) {
	    let idx = identity.isScalar(key) ? key.value : key;
	    if (idx && typeof idx === 'string')
	        idx = Number(idx);
	    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
	        ? idx
	        : null;
	}

	YAMLSeq.YAMLSeq = YAMLSeq$1;
	return YAMLSeq;
}

var hasRequiredSeq;

function requireSeq () {
	if (hasRequiredSeq) return seq;
	hasRequiredSeq = 1;

	var identity = requireIdentity();
	var YAMLSeq = requireYAMLSeq();

	const seq$1 = {
	    collection: 'seq',
	    default: true,
	    nodeClass: YAMLSeq.YAMLSeq,
	    tag: 'tag:yaml.org,2002:seq',
	    resolve(seq, onError) {
	        if (!identity.isSeq(seq))
	            onError('Expected a sequence for this tag');
	        return seq;
	    },
	    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
	};

	seq.seq = seq$1;
	return seq;
}

var string = {};

var hasRequiredString;

function requireString () {
	if (hasRequiredString) return string;
	hasRequiredString = 1;

	var stringifyString = requireStringifyString();

	const string$1 = {
	    identify: value => typeof value === 'string',
	    default: true,
	    tag: 'tag:yaml.org,2002:str',
	    resolve: str => str,
	    stringify(item, ctx, onComment, onChompKeep) {
	        ctx = Object.assign({ actualString: true }, ctx);
	        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
	    }
	};

	string.string = string$1;
	return string;
}

var tags = {};

var _null = {};

var hasRequired_null;

function require_null () {
	if (hasRequired_null) return _null;
	hasRequired_null = 1;

	var Scalar = requireScalar();

	const nullTag = {
	    identify: value => value == null,
	    createNode: () => new Scalar.Scalar(null),
	    default: true,
	    tag: 'tag:yaml.org,2002:null',
	    test: /^(?:~|[Nn]ull|NULL)?$/,
	    resolve: () => new Scalar.Scalar(null),
	    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
	        ? source
	        : ctx.options.nullStr
	};

	_null.nullTag = nullTag;
	return _null;
}

var bool$1 = {};

var hasRequiredBool$1;

function requireBool$1 () {
	if (hasRequiredBool$1) return bool$1;
	hasRequiredBool$1 = 1;

	var Scalar = requireScalar();

	const boolTag = {
	    identify: value => typeof value === 'boolean',
	    default: true,
	    tag: 'tag:yaml.org,2002:bool',
	    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
	    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
	    stringify({ source, value }, ctx) {
	        if (source && boolTag.test.test(source)) {
	            const sv = source[0] === 't' || source[0] === 'T';
	            if (value === sv)
	                return source;
	        }
	        return value ? ctx.options.trueStr : ctx.options.falseStr;
	    }
	};

	bool$1.boolTag = boolTag;
	return bool$1;
}

var float$1 = {};

var stringifyNumber = {};

var hasRequiredStringifyNumber;

function requireStringifyNumber () {
	if (hasRequiredStringifyNumber) return stringifyNumber;
	hasRequiredStringifyNumber = 1;

	function stringifyNumber$1({ format, minFractionDigits, tag, value }) {
	    if (typeof value === 'bigint')
	        return String(value);
	    const num = typeof value === 'number' ? value : Number(value);
	    if (!isFinite(num))
	        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
	    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
	    if (!format &&
	        minFractionDigits &&
	        (!tag || tag === 'tag:yaml.org,2002:float') &&
	        /^-?\d/.test(n) &&
	        !n.includes('e')) {
	        let i = n.indexOf('.');
	        if (i < 0) {
	            i = n.length;
	            n += '.';
	        }
	        let d = minFractionDigits - (n.length - i - 1);
	        while (d-- > 0)
	            n += '0';
	    }
	    return n;
	}

	stringifyNumber.stringifyNumber = stringifyNumber$1;
	return stringifyNumber;
}

var hasRequiredFloat$1;

function requireFloat$1 () {
	if (hasRequiredFloat$1) return float$1;
	hasRequiredFloat$1 = 1;

	var Scalar = requireScalar();
	var stringifyNumber = requireStringifyNumber();

	const floatNaN = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
	    resolve: str => str.slice(-3).toLowerCase() === 'nan'
	        ? NaN
	        : str[0] === '-'
	            ? Number.NEGATIVE_INFINITY
	            : Number.POSITIVE_INFINITY,
	    stringify: stringifyNumber.stringifyNumber
	};
	const floatExp = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    format: 'EXP',
	    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
	    resolve: str => parseFloat(str),
	    stringify(node) {
	        const num = Number(node.value);
	        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
	    }
	};
	const float = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
	    resolve(str) {
	        const node = new Scalar.Scalar(parseFloat(str));
	        const dot = str.indexOf('.');
	        if (dot !== -1 && str[str.length - 1] === '0')
	            node.minFractionDigits = str.length - dot - 1;
	        return node;
	    },
	    stringify: stringifyNumber.stringifyNumber
	};

	float$1.float = float;
	float$1.floatExp = floatExp;
	float$1.floatNaN = floatNaN;
	return float$1;
}

var int$1 = {};

var hasRequiredInt$1;

function requireInt$1 () {
	if (hasRequiredInt$1) return int$1;
	hasRequiredInt$1 = 1;

	var stringifyNumber = requireStringifyNumber();

	const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
	const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
	function intStringify(node, radix, prefix) {
	    const { value } = node;
	    if (intIdentify(value) && value >= 0)
	        return prefix + value.toString(radix);
	    return stringifyNumber.stringifyNumber(node);
	}
	const intOct = {
	    identify: value => intIdentify(value) && value >= 0,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'OCT',
	    test: /^0o[0-7]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
	    stringify: node => intStringify(node, 8, '0o')
	};
	const int = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    test: /^[-+]?[0-9]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
	    stringify: stringifyNumber.stringifyNumber
	};
	const intHex = {
	    identify: value => intIdentify(value) && value >= 0,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'HEX',
	    test: /^0x[0-9a-fA-F]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
	    stringify: node => intStringify(node, 16, '0x')
	};

	int$1.int = int;
	int$1.intHex = intHex;
	int$1.intOct = intOct;
	return int$1;
}

var schema$2 = {};

var hasRequiredSchema$3;

function requireSchema$3 () {
	if (hasRequiredSchema$3) return schema$2;
	hasRequiredSchema$3 = 1;

	var map = requireMap();
	var _null = require_null();
	var seq = requireSeq();
	var string = requireString();
	var bool = requireBool$1();
	var float = requireFloat$1();
	var int = requireInt$1();

	const schema = [
	    map.map,
	    seq.seq,
	    string.string,
	    _null.nullTag,
	    bool.boolTag,
	    int.intOct,
	    int.int,
	    int.intHex,
	    float.floatNaN,
	    float.floatExp,
	    float.float
	];

	schema$2.schema = schema;
	return schema$2;
}

var schema$1 = {};

var hasRequiredSchema$2;

function requireSchema$2 () {
	if (hasRequiredSchema$2) return schema$1;
	hasRequiredSchema$2 = 1;

	var Scalar = requireScalar();
	var map = requireMap();
	var seq = requireSeq();

	function intIdentify(value) {
	    return typeof value === 'bigint' || Number.isInteger(value);
	}
	const stringifyJSON = ({ value }) => JSON.stringify(value);
	const jsonScalars = [
	    {
	        identify: value => typeof value === 'string',
	        default: true,
	        tag: 'tag:yaml.org,2002:str',
	        resolve: str => str,
	        stringify: stringifyJSON
	    },
	    {
	        identify: value => value == null,
	        createNode: () => new Scalar.Scalar(null),
	        default: true,
	        tag: 'tag:yaml.org,2002:null',
	        test: /^null$/,
	        resolve: () => null,
	        stringify: stringifyJSON
	    },
	    {
	        identify: value => typeof value === 'boolean',
	        default: true,
	        tag: 'tag:yaml.org,2002:bool',
	        test: /^true$|^false$/,
	        resolve: str => str === 'true',
	        stringify: stringifyJSON
	    },
	    {
	        identify: intIdentify,
	        default: true,
	        tag: 'tag:yaml.org,2002:int',
	        test: /^-?(?:0|[1-9][0-9]*)$/,
	        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
	        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
	    },
	    {
	        identify: value => typeof value === 'number',
	        default: true,
	        tag: 'tag:yaml.org,2002:float',
	        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
	        resolve: str => parseFloat(str),
	        stringify: stringifyJSON
	    }
	];
	const jsonError = {
	    default: true,
	    tag: '',
	    test: /^/,
	    resolve(str, onError) {
	        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
	        return str;
	    }
	};
	const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

	schema$1.schema = schema;
	return schema$1;
}

var binary = {};

var hasRequiredBinary;

function requireBinary () {
	if (hasRequiredBinary) return binary;
	hasRequiredBinary = 1;

	var node_buffer = require$$0$1;
	var Scalar = requireScalar();
	var stringifyString = requireStringifyString();

	const binary$1 = {
	    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
	    default: false,
	    tag: 'tag:yaml.org,2002:binary',
	    /**
	     * Returns a Buffer in node and an Uint8Array in browsers
	     *
	     * To use the resulting buffer as an image, you'll want to do something like:
	     *
	     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
	     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
	     */
	    resolve(src, onError) {
	        if (typeof node_buffer.Buffer === 'function') {
	            return node_buffer.Buffer.from(src, 'base64');
	        }
	        else if (typeof atob === 'function') {
	            // On IE 11, atob() can't handle newlines
	            const str = atob(src.replace(/[\n\r]/g, ''));
	            const buffer = new Uint8Array(str.length);
	            for (let i = 0; i < str.length; ++i)
	                buffer[i] = str.charCodeAt(i);
	            return buffer;
	        }
	        else {
	            onError('This environment does not support reading binary tags; either Buffer or atob is required');
	            return src;
	        }
	    },
	    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
	        if (!value)
	            return '';
	        const buf = value; // checked earlier by binary.identify()
	        let str;
	        if (typeof node_buffer.Buffer === 'function') {
	            str =
	                buf instanceof node_buffer.Buffer
	                    ? buf.toString('base64')
	                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
	        }
	        else if (typeof btoa === 'function') {
	            let s = '';
	            for (let i = 0; i < buf.length; ++i)
	                s += String.fromCharCode(buf[i]);
	            str = btoa(s);
	        }
	        else {
	            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
	        }
	        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
	        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
	            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
	            const n = Math.ceil(str.length / lineWidth);
	            const lines = new Array(n);
	            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
	                lines[i] = str.substr(o, lineWidth);
	            }
	            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
	        }
	        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
	    }
	};

	binary.binary = binary$1;
	return binary;
}

var omap = {};

var pairs = {};

var hasRequiredPairs;

function requirePairs () {
	if (hasRequiredPairs) return pairs;
	hasRequiredPairs = 1;

	var identity = requireIdentity();
	var Pair = requirePair();
	var Scalar = requireScalar();
	var YAMLSeq = requireYAMLSeq();

	function resolvePairs(seq, onError) {
	    if (identity.isSeq(seq)) {
	        for (let i = 0; i < seq.items.length; ++i) {
	            let item = seq.items[i];
	            if (identity.isPair(item))
	                continue;
	            else if (identity.isMap(item)) {
	                if (item.items.length > 1)
	                    onError('Each pair must have its own sequence indicator');
	                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
	                if (item.commentBefore)
	                    pair.key.commentBefore = pair.key.commentBefore
	                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
	                        : item.commentBefore;
	                if (item.comment) {
	                    const cn = pair.value ?? pair.key;
	                    cn.comment = cn.comment
	                        ? `${item.comment}\n${cn.comment}`
	                        : item.comment;
	                }
	                item = pair;
	            }
	            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
	        }
	    }
	    else
	        onError('Expected a sequence for this tag');
	    return seq;
	}
	function createPairs(schema, iterable, ctx) {
	    const { replacer } = ctx;
	    const pairs = new YAMLSeq.YAMLSeq(schema);
	    pairs.tag = 'tag:yaml.org,2002:pairs';
	    let i = 0;
	    if (iterable && Symbol.iterator in Object(iterable))
	        for (let it of iterable) {
	            if (typeof replacer === 'function')
	                it = replacer.call(iterable, String(i++), it);
	            let key, value;
	            if (Array.isArray(it)) {
	                if (it.length === 2) {
	                    key = it[0];
	                    value = it[1];
	                }
	                else
	                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
	            }
	            else if (it && it instanceof Object) {
	                const keys = Object.keys(it);
	                if (keys.length === 1) {
	                    key = keys[0];
	                    value = it[key];
	                }
	                else {
	                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
	                }
	            }
	            else {
	                key = it;
	            }
	            pairs.items.push(Pair.createPair(key, value, ctx));
	        }
	    return pairs;
	}
	const pairs$1 = {
	    collection: 'seq',
	    default: false,
	    tag: 'tag:yaml.org,2002:pairs',
	    resolve: resolvePairs,
	    createNode: createPairs
	};

	pairs.createPairs = createPairs;
	pairs.pairs = pairs$1;
	pairs.resolvePairs = resolvePairs;
	return pairs;
}

var hasRequiredOmap;

function requireOmap () {
	if (hasRequiredOmap) return omap;
	hasRequiredOmap = 1;

	var identity = requireIdentity();
	var toJS = requireToJS();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var pairs = requirePairs();

	class YAMLOMap extends YAMLSeq.YAMLSeq {
	    constructor() {
	        super();
	        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
	        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
	        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
	        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
	        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
	        this.tag = YAMLOMap.tag;
	    }
	    /**
	     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
	     * but TypeScript won't allow widening the signature of a child method.
	     */
	    toJSON(_, ctx) {
	        if (!ctx)
	            return super.toJSON(_);
	        const map = new Map();
	        if (ctx?.onCreate)
	            ctx.onCreate(map);
	        for (const pair of this.items) {
	            let key, value;
	            if (identity.isPair(pair)) {
	                key = toJS.toJS(pair.key, '', ctx);
	                value = toJS.toJS(pair.value, key, ctx);
	            }
	            else {
	                key = toJS.toJS(pair, '', ctx);
	            }
	            if (map.has(key))
	                throw new Error('Ordered maps must not include duplicate keys');
	            map.set(key, value);
	        }
	        return map;
	    }
	    static from(schema, iterable, ctx) {
	        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
	        const omap = new this();
	        omap.items = pairs$1.items;
	        return omap;
	    }
	}
	YAMLOMap.tag = 'tag:yaml.org,2002:omap';
	const omap$1 = {
	    collection: 'seq',
	    identify: value => value instanceof Map,
	    nodeClass: YAMLOMap,
	    default: false,
	    tag: 'tag:yaml.org,2002:omap',
	    resolve(seq, onError) {
	        const pairs$1 = pairs.resolvePairs(seq, onError);
	        const seenKeys = [];
	        for (const { key } of pairs$1.items) {
	            if (identity.isScalar(key)) {
	                if (seenKeys.includes(key.value)) {
	                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
	                }
	                else {
	                    seenKeys.push(key.value);
	                }
	            }
	        }
	        return Object.assign(new YAMLOMap(), pairs$1);
	    },
	    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
	};

	omap.YAMLOMap = YAMLOMap;
	omap.omap = omap$1;
	return omap;
}

var schema = {};

var bool = {};

var hasRequiredBool;

function requireBool () {
	if (hasRequiredBool) return bool;
	hasRequiredBool = 1;

	var Scalar = requireScalar();

	function boolStringify({ value, source }, ctx) {
	    const boolObj = value ? trueTag : falseTag;
	    if (source && boolObj.test.test(source))
	        return source;
	    return value ? ctx.options.trueStr : ctx.options.falseStr;
	}
	const trueTag = {
	    identify: value => value === true,
	    default: true,
	    tag: 'tag:yaml.org,2002:bool',
	    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
	    resolve: () => new Scalar.Scalar(true),
	    stringify: boolStringify
	};
	const falseTag = {
	    identify: value => value === false,
	    default: true,
	    tag: 'tag:yaml.org,2002:bool',
	    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
	    resolve: () => new Scalar.Scalar(false),
	    stringify: boolStringify
	};

	bool.falseTag = falseTag;
	bool.trueTag = trueTag;
	return bool;
}

var float = {};

var hasRequiredFloat;

function requireFloat () {
	if (hasRequiredFloat) return float;
	hasRequiredFloat = 1;

	var Scalar = requireScalar();
	var stringifyNumber = requireStringifyNumber();

	const floatNaN = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
	    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
	        ? NaN
	        : str[0] === '-'
	            ? Number.NEGATIVE_INFINITY
	            : Number.POSITIVE_INFINITY,
	    stringify: stringifyNumber.stringifyNumber
	};
	const floatExp = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    format: 'EXP',
	    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
	    resolve: (str) => parseFloat(str.replace(/_/g, '')),
	    stringify(node) {
	        const num = Number(node.value);
	        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
	    }
	};
	const float$1 = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
	    resolve(str) {
	        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
	        const dot = str.indexOf('.');
	        if (dot !== -1) {
	            const f = str.substring(dot + 1).replace(/_/g, '');
	            if (f[f.length - 1] === '0')
	                node.minFractionDigits = f.length;
	        }
	        return node;
	    },
	    stringify: stringifyNumber.stringifyNumber
	};

	float.float = float$1;
	float.floatExp = floatExp;
	float.floatNaN = floatNaN;
	return float;
}

var int = {};

var hasRequiredInt;

function requireInt () {
	if (hasRequiredInt) return int;
	hasRequiredInt = 1;

	var stringifyNumber = requireStringifyNumber();

	const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
	function intResolve(str, offset, radix, { intAsBigInt }) {
	    const sign = str[0];
	    if (sign === '-' || sign === '+')
	        offset += 1;
	    str = str.substring(offset).replace(/_/g, '');
	    if (intAsBigInt) {
	        switch (radix) {
	            case 2:
	                str = `0b${str}`;
	                break;
	            case 8:
	                str = `0o${str}`;
	                break;
	            case 16:
	                str = `0x${str}`;
	                break;
	        }
	        const n = BigInt(str);
	        return sign === '-' ? BigInt(-1) * n : n;
	    }
	    const n = parseInt(str, radix);
	    return sign === '-' ? -1 * n : n;
	}
	function intStringify(node, radix, prefix) {
	    const { value } = node;
	    if (intIdentify(value)) {
	        const str = value.toString(radix);
	        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
	    }
	    return stringifyNumber.stringifyNumber(node);
	}
	const intBin = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'BIN',
	    test: /^[-+]?0b[0-1_]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
	    stringify: node => intStringify(node, 2, '0b')
	};
	const intOct = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'OCT',
	    test: /^[-+]?0[0-7_]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
	    stringify: node => intStringify(node, 8, '0')
	};
	const int$1 = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    test: /^[-+]?[0-9][0-9_]*$/,
	    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
	    stringify: stringifyNumber.stringifyNumber
	};
	const intHex = {
	    identify: intIdentify,
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'HEX',
	    test: /^[-+]?0x[0-9a-fA-F_]+$/,
	    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
	    stringify: node => intStringify(node, 16, '0x')
	};

	int.int = int$1;
	int.intBin = intBin;
	int.intHex = intHex;
	int.intOct = intOct;
	return int;
}

var set = {};

var hasRequiredSet;

function requireSet () {
	if (hasRequiredSet) return set;
	hasRequiredSet = 1;

	var identity = requireIdentity();
	var Pair = requirePair();
	var YAMLMap = requireYAMLMap();

	class YAMLSet extends YAMLMap.YAMLMap {
	    constructor(schema) {
	        super(schema);
	        this.tag = YAMLSet.tag;
	    }
	    add(key) {
	        let pair;
	        if (identity.isPair(key))
	            pair = key;
	        else if (key &&
	            typeof key === 'object' &&
	            'key' in key &&
	            'value' in key &&
	            key.value === null)
	            pair = new Pair.Pair(key.key, null);
	        else
	            pair = new Pair.Pair(key, null);
	        const prev = YAMLMap.findPair(this.items, pair.key);
	        if (!prev)
	            this.items.push(pair);
	    }
	    /**
	     * If `keepPair` is `true`, returns the Pair matching `key`.
	     * Otherwise, returns the value of that Pair's key.
	     */
	    get(key, keepPair) {
	        const pair = YAMLMap.findPair(this.items, key);
	        return !keepPair && identity.isPair(pair)
	            ? identity.isScalar(pair.key)
	                ? pair.key.value
	                : pair.key
	            : pair;
	    }
	    set(key, value) {
	        if (typeof value !== 'boolean')
	            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
	        const prev = YAMLMap.findPair(this.items, key);
	        if (prev && !value) {
	            this.items.splice(this.items.indexOf(prev), 1);
	        }
	        else if (!prev && value) {
	            this.items.push(new Pair.Pair(key));
	        }
	    }
	    toJSON(_, ctx) {
	        return super.toJSON(_, ctx, Set);
	    }
	    toString(ctx, onComment, onChompKeep) {
	        if (!ctx)
	            return JSON.stringify(this);
	        if (this.hasAllNullValues(true))
	            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
	        else
	            throw new Error('Set items must all have null values');
	    }
	    static from(schema, iterable, ctx) {
	        const { replacer } = ctx;
	        const set = new this(schema);
	        if (iterable && Symbol.iterator in Object(iterable))
	            for (let value of iterable) {
	                if (typeof replacer === 'function')
	                    value = replacer.call(iterable, value, value);
	                set.items.push(Pair.createPair(value, null, ctx));
	            }
	        return set;
	    }
	}
	YAMLSet.tag = 'tag:yaml.org,2002:set';
	const set$1 = {
	    collection: 'map',
	    identify: value => value instanceof Set,
	    nodeClass: YAMLSet,
	    default: false,
	    tag: 'tag:yaml.org,2002:set',
	    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
	    resolve(map, onError) {
	        if (identity.isMap(map)) {
	            if (map.hasAllNullValues(true))
	                return Object.assign(new YAMLSet(), map);
	            else
	                onError('Set items must all have null values');
	        }
	        else
	            onError('Expected a mapping for this tag');
	        return map;
	    }
	};

	set.YAMLSet = YAMLSet;
	set.set = set$1;
	return set;
}

var timestamp$1 = {};

var hasRequiredTimestamp;

function requireTimestamp () {
	if (hasRequiredTimestamp) return timestamp$1;
	hasRequiredTimestamp = 1;

	var stringifyNumber = requireStringifyNumber();

	/** Internal types handle bigint as number, because TS can't figure it out. */
	function parseSexagesimal(str, asBigInt) {
	    const sign = str[0];
	    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
	    const num = (n) => asBigInt ? BigInt(n) : Number(n);
	    const res = parts
	        .replace(/_/g, '')
	        .split(':')
	        .reduce((res, p) => res * num(60) + num(p), num(0));
	    return (sign === '-' ? num(-1) * res : res);
	}
	/**
	 * hhhh:mm:ss.sss
	 *
	 * Internal types handle bigint as number, because TS can't figure it out.
	 */
	function stringifySexagesimal(node) {
	    let { value } = node;
	    let num = (n) => n;
	    if (typeof value === 'bigint')
	        num = n => BigInt(n);
	    else if (isNaN(value) || !isFinite(value))
	        return stringifyNumber.stringifyNumber(node);
	    let sign = '';
	    if (value < 0) {
	        sign = '-';
	        value *= num(-1);
	    }
	    const _60 = num(60);
	    const parts = [value % _60]; // seconds, including ms
	    if (value < 60) {
	        parts.unshift(0); // at least one : is required
	    }
	    else {
	        value = (value - parts[0]) / _60;
	        parts.unshift(value % _60); // minutes
	        if (value >= 60) {
	            value = (value - parts[0]) / _60;
	            parts.unshift(value); // hours
	        }
	    }
	    return (sign +
	        parts
	            .map(n => String(n).padStart(2, '0'))
	            .join(':')
	            .replace(/000000\d*$/, '') // % 60 may introduce error
	    );
	}
	const intTime = {
	    identify: value => typeof value === 'bigint' || Number.isInteger(value),
	    default: true,
	    tag: 'tag:yaml.org,2002:int',
	    format: 'TIME',
	    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
	    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
	    stringify: stringifySexagesimal
	};
	const floatTime = {
	    identify: value => typeof value === 'number',
	    default: true,
	    tag: 'tag:yaml.org,2002:float',
	    format: 'TIME',
	    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
	    resolve: str => parseSexagesimal(str, false),
	    stringify: stringifySexagesimal
	};
	const timestamp = {
	    identify: value => value instanceof Date,
	    default: true,
	    tag: 'tag:yaml.org,2002:timestamp',
	    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
	    // may be omitted altogether, resulting in a date format. In such a case, the time part is
	    // assumed to be 00:00:00Z (start of day, UTC).
	    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
	        '(?:' + // time is optional
	        '(?:t|T|[ \\t]+)' + // t | T | whitespace
	        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
	        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
	        ')?$'),
	    resolve(str) {
	        const match = str.match(timestamp.test);
	        if (!match)
	            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
	        const [, year, month, day, hour, minute, second] = match.map(Number);
	        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
	        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
	        const tz = match[8];
	        if (tz && tz !== 'Z') {
	            let d = parseSexagesimal(tz, false);
	            if (Math.abs(d) < 30)
	                d *= 60;
	            date -= 60000 * d;
	        }
	        return new Date(date);
	    },
	    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
	};

	timestamp$1.floatTime = floatTime;
	timestamp$1.intTime = intTime;
	timestamp$1.timestamp = timestamp;
	return timestamp$1;
}

var hasRequiredSchema$1;

function requireSchema$1 () {
	if (hasRequiredSchema$1) return schema;
	hasRequiredSchema$1 = 1;

	var map = requireMap();
	var _null = require_null();
	var seq = requireSeq();
	var string = requireString();
	var binary = requireBinary();
	var bool = requireBool();
	var float = requireFloat();
	var int = requireInt();
	var merge = requireMerge();
	var omap = requireOmap();
	var pairs = requirePairs();
	var set = requireSet();
	var timestamp = requireTimestamp();

	const schema$1 = [
	    map.map,
	    seq.seq,
	    string.string,
	    _null.nullTag,
	    bool.trueTag,
	    bool.falseTag,
	    int.intBin,
	    int.intOct,
	    int.int,
	    int.intHex,
	    float.floatNaN,
	    float.floatExp,
	    float.float,
	    binary.binary,
	    merge.merge,
	    omap.omap,
	    pairs.pairs,
	    set.set,
	    timestamp.intTime,
	    timestamp.floatTime,
	    timestamp.timestamp
	];

	schema.schema = schema$1;
	return schema;
}

var hasRequiredTags;

function requireTags () {
	if (hasRequiredTags) return tags;
	hasRequiredTags = 1;

	var map = requireMap();
	var _null = require_null();
	var seq = requireSeq();
	var string = requireString();
	var bool = requireBool$1();
	var float = requireFloat$1();
	var int = requireInt$1();
	var schema = requireSchema$3();
	var schema$1 = requireSchema$2();
	var binary = requireBinary();
	var merge = requireMerge();
	var omap = requireOmap();
	var pairs = requirePairs();
	var schema$2 = requireSchema$1();
	var set = requireSet();
	var timestamp = requireTimestamp();

	const schemas = new Map([
	    ['core', schema.schema],
	    ['failsafe', [map.map, seq.seq, string.string]],
	    ['json', schema$1.schema],
	    ['yaml11', schema$2.schema],
	    ['yaml-1.1', schema$2.schema]
	]);
	const tagsByName = {
	    binary: binary.binary,
	    bool: bool.boolTag,
	    float: float.float,
	    floatExp: float.floatExp,
	    floatNaN: float.floatNaN,
	    floatTime: timestamp.floatTime,
	    int: int.int,
	    intHex: int.intHex,
	    intOct: int.intOct,
	    intTime: timestamp.intTime,
	    map: map.map,
	    merge: merge.merge,
	    null: _null.nullTag,
	    omap: omap.omap,
	    pairs: pairs.pairs,
	    seq: seq.seq,
	    set: set.set,
	    timestamp: timestamp.timestamp
	};
	const coreKnownTags = {
	    'tag:yaml.org,2002:binary': binary.binary,
	    'tag:yaml.org,2002:merge': merge.merge,
	    'tag:yaml.org,2002:omap': omap.omap,
	    'tag:yaml.org,2002:pairs': pairs.pairs,
	    'tag:yaml.org,2002:set': set.set,
	    'tag:yaml.org,2002:timestamp': timestamp.timestamp
	};
	function getTags(customTags, schemaName, addMergeTag) {
	    const schemaTags = schemas.get(schemaName);
	    if (schemaTags && !customTags) {
	        return addMergeTag && !schemaTags.includes(merge.merge)
	            ? schemaTags.concat(merge.merge)
	            : schemaTags.slice();
	    }
	    let tags = schemaTags;
	    if (!tags) {
	        if (Array.isArray(customTags))
	            tags = [];
	        else {
	            const keys = Array.from(schemas.keys())
	                .filter(key => key !== 'yaml11')
	                .map(key => JSON.stringify(key))
	                .join(', ');
	            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
	        }
	    }
	    if (Array.isArray(customTags)) {
	        for (const tag of customTags)
	            tags = tags.concat(tag);
	    }
	    else if (typeof customTags === 'function') {
	        tags = customTags(tags.slice());
	    }
	    if (addMergeTag)
	        tags = tags.concat(merge.merge);
	    return tags.reduce((tags, tag) => {
	        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
	        if (!tagObj) {
	            const tagName = JSON.stringify(tag);
	            const keys = Object.keys(tagsByName)
	                .map(key => JSON.stringify(key))
	                .join(', ');
	            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
	        }
	        if (!tags.includes(tagObj))
	            tags.push(tagObj);
	        return tags;
	    }, []);
	}

	tags.coreKnownTags = coreKnownTags;
	tags.getTags = getTags;
	return tags;
}

var hasRequiredSchema;

function requireSchema () {
	if (hasRequiredSchema) return Schema;
	hasRequiredSchema = 1;

	var identity = requireIdentity();
	var map = requireMap();
	var seq = requireSeq();
	var string = requireString();
	var tags = requireTags();

	const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
	let Schema$1 = class Schema {
	    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
	        this.compat = Array.isArray(compat)
	            ? tags.getTags(compat, 'compat')
	            : compat
	                ? tags.getTags(null, compat)
	                : null;
	        this.name = (typeof schema === 'string' && schema) || 'core';
	        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
	        this.tags = tags.getTags(customTags, this.name, merge);
	        this.toStringOptions = toStringDefaults ?? null;
	        Object.defineProperty(this, identity.MAP, { value: map.map });
	        Object.defineProperty(this, identity.SCALAR, { value: string.string });
	        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
	        // Used by createMap()
	        this.sortMapEntries =
	            typeof sortMapEntries === 'function'
	                ? sortMapEntries
	                : sortMapEntries === true
	                    ? sortMapEntriesByKey
	                    : null;
	    }
	    clone() {
	        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
	        copy.tags = this.tags.slice();
	        return copy;
	    }
	};

	Schema.Schema = Schema$1;
	return Schema;
}

var stringifyDocument = {};

var hasRequiredStringifyDocument;

function requireStringifyDocument () {
	if (hasRequiredStringifyDocument) return stringifyDocument;
	hasRequiredStringifyDocument = 1;

	var identity = requireIdentity();
	var stringify = requireStringify();
	var stringifyComment = requireStringifyComment();

	function stringifyDocument$1(doc, options) {
	    const lines = [];
	    let hasDirectives = options.directives === true;
	    if (options.directives !== false && doc.directives) {
	        const dir = doc.directives.toString(doc);
	        if (dir) {
	            lines.push(dir);
	            hasDirectives = true;
	        }
	        else if (doc.directives.docStart)
	            hasDirectives = true;
	    }
	    if (hasDirectives)
	        lines.push('---');
	    const ctx = stringify.createStringifyContext(doc, options);
	    const { commentString } = ctx.options;
	    if (doc.commentBefore) {
	        if (lines.length !== 1)
	            lines.unshift('');
	        const cs = commentString(doc.commentBefore);
	        lines.unshift(stringifyComment.indentComment(cs, ''));
	    }
	    let chompKeep = false;
	    let contentComment = null;
	    if (doc.contents) {
	        if (identity.isNode(doc.contents)) {
	            if (doc.contents.spaceBefore && hasDirectives)
	                lines.push('');
	            if (doc.contents.commentBefore) {
	                const cs = commentString(doc.contents.commentBefore);
	                lines.push(stringifyComment.indentComment(cs, ''));
	            }
	            // top-level block scalars need to be indented if followed by a comment
	            ctx.forceBlockIndent = !!doc.comment;
	            contentComment = doc.contents.comment;
	        }
	        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
	        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
	        if (contentComment)
	            body += stringifyComment.lineComment(body, '', commentString(contentComment));
	        if ((body[0] === '|' || body[0] === '>') &&
	            lines[lines.length - 1] === '---') {
	            // Top-level block scalars with a preceding doc marker ought to use the
	            // same line for their header.
	            lines[lines.length - 1] = `--- ${body}`;
	        }
	        else
	            lines.push(body);
	    }
	    else {
	        lines.push(stringify.stringify(doc.contents, ctx));
	    }
	    if (doc.directives?.docEnd) {
	        if (doc.comment) {
	            const cs = commentString(doc.comment);
	            if (cs.includes('\n')) {
	                lines.push('...');
	                lines.push(stringifyComment.indentComment(cs, ''));
	            }
	            else {
	                lines.push(`... ${cs}`);
	            }
	        }
	        else {
	            lines.push('...');
	        }
	    }
	    else {
	        let dc = doc.comment;
	        if (dc && chompKeep)
	            dc = dc.replace(/^\n+/, '');
	        if (dc) {
	            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
	                lines.push('');
	            lines.push(stringifyComment.indentComment(commentString(dc), ''));
	        }
	    }
	    return lines.join('\n') + '\n';
	}

	stringifyDocument.stringifyDocument = stringifyDocument$1;
	return stringifyDocument;
}

var hasRequiredDocument;

function requireDocument () {
	if (hasRequiredDocument) return Document;
	hasRequiredDocument = 1;

	var Alias = requireAlias();
	var Collection = requireCollection();
	var identity = requireIdentity();
	var Pair = requirePair();
	var toJS = requireToJS();
	var Schema = requireSchema();
	var stringifyDocument = requireStringifyDocument();
	var anchors = requireAnchors();
	var applyReviver = requireApplyReviver();
	var createNode = requireCreateNode();
	var directives = requireDirectives();

	let Document$1 = class Document {
	    constructor(value, replacer, options) {
	        /** A comment before this Document */
	        this.commentBefore = null;
	        /** A comment immediately after this Document */
	        this.comment = null;
	        /** Errors encountered during parsing. */
	        this.errors = [];
	        /** Warnings encountered during parsing. */
	        this.warnings = [];
	        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
	        let _replacer = null;
	        if (typeof replacer === 'function' || Array.isArray(replacer)) {
	            _replacer = replacer;
	        }
	        else if (options === undefined && replacer) {
	            options = replacer;
	            replacer = undefined;
	        }
	        const opt = Object.assign({
	            intAsBigInt: false,
	            keepSourceTokens: false,
	            logLevel: 'warn',
	            prettyErrors: true,
	            strict: true,
	            stringKeys: false,
	            uniqueKeys: true,
	            version: '1.2'
	        }, options);
	        this.options = opt;
	        let { version } = opt;
	        if (options?._directives) {
	            this.directives = options._directives.atDocument();
	            if (this.directives.yaml.explicit)
	                version = this.directives.yaml.version;
	        }
	        else
	            this.directives = new directives.Directives({ version });
	        this.setSchema(version, options);
	        // @ts-expect-error We can't really know that this matches Contents.
	        this.contents =
	            value === undefined ? null : this.createNode(value, _replacer, options);
	    }
	    /**
	     * Create a deep copy of this Document and its contents.
	     *
	     * Custom Node values that inherit from `Object` still refer to their original instances.
	     */
	    clone() {
	        const copy = Object.create(Document.prototype, {
	            [identity.NODE_TYPE]: { value: identity.DOC }
	        });
	        copy.commentBefore = this.commentBefore;
	        copy.comment = this.comment;
	        copy.errors = this.errors.slice();
	        copy.warnings = this.warnings.slice();
	        copy.options = Object.assign({}, this.options);
	        if (this.directives)
	            copy.directives = this.directives.clone();
	        copy.schema = this.schema.clone();
	        // @ts-expect-error We can't really know that this matches Contents.
	        copy.contents = identity.isNode(this.contents)
	            ? this.contents.clone(copy.schema)
	            : this.contents;
	        if (this.range)
	            copy.range = this.range.slice();
	        return copy;
	    }
	    /** Adds a value to the document. */
	    add(value) {
	        if (assertCollection(this.contents))
	            this.contents.add(value);
	    }
	    /** Adds a value to the document. */
	    addIn(path, value) {
	        if (assertCollection(this.contents))
	            this.contents.addIn(path, value);
	    }
	    /**
	     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
	     *
	     * If `node` already has an anchor, `name` is ignored.
	     * Otherwise, the `node.anchor` value will be set to `name`,
	     * or if an anchor with that name is already present in the document,
	     * `name` will be used as a prefix for a new unique anchor.
	     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
	     */
	    createAlias(node, name) {
	        if (!node.anchor) {
	            const prev = anchors.anchorNames(this);
	            node.anchor =
	                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
	                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
	        }
	        return new Alias.Alias(node.anchor);
	    }
	    createNode(value, replacer, options) {
	        let _replacer = undefined;
	        if (typeof replacer === 'function') {
	            value = replacer.call({ '': value }, '', value);
	            _replacer = replacer;
	        }
	        else if (Array.isArray(replacer)) {
	            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
	            const asStr = replacer.filter(keyToStr).map(String);
	            if (asStr.length > 0)
	                replacer = replacer.concat(asStr);
	            _replacer = replacer;
	        }
	        else if (options === undefined && replacer) {
	            options = replacer;
	            replacer = undefined;
	        }
	        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
	        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
	        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
	        anchorPrefix || 'a');
	        const ctx = {
	            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
	            keepUndefined: keepUndefined ?? false,
	            onAnchor,
	            onTagObj,
	            replacer: _replacer,
	            schema: this.schema,
	            sourceObjects
	        };
	        const node = createNode.createNode(value, tag, ctx);
	        if (flow && identity.isCollection(node))
	            node.flow = true;
	        setAnchors();
	        return node;
	    }
	    /**
	     * Convert a key and a value into a `Pair` using the current schema,
	     * recursively wrapping all values as `Scalar` or `Collection` nodes.
	     */
	    createPair(key, value, options = {}) {
	        const k = this.createNode(key, null, options);
	        const v = this.createNode(value, null, options);
	        return new Pair.Pair(k, v);
	    }
	    /**
	     * Removes a value from the document.
	     * @returns `true` if the item was found and removed.
	     */
	    delete(key) {
	        return assertCollection(this.contents) ? this.contents.delete(key) : false;
	    }
	    /**
	     * Removes a value from the document.
	     * @returns `true` if the item was found and removed.
	     */
	    deleteIn(path) {
	        if (Collection.isEmptyPath(path)) {
	            if (this.contents == null)
	                return false;
	            // @ts-expect-error Presumed impossible if Strict extends false
	            this.contents = null;
	            return true;
	        }
	        return assertCollection(this.contents)
	            ? this.contents.deleteIn(path)
	            : false;
	    }
	    /**
	     * Returns item at `key`, or `undefined` if not found. By default unwraps
	     * scalar values from their surrounding node; to disable set `keepScalar` to
	     * `true` (collections are always returned intact).
	     */
	    get(key, keepScalar) {
	        return identity.isCollection(this.contents)
	            ? this.contents.get(key, keepScalar)
	            : undefined;
	    }
	    /**
	     * Returns item at `path`, or `undefined` if not found. By default unwraps
	     * scalar values from their surrounding node; to disable set `keepScalar` to
	     * `true` (collections are always returned intact).
	     */
	    getIn(path, keepScalar) {
	        if (Collection.isEmptyPath(path))
	            return !keepScalar && identity.isScalar(this.contents)
	                ? this.contents.value
	                : this.contents;
	        return identity.isCollection(this.contents)
	            ? this.contents.getIn(path, keepScalar)
	            : undefined;
	    }
	    /**
	     * Checks if the document includes a value with the key `key`.
	     */
	    has(key) {
	        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
	    }
	    /**
	     * Checks if the document includes a value at `path`.
	     */
	    hasIn(path) {
	        if (Collection.isEmptyPath(path))
	            return this.contents !== undefined;
	        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
	    }
	    /**
	     * Sets a value in this document. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     */
	    set(key, value) {
	        if (this.contents == null) {
	            // @ts-expect-error We can't really know that this matches Contents.
	            this.contents = Collection.collectionFromPath(this.schema, [key], value);
	        }
	        else if (assertCollection(this.contents)) {
	            this.contents.set(key, value);
	        }
	    }
	    /**
	     * Sets a value in this document. For `!!set`, `value` needs to be a
	     * boolean to add/remove the item from the set.
	     */
	    setIn(path, value) {
	        if (Collection.isEmptyPath(path)) {
	            // @ts-expect-error We can't really know that this matches Contents.
	            this.contents = value;
	        }
	        else if (this.contents == null) {
	            // @ts-expect-error We can't really know that this matches Contents.
	            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
	        }
	        else if (assertCollection(this.contents)) {
	            this.contents.setIn(path, value);
	        }
	    }
	    /**
	     * Change the YAML version and schema used by the document.
	     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
	     * It also requires the `schema` option to be given as a `Schema` instance value.
	     *
	     * Overrides all previously set schema options.
	     */
	    setSchema(version, options = {}) {
	        if (typeof version === 'number')
	            version = String(version);
	        let opt;
	        switch (version) {
	            case '1.1':
	                if (this.directives)
	                    this.directives.yaml.version = '1.1';
	                else
	                    this.directives = new directives.Directives({ version: '1.1' });
	                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
	                break;
	            case '1.2':
	            case 'next':
	                if (this.directives)
	                    this.directives.yaml.version = version;
	                else
	                    this.directives = new directives.Directives({ version });
	                opt = { resolveKnownTags: true, schema: 'core' };
	                break;
	            case null:
	                if (this.directives)
	                    delete this.directives;
	                opt = null;
	                break;
	            default: {
	                const sv = JSON.stringify(version);
	                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
	            }
	        }
	        // Not using `instanceof Schema` to allow for duck typing
	        if (options.schema instanceof Object)
	            this.schema = options.schema;
	        else if (opt)
	            this.schema = new Schema.Schema(Object.assign(opt, options));
	        else
	            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
	    }
	    // json & jsonArg are only used from toJSON()
	    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
	        const ctx = {
	            anchors: new Map(),
	            doc: this,
	            keep: !json,
	            mapAsMap: mapAsMap === true,
	            mapKeyWarned: false,
	            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
	        };
	        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
	        if (typeof onAnchor === 'function')
	            for (const { count, res } of ctx.anchors.values())
	                onAnchor(res, count);
	        return typeof reviver === 'function'
	            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
	            : res;
	    }
	    /**
	     * A JSON representation of the document `contents`.
	     *
	     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
	     *   property name.
	     */
	    toJSON(jsonArg, onAnchor) {
	        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
	    }
	    /** A YAML representation of the document. */
	    toString(options = {}) {
	        if (this.errors.length > 0)
	            throw new Error('Document with errors cannot be stringified');
	        if ('indent' in options &&
	            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
	            const s = JSON.stringify(options.indent);
	            throw new Error(`"indent" option must be a positive integer, not ${s}`);
	        }
	        return stringifyDocument.stringifyDocument(this, options);
	    }
	};
	function assertCollection(contents) {
	    if (identity.isCollection(contents))
	        return true;
	    throw new Error('Expected a YAML collection as document contents');
	}

	Document.Document = Document$1;
	return Document;
}

var errors = {};

var hasRequiredErrors;

function requireErrors () {
	if (hasRequiredErrors) return errors;
	hasRequiredErrors = 1;

	class YAMLError extends Error {
	    constructor(name, pos, code, message) {
	        super();
	        this.name = name;
	        this.code = code;
	        this.message = message;
	        this.pos = pos;
	    }
	}
	class YAMLParseError extends YAMLError {
	    constructor(pos, code, message) {
	        super('YAMLParseError', pos, code, message);
	    }
	}
	class YAMLWarning extends YAMLError {
	    constructor(pos, code, message) {
	        super('YAMLWarning', pos, code, message);
	    }
	}
	const prettifyError = (src, lc) => (error) => {
	    if (error.pos[0] === -1)
	        return;
	    error.linePos = error.pos.map(pos => lc.linePos(pos));
	    const { line, col } = error.linePos[0];
	    error.message += ` at line ${line}, column ${col}`;
	    let ci = col - 1;
	    let lineStr = src
	        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
	        .replace(/[\n\r]+$/, '');
	    // Trim to max 80 chars, keeping col position near the middle
	    if (ci >= 60 && lineStr.length > 80) {
	        const trimStart = Math.min(ci - 39, lineStr.length - 79);
	        lineStr = '…' + lineStr.substring(trimStart);
	        ci -= trimStart - 1;
	    }
	    if (lineStr.length > 80)
	        lineStr = lineStr.substring(0, 79) + '…';
	    // Include previous line in context if pointing at line start
	    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
	        // Regexp won't match if start is trimmed
	        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
	        if (prev.length > 80)
	            prev = prev.substring(0, 79) + '…\n';
	        lineStr = prev + lineStr;
	    }
	    if (/[^ ]/.test(lineStr)) {
	        let count = 1;
	        const end = error.linePos[1];
	        if (end?.line === line && end.col > col) {
	            count = Math.max(1, Math.min(end.col - col, 80 - ci));
	        }
	        const pointer = ' '.repeat(ci) + '^'.repeat(count);
	        error.message += `:\n\n${lineStr}\n${pointer}\n`;
	    }
	};

	errors.YAMLError = YAMLError;
	errors.YAMLParseError = YAMLParseError;
	errors.YAMLWarning = YAMLWarning;
	errors.prettifyError = prettifyError;
	return errors;
}

var composeDoc = {};

var composeNode = {};

var composeCollection = {};

var resolveBlockMap = {};

var resolveProps = {};

var hasRequiredResolveProps;

function requireResolveProps () {
	if (hasRequiredResolveProps) return resolveProps;
	hasRequiredResolveProps = 1;

	function resolveProps$1(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
	    let spaceBefore = false;
	    let atNewline = startOnNewline;
	    let hasSpace = startOnNewline;
	    let comment = '';
	    let commentSep = '';
	    let hasNewline = false;
	    let reqSpace = false;
	    let tab = null;
	    let anchor = null;
	    let tag = null;
	    let newlineAfterProp = null;
	    let comma = null;
	    let found = null;
	    let start = null;
	    for (const token of tokens) {
	        if (reqSpace) {
	            if (token.type !== 'space' &&
	                token.type !== 'newline' &&
	                token.type !== 'comma')
	                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
	            reqSpace = false;
	        }
	        if (tab) {
	            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
	                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
	            }
	            tab = null;
	        }
	        switch (token.type) {
	            case 'space':
	                // At the doc level, tabs at line start may be parsed
	                // as leading white space rather than indentation.
	                // In a flow collection, only the parser handles indent.
	                if (!flow &&
	                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
	                    token.source.includes('\t')) {
	                    tab = token;
	                }
	                hasSpace = true;
	                break;
	            case 'comment': {
	                if (!hasSpace)
	                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
	                const cb = token.source.substring(1) || ' ';
	                if (!comment)
	                    comment = cb;
	                else
	                    comment += commentSep + cb;
	                commentSep = '';
	                atNewline = false;
	                break;
	            }
	            case 'newline':
	                if (atNewline) {
	                    if (comment)
	                        comment += token.source;
	                    else if (!found || indicator !== 'seq-item-ind')
	                        spaceBefore = true;
	                }
	                else
	                    commentSep += token.source;
	                atNewline = true;
	                hasNewline = true;
	                if (anchor || tag)
	                    newlineAfterProp = token;
	                hasSpace = true;
	                break;
	            case 'anchor':
	                if (anchor)
	                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
	                if (token.source.endsWith(':'))
	                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
	                anchor = token;
	                start ?? (start = token.offset);
	                atNewline = false;
	                hasSpace = false;
	                reqSpace = true;
	                break;
	            case 'tag': {
	                if (tag)
	                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
	                tag = token;
	                start ?? (start = token.offset);
	                atNewline = false;
	                hasSpace = false;
	                reqSpace = true;
	                break;
	            }
	            case indicator:
	                // Could here handle preceding comments differently
	                if (anchor || tag)
	                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
	                if (found)
	                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
	                found = token;
	                atNewline =
	                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
	                hasSpace = false;
	                break;
	            case 'comma':
	                if (flow) {
	                    if (comma)
	                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
	                    comma = token;
	                    atNewline = false;
	                    hasSpace = false;
	                    break;
	                }
	            // else fallthrough
	            default:
	                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
	                atNewline = false;
	                hasSpace = false;
	        }
	    }
	    const last = tokens[tokens.length - 1];
	    const end = last ? last.offset + last.source.length : offset;
	    if (reqSpace &&
	        next &&
	        next.type !== 'space' &&
	        next.type !== 'newline' &&
	        next.type !== 'comma' &&
	        (next.type !== 'scalar' || next.source !== '')) {
	        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
	    }
	    if (tab &&
	        ((atNewline && tab.indent <= parentIndent) ||
	            next?.type === 'block-map' ||
	            next?.type === 'block-seq'))
	        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
	    return {
	        comma,
	        found,
	        spaceBefore,
	        comment,
	        hasNewline,
	        anchor,
	        tag,
	        newlineAfterProp,
	        end,
	        start: start ?? end
	    };
	}

	resolveProps.resolveProps = resolveProps$1;
	return resolveProps;
}

var utilContainsNewline = {};

var hasRequiredUtilContainsNewline;

function requireUtilContainsNewline () {
	if (hasRequiredUtilContainsNewline) return utilContainsNewline;
	hasRequiredUtilContainsNewline = 1;

	function containsNewline(key) {
	    if (!key)
	        return null;
	    switch (key.type) {
	        case 'alias':
	        case 'scalar':
	        case 'double-quoted-scalar':
	        case 'single-quoted-scalar':
	            if (key.source.includes('\n'))
	                return true;
	            if (key.end)
	                for (const st of key.end)
	                    if (st.type === 'newline')
	                        return true;
	            return false;
	        case 'flow-collection':
	            for (const it of key.items) {
	                for (const st of it.start)
	                    if (st.type === 'newline')
	                        return true;
	                if (it.sep)
	                    for (const st of it.sep)
	                        if (st.type === 'newline')
	                            return true;
	                if (containsNewline(it.key) || containsNewline(it.value))
	                    return true;
	            }
	            return false;
	        default:
	            return true;
	    }
	}

	utilContainsNewline.containsNewline = containsNewline;
	return utilContainsNewline;
}

var utilFlowIndentCheck = {};

var hasRequiredUtilFlowIndentCheck;

function requireUtilFlowIndentCheck () {
	if (hasRequiredUtilFlowIndentCheck) return utilFlowIndentCheck;
	hasRequiredUtilFlowIndentCheck = 1;

	var utilContainsNewline = requireUtilContainsNewline();

	function flowIndentCheck(indent, fc, onError) {
	    if (fc?.type === 'flow-collection') {
	        const end = fc.end[0];
	        if (end.indent === indent &&
	            (end.source === ']' || end.source === '}') &&
	            utilContainsNewline.containsNewline(fc)) {
	            const msg = 'Flow end indicator should be more indented than parent';
	            onError(end, 'BAD_INDENT', msg, true);
	        }
	    }
	}

	utilFlowIndentCheck.flowIndentCheck = flowIndentCheck;
	return utilFlowIndentCheck;
}

var utilMapIncludes = {};

var hasRequiredUtilMapIncludes;

function requireUtilMapIncludes () {
	if (hasRequiredUtilMapIncludes) return utilMapIncludes;
	hasRequiredUtilMapIncludes = 1;

	var identity = requireIdentity();

	function mapIncludes(ctx, items, search) {
	    const { uniqueKeys } = ctx.options;
	    if (uniqueKeys === false)
	        return false;
	    const isEqual = typeof uniqueKeys === 'function'
	        ? uniqueKeys
	        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
	    return items.some(pair => isEqual(pair.key, search));
	}

	utilMapIncludes.mapIncludes = mapIncludes;
	return utilMapIncludes;
}

var hasRequiredResolveBlockMap;

function requireResolveBlockMap () {
	if (hasRequiredResolveBlockMap) return resolveBlockMap;
	hasRequiredResolveBlockMap = 1;

	var Pair = requirePair();
	var YAMLMap = requireYAMLMap();
	var resolveProps = requireResolveProps();
	var utilContainsNewline = requireUtilContainsNewline();
	var utilFlowIndentCheck = requireUtilFlowIndentCheck();
	var utilMapIncludes = requireUtilMapIncludes();

	const startColMsg = 'All mapping items must start at the same column';
	function resolveBlockMap$1({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
	    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
	    const map = new NodeClass(ctx.schema);
	    if (ctx.atRoot)
	        ctx.atRoot = false;
	    let offset = bm.offset;
	    let commentEnd = null;
	    for (const collItem of bm.items) {
	        const { start, key, sep, value } = collItem;
	        // key properties
	        const keyProps = resolveProps.resolveProps(start, {
	            indicator: 'explicit-key-ind',
	            next: key ?? sep?.[0],
	            offset,
	            onError,
	            parentIndent: bm.indent,
	            startOnNewline: true
	        });
	        const implicitKey = !keyProps.found;
	        if (implicitKey) {
	            if (key) {
	                if (key.type === 'block-seq')
	                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
	                else if ('indent' in key && key.indent !== bm.indent)
	                    onError(offset, 'BAD_INDENT', startColMsg);
	            }
	            if (!keyProps.anchor && !keyProps.tag && !sep) {
	                commentEnd = keyProps.end;
	                if (keyProps.comment) {
	                    if (map.comment)
	                        map.comment += '\n' + keyProps.comment;
	                    else
	                        map.comment = keyProps.comment;
	                }
	                continue;
	            }
	            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
	                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
	            }
	        }
	        else if (keyProps.found?.indent !== bm.indent) {
	            onError(offset, 'BAD_INDENT', startColMsg);
	        }
	        // key value
	        ctx.atKey = true;
	        const keyStart = keyProps.end;
	        const keyNode = key
	            ? composeNode(ctx, key, keyProps, onError)
	            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
	        if (ctx.schema.compat)
	            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
	        ctx.atKey = false;
	        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
	            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
	        // value properties
	        const valueProps = resolveProps.resolveProps(sep ?? [], {
	            indicator: 'map-value-ind',
	            next: value,
	            offset: keyNode.range[2],
	            onError,
	            parentIndent: bm.indent,
	            startOnNewline: !key || key.type === 'block-scalar'
	        });
	        offset = valueProps.end;
	        if (valueProps.found) {
	            if (implicitKey) {
	                if (value?.type === 'block-map' && !valueProps.hasNewline)
	                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
	                if (ctx.options.strict &&
	                    keyProps.start < valueProps.found.offset - 1024)
	                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
	            }
	            // value value
	            const valueNode = value
	                ? composeNode(ctx, value, valueProps, onError)
	                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
	            if (ctx.schema.compat)
	                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
	            offset = valueNode.range[2];
	            const pair = new Pair.Pair(keyNode, valueNode);
	            if (ctx.options.keepSourceTokens)
	                pair.srcToken = collItem;
	            map.items.push(pair);
	        }
	        else {
	            // key with no value
	            if (implicitKey)
	                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
	            if (valueProps.comment) {
	                if (keyNode.comment)
	                    keyNode.comment += '\n' + valueProps.comment;
	                else
	                    keyNode.comment = valueProps.comment;
	            }
	            const pair = new Pair.Pair(keyNode);
	            if (ctx.options.keepSourceTokens)
	                pair.srcToken = collItem;
	            map.items.push(pair);
	        }
	    }
	    if (commentEnd && commentEnd < offset)
	        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
	    map.range = [bm.offset, offset, commentEnd ?? offset];
	    return map;
	}

	resolveBlockMap.resolveBlockMap = resolveBlockMap$1;
	return resolveBlockMap;
}

var resolveBlockSeq = {};

var hasRequiredResolveBlockSeq;

function requireResolveBlockSeq () {
	if (hasRequiredResolveBlockSeq) return resolveBlockSeq;
	hasRequiredResolveBlockSeq = 1;

	var YAMLSeq = requireYAMLSeq();
	var resolveProps = requireResolveProps();
	var utilFlowIndentCheck = requireUtilFlowIndentCheck();

	function resolveBlockSeq$1({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
	    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
	    const seq = new NodeClass(ctx.schema);
	    if (ctx.atRoot)
	        ctx.atRoot = false;
	    if (ctx.atKey)
	        ctx.atKey = false;
	    let offset = bs.offset;
	    let commentEnd = null;
	    for (const { start, value } of bs.items) {
	        const props = resolveProps.resolveProps(start, {
	            indicator: 'seq-item-ind',
	            next: value,
	            offset,
	            onError,
	            parentIndent: bs.indent,
	            startOnNewline: true
	        });
	        if (!props.found) {
	            if (props.anchor || props.tag || value) {
	                if (value?.type === 'block-seq')
	                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
	                else
	                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
	            }
	            else {
	                commentEnd = props.end;
	                if (props.comment)
	                    seq.comment = props.comment;
	                continue;
	            }
	        }
	        const node = value
	            ? composeNode(ctx, value, props, onError)
	            : composeEmptyNode(ctx, props.end, start, null, props, onError);
	        if (ctx.schema.compat)
	            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
	        offset = node.range[2];
	        seq.items.push(node);
	    }
	    seq.range = [bs.offset, offset, commentEnd ?? offset];
	    return seq;
	}

	resolveBlockSeq.resolveBlockSeq = resolveBlockSeq$1;
	return resolveBlockSeq;
}

var resolveFlowCollection = {};

var resolveEnd = {};

var hasRequiredResolveEnd;

function requireResolveEnd () {
	if (hasRequiredResolveEnd) return resolveEnd;
	hasRequiredResolveEnd = 1;

	function resolveEnd$1(end, offset, reqSpace, onError) {
	    let comment = '';
	    if (end) {
	        let hasSpace = false;
	        let sep = '';
	        for (const token of end) {
	            const { source, type } = token;
	            switch (type) {
	                case 'space':
	                    hasSpace = true;
	                    break;
	                case 'comment': {
	                    if (reqSpace && !hasSpace)
	                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
	                    const cb = source.substring(1) || ' ';
	                    if (!comment)
	                        comment = cb;
	                    else
	                        comment += sep + cb;
	                    sep = '';
	                    break;
	                }
	                case 'newline':
	                    if (comment)
	                        sep += source;
	                    hasSpace = true;
	                    break;
	                default:
	                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
	            }
	            offset += source.length;
	        }
	    }
	    return { comment, offset };
	}

	resolveEnd.resolveEnd = resolveEnd$1;
	return resolveEnd;
}

var hasRequiredResolveFlowCollection;

function requireResolveFlowCollection () {
	if (hasRequiredResolveFlowCollection) return resolveFlowCollection;
	hasRequiredResolveFlowCollection = 1;

	var identity = requireIdentity();
	var Pair = requirePair();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var resolveEnd = requireResolveEnd();
	var resolveProps = requireResolveProps();
	var utilContainsNewline = requireUtilContainsNewline();
	var utilMapIncludes = requireUtilMapIncludes();

	const blockMsg = 'Block collections are not allowed within flow collections';
	const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
	function resolveFlowCollection$1({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
	    const isMap = fc.start.source === '{';
	    const fcName = isMap ? 'flow map' : 'flow sequence';
	    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
	    const coll = new NodeClass(ctx.schema);
	    coll.flow = true;
	    const atRoot = ctx.atRoot;
	    if (atRoot)
	        ctx.atRoot = false;
	    if (ctx.atKey)
	        ctx.atKey = false;
	    let offset = fc.offset + fc.start.source.length;
	    for (let i = 0; i < fc.items.length; ++i) {
	        const collItem = fc.items[i];
	        const { start, key, sep, value } = collItem;
	        const props = resolveProps.resolveProps(start, {
	            flow: fcName,
	            indicator: 'explicit-key-ind',
	            next: key ?? sep?.[0],
	            offset,
	            onError,
	            parentIndent: fc.indent,
	            startOnNewline: false
	        });
	        if (!props.found) {
	            if (!props.anchor && !props.tag && !sep && !value) {
	                if (i === 0 && props.comma)
	                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
	                else if (i < fc.items.length - 1)
	                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
	                if (props.comment) {
	                    if (coll.comment)
	                        coll.comment += '\n' + props.comment;
	                    else
	                        coll.comment = props.comment;
	                }
	                offset = props.end;
	                continue;
	            }
	            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
	                onError(key, // checked by containsNewline()
	                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
	        }
	        if (i === 0) {
	            if (props.comma)
	                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
	        }
	        else {
	            if (!props.comma)
	                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
	            if (props.comment) {
	                let prevItemComment = '';
	                loop: for (const st of start) {
	                    switch (st.type) {
	                        case 'comma':
	                        case 'space':
	                            break;
	                        case 'comment':
	                            prevItemComment = st.source.substring(1);
	                            break loop;
	                        default:
	                            break loop;
	                    }
	                }
	                if (prevItemComment) {
	                    let prev = coll.items[coll.items.length - 1];
	                    if (identity.isPair(prev))
	                        prev = prev.value ?? prev.key;
	                    if (prev.comment)
	                        prev.comment += '\n' + prevItemComment;
	                    else
	                        prev.comment = prevItemComment;
	                    props.comment = props.comment.substring(prevItemComment.length + 1);
	                }
	            }
	        }
	        if (!isMap && !sep && !props.found) {
	            // item is a value in a seq
	            // → key & sep are empty, start does not include ? or :
	            const valueNode = value
	                ? composeNode(ctx, value, props, onError)
	                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
	            coll.items.push(valueNode);
	            offset = valueNode.range[2];
	            if (isBlock(value))
	                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
	        }
	        else {
	            // item is a key+value pair
	            // key value
	            ctx.atKey = true;
	            const keyStart = props.end;
	            const keyNode = key
	                ? composeNode(ctx, key, props, onError)
	                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
	            if (isBlock(key))
	                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
	            ctx.atKey = false;
	            // value properties
	            const valueProps = resolveProps.resolveProps(sep ?? [], {
	                flow: fcName,
	                indicator: 'map-value-ind',
	                next: value,
	                offset: keyNode.range[2],
	                onError,
	                parentIndent: fc.indent,
	                startOnNewline: false
	            });
	            if (valueProps.found) {
	                if (!isMap && !props.found && ctx.options.strict) {
	                    if (sep)
	                        for (const st of sep) {
	                            if (st === valueProps.found)
	                                break;
	                            if (st.type === 'newline') {
	                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
	                                break;
	                            }
	                        }
	                    if (props.start < valueProps.found.offset - 1024)
	                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
	                }
	            }
	            else if (value) {
	                if ('source' in value && value.source?.[0] === ':')
	                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
	                else
	                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
	            }
	            // value value
	            const valueNode = value
	                ? composeNode(ctx, value, valueProps, onError)
	                : valueProps.found
	                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
	                    : null;
	            if (valueNode) {
	                if (isBlock(value))
	                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
	            }
	            else if (valueProps.comment) {
	                if (keyNode.comment)
	                    keyNode.comment += '\n' + valueProps.comment;
	                else
	                    keyNode.comment = valueProps.comment;
	            }
	            const pair = new Pair.Pair(keyNode, valueNode);
	            if (ctx.options.keepSourceTokens)
	                pair.srcToken = collItem;
	            if (isMap) {
	                const map = coll;
	                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
	                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
	                map.items.push(pair);
	            }
	            else {
	                const map = new YAMLMap.YAMLMap(ctx.schema);
	                map.flow = true;
	                map.items.push(pair);
	                const endRange = (valueNode ?? keyNode).range;
	                map.range = [keyNode.range[0], endRange[1], endRange[2]];
	                coll.items.push(map);
	            }
	            offset = valueNode ? valueNode.range[2] : valueProps.end;
	        }
	    }
	    const expectedEnd = isMap ? '}' : ']';
	    const [ce, ...ee] = fc.end;
	    let cePos = offset;
	    if (ce?.source === expectedEnd)
	        cePos = ce.offset + ce.source.length;
	    else {
	        const name = fcName[0].toUpperCase() + fcName.substring(1);
	        const msg = atRoot
	            ? `${name} must end with a ${expectedEnd}`
	            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
	        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
	        if (ce && ce.source.length !== 1)
	            ee.unshift(ce);
	    }
	    if (ee.length > 0) {
	        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
	        if (end.comment) {
	            if (coll.comment)
	                coll.comment += '\n' + end.comment;
	            else
	                coll.comment = end.comment;
	        }
	        coll.range = [fc.offset, cePos, end.offset];
	    }
	    else {
	        coll.range = [fc.offset, cePos, cePos];
	    }
	    return coll;
	}

	resolveFlowCollection.resolveFlowCollection = resolveFlowCollection$1;
	return resolveFlowCollection;
}

var hasRequiredComposeCollection;

function requireComposeCollection () {
	if (hasRequiredComposeCollection) return composeCollection;
	hasRequiredComposeCollection = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var resolveBlockMap = requireResolveBlockMap();
	var resolveBlockSeq = requireResolveBlockSeq();
	var resolveFlowCollection = requireResolveFlowCollection();

	function resolveCollection(CN, ctx, token, onError, tagName, tag) {
	    const coll = token.type === 'block-map'
	        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
	        : token.type === 'block-seq'
	            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
	            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
	    const Coll = coll.constructor;
	    // If we got a tagName matching the class, or the tag name is '!',
	    // then use the tagName from the node class used to create it.
	    if (tagName === '!' || tagName === Coll.tagName) {
	        coll.tag = Coll.tagName;
	        return coll;
	    }
	    if (tagName)
	        coll.tag = tagName;
	    return coll;
	}
	function composeCollection$1(CN, ctx, token, props, onError) {
	    const tagToken = props.tag;
	    const tagName = !tagToken
	        ? null
	        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
	    if (token.type === 'block-seq') {
	        const { anchor, newlineAfterProp: nl } = props;
	        const lastProp = anchor && tagToken
	            ? anchor.offset > tagToken.offset
	                ? anchor
	                : tagToken
	            : (anchor ?? tagToken);
	        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
	            const message = 'Missing newline after block sequence props';
	            onError(lastProp, 'MISSING_CHAR', message);
	        }
	    }
	    const expType = token.type === 'block-map'
	        ? 'map'
	        : token.type === 'block-seq'
	            ? 'seq'
	            : token.start.source === '{'
	                ? 'map'
	                : 'seq';
	    // shortcut: check if it's a generic YAMLMap or YAMLSeq
	    // before jumping into the custom tag logic.
	    if (!tagToken ||
	        !tagName ||
	        tagName === '!' ||
	        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
	        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
	        return resolveCollection(CN, ctx, token, onError, tagName);
	    }
	    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
	    if (!tag) {
	        const kt = ctx.schema.knownTags[tagName];
	        if (kt?.collection === expType) {
	            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
	            tag = kt;
	        }
	        else {
	            if (kt) {
	                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
	            }
	            else {
	                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
	            }
	            return resolveCollection(CN, ctx, token, onError, tagName);
	        }
	    }
	    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
	    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
	    const node = identity.isNode(res)
	        ? res
	        : new Scalar.Scalar(res);
	    node.range = coll.range;
	    node.tag = tagName;
	    if (tag?.format)
	        node.format = tag.format;
	    return node;
	}

	composeCollection.composeCollection = composeCollection$1;
	return composeCollection;
}

var composeScalar = {};

var resolveBlockScalar = {};

var hasRequiredResolveBlockScalar;

function requireResolveBlockScalar () {
	if (hasRequiredResolveBlockScalar) return resolveBlockScalar;
	hasRequiredResolveBlockScalar = 1;

	var Scalar = requireScalar();

	function resolveBlockScalar$1(ctx, scalar, onError) {
	    const start = scalar.offset;
	    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
	    if (!header)
	        return { value: '', type: null, comment: '', range: [start, start, start] };
	    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
	    const lines = scalar.source ? splitLines(scalar.source) : [];
	    // determine the end of content & start of chomping
	    let chompStart = lines.length;
	    for (let i = lines.length - 1; i >= 0; --i) {
	        const content = lines[i][1];
	        if (content === '' || content === '\r')
	            chompStart = i;
	        else
	            break;
	    }
	    // shortcut for empty contents
	    if (chompStart === 0) {
	        const value = header.chomp === '+' && lines.length > 0
	            ? '\n'.repeat(Math.max(1, lines.length - 1))
	            : '';
	        let end = start + header.length;
	        if (scalar.source)
	            end += scalar.source.length;
	        return { value, type, comment: header.comment, range: [start, end, end] };
	    }
	    // find the indentation level to trim from start
	    let trimIndent = scalar.indent + header.indent;
	    let offset = scalar.offset + header.length;
	    let contentStart = 0;
	    for (let i = 0; i < chompStart; ++i) {
	        const [indent, content] = lines[i];
	        if (content === '' || content === '\r') {
	            if (header.indent === 0 && indent.length > trimIndent)
	                trimIndent = indent.length;
	        }
	        else {
	            if (indent.length < trimIndent) {
	                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
	                onError(offset + indent.length, 'MISSING_CHAR', message);
	            }
	            if (header.indent === 0)
	                trimIndent = indent.length;
	            contentStart = i;
	            if (trimIndent === 0 && !ctx.atRoot) {
	                const message = 'Block scalar values in collections must be indented';
	                onError(offset, 'BAD_INDENT', message);
	            }
	            break;
	        }
	        offset += indent.length + content.length + 1;
	    }
	    // include trailing more-indented empty lines in content
	    for (let i = lines.length - 1; i >= chompStart; --i) {
	        if (lines[i][0].length > trimIndent)
	            chompStart = i + 1;
	    }
	    let value = '';
	    let sep = '';
	    let prevMoreIndented = false;
	    // leading whitespace is kept intact
	    for (let i = 0; i < contentStart; ++i)
	        value += lines[i][0].slice(trimIndent) + '\n';
	    for (let i = contentStart; i < chompStart; ++i) {
	        let [indent, content] = lines[i];
	        offset += indent.length + content.length + 1;
	        const crlf = content[content.length - 1] === '\r';
	        if (crlf)
	            content = content.slice(0, -1);
	        /* istanbul ignore if already caught in lexer */
	        if (content && indent.length < trimIndent) {
	            const src = header.indent
	                ? 'explicit indentation indicator'
	                : 'first line';
	            const message = `Block scalar lines must not be less indented than their ${src}`;
	            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
	            indent = '';
	        }
	        if (type === Scalar.Scalar.BLOCK_LITERAL) {
	            value += sep + indent.slice(trimIndent) + content;
	            sep = '\n';
	        }
	        else if (indent.length > trimIndent || content[0] === '\t') {
	            // more-indented content within a folded block
	            if (sep === ' ')
	                sep = '\n';
	            else if (!prevMoreIndented && sep === '\n')
	                sep = '\n\n';
	            value += sep + indent.slice(trimIndent) + content;
	            sep = '\n';
	            prevMoreIndented = true;
	        }
	        else if (content === '') {
	            // empty line
	            if (sep === '\n')
	                value += '\n';
	            else
	                sep = '\n';
	        }
	        else {
	            value += sep + content;
	            sep = ' ';
	            prevMoreIndented = false;
	        }
	    }
	    switch (header.chomp) {
	        case '-':
	            break;
	        case '+':
	            for (let i = chompStart; i < lines.length; ++i)
	                value += '\n' + lines[i][0].slice(trimIndent);
	            if (value[value.length - 1] !== '\n')
	                value += '\n';
	            break;
	        default:
	            value += '\n';
	    }
	    const end = start + header.length + scalar.source.length;
	    return { value, type, comment: header.comment, range: [start, end, end] };
	}
	function parseBlockScalarHeader({ offset, props }, strict, onError) {
	    /* istanbul ignore if should not happen */
	    if (props[0].type !== 'block-scalar-header') {
	        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
	        return null;
	    }
	    const { source } = props[0];
	    const mode = source[0];
	    let indent = 0;
	    let chomp = '';
	    let error = -1;
	    for (let i = 1; i < source.length; ++i) {
	        const ch = source[i];
	        if (!chomp && (ch === '-' || ch === '+'))
	            chomp = ch;
	        else {
	            const n = Number(ch);
	            if (!indent && n)
	                indent = n;
	            else if (error === -1)
	                error = offset + i;
	        }
	    }
	    if (error !== -1)
	        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
	    let hasSpace = false;
	    let comment = '';
	    let length = source.length;
	    for (let i = 1; i < props.length; ++i) {
	        const token = props[i];
	        switch (token.type) {
	            case 'space':
	                hasSpace = true;
	            // fallthrough
	            case 'newline':
	                length += token.source.length;
	                break;
	            case 'comment':
	                if (strict && !hasSpace) {
	                    const message = 'Comments must be separated from other tokens by white space characters';
	                    onError(token, 'MISSING_CHAR', message);
	                }
	                length += token.source.length;
	                comment = token.source.substring(1);
	                break;
	            case 'error':
	                onError(token, 'UNEXPECTED_TOKEN', token.message);
	                length += token.source.length;
	                break;
	            /* istanbul ignore next should not happen */
	            default: {
	                const message = `Unexpected token in block scalar header: ${token.type}`;
	                onError(token, 'UNEXPECTED_TOKEN', message);
	                const ts = token.source;
	                if (ts && typeof ts === 'string')
	                    length += ts.length;
	            }
	        }
	    }
	    return { mode, indent, chomp, comment, length };
	}
	/** @returns Array of lines split up as `[indent, content]` */
	function splitLines(source) {
	    const split = source.split(/\n( *)/);
	    const first = split[0];
	    const m = first.match(/^( *)/);
	    const line0 = m?.[1]
	        ? [m[1], first.slice(m[1].length)]
	        : ['', first];
	    const lines = [line0];
	    for (let i = 1; i < split.length; i += 2)
	        lines.push([split[i], split[i + 1]]);
	    return lines;
	}

	resolveBlockScalar.resolveBlockScalar = resolveBlockScalar$1;
	return resolveBlockScalar;
}

var resolveFlowScalar = {};

var hasRequiredResolveFlowScalar;

function requireResolveFlowScalar () {
	if (hasRequiredResolveFlowScalar) return resolveFlowScalar;
	hasRequiredResolveFlowScalar = 1;

	var Scalar = requireScalar();
	var resolveEnd = requireResolveEnd();

	function resolveFlowScalar$1(scalar, strict, onError) {
	    const { offset, type, source, end } = scalar;
	    let _type;
	    let value;
	    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
	    switch (type) {
	        case 'scalar':
	            _type = Scalar.Scalar.PLAIN;
	            value = plainValue(source, _onError);
	            break;
	        case 'single-quoted-scalar':
	            _type = Scalar.Scalar.QUOTE_SINGLE;
	            value = singleQuotedValue(source, _onError);
	            break;
	        case 'double-quoted-scalar':
	            _type = Scalar.Scalar.QUOTE_DOUBLE;
	            value = doubleQuotedValue(source, _onError);
	            break;
	        /* istanbul ignore next should not happen */
	        default:
	            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
	            return {
	                value: '',
	                type: null,
	                comment: '',
	                range: [offset, offset + source.length, offset + source.length]
	            };
	    }
	    const valueEnd = offset + source.length;
	    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
	    return {
	        value,
	        type: _type,
	        comment: re.comment,
	        range: [offset, valueEnd, re.offset]
	    };
	}
	function plainValue(source, onError) {
	    let badChar = '';
	    switch (source[0]) {
	        /* istanbul ignore next should not happen */
	        case '\t':
	            badChar = 'a tab character';
	            break;
	        case ',':
	            badChar = 'flow indicator character ,';
	            break;
	        case '%':
	            badChar = 'directive indicator character %';
	            break;
	        case '|':
	        case '>': {
	            badChar = `block scalar indicator ${source[0]}`;
	            break;
	        }
	        case '@':
	        case '`': {
	            badChar = `reserved character ${source[0]}`;
	            break;
	        }
	    }
	    if (badChar)
	        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
	    return unfoldLines(source);
	}
	function singleQuotedValue(source, onError) {
	    if (source[source.length - 1] !== "'" || source.length === 1)
	        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
	    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
	}
	function unfoldLines(source) {
	    const line = /(.*?)\r?\n/sy;
	    let match = line.exec(source);
	    if (!match)
	        return source;
	    /**
	     * The negative lookbehinds in these RegExps are to
	     * prevent causing a polynomial search time in certain cases.
	     *
	     * The try-catch is for Safari < 16.4 and other old browsers:
	     * https://caniuse.com/js-regexp-lookbehind
	     */
	    let trimEnd, trimBoth;
	    try {
	        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
	        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
	    }
	    catch {
	        trimEnd = /[ \t]+$/;
	        trimBoth = /^[ \t]+|[ \t]+$/g;
	    }
	    let res = match[1].replace(trimEnd, '');
	    let sep = ' ';
	    let pos = line.lastIndex;
	    while ((match = line.exec(source))) {
	        const lm = match[1].replace(trimBoth, '');
	        if (lm === '') {
	            if (sep === '\n')
	                res += sep;
	            else
	                sep = '\n';
	        }
	        else {
	            res += sep + lm;
	            sep = ' ';
	        }
	        pos = line.lastIndex;
	    }
	    const last = /[ \t]*(.*)/sy;
	    last.lastIndex = pos;
	    match = last.exec(source);
	    return res + sep + (match?.[1] ?? '');
	}
	function doubleQuotedValue(source, onError) {
	    let res = '';
	    for (let i = 1; i < source.length - 1; ++i) {
	        const ch = source[i];
	        if (ch === '\r' && source[i + 1] === '\n')
	            continue;
	        if (ch === '\n') {
	            const { fold, offset } = foldNewline(source, i);
	            res += fold;
	            i = offset;
	        }
	        else if (ch === '\\') {
	            let next = source[++i];
	            const cc = escapeCodes[next];
	            if (cc)
	                res += cc;
	            else if (next === '\n') {
	                // skip escaped newlines, but still trim the following line
	                next = source[i + 1];
	                while (next === ' ' || next === '\t')
	                    next = source[++i + 1];
	            }
	            else if (next === '\r' && source[i + 1] === '\n') {
	                // skip escaped CRLF newlines, but still trim the following line
	                next = source[++i + 1];
	                while (next === ' ' || next === '\t')
	                    next = source[++i + 1];
	            }
	            else if (next === 'x' || next === 'u' || next === 'U') {
	                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
	                res += parseCharCode(source, i + 1, length, onError);
	                i += length;
	            }
	            else {
	                const raw = source.substr(i - 1, 2);
	                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
	                res += raw;
	            }
	        }
	        else if (ch === ' ' || ch === '\t') {
	            // trim trailing whitespace
	            const wsStart = i;
	            let next = source[i + 1];
	            while (next === ' ' || next === '\t')
	                next = source[++i + 1];
	            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
	                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
	        }
	        else {
	            res += ch;
	        }
	    }
	    if (source[source.length - 1] !== '"' || source.length === 1)
	        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
	    return res;
	}
	/**
	 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
	 * Presumes `source[offset] === '\n'`
	 */
	function foldNewline(source, offset) {
	    let fold = '';
	    let ch = source[offset + 1];
	    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
	        if (ch === '\r' && source[offset + 2] !== '\n')
	            break;
	        if (ch === '\n')
	            fold += '\n';
	        offset += 1;
	        ch = source[offset + 1];
	    }
	    if (!fold)
	        fold = ' ';
	    return { fold, offset };
	}
	const escapeCodes = {
	    '0': '\0', // null character
	    a: '\x07', // bell character
	    b: '\b', // backspace
	    e: '\x1b', // escape character
	    f: '\f', // form feed
	    n: '\n', // line feed
	    r: '\r', // carriage return
	    t: '\t', // horizontal tab
	    v: '\v', // vertical tab
	    N: '\u0085', // Unicode next line
	    _: '\u00a0', // Unicode non-breaking space
	    L: '\u2028', // Unicode line separator
	    P: '\u2029', // Unicode paragraph separator
	    ' ': ' ',
	    '"': '"',
	    '/': '/',
	    '\\': '\\',
	    '\t': '\t'
	};
	function parseCharCode(source, offset, length, onError) {
	    const cc = source.substr(offset, length);
	    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
	    const code = ok ? parseInt(cc, 16) : NaN;
	    try {
	        return String.fromCodePoint(code);
	    }
	    catch {
	        const raw = source.substr(offset - 2, length + 2);
	        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
	        return raw;
	    }
	}

	resolveFlowScalar.resolveFlowScalar = resolveFlowScalar$1;
	return resolveFlowScalar;
}

var hasRequiredComposeScalar;

function requireComposeScalar () {
	if (hasRequiredComposeScalar) return composeScalar;
	hasRequiredComposeScalar = 1;

	var identity = requireIdentity();
	var Scalar = requireScalar();
	var resolveBlockScalar = requireResolveBlockScalar();
	var resolveFlowScalar = requireResolveFlowScalar();

	function composeScalar$1(ctx, token, tagToken, onError) {
	    const { value, type, comment, range } = token.type === 'block-scalar'
	        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
	        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
	    const tagName = tagToken
	        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
	        : null;
	    let tag;
	    if (ctx.options.stringKeys && ctx.atKey) {
	        tag = ctx.schema[identity.SCALAR];
	    }
	    else if (tagName)
	        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
	    else if (token.type === 'scalar')
	        tag = findScalarTagByTest(ctx, value, token, onError);
	    else
	        tag = ctx.schema[identity.SCALAR];
	    let scalar;
	    try {
	        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
	        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
	    }
	    catch (error) {
	        const msg = error instanceof Error ? error.message : String(error);
	        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
	        scalar = new Scalar.Scalar(value);
	    }
	    scalar.range = range;
	    scalar.source = value;
	    if (type)
	        scalar.type = type;
	    if (tagName)
	        scalar.tag = tagName;
	    if (tag.format)
	        scalar.format = tag.format;
	    if (comment)
	        scalar.comment = comment;
	    return scalar;
	}
	function findScalarTagByName(schema, value, tagName, tagToken, onError) {
	    if (tagName === '!')
	        return schema[identity.SCALAR]; // non-specific tag
	    const matchWithTest = [];
	    for (const tag of schema.tags) {
	        if (!tag.collection && tag.tag === tagName) {
	            if (tag.default && tag.test)
	                matchWithTest.push(tag);
	            else
	                return tag;
	        }
	    }
	    for (const tag of matchWithTest)
	        if (tag.test?.test(value))
	            return tag;
	    const kt = schema.knownTags[tagName];
	    if (kt && !kt.collection) {
	        // Ensure that the known tag is available for stringifying,
	        // but does not get used by default.
	        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
	        return kt;
	    }
	    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
	    return schema[identity.SCALAR];
	}
	function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
	    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
	        tag.test?.test(value)) || schema[identity.SCALAR];
	    if (schema.compat) {
	        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
	            schema[identity.SCALAR];
	        if (tag.tag !== compat.tag) {
	            const ts = directives.tagString(tag.tag);
	            const cs = directives.tagString(compat.tag);
	            const msg = `Value may be parsed as either ${ts} or ${cs}`;
	            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
	        }
	    }
	    return tag;
	}

	composeScalar.composeScalar = composeScalar$1;
	return composeScalar;
}

var utilEmptyScalarPosition = {};

var hasRequiredUtilEmptyScalarPosition;

function requireUtilEmptyScalarPosition () {
	if (hasRequiredUtilEmptyScalarPosition) return utilEmptyScalarPosition;
	hasRequiredUtilEmptyScalarPosition = 1;

	function emptyScalarPosition(offset, before, pos) {
	    if (before) {
	        pos ?? (pos = before.length);
	        for (let i = pos - 1; i >= 0; --i) {
	            let st = before[i];
	            switch (st.type) {
	                case 'space':
	                case 'comment':
	                case 'newline':
	                    offset -= st.source.length;
	                    continue;
	            }
	            // Technically, an empty scalar is immediately after the last non-empty
	            // node, but it's more useful to place it after any whitespace.
	            st = before[++i];
	            while (st?.type === 'space') {
	                offset += st.source.length;
	                st = before[++i];
	            }
	            break;
	        }
	    }
	    return offset;
	}

	utilEmptyScalarPosition.emptyScalarPosition = emptyScalarPosition;
	return utilEmptyScalarPosition;
}

var hasRequiredComposeNode;

function requireComposeNode () {
	if (hasRequiredComposeNode) return composeNode;
	hasRequiredComposeNode = 1;

	var Alias = requireAlias();
	var identity = requireIdentity();
	var composeCollection = requireComposeCollection();
	var composeScalar = requireComposeScalar();
	var resolveEnd = requireResolveEnd();
	var utilEmptyScalarPosition = requireUtilEmptyScalarPosition();

	const CN = { composeNode: composeNode$1, composeEmptyNode };
	function composeNode$1(ctx, token, props, onError) {
	    const atKey = ctx.atKey;
	    const { spaceBefore, comment, anchor, tag } = props;
	    let node;
	    let isSrcToken = true;
	    switch (token.type) {
	        case 'alias':
	            node = composeAlias(ctx, token, onError);
	            if (anchor || tag)
	                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
	            break;
	        case 'scalar':
	        case 'single-quoted-scalar':
	        case 'double-quoted-scalar':
	        case 'block-scalar':
	            node = composeScalar.composeScalar(ctx, token, tag, onError);
	            if (anchor)
	                node.anchor = anchor.source.substring(1);
	            break;
	        case 'block-map':
	        case 'block-seq':
	        case 'flow-collection':
	            try {
	                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
	                if (anchor)
	                    node.anchor = anchor.source.substring(1);
	            }
	            catch (error) {
	                // Almost certainly here due to a stack overflow
	                const message = error instanceof Error ? error.message : String(error);
	                onError(token, 'RESOURCE_EXHAUSTION', message);
	            }
	            break;
	        default: {
	            const message = token.type === 'error'
	                ? token.message
	                : `Unsupported token (type: ${token.type})`;
	            onError(token, 'UNEXPECTED_TOKEN', message);
	            isSrcToken = false;
	        }
	    }
	    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
	    if (anchor && node.anchor === '')
	        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
	    if (atKey &&
	        ctx.options.stringKeys &&
	        (!identity.isScalar(node) ||
	            typeof node.value !== 'string' ||
	            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
	        const msg = 'With stringKeys, all keys must be strings';
	        onError(tag ?? token, 'NON_STRING_KEY', msg);
	    }
	    if (spaceBefore)
	        node.spaceBefore = true;
	    if (comment) {
	        if (token.type === 'scalar' && token.source === '')
	            node.comment = comment;
	        else
	            node.commentBefore = comment;
	    }
	    // @ts-expect-error Type checking misses meaning of isSrcToken
	    if (ctx.options.keepSourceTokens && isSrcToken)
	        node.srcToken = token;
	    return node;
	}
	function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
	    const token = {
	        type: 'scalar',
	        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
	        indent: -1,
	        source: ''
	    };
	    const node = composeScalar.composeScalar(ctx, token, tag, onError);
	    if (anchor) {
	        node.anchor = anchor.source.substring(1);
	        if (node.anchor === '')
	            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
	    }
	    if (spaceBefore)
	        node.spaceBefore = true;
	    if (comment) {
	        node.comment = comment;
	        node.range[2] = end;
	    }
	    return node;
	}
	function composeAlias({ options }, { offset, source, end }, onError) {
	    const alias = new Alias.Alias(source.substring(1));
	    if (alias.source === '')
	        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
	    if (alias.source.endsWith(':'))
	        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
	    const valueEnd = offset + source.length;
	    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
	    alias.range = [offset, valueEnd, re.offset];
	    if (re.comment)
	        alias.comment = re.comment;
	    return alias;
	}

	composeNode.composeEmptyNode = composeEmptyNode;
	composeNode.composeNode = composeNode$1;
	return composeNode;
}

var hasRequiredComposeDoc;

function requireComposeDoc () {
	if (hasRequiredComposeDoc) return composeDoc;
	hasRequiredComposeDoc = 1;

	var Document = requireDocument();
	var composeNode = requireComposeNode();
	var resolveEnd = requireResolveEnd();
	var resolveProps = requireResolveProps();

	function composeDoc$1(options, directives, { offset, start, value, end }, onError) {
	    const opts = Object.assign({ _directives: directives }, options);
	    const doc = new Document.Document(undefined, opts);
	    const ctx = {
	        atKey: false,
	        atRoot: true,
	        directives: doc.directives,
	        options: doc.options,
	        schema: doc.schema
	    };
	    const props = resolveProps.resolveProps(start, {
	        indicator: 'doc-start',
	        next: value ?? end?.[0],
	        offset,
	        onError,
	        parentIndent: 0,
	        startOnNewline: true
	    });
	    if (props.found) {
	        doc.directives.docStart = true;
	        if (value &&
	            (value.type === 'block-map' || value.type === 'block-seq') &&
	            !props.hasNewline)
	            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
	    }
	    // @ts-expect-error If Contents is set, let's trust the user
	    doc.contents = value
	        ? composeNode.composeNode(ctx, value, props, onError)
	        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
	    const contentEnd = doc.contents.range[2];
	    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
	    if (re.comment)
	        doc.comment = re.comment;
	    doc.range = [offset, contentEnd, re.offset];
	    return doc;
	}

	composeDoc.composeDoc = composeDoc$1;
	return composeDoc;
}

var hasRequiredComposer;

function requireComposer () {
	if (hasRequiredComposer) return composer;
	hasRequiredComposer = 1;

	var node_process = require$$0;
	var directives = requireDirectives();
	var Document = requireDocument();
	var errors = requireErrors();
	var identity = requireIdentity();
	var composeDoc = requireComposeDoc();
	var resolveEnd = requireResolveEnd();

	function getErrorPos(src) {
	    if (typeof src === 'number')
	        return [src, src + 1];
	    if (Array.isArray(src))
	        return src.length === 2 ? src : [src[0], src[1]];
	    const { offset, source } = src;
	    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
	}
	function parsePrelude(prelude) {
	    let comment = '';
	    let atComment = false;
	    let afterEmptyLine = false;
	    for (let i = 0; i < prelude.length; ++i) {
	        const source = prelude[i];
	        switch (source[0]) {
	            case '#':
	                comment +=
	                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
	                        (source.substring(1) || ' ');
	                atComment = true;
	                afterEmptyLine = false;
	                break;
	            case '%':
	                if (prelude[i + 1]?.[0] !== '#')
	                    i += 1;
	                atComment = false;
	                break;
	            default:
	                // This may be wrong after doc-end, but in that case it doesn't matter
	                if (!atComment)
	                    afterEmptyLine = true;
	                atComment = false;
	        }
	    }
	    return { comment, afterEmptyLine };
	}
	/**
	 * Compose a stream of CST nodes into a stream of YAML Documents.
	 *
	 * ```ts
	 * import { Composer, Parser } from 'yaml'
	 *
	 * const src: string = ...
	 * const tokens = new Parser().parse(src)
	 * const docs = new Composer().compose(tokens)
	 * ```
	 */
	class Composer {
	    constructor(options = {}) {
	        this.doc = null;
	        this.atDirectives = false;
	        this.prelude = [];
	        this.errors = [];
	        this.warnings = [];
	        this.onError = (source, code, message, warning) => {
	            const pos = getErrorPos(source);
	            if (warning)
	                this.warnings.push(new errors.YAMLWarning(pos, code, message));
	            else
	                this.errors.push(new errors.YAMLParseError(pos, code, message));
	        };
	        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
	        this.directives = new directives.Directives({ version: options.version || '1.2' });
	        this.options = options;
	    }
	    decorate(doc, afterDoc) {
	        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
	        //console.log({ dc: doc.comment, prelude, comment })
	        if (comment) {
	            const dc = doc.contents;
	            if (afterDoc) {
	                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
	            }
	            else if (afterEmptyLine || doc.directives.docStart || !dc) {
	                doc.commentBefore = comment;
	            }
	            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
	                let it = dc.items[0];
	                if (identity.isPair(it))
	                    it = it.key;
	                const cb = it.commentBefore;
	                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
	            }
	            else {
	                const cb = dc.commentBefore;
	                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
	            }
	        }
	        if (afterDoc) {
	            for (let i = 0; i < this.errors.length; ++i)
	                doc.errors.push(this.errors[i]);
	            for (let i = 0; i < this.warnings.length; ++i)
	                doc.warnings.push(this.warnings[i]);
	        }
	        else {
	            doc.errors = this.errors;
	            doc.warnings = this.warnings;
	        }
	        this.prelude = [];
	        this.errors = [];
	        this.warnings = [];
	    }
	    /**
	     * Current stream status information.
	     *
	     * Mostly useful at the end of input for an empty stream.
	     */
	    streamInfo() {
	        return {
	            comment: parsePrelude(this.prelude).comment,
	            directives: this.directives,
	            errors: this.errors,
	            warnings: this.warnings
	        };
	    }
	    /**
	     * Compose tokens into documents.
	     *
	     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
	     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
	     */
	    *compose(tokens, forceDoc = false, endOffset = -1) {
	        for (const token of tokens)
	            yield* this.next(token);
	        yield* this.end(forceDoc, endOffset);
	    }
	    /** Advance the composer by one CST token. */
	    *next(token) {
	        if (node_process.env.LOG_STREAM)
	            console.dir(token, { depth: null });
	        switch (token.type) {
	            case 'directive':
	                this.directives.add(token.source, (offset, message, warning) => {
	                    const pos = getErrorPos(token);
	                    pos[0] += offset;
	                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
	                });
	                this.prelude.push(token.source);
	                this.atDirectives = true;
	                break;
	            case 'document': {
	                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
	                if (this.atDirectives && !doc.directives.docStart)
	                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
	                this.decorate(doc, false);
	                if (this.doc)
	                    yield this.doc;
	                this.doc = doc;
	                this.atDirectives = false;
	                break;
	            }
	            case 'byte-order-mark':
	            case 'space':
	                break;
	            case 'comment':
	            case 'newline':
	                this.prelude.push(token.source);
	                break;
	            case 'error': {
	                const msg = token.source
	                    ? `${token.message}: ${JSON.stringify(token.source)}`
	                    : token.message;
	                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
	                if (this.atDirectives || !this.doc)
	                    this.errors.push(error);
	                else
	                    this.doc.errors.push(error);
	                break;
	            }
	            case 'doc-end': {
	                if (!this.doc) {
	                    const msg = 'Unexpected doc-end without preceding document';
	                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
	                    break;
	                }
	                this.doc.directives.docEnd = true;
	                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
	                this.decorate(this.doc, true);
	                if (end.comment) {
	                    const dc = this.doc.comment;
	                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
	                }
	                this.doc.range[2] = end.offset;
	                break;
	            }
	            default:
	                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
	        }
	    }
	    /**
	     * Call at end of input to yield any remaining document.
	     *
	     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
	     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
	     */
	    *end(forceDoc = false, endOffset = -1) {
	        if (this.doc) {
	            this.decorate(this.doc, true);
	            yield this.doc;
	            this.doc = null;
	        }
	        else if (forceDoc) {
	            const opts = Object.assign({ _directives: this.directives }, this.options);
	            const doc = new Document.Document(undefined, opts);
	            if (this.atDirectives)
	                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
	            doc.range = [0, endOffset, endOffset];
	            this.decorate(doc, false);
	            yield doc;
	        }
	    }
	}

	composer.Composer = Composer;
	return composer;
}

var cst = {};

var cstScalar = {};

var hasRequiredCstScalar;

function requireCstScalar () {
	if (hasRequiredCstScalar) return cstScalar;
	hasRequiredCstScalar = 1;

	var resolveBlockScalar = requireResolveBlockScalar();
	var resolveFlowScalar = requireResolveFlowScalar();
	var errors = requireErrors();
	var stringifyString = requireStringifyString();

	function resolveAsScalar(token, strict = true, onError) {
	    if (token) {
	        const _onError = (pos, code, message) => {
	            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
	            if (onError)
	                onError(offset, code, message);
	            else
	                throw new errors.YAMLParseError([offset, offset + 1], code, message);
	        };
	        switch (token.type) {
	            case 'scalar':
	            case 'single-quoted-scalar':
	            case 'double-quoted-scalar':
	                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
	            case 'block-scalar':
	                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
	        }
	    }
	    return null;
	}
	/**
	 * Create a new scalar token with `value`
	 *
	 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
	 * as this function does not support any schema operations and won't check for such conflicts.
	 *
	 * @param value The string representation of the value, which will have its content properly indented.
	 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
	 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
	 * @param context.indent The indent level of the token.
	 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
	 * @param context.offset The offset position of the token.
	 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
	 */
	function createScalarToken(value, context) {
	    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
	    const source = stringifyString.stringifyString({ type, value }, {
	        implicitKey,
	        indent: indent > 0 ? ' '.repeat(indent) : '',
	        inFlow,
	        options: { blockQuote: true, lineWidth: -1 }
	    });
	    const end = context.end ?? [
	        { type: 'newline', offset: -1, indent, source: '\n' }
	    ];
	    switch (source[0]) {
	        case '|':
	        case '>': {
	            const he = source.indexOf('\n');
	            const head = source.substring(0, he);
	            const body = source.substring(he + 1) + '\n';
	            const props = [
	                { type: 'block-scalar-header', offset, indent, source: head }
	            ];
	            if (!addEndtoBlockProps(props, end))
	                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
	            return { type: 'block-scalar', offset, indent, props, source: body };
	        }
	        case '"':
	            return { type: 'double-quoted-scalar', offset, indent, source, end };
	        case "'":
	            return { type: 'single-quoted-scalar', offset, indent, source, end };
	        default:
	            return { type: 'scalar', offset, indent, source, end };
	    }
	}
	/**
	 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
	 *
	 * Best efforts are made to retain any comments previously associated with the `token`,
	 * though all contents within a collection's `items` will be overwritten.
	 *
	 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
	 * as this function does not support any schema operations and won't check for such conflicts.
	 *
	 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
	 * @param value The string representation of the value, which will have its content properly indented.
	 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
	 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
	 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
	 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
	 */
	function setScalarValue(token, value, context = {}) {
	    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
	    let indent = 'indent' in token ? token.indent : null;
	    if (afterKey && typeof indent === 'number')
	        indent += 2;
	    if (!type)
	        switch (token.type) {
	            case 'single-quoted-scalar':
	                type = 'QUOTE_SINGLE';
	                break;
	            case 'double-quoted-scalar':
	                type = 'QUOTE_DOUBLE';
	                break;
	            case 'block-scalar': {
	                const header = token.props[0];
	                if (header.type !== 'block-scalar-header')
	                    throw new Error('Invalid block scalar header');
	                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
	                break;
	            }
	            default:
	                type = 'PLAIN';
	        }
	    const source = stringifyString.stringifyString({ type, value }, {
	        implicitKey: implicitKey || indent === null,
	        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
	        inFlow,
	        options: { blockQuote: true, lineWidth: -1 }
	    });
	    switch (source[0]) {
	        case '|':
	        case '>':
	            setBlockScalarValue(token, source);
	            break;
	        case '"':
	            setFlowScalarValue(token, source, 'double-quoted-scalar');
	            break;
	        case "'":
	            setFlowScalarValue(token, source, 'single-quoted-scalar');
	            break;
	        default:
	            setFlowScalarValue(token, source, 'scalar');
	    }
	}
	function setBlockScalarValue(token, source) {
	    const he = source.indexOf('\n');
	    const head = source.substring(0, he);
	    const body = source.substring(he + 1) + '\n';
	    if (token.type === 'block-scalar') {
	        const header = token.props[0];
	        if (header.type !== 'block-scalar-header')
	            throw new Error('Invalid block scalar header');
	        header.source = head;
	        token.source = body;
	    }
	    else {
	        const { offset } = token;
	        const indent = 'indent' in token ? token.indent : -1;
	        const props = [
	            { type: 'block-scalar-header', offset, indent, source: head }
	        ];
	        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
	            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
	        for (const key of Object.keys(token))
	            if (key !== 'type' && key !== 'offset')
	                delete token[key];
	        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
	    }
	}
	/** @returns `true` if last token is a newline */
	function addEndtoBlockProps(props, end) {
	    if (end)
	        for (const st of end)
	            switch (st.type) {
	                case 'space':
	                case 'comment':
	                    props.push(st);
	                    break;
	                case 'newline':
	                    props.push(st);
	                    return true;
	            }
	    return false;
	}
	function setFlowScalarValue(token, source, type) {
	    switch (token.type) {
	        case 'scalar':
	        case 'double-quoted-scalar':
	        case 'single-quoted-scalar':
	            token.type = type;
	            token.source = source;
	            break;
	        case 'block-scalar': {
	            const end = token.props.slice(1);
	            let oa = source.length;
	            if (token.props[0].type === 'block-scalar-header')
	                oa -= token.props[0].source.length;
	            for (const tok of end)
	                tok.offset += oa;
	            delete token.props;
	            Object.assign(token, { type, source, end });
	            break;
	        }
	        case 'block-map':
	        case 'block-seq': {
	            const offset = token.offset + source.length;
	            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
	            delete token.items;
	            Object.assign(token, { type, source, end: [nl] });
	            break;
	        }
	        default: {
	            const indent = 'indent' in token ? token.indent : -1;
	            const end = 'end' in token && Array.isArray(token.end)
	                ? token.end.filter(st => st.type === 'space' ||
	                    st.type === 'comment' ||
	                    st.type === 'newline')
	                : [];
	            for (const key of Object.keys(token))
	                if (key !== 'type' && key !== 'offset')
	                    delete token[key];
	            Object.assign(token, { type, indent, source, end });
	        }
	    }
	}

	cstScalar.createScalarToken = createScalarToken;
	cstScalar.resolveAsScalar = resolveAsScalar;
	cstScalar.setScalarValue = setScalarValue;
	return cstScalar;
}

var cstStringify = {};

var hasRequiredCstStringify;

function requireCstStringify () {
	if (hasRequiredCstStringify) return cstStringify;
	hasRequiredCstStringify = 1;

	/**
	 * Stringify a CST document, token, or collection item
	 *
	 * Fair warning: This applies no validation whatsoever, and
	 * simply concatenates the sources in their logical order.
	 */
	const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
	function stringifyToken(token) {
	    switch (token.type) {
	        case 'block-scalar': {
	            let res = '';
	            for (const tok of token.props)
	                res += stringifyToken(tok);
	            return res + token.source;
	        }
	        case 'block-map':
	        case 'block-seq': {
	            let res = '';
	            for (const item of token.items)
	                res += stringifyItem(item);
	            return res;
	        }
	        case 'flow-collection': {
	            let res = token.start.source;
	            for (const item of token.items)
	                res += stringifyItem(item);
	            for (const st of token.end)
	                res += st.source;
	            return res;
	        }
	        case 'document': {
	            let res = stringifyItem(token);
	            if (token.end)
	                for (const st of token.end)
	                    res += st.source;
	            return res;
	        }
	        default: {
	            let res = token.source;
	            if ('end' in token && token.end)
	                for (const st of token.end)
	                    res += st.source;
	            return res;
	        }
	    }
	}
	function stringifyItem({ start, key, sep, value }) {
	    let res = '';
	    for (const st of start)
	        res += st.source;
	    if (key)
	        res += stringifyToken(key);
	    if (sep)
	        for (const st of sep)
	            res += st.source;
	    if (value)
	        res += stringifyToken(value);
	    return res;
	}

	cstStringify.stringify = stringify;
	return cstStringify;
}

var cstVisit = {};

var hasRequiredCstVisit;

function requireCstVisit () {
	if (hasRequiredCstVisit) return cstVisit;
	hasRequiredCstVisit = 1;

	const BREAK = Symbol('break visit');
	const SKIP = Symbol('skip children');
	const REMOVE = Symbol('remove item');
	/**
	 * Apply a visitor to a CST document or item.
	 *
	 * Walks through the tree (depth-first) starting from the root, calling a
	 * `visitor` function with two arguments when entering each item:
	 *   - `item`: The current item, which included the following members:
	 *     - `start: SourceToken[]` – Source tokens before the key or value,
	 *       possibly including its anchor or tag.
	 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
	 *       the key before the `:` separator is empty.
	 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
	 *       which should include the `:` map value indicator if `value` is set.
	 *     - `value?: Token` – The value of a sequence item, or of a map pair.
	 *   - `path`: The steps from the root to the current node, as an array of
	 *     `['key' | 'value', number]` tuples.
	 *
	 * The return value of the visitor may be used to control the traversal:
	 *   - `undefined` (default): Do nothing and continue
	 *   - `visit.SKIP`: Do not visit the children of this token, continue with
	 *      next sibling
	 *   - `visit.BREAK`: Terminate traversal completely
	 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
	 *   - `number`: Set the index of the next step. This is useful especially if
	 *     the index of the current token has changed.
	 *   - `function`: Define the next visitor for this item. After the original
	 *     visitor is called on item entry, next visitors are called after handling
	 *     a non-empty `key` and when exiting the item.
	 */
	function visit(cst, visitor) {
	    if ('type' in cst && cst.type === 'document')
	        cst = { start: cst.start, value: cst.value };
	    _visit(Object.freeze([]), cst, visitor);
	}
	// Without the `as symbol` casts, TS declares these in the `visit`
	// namespace using `var`, but then complains about that because
	// `unique symbol` must be `const`.
	/** Terminate visit traversal completely */
	visit.BREAK = BREAK;
	/** Do not visit the children of the current item */
	visit.SKIP = SKIP;
	/** Remove the current item */
	visit.REMOVE = REMOVE;
	/** Find the item at `path` from `cst` as the root */
	visit.itemAtPath = (cst, path) => {
	    let item = cst;
	    for (const [field, index] of path) {
	        const tok = item?.[field];
	        if (tok && 'items' in tok) {
	            item = tok.items[index];
	        }
	        else
	            return undefined;
	    }
	    return item;
	};
	/**
	 * Get the immediate parent collection of the item at `path` from `cst` as the root.
	 *
	 * Throws an error if the collection is not found, which should never happen if the item itself exists.
	 */
	visit.parentCollection = (cst, path) => {
	    const parent = visit.itemAtPath(cst, path.slice(0, -1));
	    const field = path[path.length - 1][0];
	    const coll = parent?.[field];
	    if (coll && 'items' in coll)
	        return coll;
	    throw new Error('Parent collection not found');
	};
	function _visit(path, item, visitor) {
	    let ctrl = visitor(item, path);
	    if (typeof ctrl === 'symbol')
	        return ctrl;
	    for (const field of ['key', 'value']) {
	        const token = item[field];
	        if (token && 'items' in token) {
	            for (let i = 0; i < token.items.length; ++i) {
	                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
	                if (typeof ci === 'number')
	                    i = ci - 1;
	                else if (ci === BREAK)
	                    return BREAK;
	                else if (ci === REMOVE) {
	                    token.items.splice(i, 1);
	                    i -= 1;
	                }
	            }
	            if (typeof ctrl === 'function' && field === 'key')
	                ctrl = ctrl(item, path);
	        }
	    }
	    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
	}

	cstVisit.visit = visit;
	return cstVisit;
}

var hasRequiredCst;

function requireCst () {
	if (hasRequiredCst) return cst;
	hasRequiredCst = 1;

	var cstScalar = requireCstScalar();
	var cstStringify = requireCstStringify();
	var cstVisit = requireCstVisit();

	/** The byte order mark */
	const BOM = '\u{FEFF}';
	/** Start of doc-mode */
	const DOCUMENT = '\x02'; // C0: Start of Text
	/** Unexpected end of flow-mode */
	const FLOW_END = '\x18'; // C0: Cancel
	/** Next token is a scalar value */
	const SCALAR = '\x1f'; // C0: Unit Separator
	/** @returns `true` if `token` is a flow or block collection */
	const isCollection = (token) => !!token && 'items' in token;
	/** @returns `true` if `token` is a flow or block scalar; not an alias */
	const isScalar = (token) => !!token &&
	    (token.type === 'scalar' ||
	        token.type === 'single-quoted-scalar' ||
	        token.type === 'double-quoted-scalar' ||
	        token.type === 'block-scalar');
	/* istanbul ignore next */
	/** Get a printable representation of a lexer token */
	function prettyToken(token) {
	    switch (token) {
	        case BOM:
	            return '<BOM>';
	        case DOCUMENT:
	            return '<DOC>';
	        case FLOW_END:
	            return '<FLOW_END>';
	        case SCALAR:
	            return '<SCALAR>';
	        default:
	            return JSON.stringify(token);
	    }
	}
	/** Identify the type of a lexer token. May return `null` for unknown tokens. */
	function tokenType(source) {
	    switch (source) {
	        case BOM:
	            return 'byte-order-mark';
	        case DOCUMENT:
	            return 'doc-mode';
	        case FLOW_END:
	            return 'flow-error-end';
	        case SCALAR:
	            return 'scalar';
	        case '---':
	            return 'doc-start';
	        case '...':
	            return 'doc-end';
	        case '':
	        case '\n':
	        case '\r\n':
	            return 'newline';
	        case '-':
	            return 'seq-item-ind';
	        case '?':
	            return 'explicit-key-ind';
	        case ':':
	            return 'map-value-ind';
	        case '{':
	            return 'flow-map-start';
	        case '}':
	            return 'flow-map-end';
	        case '[':
	            return 'flow-seq-start';
	        case ']':
	            return 'flow-seq-end';
	        case ',':
	            return 'comma';
	    }
	    switch (source[0]) {
	        case ' ':
	        case '\t':
	            return 'space';
	        case '#':
	            return 'comment';
	        case '%':
	            return 'directive-line';
	        case '*':
	            return 'alias';
	        case '&':
	            return 'anchor';
	        case '!':
	            return 'tag';
	        case "'":
	            return 'single-quoted-scalar';
	        case '"':
	            return 'double-quoted-scalar';
	        case '|':
	        case '>':
	            return 'block-scalar-header';
	    }
	    return null;
	}

	cst.createScalarToken = cstScalar.createScalarToken;
	cst.resolveAsScalar = cstScalar.resolveAsScalar;
	cst.setScalarValue = cstScalar.setScalarValue;
	cst.stringify = cstStringify.stringify;
	cst.visit = cstVisit.visit;
	cst.BOM = BOM;
	cst.DOCUMENT = DOCUMENT;
	cst.FLOW_END = FLOW_END;
	cst.SCALAR = SCALAR;
	cst.isCollection = isCollection;
	cst.isScalar = isScalar;
	cst.prettyToken = prettyToken;
	cst.tokenType = tokenType;
	return cst;
}

var lexer = {};

var hasRequiredLexer;

function requireLexer () {
	if (hasRequiredLexer) return lexer;
	hasRequiredLexer = 1;

	var cst = requireCst();

	/*
	START -> stream

	stream
	  directive -> line-end -> stream
	  indent + line-end -> stream
	  [else] -> line-start

	line-end
	  comment -> line-end
	  newline -> .
	  input-end -> END

	line-start
	  doc-start -> doc
	  doc-end -> stream
	  [else] -> indent -> block-start

	block-start
	  seq-item-start -> block-start
	  explicit-key-start -> block-start
	  map-value-start -> block-start
	  [else] -> doc

	doc
	  line-end -> line-start
	  spaces -> doc
	  anchor -> doc
	  tag -> doc
	  flow-start -> flow -> doc
	  flow-end -> error -> doc
	  seq-item-start -> error -> doc
	  explicit-key-start -> error -> doc
	  map-value-start -> doc
	  alias -> doc
	  quote-start -> quoted-scalar -> doc
	  block-scalar-header -> line-end -> block-scalar(min) -> line-start
	  [else] -> plain-scalar(false, min) -> doc

	flow
	  line-end -> flow
	  spaces -> flow
	  anchor -> flow
	  tag -> flow
	  flow-start -> flow -> flow
	  flow-end -> .
	  seq-item-start -> error -> flow
	  explicit-key-start -> flow
	  map-value-start -> flow
	  alias -> flow
	  quote-start -> quoted-scalar -> flow
	  comma -> flow
	  [else] -> plain-scalar(true, 0) -> flow

	quoted-scalar
	  quote-end -> .
	  [else] -> quoted-scalar

	block-scalar(min)
	  newline + peek(indent < min) -> .
	  [else] -> block-scalar(min)

	plain-scalar(is-flow, min)
	  scalar-end(is-flow) -> .
	  peek(newline + (indent < min)) -> .
	  [else] -> plain-scalar(min)
	*/
	function isEmpty(ch) {
	    switch (ch) {
	        case undefined:
	        case ' ':
	        case '\n':
	        case '\r':
	        case '\t':
	            return true;
	        default:
	            return false;
	    }
	}
	const hexDigits = new Set('0123456789ABCDEFabcdef');
	const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
	const flowIndicatorChars = new Set(',[]{}');
	const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
	const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
	/**
	 * Splits an input string into lexical tokens, i.e. smaller strings that are
	 * easily identifiable by `tokens.tokenType()`.
	 *
	 * Lexing starts always in a "stream" context. Incomplete input may be buffered
	 * until a complete token can be emitted.
	 *
	 * In addition to slices of the original input, the following control characters
	 * may also be emitted:
	 *
	 * - `\x02` (Start of Text): A document starts with the next token
	 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
	 * - `\x1f` (Unit Separator): Next token is a scalar value
	 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
	 */
	class Lexer {
	    constructor() {
	        /**
	         * Flag indicating whether the end of the current buffer marks the end of
	         * all input
	         */
	        this.atEnd = false;
	        /**
	         * Explicit indent set in block scalar header, as an offset from the current
	         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
	         * explicitly set.
	         */
	        this.blockScalarIndent = -1;
	        /**
	         * Block scalars that include a + (keep) chomping indicator in their header
	         * include trailing empty lines, which are otherwise excluded from the
	         * scalar's contents.
	         */
	        this.blockScalarKeep = false;
	        /** Current input */
	        this.buffer = '';
	        /**
	         * Flag noting whether the map value indicator : can immediately follow this
	         * node within a flow context.
	         */
	        this.flowKey = false;
	        /** Count of surrounding flow collection levels. */
	        this.flowLevel = 0;
	        /**
	         * Minimum level of indentation required for next lines to be parsed as a
	         * part of the current scalar value.
	         */
	        this.indentNext = 0;
	        /** Indentation level of the current line. */
	        this.indentValue = 0;
	        /** Position of the next \n character. */
	        this.lineEndPos = null;
	        /** Stores the state of the lexer if reaching the end of incpomplete input */
	        this.next = null;
	        /** A pointer to `buffer`; the current position of the lexer. */
	        this.pos = 0;
	    }
	    /**
	     * Generate YAML tokens from the `source` string. If `incomplete`,
	     * a part of the last line may be left as a buffer for the next call.
	     *
	     * @returns A generator of lexical tokens
	     */
	    *lex(source, incomplete = false) {
	        if (source) {
	            if (typeof source !== 'string')
	                throw TypeError('source is not a string');
	            this.buffer = this.buffer ? this.buffer + source : source;
	            this.lineEndPos = null;
	        }
	        this.atEnd = !incomplete;
	        let next = this.next ?? 'stream';
	        while (next && (incomplete || this.hasChars(1)))
	            next = yield* this.parseNext(next);
	    }
	    atLineEnd() {
	        let i = this.pos;
	        let ch = this.buffer[i];
	        while (ch === ' ' || ch === '\t')
	            ch = this.buffer[++i];
	        if (!ch || ch === '#' || ch === '\n')
	            return true;
	        if (ch === '\r')
	            return this.buffer[i + 1] === '\n';
	        return false;
	    }
	    charAt(n) {
	        return this.buffer[this.pos + n];
	    }
	    continueScalar(offset) {
	        let ch = this.buffer[offset];
	        if (this.indentNext > 0) {
	            let indent = 0;
	            while (ch === ' ')
	                ch = this.buffer[++indent + offset];
	            if (ch === '\r') {
	                const next = this.buffer[indent + offset + 1];
	                if (next === '\n' || (!next && !this.atEnd))
	                    return offset + indent + 1;
	            }
	            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
	                ? offset + indent
	                : -1;
	        }
	        if (ch === '-' || ch === '.') {
	            const dt = this.buffer.substr(offset, 3);
	            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
	                return -1;
	        }
	        return offset;
	    }
	    getLine() {
	        let end = this.lineEndPos;
	        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
	            end = this.buffer.indexOf('\n', this.pos);
	            this.lineEndPos = end;
	        }
	        if (end === -1)
	            return this.atEnd ? this.buffer.substring(this.pos) : null;
	        if (this.buffer[end - 1] === '\r')
	            end -= 1;
	        return this.buffer.substring(this.pos, end);
	    }
	    hasChars(n) {
	        return this.pos + n <= this.buffer.length;
	    }
	    setNext(state) {
	        this.buffer = this.buffer.substring(this.pos);
	        this.pos = 0;
	        this.lineEndPos = null;
	        this.next = state;
	        return null;
	    }
	    peek(n) {
	        return this.buffer.substr(this.pos, n);
	    }
	    *parseNext(next) {
	        switch (next) {
	            case 'stream':
	                return yield* this.parseStream();
	            case 'line-start':
	                return yield* this.parseLineStart();
	            case 'block-start':
	                return yield* this.parseBlockStart();
	            case 'doc':
	                return yield* this.parseDocument();
	            case 'flow':
	                return yield* this.parseFlowCollection();
	            case 'quoted-scalar':
	                return yield* this.parseQuotedScalar();
	            case 'block-scalar':
	                return yield* this.parseBlockScalar();
	            case 'plain-scalar':
	                return yield* this.parsePlainScalar();
	        }
	    }
	    *parseStream() {
	        let line = this.getLine();
	        if (line === null)
	            return this.setNext('stream');
	        if (line[0] === cst.BOM) {
	            yield* this.pushCount(1);
	            line = line.substring(1);
	        }
	        if (line[0] === '%') {
	            let dirEnd = line.length;
	            let cs = line.indexOf('#');
	            while (cs !== -1) {
	                const ch = line[cs - 1];
	                if (ch === ' ' || ch === '\t') {
	                    dirEnd = cs - 1;
	                    break;
	                }
	                else {
	                    cs = line.indexOf('#', cs + 1);
	                }
	            }
	            while (true) {
	                const ch = line[dirEnd - 1];
	                if (ch === ' ' || ch === '\t')
	                    dirEnd -= 1;
	                else
	                    break;
	            }
	            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
	            yield* this.pushCount(line.length - n); // possible comment
	            this.pushNewline();
	            return 'stream';
	        }
	        if (this.atLineEnd()) {
	            const sp = yield* this.pushSpaces(true);
	            yield* this.pushCount(line.length - sp);
	            yield* this.pushNewline();
	            return 'stream';
	        }
	        yield cst.DOCUMENT;
	        return yield* this.parseLineStart();
	    }
	    *parseLineStart() {
	        const ch = this.charAt(0);
	        if (!ch && !this.atEnd)
	            return this.setNext('line-start');
	        if (ch === '-' || ch === '.') {
	            if (!this.atEnd && !this.hasChars(4))
	                return this.setNext('line-start');
	            const s = this.peek(3);
	            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
	                yield* this.pushCount(3);
	                this.indentValue = 0;
	                this.indentNext = 0;
	                return s === '---' ? 'doc' : 'stream';
	            }
	        }
	        this.indentValue = yield* this.pushSpaces(false);
	        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
	            this.indentNext = this.indentValue;
	        return yield* this.parseBlockStart();
	    }
	    *parseBlockStart() {
	        const [ch0, ch1] = this.peek(2);
	        if (!ch1 && !this.atEnd)
	            return this.setNext('block-start');
	        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
	            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
	            this.indentNext = this.indentValue + 1;
	            this.indentValue += n;
	            return 'block-start';
	        }
	        return 'doc';
	    }
	    *parseDocument() {
	        yield* this.pushSpaces(true);
	        const line = this.getLine();
	        if (line === null)
	            return this.setNext('doc');
	        let n = yield* this.pushIndicators();
	        switch (line[n]) {
	            case '#':
	                yield* this.pushCount(line.length - n);
	            // fallthrough
	            case undefined:
	                yield* this.pushNewline();
	                return yield* this.parseLineStart();
	            case '{':
	            case '[':
	                yield* this.pushCount(1);
	                this.flowKey = false;
	                this.flowLevel = 1;
	                return 'flow';
	            case '}':
	            case ']':
	                // this is an error
	                yield* this.pushCount(1);
	                return 'doc';
	            case '*':
	                yield* this.pushUntil(isNotAnchorChar);
	                return 'doc';
	            case '"':
	            case "'":
	                return yield* this.parseQuotedScalar();
	            case '|':
	            case '>':
	                n += yield* this.parseBlockScalarHeader();
	                n += yield* this.pushSpaces(true);
	                yield* this.pushCount(line.length - n);
	                yield* this.pushNewline();
	                return yield* this.parseBlockScalar();
	            default:
	                return yield* this.parsePlainScalar();
	        }
	    }
	    *parseFlowCollection() {
	        let nl, sp;
	        let indent = -1;
	        do {
	            nl = yield* this.pushNewline();
	            if (nl > 0) {
	                sp = yield* this.pushSpaces(false);
	                this.indentValue = indent = sp;
	            }
	            else {
	                sp = 0;
	            }
	            sp += yield* this.pushSpaces(true);
	        } while (nl + sp > 0);
	        const line = this.getLine();
	        if (line === null)
	            return this.setNext('flow');
	        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
	            (indent === 0 &&
	                (line.startsWith('---') || line.startsWith('...')) &&
	                isEmpty(line[3]))) {
	            // Allowing for the terminal ] or } at the same (rather than greater)
	            // indent level as the initial [ or { is technically invalid, but
	            // failing here would be surprising to users.
	            const atFlowEndMarker = indent === this.indentNext - 1 &&
	                this.flowLevel === 1 &&
	                (line[0] === ']' || line[0] === '}');
	            if (!atFlowEndMarker) {
	                // this is an error
	                this.flowLevel = 0;
	                yield cst.FLOW_END;
	                return yield* this.parseLineStart();
	            }
	        }
	        let n = 0;
	        while (line[n] === ',') {
	            n += yield* this.pushCount(1);
	            n += yield* this.pushSpaces(true);
	            this.flowKey = false;
	        }
	        n += yield* this.pushIndicators();
	        switch (line[n]) {
	            case undefined:
	                return 'flow';
	            case '#':
	                yield* this.pushCount(line.length - n);
	                return 'flow';
	            case '{':
	            case '[':
	                yield* this.pushCount(1);
	                this.flowKey = false;
	                this.flowLevel += 1;
	                return 'flow';
	            case '}':
	            case ']':
	                yield* this.pushCount(1);
	                this.flowKey = true;
	                this.flowLevel -= 1;
	                return this.flowLevel ? 'flow' : 'doc';
	            case '*':
	                yield* this.pushUntil(isNotAnchorChar);
	                return 'flow';
	            case '"':
	            case "'":
	                this.flowKey = true;
	                return yield* this.parseQuotedScalar();
	            case ':': {
	                const next = this.charAt(1);
	                if (this.flowKey || isEmpty(next) || next === ',') {
	                    this.flowKey = false;
	                    yield* this.pushCount(1);
	                    yield* this.pushSpaces(true);
	                    return 'flow';
	                }
	            }
	            // fallthrough
	            default:
	                this.flowKey = false;
	                return yield* this.parsePlainScalar();
	        }
	    }
	    *parseQuotedScalar() {
	        const quote = this.charAt(0);
	        let end = this.buffer.indexOf(quote, this.pos + 1);
	        if (quote === "'") {
	            while (end !== -1 && this.buffer[end + 1] === "'")
	                end = this.buffer.indexOf("'", end + 2);
	        }
	        else {
	            // double-quote
	            while (end !== -1) {
	                let n = 0;
	                while (this.buffer[end - 1 - n] === '\\')
	                    n += 1;
	                if (n % 2 === 0)
	                    break;
	                end = this.buffer.indexOf('"', end + 1);
	            }
	        }
	        // Only looking for newlines within the quotes
	        const qb = this.buffer.substring(0, end);
	        let nl = qb.indexOf('\n', this.pos);
	        if (nl !== -1) {
	            while (nl !== -1) {
	                const cs = this.continueScalar(nl + 1);
	                if (cs === -1)
	                    break;
	                nl = qb.indexOf('\n', cs);
	            }
	            if (nl !== -1) {
	                // this is an error caused by an unexpected unindent
	                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
	            }
	        }
	        if (end === -1) {
	            if (!this.atEnd)
	                return this.setNext('quoted-scalar');
	            end = this.buffer.length;
	        }
	        yield* this.pushToIndex(end + 1, false);
	        return this.flowLevel ? 'flow' : 'doc';
	    }
	    *parseBlockScalarHeader() {
	        this.blockScalarIndent = -1;
	        this.blockScalarKeep = false;
	        let i = this.pos;
	        while (true) {
	            const ch = this.buffer[++i];
	            if (ch === '+')
	                this.blockScalarKeep = true;
	            else if (ch > '0' && ch <= '9')
	                this.blockScalarIndent = Number(ch) - 1;
	            else if (ch !== '-')
	                break;
	        }
	        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
	    }
	    *parseBlockScalar() {
	        let nl = this.pos - 1; // may be -1 if this.pos === 0
	        let indent = 0;
	        let ch;
	        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
	            switch (ch) {
	                case ' ':
	                    indent += 1;
	                    break;
	                case '\n':
	                    nl = i;
	                    indent = 0;
	                    break;
	                case '\r': {
	                    const next = this.buffer[i + 1];
	                    if (!next && !this.atEnd)
	                        return this.setNext('block-scalar');
	                    if (next === '\n')
	                        break;
	                } // fallthrough
	                default:
	                    break loop;
	            }
	        }
	        if (!ch && !this.atEnd)
	            return this.setNext('block-scalar');
	        if (indent >= this.indentNext) {
	            if (this.blockScalarIndent === -1)
	                this.indentNext = indent;
	            else {
	                this.indentNext =
	                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
	            }
	            do {
	                const cs = this.continueScalar(nl + 1);
	                if (cs === -1)
	                    break;
	                nl = this.buffer.indexOf('\n', cs);
	            } while (nl !== -1);
	            if (nl === -1) {
	                if (!this.atEnd)
	                    return this.setNext('block-scalar');
	                nl = this.buffer.length;
	            }
	        }
	        // Trailing insufficiently indented tabs are invalid.
	        // To catch that during parsing, we include them in the block scalar value.
	        let i = nl + 1;
	        ch = this.buffer[i];
	        while (ch === ' ')
	            ch = this.buffer[++i];
	        if (ch === '\t') {
	            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
	                ch = this.buffer[++i];
	            nl = i - 1;
	        }
	        else if (!this.blockScalarKeep) {
	            do {
	                let i = nl - 1;
	                let ch = this.buffer[i];
	                if (ch === '\r')
	                    ch = this.buffer[--i];
	                const lastChar = i; // Drop the line if last char not more indented
	                while (ch === ' ')
	                    ch = this.buffer[--i];
	                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
	                    nl = i;
	                else
	                    break;
	            } while (true);
	        }
	        yield cst.SCALAR;
	        yield* this.pushToIndex(nl + 1, true);
	        return yield* this.parseLineStart();
	    }
	    *parsePlainScalar() {
	        const inFlow = this.flowLevel > 0;
	        let end = this.pos - 1;
	        let i = this.pos - 1;
	        let ch;
	        while ((ch = this.buffer[++i])) {
	            if (ch === ':') {
	                const next = this.buffer[i + 1];
	                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
	                    break;
	                end = i;
	            }
	            else if (isEmpty(ch)) {
	                let next = this.buffer[i + 1];
	                if (ch === '\r') {
	                    if (next === '\n') {
	                        i += 1;
	                        ch = '\n';
	                        next = this.buffer[i + 1];
	                    }
	                    else
	                        end = i;
	                }
	                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
	                    break;
	                if (ch === '\n') {
	                    const cs = this.continueScalar(i + 1);
	                    if (cs === -1)
	                        break;
	                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
	                }
	            }
	            else {
	                if (inFlow && flowIndicatorChars.has(ch))
	                    break;
	                end = i;
	            }
	        }
	        if (!ch && !this.atEnd)
	            return this.setNext('plain-scalar');
	        yield cst.SCALAR;
	        yield* this.pushToIndex(end + 1, true);
	        return inFlow ? 'flow' : 'doc';
	    }
	    *pushCount(n) {
	        if (n > 0) {
	            yield this.buffer.substr(this.pos, n);
	            this.pos += n;
	            return n;
	        }
	        return 0;
	    }
	    *pushToIndex(i, allowEmpty) {
	        const s = this.buffer.slice(this.pos, i);
	        if (s) {
	            yield s;
	            this.pos += s.length;
	            return s.length;
	        }
	        else if (allowEmpty)
	            yield '';
	        return 0;
	    }
	    *pushIndicators() {
	        let n = 0;
	        loop: while (true) {
	            switch (this.charAt(0)) {
	                case '!':
	                    n += yield* this.pushTag();
	                    n += yield* this.pushSpaces(true);
	                    continue loop;
	                case '&':
	                    n += yield* this.pushUntil(isNotAnchorChar);
	                    n += yield* this.pushSpaces(true);
	                    continue loop;
	                case '-': // this is an error
	                case '?': // this is an error outside flow collections
	                case ':': {
	                    const inFlow = this.flowLevel > 0;
	                    const ch1 = this.charAt(1);
	                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
	                        if (!inFlow)
	                            this.indentNext = this.indentValue + 1;
	                        else if (this.flowKey)
	                            this.flowKey = false;
	                        n += yield* this.pushCount(1);
	                        n += yield* this.pushSpaces(true);
	                        continue loop;
	                    }
	                }
	            }
	            break loop;
	        }
	        return n;
	    }
	    *pushTag() {
	        if (this.charAt(1) === '<') {
	            let i = this.pos + 2;
	            let ch = this.buffer[i];
	            while (!isEmpty(ch) && ch !== '>')
	                ch = this.buffer[++i];
	            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
	        }
	        else {
	            let i = this.pos + 1;
	            let ch = this.buffer[i];
	            while (ch) {
	                if (tagChars.has(ch))
	                    ch = this.buffer[++i];
	                else if (ch === '%' &&
	                    hexDigits.has(this.buffer[i + 1]) &&
	                    hexDigits.has(this.buffer[i + 2])) {
	                    ch = this.buffer[(i += 3)];
	                }
	                else
	                    break;
	            }
	            return yield* this.pushToIndex(i, false);
	        }
	    }
	    *pushNewline() {
	        const ch = this.buffer[this.pos];
	        if (ch === '\n')
	            return yield* this.pushCount(1);
	        else if (ch === '\r' && this.charAt(1) === '\n')
	            return yield* this.pushCount(2);
	        else
	            return 0;
	    }
	    *pushSpaces(allowTabs) {
	        let i = this.pos - 1;
	        let ch;
	        do {
	            ch = this.buffer[++i];
	        } while (ch === ' ' || (allowTabs && ch === '\t'));
	        const n = i - this.pos;
	        if (n > 0) {
	            yield this.buffer.substr(this.pos, n);
	            this.pos = i;
	        }
	        return n;
	    }
	    *pushUntil(test) {
	        let i = this.pos;
	        let ch = this.buffer[i];
	        while (!test(ch))
	            ch = this.buffer[++i];
	        return yield* this.pushToIndex(i, false);
	    }
	}

	lexer.Lexer = Lexer;
	return lexer;
}

var lineCounter = {};

var hasRequiredLineCounter;

function requireLineCounter () {
	if (hasRequiredLineCounter) return lineCounter;
	hasRequiredLineCounter = 1;

	/**
	 * Tracks newlines during parsing in order to provide an efficient API for
	 * determining the one-indexed `{ line, col }` position for any offset
	 * within the input.
	 */
	class LineCounter {
	    constructor() {
	        this.lineStarts = [];
	        /**
	         * Should be called in ascending order. Otherwise, call
	         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
	         */
	        this.addNewLine = (offset) => this.lineStarts.push(offset);
	        /**
	         * Performs a binary search and returns the 1-indexed { line, col }
	         * position of `offset`. If `line === 0`, `addNewLine` has never been
	         * called or `offset` is before the first known newline.
	         */
	        this.linePos = (offset) => {
	            let low = 0;
	            let high = this.lineStarts.length;
	            while (low < high) {
	                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
	                if (this.lineStarts[mid] < offset)
	                    low = mid + 1;
	                else
	                    high = mid;
	            }
	            if (this.lineStarts[low] === offset)
	                return { line: low + 1, col: 1 };
	            if (low === 0)
	                return { line: 0, col: offset };
	            const start = this.lineStarts[low - 1];
	            return { line: low, col: offset - start + 1 };
	        };
	    }
	}

	lineCounter.LineCounter = LineCounter;
	return lineCounter;
}

var parser = {};

var hasRequiredParser;

function requireParser () {
	if (hasRequiredParser) return parser;
	hasRequiredParser = 1;

	var node_process = require$$0;
	var cst = requireCst();
	var lexer = requireLexer();

	function includesToken(list, type) {
	    for (let i = 0; i < list.length; ++i)
	        if (list[i].type === type)
	            return true;
	    return false;
	}
	function findNonEmptyIndex(list) {
	    for (let i = 0; i < list.length; ++i) {
	        switch (list[i].type) {
	            case 'space':
	            case 'comment':
	            case 'newline':
	                break;
	            default:
	                return i;
	        }
	    }
	    return -1;
	}
	function isFlowToken(token) {
	    switch (token?.type) {
	        case 'alias':
	        case 'scalar':
	        case 'single-quoted-scalar':
	        case 'double-quoted-scalar':
	        case 'flow-collection':
	            return true;
	        default:
	            return false;
	    }
	}
	function getPrevProps(parent) {
	    switch (parent.type) {
	        case 'document':
	            return parent.start;
	        case 'block-map': {
	            const it = parent.items[parent.items.length - 1];
	            return it.sep ?? it.start;
	        }
	        case 'block-seq':
	            return parent.items[parent.items.length - 1].start;
	        /* istanbul ignore next should not happen */
	        default:
	            return [];
	    }
	}
	/** Note: May modify input array */
	function getFirstKeyStartProps(prev) {
	    if (prev.length === 0)
	        return [];
	    let i = prev.length;
	    loop: while (--i >= 0) {
	        switch (prev[i].type) {
	            case 'doc-start':
	            case 'explicit-key-ind':
	            case 'map-value-ind':
	            case 'seq-item-ind':
	            case 'newline':
	                break loop;
	        }
	    }
	    while (prev[++i]?.type === 'space') {
	        /* loop */
	    }
	    return prev.splice(i, prev.length);
	}
	function arrayPushArray(target, source) {
	    // May exhaust call stack with large `source` array
	    if (source.length < 1e5)
	        Array.prototype.push.apply(target, source);
	    else
	        for (let i = 0; i < source.length; ++i)
	            target.push(source[i]);
	}
	function fixFlowSeqItems(fc) {
	    if (fc.start.type === 'flow-seq-start') {
	        for (const it of fc.items) {
	            if (it.sep &&
	                !it.value &&
	                !includesToken(it.start, 'explicit-key-ind') &&
	                !includesToken(it.sep, 'map-value-ind')) {
	                if (it.key)
	                    it.value = it.key;
	                delete it.key;
	                if (isFlowToken(it.value)) {
	                    if (it.value.end)
	                        arrayPushArray(it.value.end, it.sep);
	                    else
	                        it.value.end = it.sep;
	                }
	                else
	                    arrayPushArray(it.start, it.sep);
	                delete it.sep;
	            }
	        }
	    }
	}
	/**
	 * A YAML concrete syntax tree (CST) parser
	 *
	 * ```ts
	 * const src: string = ...
	 * for (const token of new Parser().parse(src)) {
	 *   // token: Token
	 * }
	 * ```
	 *
	 * To use the parser with a user-provided lexer:
	 *
	 * ```ts
	 * function* parse(source: string, lexer: Lexer) {
	 *   const parser = new Parser()
	 *   for (const lexeme of lexer.lex(source))
	 *     yield* parser.next(lexeme)
	 *   yield* parser.end()
	 * }
	 *
	 * const src: string = ...
	 * const lexer = new Lexer()
	 * for (const token of parse(src, lexer)) {
	 *   // token: Token
	 * }
	 * ```
	 */
	class Parser {
	    /**
	     * @param onNewLine - If defined, called separately with the start position of
	     *   each new line (in `parse()`, including the start of input).
	     */
	    constructor(onNewLine) {
	        /** If true, space and sequence indicators count as indentation */
	        this.atNewLine = true;
	        /** If true, next token is a scalar value */
	        this.atScalar = false;
	        /** Current indentation level */
	        this.indent = 0;
	        /** Current offset since the start of parsing */
	        this.offset = 0;
	        /** On the same line with a block map key */
	        this.onKeyLine = false;
	        /** Top indicates the node that's currently being built */
	        this.stack = [];
	        /** The source of the current token, set in parse() */
	        this.source = '';
	        /** The type of the current token, set in parse() */
	        this.type = '';
	        // Must be defined after `next()`
	        this.lexer = new lexer.Lexer();
	        this.onNewLine = onNewLine;
	    }
	    /**
	     * Parse `source` as a YAML stream.
	     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
	     *
	     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
	     *
	     * @returns A generator of tokens representing each directive, document, and other structure.
	     */
	    *parse(source, incomplete = false) {
	        if (this.onNewLine && this.offset === 0)
	            this.onNewLine(0);
	        for (const lexeme of this.lexer.lex(source, incomplete))
	            yield* this.next(lexeme);
	        if (!incomplete)
	            yield* this.end();
	    }
	    /**
	     * Advance the parser by the `source` of one lexical token.
	     */
	    *next(source) {
	        this.source = source;
	        if (node_process.env.LOG_TOKENS)
	            console.log('|', cst.prettyToken(source));
	        if (this.atScalar) {
	            this.atScalar = false;
	            yield* this.step();
	            this.offset += source.length;
	            return;
	        }
	        const type = cst.tokenType(source);
	        if (!type) {
	            const message = `Not a YAML token: ${source}`;
	            yield* this.pop({ type: 'error', offset: this.offset, message, source });
	            this.offset += source.length;
	        }
	        else if (type === 'scalar') {
	            this.atNewLine = false;
	            this.atScalar = true;
	            this.type = 'scalar';
	        }
	        else {
	            this.type = type;
	            yield* this.step();
	            switch (type) {
	                case 'newline':
	                    this.atNewLine = true;
	                    this.indent = 0;
	                    if (this.onNewLine)
	                        this.onNewLine(this.offset + source.length);
	                    break;
	                case 'space':
	                    if (this.atNewLine && source[0] === ' ')
	                        this.indent += source.length;
	                    break;
	                case 'explicit-key-ind':
	                case 'map-value-ind':
	                case 'seq-item-ind':
	                    if (this.atNewLine)
	                        this.indent += source.length;
	                    break;
	                case 'doc-mode':
	                case 'flow-error-end':
	                    return;
	                default:
	                    this.atNewLine = false;
	            }
	            this.offset += source.length;
	        }
	    }
	    /** Call at end of input to push out any remaining constructions */
	    *end() {
	        while (this.stack.length > 0)
	            yield* this.pop();
	    }
	    get sourceToken() {
	        const st = {
	            type: this.type,
	            offset: this.offset,
	            indent: this.indent,
	            source: this.source
	        };
	        return st;
	    }
	    *step() {
	        const top = this.peek(1);
	        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
	            while (this.stack.length > 0)
	                yield* this.pop();
	            this.stack.push({
	                type: 'doc-end',
	                offset: this.offset,
	                source: this.source
	            });
	            return;
	        }
	        if (!top)
	            return yield* this.stream();
	        switch (top.type) {
	            case 'document':
	                return yield* this.document(top);
	            case 'alias':
	            case 'scalar':
	            case 'single-quoted-scalar':
	            case 'double-quoted-scalar':
	                return yield* this.scalar(top);
	            case 'block-scalar':
	                return yield* this.blockScalar(top);
	            case 'block-map':
	                return yield* this.blockMap(top);
	            case 'block-seq':
	                return yield* this.blockSequence(top);
	            case 'flow-collection':
	                return yield* this.flowCollection(top);
	            case 'doc-end':
	                return yield* this.documentEnd(top);
	        }
	        /* istanbul ignore next should not happen */
	        yield* this.pop();
	    }
	    peek(n) {
	        return this.stack[this.stack.length - n];
	    }
	    *pop(error) {
	        const token = error ?? this.stack.pop();
	        /* istanbul ignore if should not happen */
	        if (!token) {
	            const message = 'Tried to pop an empty stack';
	            yield { type: 'error', offset: this.offset, source: '', message };
	        }
	        else if (this.stack.length === 0) {
	            yield token;
	        }
	        else {
	            const top = this.peek(1);
	            if (token.type === 'block-scalar') {
	                // Block scalars use their parent rather than header indent
	                token.indent = 'indent' in top ? top.indent : 0;
	            }
	            else if (token.type === 'flow-collection' && top.type === 'document') {
	                // Ignore all indent for top-level flow collections
	                token.indent = 0;
	            }
	            if (token.type === 'flow-collection')
	                fixFlowSeqItems(token);
	            switch (top.type) {
	                case 'document':
	                    top.value = token;
	                    break;
	                case 'block-scalar':
	                    top.props.push(token); // error
	                    break;
	                case 'block-map': {
	                    const it = top.items[top.items.length - 1];
	                    if (it.value) {
	                        top.items.push({ start: [], key: token, sep: [] });
	                        this.onKeyLine = true;
	                        return;
	                    }
	                    else if (it.sep) {
	                        it.value = token;
	                    }
	                    else {
	                        Object.assign(it, { key: token, sep: [] });
	                        this.onKeyLine = !it.explicitKey;
	                        return;
	                    }
	                    break;
	                }
	                case 'block-seq': {
	                    const it = top.items[top.items.length - 1];
	                    if (it.value)
	                        top.items.push({ start: [], value: token });
	                    else
	                        it.value = token;
	                    break;
	                }
	                case 'flow-collection': {
	                    const it = top.items[top.items.length - 1];
	                    if (!it || it.value)
	                        top.items.push({ start: [], key: token, sep: [] });
	                    else if (it.sep)
	                        it.value = token;
	                    else
	                        Object.assign(it, { key: token, sep: [] });
	                    return;
	                }
	                /* istanbul ignore next should not happen */
	                default:
	                    yield* this.pop();
	                    yield* this.pop(token);
	            }
	            if ((top.type === 'document' ||
	                top.type === 'block-map' ||
	                top.type === 'block-seq') &&
	                (token.type === 'block-map' || token.type === 'block-seq')) {
	                const last = token.items[token.items.length - 1];
	                if (last &&
	                    !last.sep &&
	                    !last.value &&
	                    last.start.length > 0 &&
	                    findNonEmptyIndex(last.start) === -1 &&
	                    (token.indent === 0 ||
	                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
	                    if (top.type === 'document')
	                        top.end = last.start;
	                    else
	                        top.items.push({ start: last.start });
	                    token.items.splice(-1, 1);
	                }
	            }
	        }
	    }
	    *stream() {
	        switch (this.type) {
	            case 'directive-line':
	                yield { type: 'directive', offset: this.offset, source: this.source };
	                return;
	            case 'byte-order-mark':
	            case 'space':
	            case 'comment':
	            case 'newline':
	                yield this.sourceToken;
	                return;
	            case 'doc-mode':
	            case 'doc-start': {
	                const doc = {
	                    type: 'document',
	                    offset: this.offset,
	                    start: []
	                };
	                if (this.type === 'doc-start')
	                    doc.start.push(this.sourceToken);
	                this.stack.push(doc);
	                return;
	            }
	        }
	        yield {
	            type: 'error',
	            offset: this.offset,
	            message: `Unexpected ${this.type} token in YAML stream`,
	            source: this.source
	        };
	    }
	    *document(doc) {
	        if (doc.value)
	            return yield* this.lineEnd(doc);
	        switch (this.type) {
	            case 'doc-start': {
	                if (findNonEmptyIndex(doc.start) !== -1) {
	                    yield* this.pop();
	                    yield* this.step();
	                }
	                else
	                    doc.start.push(this.sourceToken);
	                return;
	            }
	            case 'anchor':
	            case 'tag':
	            case 'space':
	            case 'comment':
	            case 'newline':
	                doc.start.push(this.sourceToken);
	                return;
	        }
	        const bv = this.startBlockValue(doc);
	        if (bv)
	            this.stack.push(bv);
	        else {
	            yield {
	                type: 'error',
	                offset: this.offset,
	                message: `Unexpected ${this.type} token in YAML document`,
	                source: this.source
	            };
	        }
	    }
	    *scalar(scalar) {
	        if (this.type === 'map-value-ind') {
	            const prev = getPrevProps(this.peek(2));
	            const start = getFirstKeyStartProps(prev);
	            let sep;
	            if (scalar.end) {
	                sep = scalar.end;
	                sep.push(this.sourceToken);
	                delete scalar.end;
	            }
	            else
	                sep = [this.sourceToken];
	            const map = {
	                type: 'block-map',
	                offset: scalar.offset,
	                indent: scalar.indent,
	                items: [{ start, key: scalar, sep }]
	            };
	            this.onKeyLine = true;
	            this.stack[this.stack.length - 1] = map;
	        }
	        else
	            yield* this.lineEnd(scalar);
	    }
	    *blockScalar(scalar) {
	        switch (this.type) {
	            case 'space':
	            case 'comment':
	            case 'newline':
	                scalar.props.push(this.sourceToken);
	                return;
	            case 'scalar':
	                scalar.source = this.source;
	                // block-scalar source includes trailing newline
	                this.atNewLine = true;
	                this.indent = 0;
	                if (this.onNewLine) {
	                    let nl = this.source.indexOf('\n') + 1;
	                    while (nl !== 0) {
	                        this.onNewLine(this.offset + nl);
	                        nl = this.source.indexOf('\n', nl) + 1;
	                    }
	                }
	                yield* this.pop();
	                break;
	            /* istanbul ignore next should not happen */
	            default:
	                yield* this.pop();
	                yield* this.step();
	        }
	    }
	    *blockMap(map) {
	        const it = map.items[map.items.length - 1];
	        // it.sep is true-ish if pair already has key or : separator
	        switch (this.type) {
	            case 'newline':
	                this.onKeyLine = false;
	                if (it.value) {
	                    const end = 'end' in it.value ? it.value.end : undefined;
	                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
	                    if (last?.type === 'comment')
	                        end?.push(this.sourceToken);
	                    else
	                        map.items.push({ start: [this.sourceToken] });
	                }
	                else if (it.sep) {
	                    it.sep.push(this.sourceToken);
	                }
	                else {
	                    it.start.push(this.sourceToken);
	                }
	                return;
	            case 'space':
	            case 'comment':
	                if (it.value) {
	                    map.items.push({ start: [this.sourceToken] });
	                }
	                else if (it.sep) {
	                    it.sep.push(this.sourceToken);
	                }
	                else {
	                    if (this.atIndentedComment(it.start, map.indent)) {
	                        const prev = map.items[map.items.length - 2];
	                        const end = prev?.value?.end;
	                        if (Array.isArray(end)) {
	                            arrayPushArray(end, it.start);
	                            end.push(this.sourceToken);
	                            map.items.pop();
	                            return;
	                        }
	                    }
	                    it.start.push(this.sourceToken);
	                }
	                return;
	        }
	        if (this.indent >= map.indent) {
	            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
	            const atNextItem = atMapIndent &&
	                (it.sep || it.explicitKey) &&
	                this.type !== 'seq-item-ind';
	            // For empty nodes, assign newline-separated not indented empty tokens to following node
	            let start = [];
	            if (atNextItem && it.sep && !it.value) {
	                const nl = [];
	                for (let i = 0; i < it.sep.length; ++i) {
	                    const st = it.sep[i];
	                    switch (st.type) {
	                        case 'newline':
	                            nl.push(i);
	                            break;
	                        case 'space':
	                            break;
	                        case 'comment':
	                            if (st.indent > map.indent)
	                                nl.length = 0;
	                            break;
	                        default:
	                            nl.length = 0;
	                    }
	                }
	                if (nl.length >= 2)
	                    start = it.sep.splice(nl[1]);
	            }
	            switch (this.type) {
	                case 'anchor':
	                case 'tag':
	                    if (atNextItem || it.value) {
	                        start.push(this.sourceToken);
	                        map.items.push({ start });
	                        this.onKeyLine = true;
	                    }
	                    else if (it.sep) {
	                        it.sep.push(this.sourceToken);
	                    }
	                    else {
	                        it.start.push(this.sourceToken);
	                    }
	                    return;
	                case 'explicit-key-ind':
	                    if (!it.sep && !it.explicitKey) {
	                        it.start.push(this.sourceToken);
	                        it.explicitKey = true;
	                    }
	                    else if (atNextItem || it.value) {
	                        start.push(this.sourceToken);
	                        map.items.push({ start, explicitKey: true });
	                    }
	                    else {
	                        this.stack.push({
	                            type: 'block-map',
	                            offset: this.offset,
	                            indent: this.indent,
	                            items: [{ start: [this.sourceToken], explicitKey: true }]
	                        });
	                    }
	                    this.onKeyLine = true;
	                    return;
	                case 'map-value-ind':
	                    if (it.explicitKey) {
	                        if (!it.sep) {
	                            if (includesToken(it.start, 'newline')) {
	                                Object.assign(it, { key: null, sep: [this.sourceToken] });
	                            }
	                            else {
	                                const start = getFirstKeyStartProps(it.start);
	                                this.stack.push({
	                                    type: 'block-map',
	                                    offset: this.offset,
	                                    indent: this.indent,
	                                    items: [{ start, key: null, sep: [this.sourceToken] }]
	                                });
	                            }
	                        }
	                        else if (it.value) {
	                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
	                        }
	                        else if (includesToken(it.sep, 'map-value-ind')) {
	                            this.stack.push({
	                                type: 'block-map',
	                                offset: this.offset,
	                                indent: this.indent,
	                                items: [{ start, key: null, sep: [this.sourceToken] }]
	                            });
	                        }
	                        else if (isFlowToken(it.key) &&
	                            !includesToken(it.sep, 'newline')) {
	                            const start = getFirstKeyStartProps(it.start);
	                            const key = it.key;
	                            const sep = it.sep;
	                            sep.push(this.sourceToken);
	                            // @ts-expect-error type guard is wrong here
	                            delete it.key;
	                            // @ts-expect-error type guard is wrong here
	                            delete it.sep;
	                            this.stack.push({
	                                type: 'block-map',
	                                offset: this.offset,
	                                indent: this.indent,
	                                items: [{ start, key, sep }]
	                            });
	                        }
	                        else if (start.length > 0) {
	                            // Not actually at next item
	                            it.sep = it.sep.concat(start, this.sourceToken);
	                        }
	                        else {
	                            it.sep.push(this.sourceToken);
	                        }
	                    }
	                    else {
	                        if (!it.sep) {
	                            Object.assign(it, { key: null, sep: [this.sourceToken] });
	                        }
	                        else if (it.value || atNextItem) {
	                            map.items.push({ start, key: null, sep: [this.sourceToken] });
	                        }
	                        else if (includesToken(it.sep, 'map-value-ind')) {
	                            this.stack.push({
	                                type: 'block-map',
	                                offset: this.offset,
	                                indent: this.indent,
	                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
	                            });
	                        }
	                        else {
	                            it.sep.push(this.sourceToken);
	                        }
	                    }
	                    this.onKeyLine = true;
	                    return;
	                case 'alias':
	                case 'scalar':
	                case 'single-quoted-scalar':
	                case 'double-quoted-scalar': {
	                    const fs = this.flowScalar(this.type);
	                    if (atNextItem || it.value) {
	                        map.items.push({ start, key: fs, sep: [] });
	                        this.onKeyLine = true;
	                    }
	                    else if (it.sep) {
	                        this.stack.push(fs);
	                    }
	                    else {
	                        Object.assign(it, { key: fs, sep: [] });
	                        this.onKeyLine = true;
	                    }
	                    return;
	                }
	                default: {
	                    const bv = this.startBlockValue(map);
	                    if (bv) {
	                        if (bv.type === 'block-seq') {
	                            if (!it.explicitKey &&
	                                it.sep &&
	                                !includesToken(it.sep, 'newline')) {
	                                yield* this.pop({
	                                    type: 'error',
	                                    offset: this.offset,
	                                    message: 'Unexpected block-seq-ind on same line with key',
	                                    source: this.source
	                                });
	                                return;
	                            }
	                        }
	                        else if (atMapIndent) {
	                            map.items.push({ start });
	                        }
	                        this.stack.push(bv);
	                        return;
	                    }
	                }
	            }
	        }
	        yield* this.pop();
	        yield* this.step();
	    }
	    *blockSequence(seq) {
	        const it = seq.items[seq.items.length - 1];
	        switch (this.type) {
	            case 'newline':
	                if (it.value) {
	                    const end = 'end' in it.value ? it.value.end : undefined;
	                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
	                    if (last?.type === 'comment')
	                        end?.push(this.sourceToken);
	                    else
	                        seq.items.push({ start: [this.sourceToken] });
	                }
	                else
	                    it.start.push(this.sourceToken);
	                return;
	            case 'space':
	            case 'comment':
	                if (it.value)
	                    seq.items.push({ start: [this.sourceToken] });
	                else {
	                    if (this.atIndentedComment(it.start, seq.indent)) {
	                        const prev = seq.items[seq.items.length - 2];
	                        const end = prev?.value?.end;
	                        if (Array.isArray(end)) {
	                            arrayPushArray(end, it.start);
	                            end.push(this.sourceToken);
	                            seq.items.pop();
	                            return;
	                        }
	                    }
	                    it.start.push(this.sourceToken);
	                }
	                return;
	            case 'anchor':
	            case 'tag':
	                if (it.value || this.indent <= seq.indent)
	                    break;
	                it.start.push(this.sourceToken);
	                return;
	            case 'seq-item-ind':
	                if (this.indent !== seq.indent)
	                    break;
	                if (it.value || includesToken(it.start, 'seq-item-ind'))
	                    seq.items.push({ start: [this.sourceToken] });
	                else
	                    it.start.push(this.sourceToken);
	                return;
	        }
	        if (this.indent > seq.indent) {
	            const bv = this.startBlockValue(seq);
	            if (bv) {
	                this.stack.push(bv);
	                return;
	            }
	        }
	        yield* this.pop();
	        yield* this.step();
	    }
	    *flowCollection(fc) {
	        const it = fc.items[fc.items.length - 1];
	        if (this.type === 'flow-error-end') {
	            let top;
	            do {
	                yield* this.pop();
	                top = this.peek(1);
	            } while (top?.type === 'flow-collection');
	        }
	        else if (fc.end.length === 0) {
	            switch (this.type) {
	                case 'comma':
	                case 'explicit-key-ind':
	                    if (!it || it.sep)
	                        fc.items.push({ start: [this.sourceToken] });
	                    else
	                        it.start.push(this.sourceToken);
	                    return;
	                case 'map-value-ind':
	                    if (!it || it.value)
	                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
	                    else if (it.sep)
	                        it.sep.push(this.sourceToken);
	                    else
	                        Object.assign(it, { key: null, sep: [this.sourceToken] });
	                    return;
	                case 'space':
	                case 'comment':
	                case 'newline':
	                case 'anchor':
	                case 'tag':
	                    if (!it || it.value)
	                        fc.items.push({ start: [this.sourceToken] });
	                    else if (it.sep)
	                        it.sep.push(this.sourceToken);
	                    else
	                        it.start.push(this.sourceToken);
	                    return;
	                case 'alias':
	                case 'scalar':
	                case 'single-quoted-scalar':
	                case 'double-quoted-scalar': {
	                    const fs = this.flowScalar(this.type);
	                    if (!it || it.value)
	                        fc.items.push({ start: [], key: fs, sep: [] });
	                    else if (it.sep)
	                        this.stack.push(fs);
	                    else
	                        Object.assign(it, { key: fs, sep: [] });
	                    return;
	                }
	                case 'flow-map-end':
	                case 'flow-seq-end':
	                    fc.end.push(this.sourceToken);
	                    return;
	            }
	            const bv = this.startBlockValue(fc);
	            /* istanbul ignore else should not happen */
	            if (bv)
	                this.stack.push(bv);
	            else {
	                yield* this.pop();
	                yield* this.step();
	            }
	        }
	        else {
	            const parent = this.peek(2);
	            if (parent.type === 'block-map' &&
	                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
	                    (this.type === 'newline' &&
	                        !parent.items[parent.items.length - 1].sep))) {
	                yield* this.pop();
	                yield* this.step();
	            }
	            else if (this.type === 'map-value-ind' &&
	                parent.type !== 'flow-collection') {
	                const prev = getPrevProps(parent);
	                const start = getFirstKeyStartProps(prev);
	                fixFlowSeqItems(fc);
	                const sep = fc.end.splice(1, fc.end.length);
	                sep.push(this.sourceToken);
	                const map = {
	                    type: 'block-map',
	                    offset: fc.offset,
	                    indent: fc.indent,
	                    items: [{ start, key: fc, sep }]
	                };
	                this.onKeyLine = true;
	                this.stack[this.stack.length - 1] = map;
	            }
	            else {
	                yield* this.lineEnd(fc);
	            }
	        }
	    }
	    flowScalar(type) {
	        if (this.onNewLine) {
	            let nl = this.source.indexOf('\n') + 1;
	            while (nl !== 0) {
	                this.onNewLine(this.offset + nl);
	                nl = this.source.indexOf('\n', nl) + 1;
	            }
	        }
	        return {
	            type,
	            offset: this.offset,
	            indent: this.indent,
	            source: this.source
	        };
	    }
	    startBlockValue(parent) {
	        switch (this.type) {
	            case 'alias':
	            case 'scalar':
	            case 'single-quoted-scalar':
	            case 'double-quoted-scalar':
	                return this.flowScalar(this.type);
	            case 'block-scalar-header':
	                return {
	                    type: 'block-scalar',
	                    offset: this.offset,
	                    indent: this.indent,
	                    props: [this.sourceToken],
	                    source: ''
	                };
	            case 'flow-map-start':
	            case 'flow-seq-start':
	                return {
	                    type: 'flow-collection',
	                    offset: this.offset,
	                    indent: this.indent,
	                    start: this.sourceToken,
	                    items: [],
	                    end: []
	                };
	            case 'seq-item-ind':
	                return {
	                    type: 'block-seq',
	                    offset: this.offset,
	                    indent: this.indent,
	                    items: [{ start: [this.sourceToken] }]
	                };
	            case 'explicit-key-ind': {
	                this.onKeyLine = true;
	                const prev = getPrevProps(parent);
	                const start = getFirstKeyStartProps(prev);
	                start.push(this.sourceToken);
	                return {
	                    type: 'block-map',
	                    offset: this.offset,
	                    indent: this.indent,
	                    items: [{ start, explicitKey: true }]
	                };
	            }
	            case 'map-value-ind': {
	                this.onKeyLine = true;
	                const prev = getPrevProps(parent);
	                const start = getFirstKeyStartProps(prev);
	                return {
	                    type: 'block-map',
	                    offset: this.offset,
	                    indent: this.indent,
	                    items: [{ start, key: null, sep: [this.sourceToken] }]
	                };
	            }
	        }
	        return null;
	    }
	    atIndentedComment(start, indent) {
	        if (this.type !== 'comment')
	            return false;
	        if (this.indent <= indent)
	            return false;
	        return start.every(st => st.type === 'newline' || st.type === 'space');
	    }
	    *documentEnd(docEnd) {
	        if (this.type !== 'doc-mode') {
	            if (docEnd.end)
	                docEnd.end.push(this.sourceToken);
	            else
	                docEnd.end = [this.sourceToken];
	            if (this.type === 'newline')
	                yield* this.pop();
	        }
	    }
	    *lineEnd(token) {
	        switch (this.type) {
	            case 'comma':
	            case 'doc-start':
	            case 'doc-end':
	            case 'flow-seq-end':
	            case 'flow-map-end':
	            case 'map-value-ind':
	                yield* this.pop();
	                yield* this.step();
	                break;
	            case 'newline':
	                this.onKeyLine = false;
	            // fallthrough
	            case 'space':
	            case 'comment':
	            default:
	                // all other values are errors
	                if (token.end)
	                    token.end.push(this.sourceToken);
	                else
	                    token.end = [this.sourceToken];
	                if (this.type === 'newline')
	                    yield* this.pop();
	        }
	    }
	}

	parser.Parser = Parser;
	return parser;
}

var publicApi = {};

var hasRequiredPublicApi;

function requirePublicApi () {
	if (hasRequiredPublicApi) return publicApi;
	hasRequiredPublicApi = 1;

	var composer = requireComposer();
	var Document = requireDocument();
	var errors = requireErrors();
	var log = requireLog();
	var identity = requireIdentity();
	var lineCounter = requireLineCounter();
	var parser = requireParser();

	function parseOptions(options) {
	    const prettyErrors = options.prettyErrors !== false;
	    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
	    return { lineCounter: lineCounter$1, prettyErrors };
	}
	/**
	 * Parse the input as a stream of YAML documents.
	 *
	 * Documents should be separated from each other by `...` or `---` marker lines.
	 *
	 * @returns If an empty `docs` array is returned, it will be of type
	 *   EmptyStream and contain additional stream information. In
	 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
	 */
	function parseAllDocuments(source, options = {}) {
	    const { lineCounter, prettyErrors } = parseOptions(options);
	    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
	    const composer$1 = new composer.Composer(options);
	    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
	    if (prettyErrors && lineCounter)
	        for (const doc of docs) {
	            doc.errors.forEach(errors.prettifyError(source, lineCounter));
	            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
	        }
	    if (docs.length > 0)
	        return docs;
	    return Object.assign([], { empty: true }, composer$1.streamInfo());
	}
	/** Parse an input string into a single YAML.Document */
	function parseDocument(source, options = {}) {
	    const { lineCounter, prettyErrors } = parseOptions(options);
	    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
	    const composer$1 = new composer.Composer(options);
	    // `doc` is always set by compose.end(true) at the very latest
	    let doc = null;
	    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
	        if (!doc)
	            doc = _doc;
	        else if (doc.options.logLevel !== 'silent') {
	            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
	            break;
	        }
	    }
	    if (prettyErrors && lineCounter) {
	        doc.errors.forEach(errors.prettifyError(source, lineCounter));
	        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
	    }
	    return doc;
	}
	function parse(src, reviver, options) {
	    let _reviver = undefined;
	    if (typeof reviver === 'function') {
	        _reviver = reviver;
	    }
	    else if (options === undefined && reviver && typeof reviver === 'object') {
	        options = reviver;
	    }
	    const doc = parseDocument(src, options);
	    if (!doc)
	        return null;
	    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
	    if (doc.errors.length > 0) {
	        if (doc.options.logLevel !== 'silent')
	            throw doc.errors[0];
	        else
	            doc.errors = [];
	    }
	    return doc.toJS(Object.assign({ reviver: _reviver }, options));
	}
	function stringify(value, replacer, options) {
	    let _replacer = null;
	    if (typeof replacer === 'function' || Array.isArray(replacer)) {
	        _replacer = replacer;
	    }
	    else if (options === undefined && replacer) {
	        options = replacer;
	    }
	    if (typeof options === 'string')
	        options = options.length;
	    if (typeof options === 'number') {
	        const indent = Math.round(options);
	        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
	    }
	    if (value === undefined) {
	        const { keepUndefined } = options ?? replacer ?? {};
	        if (!keepUndefined)
	            return undefined;
	    }
	    if (identity.isDocument(value) && !_replacer)
	        return value.toString(options);
	    return new Document.Document(value, _replacer, options).toString(options);
	}

	publicApi.parse = parse;
	publicApi.parseAllDocuments = parseAllDocuments;
	publicApi.parseDocument = parseDocument;
	publicApi.stringify = stringify;
	return publicApi;
}

var hasRequiredDist;

function requireDist () {
	if (hasRequiredDist) return dist;
	hasRequiredDist = 1;

	var composer = requireComposer();
	var Document = requireDocument();
	var Schema = requireSchema();
	var errors = requireErrors();
	var Alias = requireAlias();
	var identity = requireIdentity();
	var Pair = requirePair();
	var Scalar = requireScalar();
	var YAMLMap = requireYAMLMap();
	var YAMLSeq = requireYAMLSeq();
	var cst = requireCst();
	var lexer = requireLexer();
	var lineCounter = requireLineCounter();
	var parser = requireParser();
	var publicApi = requirePublicApi();
	var visit = requireVisit();



	dist.Composer = composer.Composer;
	dist.Document = Document.Document;
	dist.Schema = Schema.Schema;
	dist.YAMLError = errors.YAMLError;
	dist.YAMLParseError = errors.YAMLParseError;
	dist.YAMLWarning = errors.YAMLWarning;
	dist.Alias = Alias.Alias;
	dist.isAlias = identity.isAlias;
	dist.isCollection = identity.isCollection;
	dist.isDocument = identity.isDocument;
	dist.isMap = identity.isMap;
	dist.isNode = identity.isNode;
	dist.isPair = identity.isPair;
	dist.isScalar = identity.isScalar;
	dist.isSeq = identity.isSeq;
	dist.Pair = Pair.Pair;
	dist.Scalar = Scalar.Scalar;
	dist.YAMLMap = YAMLMap.YAMLMap;
	dist.YAMLSeq = YAMLSeq.YAMLSeq;
	dist.CST = cst;
	dist.Lexer = lexer.Lexer;
	dist.LineCounter = lineCounter.LineCounter;
	dist.Parser = parser.Parser;
	dist.parse = publicApi.parse;
	dist.parseAllDocuments = publicApi.parseAllDocuments;
	dist.parseDocument = publicApi.parseDocument;
	dist.stringify = publicApi.stringify;
	dist.visit = visit.visit;
	dist.visitAsync = visit.visitAsync;
	return dist;
}

var distExports = requireDist();

/**
 * What counts as a secret in guest content, for the excerpt allow-list (facts/excerpt.ts) and
 * for the last pass over the facts a JSON report dumps (report/json.ts): key names that hold
 * passwords and keys, and values that are secrets by their shape whatever key they sit under.
 */
/** What a hidden value is shown as. */
const hiddenValue = '<hidden>';
/**
 * Settings whose names contain a secret word but hold none: the rules quote them (waagent's
 * Provisioning.DeleteRootPassword, sshd's PasswordAuthentication, cloud-init's ssh_pwauth).
 */
const notSecretKeys = new Set([
    'Provisioning.DeleteRootPassword', 'Provisioning.PasswordCryptId', 'Provisioning.PasswordCryptSaltLength',
    'Provisioning.RegenerateSshHostKeyPair', 'Provisioning.SshHostKeyPairType', 'Provisioning.DecodeCustomData',
    'Provisioning.ExecuteCustomData', 'PasswordAuthentication', 'PubkeyAuthentication', 'KbdInteractiveAuthentication',
    'PermitEmptyPasswords', 'AuthorizedKeysFile', 'HostKey', 'HostKeyAlgorithms', 'ssh_pwauth', 'ssh_deletekeys', 'ssh_genkeytypes',
    'key-mgmt', 'key-management',
].map((k) => k.toLowerCase()));
/** Words in a key name that mean its value is a secret (password, passwd, psk, wep-key0, private-key-password, ...). */
const secretKeyWord = /pass|psk|secret|token|wep|private|credential|hash|pin$|key|customdata/i;
/** True when a key (`psk`, `plain_text_passwd`, `WPA_PSK`, `UserPassword`) names a secret. */
function isSecretKey(key) {
    const k = key.trim().replace(/^["']|["']$/g, '');
    return secretKeyWord.test(k) && !notSecretKeys.has(k.toLowerCase());
}
/** Values that are secrets by their shape. */
const secretShapes = [
    /\$(1|2[abxy]?|5|6|7|y|gy|sha1|md5)\$[^\s$:]*\$[^\s:"',;]*/, // crypt(3) hashes (md5, bcrypt, sha256/512, yescrypt), to the hash's end
    /-----BEGIN [A-Z0-9 ]*-----/, // PEM and OpenSSH keys, certificates
    // base64 blobs (key bodies, tokens, custom data): 40+ characters with a digit and both cases, unlike a path
    /(?=[A-Za-z0-9+/]*\d)(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])[A-Za-z0-9+/]{40,}={0,2}/,
    /\b[0-9a-f]{64}\b/i, // raw 256-bit hex keys (wpa_passphrase psk=)
];
/** True when a value looks like a secret by itself. */
function looksSecret(value) {
    return secretShapes.some((shape) => shape.test(value));
}
/** `scheme://user:password@host`: the password part. */
const urlPassword = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi;
/** `name=value`, `name: value`, `name value` pairs inside free text, for secret names. */
const namedValue = /([\w.{}-]+)(\s*(?:=|:\s)\s*)("[^"]*"|'[^']*'|[^\s,;&{}[\]]+)/g;
/**
 * Free text from the image (a kernel command line, a setting's value) with secrets masked: a
 * URL's password, values of secret-named keys, and secret-shaped runs. For facts that keep text
 * as the image has it; evidence excerpts go through the stricter allow-list of excerpt.ts.
 */
function maskSecrets(text) {
    let masked = text.replace(urlPassword, `$1${hiddenValue}@`);
    masked = masked.replace(namedValue, (whole, key, sep) => (isSecretKey(key) ? `${key}${sep}${hiddenValue}` : whole));
    for (const shape of secretShapes)
        masked = masked.replace(new RegExp(shape.source, 'gi'), hiddenValue);
    return masked;
}

/**
 * The one place evidence excerpts of guest files are made. A configuration line can hold a
 * secret beside the setting a rule quotes (`{datasource_list: [Azure], password: x}`, a wifi
 * `psk=`, a shadow hash, a private key pasted into YAML), so an excerpt is built from an
 * allow-list, never by printing the line: the line is read as `key=value` / `key: value` /
 * `keyword args` / udev `KEY=="value"` pairs (and YAML flow mappings), every key is kept, a
 * value is kept only when its key is one the rules need (datasource_list, BOOTPROTO, dhcp4,
 * macaddress, Provisioning.Agent, ...), and any other value is shown as `<hidden>`. A value
 * that looks like a secret (a crypt hash, a PEM block, a long base64 run) is hidden whatever its
 * key; a line that is not a setting (a comment, a bare list item, a key body) is not shown.
 */
/** Longest excerpt, as evidence wants. */
const maxLength = 120;
/**
 * Keys (case-insensitive) whose values the rules quote. Grouped by where they occur; a key
 * allowed in one syntax is allowed in all, which is harmless because none names a secret.
 */
const allowedKeys = new Set([
    // cloud-init cloud.cfg, ds-identify.cfg, kernel command line
    'datasource_list', 'datasource', 'network', 'config', 'policy', 'manual_cache_clean', 'renderers',
    'ds', 'ci.ds', 'ci.datasource', 'net.ifnames', 'biosdevname',
    'cloud-init', 'disable_network_activation',
    // netplan
    'version', 'renderer', 'ethernets', 'bonds', 'bridges', 'vlans', 'dhcp4', 'dhcp6', 'dhcp-identifier', 'match',
    'macaddress', 'name', 'driver', 'set-name', 'addresses', 'gateway4', 'gateway6', 'optional', 'activation-mode',
    'interfaces', 'link', 'id', 'accept-ra', 'link-local', 'mtu',
    // systemd-networkd .network/.link
    'macaddresspolicy', 'namepolicy', 'dhcp', 'address', 'gateway', 'activationpolicy', 'requiredforonline',
    'permanentmacaddress', 'originalname', 'type', 'kind', 'bridge', 'bond', 'unmanaged',
    // ifcfg (RHEL, SUSE)
    'device', 'bootproto', 'onboot', 'startmode', 'hwaddr', 'macaddr', 'ipaddr', 'netmask', 'prefix', 'nm_controlled',
    'master', 'slave', 'team_master', 'bonding_master', 'devicetype', 'ovs_bridge', 'ovsbootproto', 'defroute', 'ipv6init', 'persistent_dhclient', 'dhclient_set_hostname', 'ipv6_autoconf', 'ipv6_defaultgw',
    // NetworkManager keyfile
    'interface-name', 'mac-address', 'cloned-mac-address', 'method', 'autoconnect', 'uuid', 'slave-type', 'port-type',
    'controller', 'may-fail', 'address1', 'address2', 'no-auto-default', 'mac-address-blacklist', 'mac-address-denylist',
    'unmanaged-devices', 'plugins', 'managed',
    // ifupdown
    'auto', 'allow-hotplug', 'iface', 'hwaddress', 'source', 'source-directory', 'bridge-ports', 'bond-master', 'bond-slaves',
    'bond_master', 'bond_slaves',
    'mapping',
    // udev rules
    'subsystem', 'action', 'drivers', 'attr{address}', 'attr{dev_id}', 'attr{type}', 'kernel',
    // sshd_config
    'passwordauthentication', 'pubkeyauthentication', 'permitrootlogin', 'kbdinteractiveauthentication',
    'challengeresponseauthentication', 'authorizedkeysfile', 'usepam', 'include', 'clientaliveinterval',
    'ssh_pwauth', 'disable_root',
].map((k) => k.toLowerCase()));
/** waagent.conf settings: `Provisioning.Agent`, `ResourceDisk.Format`, ... (none holds a secret). */
const allowedKeyPattern = /^(Provisioning|ResourceDisk|Logs|OS|AutoUpdate|Extensions|Lib|CGroups|EnableOverProvisioning|DetectScvmmEnv|Role)(\.[A-Za-z]+)*$/i;
/** True when the rules may quote this key's value. */
function isAllowedKey(key) {
    const k = key.trim().replace(/^["']|["']$/g, '');
    return (allowedKeys.has(k.toLowerCase()) || allowedKeyPattern.test(k)) && !isSecretKey(k);
}
/** One line of a configuration file as evidence: settings on the allow-list, everything else masked. */
function excerptOf$1(line) {
    const text = stripComment(line.trim());
    if (text === '')
        return line.trim().startsWith('#') ? '# (comment)' : '';
    const rebuilt = sectionHeader(text) ?? addressItem(text) ?? udevPairs(text) ?? assignment(text) ?? yamlLine(text) ?? words(text) ?? hiddenValue;
    // Keys are shown too, so the whole excerpt is checked for secret shapes once more.
    if (looksSecret(rebuilt))
        return hiddenValue;
    // Nothing hidden: the line as written (its spacing and quoting), without its comment.
    const excerpt = rebuilt.includes(hiddenValue) ? rebuilt : text;
    return excerpt.length > maxLength ? `${excerpt.slice(0, maxLength - 3)}...` : excerpt;
}
/** A value under `key`: kept when allowed and not secret-shaped, else `<hidden>`. Empty stays empty. */
function value(key, raw) {
    const v = raw.trim();
    if (v === '')
        return '';
    // An allowed value can still carry a URL with a password (`s=http://user:pw@host/`).
    return isAllowedKey(key) && !looksSecret(v) ? maskSecrets(v) : hiddenValue;
}
/** Drops a trailing comment: `#` at the start or after whitespace, outside quotes. */
function stripComment(text) {
    let quote = '';
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quote) {
            if (ch === quote)
                quote = '';
        }
        else if (ch === '"' || ch === "'") {
            quote = ch;
        }
        else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
            return text.slice(0, i).trimEnd();
        }
    }
    return text;
}
/**
 * A YAML list item that is an address, `- 10.0.0.2/24`, `- "fe80::1/64"`, `- 52:54:00:12:34:56`
 * (netplan `addresses:` entries): its parent key is on another line, so the shape decides.
 */
function addressItem(text) {
    const item = /^-\s+(["']?)([0-9A-Fa-f.:]+(?:\/\d{1,3})?)\1$/.exec(text);
    return item && /[.:]/.test(item[2]) ? text : undefined;
}
/** `[Match]`, `[connection]`, `[ethernet]`: INI section headers. */
function sectionHeader(text) {
    return /^\[[\w .:/-]{1,60}\]$/.test(text) ? text : undefined;
}
/** udev rule: `SUBSYSTEM=="net", ATTR{address}=="52:54:...", NAME="eth0"`. */
function udevPairs(text) {
    const pair = /^([A-Z]+(?:\{[\w.-]+\})?)\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"$/;
    const parts = text.split(/,\s*/);
    if (parts.length < 2 || !parts.every((p) => pair.test(p.trim())))
        return undefined;
    return parts
        .map((p) => {
        const [, key, op, v] = pair.exec(p.trim());
        const shown = key === 'NAME' ? value('name', v) : value(key, v);
        return `${key}${op}"${shown}"`;
    })
        .join(', ');
}
/** `KEY=value`, `export KEY="value"`, `Key = value`, NetworkManager's `key+=v` / `key-=v` (shell, INI, waagent.conf, kernel argument). */
function assignment(text) {
    const m = /^(export\s+)?([A-Za-z_][\w.{}-]*?)\s*([+-]?=)\s*(.*)$/.exec(text);
    if (!m)
        return undefined;
    const [, exported, key, op, raw] = m;
    const quoted = /^(["'])(.*)\1$/.exec(raw.trim());
    const shown = quoted ? `${quoted[1]}${value(key, quoted[2])}${quoted[1]}` : value(key, raw);
    return `${exported ?? ''}${key}${op}${shown}`;
}
/** `key: value`, `- key: value`, `key:` and flow mappings `{a: b, c: [d]}` (YAML). */
function yamlLine(text) {
    const m = /^(-\s+)?((?:"[^"]*"|'[^']*'|[^\s:#{}[\],"'][^:#{}[\],]*?)):(?:\s+(.*))?$/.exec(text);
    if (m) {
        const [, dash, key, raw] = m;
        return `${dash ?? ''}${key}:${raw === undefined || raw === '' ? '' : ` ${yamlValue(key, raw)}`}`;
    }
    if (/^(-\s+)?\{.*\}$/.test(text)) {
        const dash = /^-\s+/.exec(text)?.[0] ?? '';
        return `${dash}${yamlValue('', text.slice(dash.length))}`;
    }
    return undefined;
}
/** A YAML value: flow mappings pair by pair, flow sequences item by item, scalars by their key. */
function yamlValue(key, raw) {
    const v = raw.trim();
    if (v.startsWith('{') && v.endsWith('}')) {
        const pairs = splitFlow(v.slice(1, -1)).map((item) => {
            const p = /^((?:"[^"]*"|'[^']*'|[^:]+?)):(?:\s+(.*))?$/.exec(item.trim());
            if (!p)
                return value('', item);
            return p[2] === undefined ? `${p[1]}:` : `${p[1]}: ${yamlValue(p[1], p[2])}`;
        });
        return `{${pairs.join(', ')}}`;
    }
    if (v.startsWith('[') && v.endsWith(']')) {
        if (!isAllowedKey(key))
            return hiddenValue;
        return `[${splitFlow(v.slice(1, -1)).map((item) => yamlValue(key, item)).join(', ')}]`;
    }
    if (v === '|' || v === '>' || /^[|>][-+]?\d*$/.test(v))
        return v; // a block scalar starts; its body is other lines
    return value(key, v);
}
/** Splits flow content at top-level commas (not inside nested braces, brackets or quotes). */
function splitFlow(content) {
    const out = [];
    let depth = 0;
    let quote = '';
    let start = 0;
    for (let i = 0; i < content.length; i++) {
        const ch = content[i];
        if (quote) {
            if (ch === quote)
                quote = '';
        }
        else if (ch === '"' || ch === "'")
            quote = ch;
        else if (ch === '{' || ch === '[')
            depth++;
        else if (ch === '}' || ch === ']')
            depth--;
        else if (ch === ',' && depth === 0) {
            out.push(content.slice(start, i).trim());
            start = i + 1;
        }
    }
    const last = content.slice(start).trim();
    if (last !== '')
        out.push(last);
    return out;
}
/** `keyword args`: ifupdown stanzas and options, sshd_config. */
function words(text) {
    const m = /^([A-Za-z][\w.-]*)(?:\s+(.*))?$/.exec(text);
    if (!m)
        return undefined;
    return m[2] === undefined ? m[1] : `${m[1]} ${value(m[1], m[2])}`;
}

/**
 * Parses `text` (the content of guest file `path`) as YAML `version` (1.1 is PyYAML's, 1.2
 * libyaml's default here). `meter` is optional only for pure tests of one file.
 */
function parseGuestYaml(text, path, options = {}) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > limits.yamlBytes)
        throw yamlLimit('yamlBytes', path, `a YAML document of ${bytes} bytes`);
    options.meter?.charge('yamlTotalBytes', bytes, path, `parsing ${bytes} bytes of YAML`);
    const version = options.version ?? '1.2';
    const lineCounter = new distExports.LineCounter();
    const doc = distExports.parseDocument(text, { version, lineCounter, uniqueKeys: false });
    // The yaml package turns its own stack overflow on deep nesting into a syntax error; it is depth, not syntax.
    if (doc.errors.some((e) => e.message.startsWith('Maximum call stack size exceeded'))) {
        throw yamlLimit('yamlDepth', path, 'YAML nested too deeply to parse');
    }
    const shape = measure(doc);
    if (shape.depth > limits.yamlDepth)
        throw yamlLimit('yamlDepth', path, `YAML nested ${shape.depth} levels deep`);
    if (shape.aliases > limits.yamlAliases)
        throw yamlLimit('yamlAliases', path, `${shape.aliases} YAML aliases`);
    return { doc, lineCounter };
}
/**
 * The document as plain JavaScript, aliases resolved. The yaml package refuses (ReferenceError)
 * when resolving would expand more than yamlAliases aliases in all: the "billion laughs" bomb.
 */
function guestYamlToJs(parsed, path) {
    try {
        return parsed.doc.toJS({ maxAliasCount: limits.yamlAliases });
    }
    catch (error) {
        if (error instanceof ReferenceError && /alias/i.test(error.message)) {
            throw yamlLimit('yamlAliases', path, 'YAML aliases that expand beyond the alias budget (an alias bomb)', error);
        }
        throw error;
    }
}
function yamlLimit(budget, path, what, cause) {
    return new LimitError('guest', budget, limits[budget], `${what} exceeds the ${budget} budget of ${limits[budget]}`, { path, cause });
}
/** Deepest nesting of collections and number of alias nodes, walked without recursion (the document may be hostile). */
function measure(doc) {
    let depth = 0;
    let aliases = 0;
    const stack = [{ node: doc.contents, depth: 0 }];
    while (stack.length > 0) {
        const { node, depth: d } = stack.pop();
        if (distExports.isAlias(node))
            aliases++;
        else if (distExports.isMap(node) || distExports.isSeq(node)) {
            depth = Math.max(depth, d + 1);
            for (const item of node.items)
                stack.push({ node: item, depth: d + 1 });
        }
        else if (distExports.isPair(node)) {
            stack.push({ node: node.key, depth: d }, { node: node.value, depth: d });
        }
    }
    return { depth, aliases };
}

/** cloud-init's system configuration and its drop-in directory. */
const CLOUD_CFG = '/etc/cloud/cloud.cfg';
const CLOUD_CFG_D = '/etc/cloud/cloud.cfg.d';
function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * Merges files into one accumulator in place, so that n files cost the size of their content,
 * not n copies of everything merged so far (100k drop-ins made that quadratic). Objects from
 * the files are never modified: one the accumulator must merge into is copied once, the first
 * time, and remembered as its own (aliases make several keys share one object).
 */
class ConfigMerger {
    owned = new WeakSet();
    merge(into, overlay) {
        const target = this.own(into);
        for (const [key, value] of Object.entries(overlay)) {
            const prev = target[key];
            target[key] = isPlainObject(prev) && isPlainObject(value) ? this.merge(prev, value) : value;
        }
        return target;
    }
    own(o) {
        if (this.owned.has(o))
            return o;
        const copy = { ...o };
        this.owned.add(copy);
        return copy;
    }
}
/**
 * Loads one file as cloud-init's util.load_yaml does: YAML 1.1 (PyYAML safe_load), and any
 * error or a non-mapping top level makes cloud-init ignore the whole file (it logs and uses {}).
 * A file beyond a YAML budget throws a LimitError (src/facts/yaml.ts): cloud-init would load it.
 */
function loadConfigText(path, text, meter) {
    const parsed = parseGuestYaml(text, path, { version: '1.1', meter });
    const { doc, lineCounter } = parsed;
    if (doc.errors.length > 0) {
        const first = doc.errors[0];
        const at = lineCounter.linePos(first.pos[0]);
        return { file: { path, loaded: false, problem: `invalid YAML at line ${at.line}: ${first.message.split('\n')[0]}` }, value: {} };
    }
    const value = guestYamlToJs(parsed, path);
    if (value === null || value === undefined)
        return { file: { path, loaded: true }, value: {} };
    if (!isPlainObject(value) || !distExports.isMap(doc.contents)) {
        return { file: { path, loaded: false, problem: 'top level is not a mapping' }, value: {} };
    }
    return { file: { path, loaded: true }, loaded: { path, lines: text.split('\n'), doc, lineCounter }, value };
}
/** Reads and merges /etc/cloud/cloud.cfg and /etc/cloud/cloud.cfg.d/*.cfg. */
async function readCloudConfig(guest) {
    const paths = [CLOUD_CFG, ...(await guest.glob(CLOUD_CFG_D, '*.cfg'))];
    const files = [];
    const loaded = [];
    const merger = new ConfigMerger();
    let merged = {};
    for (const path of paths) {
        const st = await guest.stat(path);
        if (st?.node.type !== 'file')
            continue;
        const text = (await guest.readText(path, { anyLineLength: true })) ?? '';
        const result = loadConfigText(path, text, guest);
        files.push(result.file);
        if (result.loaded)
            loaded.push(result.loaded);
        merged = merger.merge(merged, result.value);
    }
    const originOf = (path) => {
        for (let i = loaded.length - 1; i >= 0; i--) {
            const file = loaded[i];
            const node = file.doc.getIn(path, true);
            if (!file.doc.hasIn(path))
                continue;
            const offset = node?.range?.[0];
            const line = offset === undefined ? 1 : file.lineCounter.linePos(offset).line;
            return { path: file.path, line, excerpt: excerptOf$1(file.lines[line - 1] ?? '') };
        }
        return undefined;
    };
    return { files, merged, originOf };
}

/** ds-identify, which the cloud-init generator runs at boot to decide whether cloud-init runs at all. */
const DS_IDENTIFY_PATHS = ['/usr/lib/cloud-init/ds-identify', '/lib/cloud-init/ds-identify'];
/** ds-identify's built-in list of cloud-init 22.4 (used when the guest's own script cannot be read). */
const DS_IDENTIFY_DEFAULT_LIST = 'MAAS ConfigDrive NoCloud AltCloud Azure Bigstep CloudSigma CloudStack DigitalOcean Vultr AliYun Ec2 GCE OpenNebula OpenStack OVF SmartOS Scaleway Hetzner IBMCloud Oracle Exoscale RbxCloud UpCloud VMware LXD NWCS'.split(' ');
/**
 * ds-identify's check_config: every line of cloud.cfg then cloud.cfg.d/*.cfg (glob order) read
 * with `while read line` (leading/trailing blanks dropped, so indentation — YAML hierarchy — is
 * ignored; a last line without a newline is never read), cut at '#', matched against
 * `datasource_list: *` or exactly `datasource_list:`. Returns every match; the last one wins.
 */
function grepDatasourceList(files) {
    const matches = [];
    for (const { path, text } of files) {
        const lines = text.split('\n');
        lines.pop(); // the unterminated tail (or '' after a final newline): `read` returns false on it
        lines.forEach((raw, index) => {
            const line = raw.trim().split('#')[0];
            if (!(line.startsWith('datasource_list: ') || line === 'datasource_list:'))
                return;
            let value = line.slice(line.indexOf(':') + 1);
            if (value.startsWith(' '))
                value = value.slice(1);
            matches.push({ path, line: index + 1, excerpt: excerptOf$1(raw), value });
        });
    }
    return matches;
}
/** ds-identify's parse_yaml_array: strip one `[` and one `]`, split on ',', trim, unquote, then words. */
function parseYamlArray(value) {
    let val = value.startsWith('[') ? value.slice(1) : value;
    val = val.endsWith(']') ? val.slice(0, -1) : val;
    const out = [];
    for (const tok of val.split(',')) {
        let t = tok.trim().split(/\s+/).join(' ');
        if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))))
            t = t.slice(1, -1);
        out.push(t);
    }
    return out.join(' ').split(/\s+/).filter((s) => s.length > 0);
}
/** The DI_DSLIST_DEFAULT of the guest's own ds-identify (a shell string continued with backslashes). */
function defaultListFromScript(script) {
    const m = /^DI_DSLIST_DEFAULT="([^"]*)"/m.exec(script);
    return m ? m[1].replace(/\\\n/g, ' ').split(/\s+/).filter((s) => s.length > 0) : undefined;
}
/** Reads the config files as ds-identify does and works out its datasource list. `kernelDsName` is ci.ds= from the kernel command line. */
async function dsIdentifyView(guest, kernelDsName) {
    let script;
    let defaults = DS_IDENTIFY_DEFAULT_LIST;
    for (const path of DS_IDENTIFY_PATHS) {
        const text = await guest.readText(path);
        if (text === undefined)
            continue;
        script = path;
        defaults = defaultListFromScript(text) ?? defaults;
        break;
    }
    const files = [];
    for (const path of [CLOUD_CFG, ...(await guest.glob(CLOUD_CFG_D, '*.cfg'))]) {
        // YAML, not line-oriented: a long base64 line is legitimate (yamlBytes bounds the file when it is parsed).
        const text = await guest.readText(path, { anyLineLength: true });
        if (text !== undefined)
            files.push({ path, text });
    }
    const matches = grepDatasourceList(files);
    const last = matches[matches.length - 1];
    const diCfgText = await guest.readText('/etc/cloud/ds-identify.cfg');
    const configFile = diCfgText === undefined
        ? undefined
        : {
            path: '/etc/cloud/ds-identify.cfg',
            lines: diCfgText
                .split('\n')
                .map((raw, i) => ({ path: '/etc/cloud/ds-identify.cfg', line: i + 1, excerpt: excerptOf$1(raw) }))
                .filter((l) => l.excerpt !== '' && !l.excerpt.startsWith('#')),
        };
    const base = { script, matches, configFile };
    if (kernelDsName)
        return { ...base, list: parseYamlArray(kernelDsName), source: 'kernel' };
    const parsed = last ? parseYamlArray(last.value) : [];
    if (last && parsed.length > 0)
        return { ...base, list: parsed, source: 'config', origin: last };
    return { ...base, list: defaults, source: 'default', ...(last ? { blockStyleIgnored: last } : {}) };
}

/** Kernel command-line arguments (Documentation/admin-guide/kernel-parameters.rst): `name[=value]`, double quotes group spaces. */
/**
 * Splits a command line into arguments. Tokens that are unexpanded bootloader variables
 * (`$vt_handoff`, `${extra_cmdline}`) are dropped: their value is only known at boot.
 */
function parseKernelArgs(text) {
    const args = [];
    let i = 0;
    while (i < text.length) {
        while (i < text.length && /\s/.test(text[i]))
            i++;
        if (i >= text.length)
            break;
        let raw = '';
        let quoted = false;
        while (i < text.length && (quoted || !/\s/.test(text[i]))) {
            if (text[i] === '"')
                quoted = !quoted;
            raw += text[i++];
        }
        if (/^\$(\w+|\{\w+\})$/.test(raw))
            continue;
        const eq = raw.indexOf('=');
        const name = eq < 0 ? raw : raw.slice(0, eq);
        args.push(eq < 0 ? { name, raw } : { name, value: raw.slice(eq + 1).replace(/"/g, ''), raw });
    }
    return args;
}

/** The grubenv block (/boot/grub2/grubenv): `key=value` lines after a header, padded with '#'. */
function parseGrubenv(text) {
    const env = new Map();
    for (const line of text.split('\n')) {
        if (line.startsWith('#'))
            continue;
        const eq = line.indexOf('=');
        if (eq > 0)
            env.set(line.slice(0, eq), line.slice(eq + 1));
    }
    return env;
}
/** Parses one BLS entry; `options` may appear several times (joined with spaces, per the spec). */
function parseBlsEntry(path, text, env) {
    const entry = { path, args: [], text: '' };
    const options = [];
    text.split('\n').forEach((raw, index) => {
        const m = /^\s*(\S+)\s+(.*?)\s*$/.exec(raw);
        if (!m || m[1].startsWith('#'))
            return;
        const [key, value] = [m[1], m[2]];
        if (key === 'title')
            entry.title = value;
        else if (key === 'version')
            entry.version = value;
        else if (key === 'options') {
            entry.line ??= index + 1;
            options.push(value);
        }
    });
    entry.text = options.join(' ');
    const expanded = entry.text.replace(/\$(\w+)|\$\{(\w+)\}/g, (_m, a, b) => env.get(a ?? b ?? '') ?? '');
    entry.args = parseKernelArgs(expanded);
    return entry;
}

/** First word of a grub script line with its quotes resolved ('Title' or "Title"). */
function quotedTitle(rest) {
    const m = /^\s*(?:'([^']*)'|"([^"]*)"|(\S+))/.exec(rest);
    return m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
}
/**
 * Parses a grub.cfg as grub-mkconfig writes it: `menuentry`/`submenu` blocks delimited by
 * braces on their own lines, `linux` (or linuxefi/linux16) commands inside. Not a full
 * GRUB script interpreter: conditionals are read through, which is how grub-mkconfig output is laid out.
 */
function parseGrubCfg(text) {
    const entries = [];
    const topLevel = [];
    const stack = [];
    let defaultSetting;
    let usesBls = false;
    const lines = text.split('\n');
    lines.forEach((rawLine, index) => {
        const line = rawLine.trim();
        if (line.startsWith('#') || line === '')
            return;
        // [\s\S]: junk may hold \r or U+2028 mid-line, which `.` does not match.
        const word = /^(\S+)\s*([\s\S]*)$/.exec(line);
        const [command, rest] = [word[1], word[2]];
        if (command === 'menuentry' || command === 'submenu') {
            stack.push({ kind: command, title: quotedTitle(rest) });
            if (command === 'menuentry' && !stack.some((s) => s.kind === 'submenu'))
                topLevel.push(undefined);
            return;
        }
        if (line.endsWith('{'))
            stack.push({ kind: 'other', title: '' });
        if (line === '}' || line.startsWith('}')) {
            stack.pop();
            return;
        }
        if (command === 'blscfg')
            usesBls = true;
        const setDefault = /^set\s+default=(?:"([^"]*)"|'([^']*)'|(\S*))/.exec(line);
        if (setDefault && stack.length === 0)
            defaultSetting = setDefault[1] ?? setDefault[2] ?? setDefault[3];
        if (/^(linux|linuxefi|linux16)$/.test(command)) {
            const menu = [...stack].reverse().find((s) => s.kind === 'menuentry');
            if (!menu || menu.entry)
                return;
            const kernelMatch = /^(\S+)\s*([\s\S]*)$/.exec(rest);
            const entry = {
                title: menu.title,
                submenus: stack.filter((s) => s.kind === 'submenu').map((s) => s.title),
                line: index + 1,
                kernel: kernelMatch?.[1] ?? '',
                args: parseKernelArgs(kernelMatch?.[2] ?? ''),
                text: kernelMatch?.[2]?.trim() ?? '',
            };
            menu.entry = entry;
            entries.push(entry);
            if (entry.submenus.length === 0)
                topLevel[topLevel.length - 1] = entry;
        }
    });
    return { entries, defaultEntry: pickDefault(defaultSetting, topLevel, entries), defaultSetting, usesBls };
}
function pickDefault(setting, topLevel, entries) {
    const value = setting ?? '0';
    if (/^\d+$/.test(value))
        return topLevel[Number(value)];
    if (value.includes('$'))
        return undefined;
    return entries.find((e) => e.title === value);
}

/**
 * Shell variable assignments as sourced by `sh`: /etc/os-release (os-release(5)),
 * /etc/default/grub and /etc/default/grub.d/*.cfg. Handles what these files use in practice:
 * `KEY=value`, `export KEY=value`, single quotes (literal), double quotes (backslash escapes
 * `\$ \" \\ \``, `$VAR`/`${VAR}` expansion), unquoted backslash escapes, quoted values spanning
 * lines, `#` comments, several assignments on one line. Backquoted command substitutions are not run
 * (they expand to '' and are recorded). Anything else (if/fi, commands) is
 * skipped and recorded, never executed. Pure: text in, assignments out.
 * Expansions are bounded: `A="$A$A"` doubles a value per line, so past shellExpansionBytes of
 * expanded text in one file the parse is a LimitError, not gigabytes of strings.
 */
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\']);
/**
 * Parses `text` as a sequence of shell assignments. `initial` holds variables already set
 * (e.g. values from /etc/default/grub when parsing a grub.d snippet that says
 * `GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX console=ttyS0"`); unknown variables expand to ''.
 * `path` names the file in a LimitError.
 */
function parseShellVars(text, initial = new Map(), path) {
    const values = new Map(initial);
    let expanded = 0;
    const expansion = (value) => {
        expanded += value.length;
        enforceBudget('guest', 'shellExpansionBytes', expanded, (limit) => `$VAR expansions producing more than ${limit} bytes exceed the shellExpansionBytes budget`, { path });
        return value;
    };
    const assignments = [];
    const problems = [];
    let i = 0;
    let line = 1;
    const peek = () => text[i];
    const advance = () => {
        const c = text[i++];
        if (c === '\n')
            line++;
        return c;
    };
    const skipToEol = () => {
        while (i < text.length && text[i] !== '\n')
            i++;
    };
    const readName = () => {
        const start = i;
        if (i < text.length && NAME_START.test(text[i])) {
            i++;
            while (i < text.length && NAME_CHAR.test(text[i]))
                i++;
        }
        return text.slice(start, i);
    };
    /** `$NAME` or `${NAME}` after the `$` has been consumed. */
    const expand = () => {
        if (peek() === '{') {
            const close = text.indexOf('}', i);
            if (close < 0)
                return '$';
            const name = text.slice(i + 1, close);
            i = close + 1;
            return expansion(values.get(name) ?? '');
        }
        const name = readName();
        return name === '' ? '$' : expansion(values.get(name) ?? '');
    };
    /** Skips a backquoted command substitution (never run: its output is unknown at rest). */
    const skipBackquote = (startLine) => {
        const close = text.indexOf('`', i);
        problems.push({ line: startLine, reason: 'command substitution not evaluated' });
        while (i < (close < 0 ? text.length : close + 1))
            advance();
    };
    /** Reads one word (the value part) until unquoted whitespace or `;`. */
    const readValue = (startLine) => {
        let out = '';
        while (i < text.length) {
            const c = peek();
            if (c === ' ' || c === '\t' || c === '\n' || c === ';')
                break;
            advance();
            if (c === "'") {
                const close = text.indexOf("'", i);
                if (close < 0) {
                    problems.push({ line: startLine, reason: 'unterminated single quote' });
                    out += text.slice(i);
                    while (i < text.length)
                        advance();
                    break;
                }
                while (i < close)
                    out += advance();
                advance();
            }
            else if (c === '"') {
                let closed = false;
                while (i < text.length) {
                    const d = advance();
                    if (d === '"') {
                        closed = true;
                        break;
                    }
                    if (d === '\\' && i < text.length) {
                        const e = advance();
                        if (e === '\n')
                            continue;
                        out += DOUBLE_QUOTE_ESCAPABLE.has(e) ? e : `\\${e}`;
                    }
                    else if (d === '$')
                        out += expand();
                    else if (d === '`')
                        skipBackquote(startLine);
                    else
                        out += d;
                }
                if (!closed)
                    problems.push({ line: startLine, reason: 'unterminated double quote' });
            }
            else if (c === '\\') {
                if (i < text.length) {
                    const e = advance();
                    if (e !== '\n')
                        out += e;
                }
            }
            else if (c === '$')
                out += expand();
            else if (c === '`')
                skipBackquote(startLine);
            else
                out += c;
        }
        return out;
    };
    while (i < text.length) {
        const c = peek();
        if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '\r') {
            advance();
            continue;
        }
        if (c === '#') {
            skipToEol();
            continue;
        }
        const startLine = line;
        const start = i;
        const name = readName();
        if (name === 'export' && (peek() === ' ' || peek() === '\t'))
            continue;
        if (name === '' || peek() !== '=') {
            problems.push({ line: startLine, reason: 'not an assignment' });
            skipToEol();
            continue;
        }
        advance();
        const value = readValue(startLine).replace(/\r$/, '');
        values.set(name, value);
        assignments.push({ key: name, value, line: startLine, raw: text.slice(start, i).trim() });
    }
    return { assignments, values, problems };
}
/** The last assignment of `key`, for evidence (path + line + excerpt). */
function lastAssignment(vars, key) {
    for (let k = vars.assignments.length - 1; k >= 0; k--)
        if (vars.assignments[k].key === key)
            return vars.assignments[k];
    return undefined;
}

/** Generated GRUB configurations (Debian/Ubuntu, then RHEL/SUSE). */
const GRUB_CFG_PATHS = ['/boot/grub/grub.cfg', '/boot/grub2/grub.cfg'];
/** grubenv locations (RHEL 8 keeps `kernelopts` there). */
const GRUBENV_PATHS = ['/boot/grub2/grubenv', '/boot/grub/grubenv'];
const GRUB_VARS = ['GRUB_CMDLINE_LINUX', 'GRUB_CMDLINE_LINUX_DEFAULT'];
async function defaultGrubSources(guest, problems) {
    // grub-mkconfig sources /etc/default/grub, then /etc/default/grub.d/*.cfg in glob order.
    const files = ['/etc/default/grub', ...(await guest.glob('/etc/default/grub.d', '*.cfg'))];
    let values = new Map();
    const last = new Map();
    for (const path of files) {
        const text = await guest.readText(path);
        if (text === undefined)
            continue;
        const vars = parseShellVars(text, values, path);
        values = vars.values;
        problems.push(...vars.problems.map((p) => ({ path, ...p })));
        for (const name of GRUB_VARS)
            if (lastAssignment(vars, name))
                last.set(name, { path, vars });
    }
    return GRUB_VARS.flatMap((name) => {
        const where = last.get(name);
        if (!where)
            return [];
        const assignment = lastAssignment(where.vars, name);
        const value = values.get(name) ?? '';
        return [{ kind: 'default-grub', path: where.path, line: assignment.line, label: name, isDefault: true, args: parseKernelArgs(value), text: assignment.raw }];
    });
}
async function grubCfgSources(guest) {
    const sources = [];
    for (const path of GRUB_CFG_PATHS) {
        const text = await guest.readText(path);
        if (text === undefined)
            continue;
        const cfg = parseGrubCfg(text);
        for (const entry of cfg.entries) {
            const title = [...entry.submenus, entry.title].join(' > ');
            sources.push({ kind: 'grub-cfg', path, line: entry.line, label: `menuentry '${title}'`, isDefault: entry === cfg.defaultEntry, args: entry.args, text: entry.text });
        }
    }
    return sources;
}
async function blsSources(guest) {
    let env = new Map();
    for (const path of GRUBENV_PATHS) {
        const text = await guest.readText(path);
        if (text !== undefined) {
            env = parseGrubenv(text);
            break;
        }
    }
    const entries = [];
    for (const path of await guest.glob('/boot/loader/entries', '*.conf')) {
        const text = await guest.readText(path);
        if (text !== undefined)
            entries.push(parseBlsEntry(path, text, env));
    }
    // GRUB's blscfg boots saved_entry when set, else the first entry in its sort order (newest version first).
    const saved = env.get('saved_entry');
    const byVersion = [...entries].sort((a, b) => (b.version ?? b.path).localeCompare(a.version ?? a.path, undefined, { numeric: true }));
    const defaultEntry = entries.find((e) => saved !== undefined && e.path.endsWith(`/${saved}.conf`)) ?? byVersion[0];
    return entries.map((e) => ({
        kind: 'bls',
        path: e.path,
        line: e.line,
        label: `BLS entry '${e.title ?? e.path}'`,
        isDefault: e === defaultEntry,
        args: e.args,
        text: e.text,
    }));
}
async function kernelInstallSource(guest) {
    const path = '/etc/kernel/cmdline';
    const text = await guest.readText(path);
    if (text === undefined)
        return [];
    const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
    return [{ kind: 'kernel-install', path, line: 1, label: 'kernel-install/UKI command line', isDefault: true, args: parseKernelArgs(text), text: line.trim() }];
}
/** "path line N", as findings cite it. */
function describeSource(source) {
    return source.line === undefined ? source.path : `${source.path} line ${source.line}`;
}
/** Merges sources into one argument list; each token keeps every source that has it. */
function merge(sources) {
    const byRaw = new Map();
    for (const source of sources) {
        for (const arg of source.args) {
            const seen = byRaw.get(arg.raw);
            const where = { path: source.path, line: source.line, label: source.label };
            if (seen)
                seen.sources.push(where);
            else
                byRaw.set(arg.raw, { ...arg, sources: [where] });
        }
    }
    return [...byRaw.values()];
}
/** Reads every kernel command-line source of the guest and derives the flags rules use. */
async function collectKernelCmdline(guest) {
    const problems = [];
    const sources = [
        ...(await defaultGrubSources(guest, problems)),
        ...(await grubCfgSources(guest)),
        ...(await blsSources(guest)),
        ...(await kernelInstallSource(guest)),
    ];
    // A generated config without a known default entry: count every entry (any of them may boot).
    // Entries compete within one boot menu: a grub.cfg file, or the BLS entries directory.
    const menu = (s) => (s.kind === 'bls' ? 'bls' : `${s.kind}:${s.path}`);
    const menusWithDefault = new Set(sources.filter((s) => s.isDefault).map(menu));
    const boots = sources.filter((s) => s.isDefault || !menusWithDefault.has(menu(s)));
    const effective = merge(boots);
    const pick = (test) => effective.filter(test);
    return {
        sources,
        effective,
        flags: {
            cloudInitDisabled: pick((a) => a.name === 'cloud-init' && a.value === 'disabled'),
            ds: pick((a) => a.name === 'ds'),
            ciDs: pick((a) => a.name === 'ci.ds' || a.name === 'ci.datasource'),
            netIfnamesZero: pick((a) => a.name === 'net.ifnames' && a.value === '0'),
            consoleTtyS0: pick((a) => a.name === 'console' && /^ttyS0(,|$)/.test(a.value ?? '')),
        },
        problems,
    };
}

/** Library roots where distro Python packages are installed (python3.X and Debian's python3). */
const PYTHON_LIB_ROOTS = ['/usr/lib', '/usr/lib64', '/usr/local/lib'];
/**
 * Guest directories of an installed Python package: `<root>/python3*\/{site,dist}-packages/<name>`.
 * Sorted, de-duplicated by canonical path (lib64 is often a link to lib).
 */
async function findPythonPackage(guest, name) {
    const found = new Map();
    for (const root of PYTHON_LIB_ROOTS) {
        for (const pyDir of await guest.glob(root, 'python3*')) {
            for (const kind of ['site-packages', 'dist-packages']) {
                const dir = joinPath(joinPath(pyDir, kind), name);
                const st = await guest.stat(dir);
                if (st?.node.type === 'dir' && !found.has(st.path))
                    found.set(st.path, dir);
            }
        }
    }
    return [...found.values()].sort();
}
/** A module-level string constant (`NAME = "1.2.3"` or with single quotes) from Python source, with its line. */
function pythonStringConstant(source, name) {
    const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=\\s*(['"])([^'"\\n]*)\\1`);
    const lines = source.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const m = re.exec(lines[i]);
        if (m)
            return { value: m[2], line: i + 1 };
    }
    return undefined;
}
/** The first of `paths` that is a regular file in the guest. */
async function firstFile(guest, paths) {
    for (const path of paths)
        if ((await guest.stat(path))?.node.type === 'file')
            return path;
    return undefined;
}

/**
 * systemd unit-file syntax (systemd.syntax(7)): `[Section]` headers, `Key=Value` lines,
 * `#`/`;` comments, a trailing backslash continues a line. Pure: text in, sections out.
 */
/** Parses unit-file text; unknown syntax lines are skipped as systemd does (it only warns). */
function parseUnitFile(text) {
    const sections = new Map();
    let current;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const startLine = i + 1;
        let line = lines[i].trim();
        // Continuation: join following lines while this one ends in a backslash.
        while (line.endsWith('\\') && i + 1 < lines.length) {
            line = line.slice(0, -1) + ' ' + lines[++i].trim();
        }
        if (line === '' || line.startsWith('#') || line.startsWith(';'))
            continue;
        const header = /^\[([^\]]+)\]$/.exec(line);
        if (header) {
            const name = header[1];
            current = sections.get(name) ?? [];
            sections.set(name, current);
            continue;
        }
        const eq = line.indexOf('=');
        if (eq <= 0 || !current)
            continue;
        current.push({ key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), line: startLine });
    }
    return { sections };
}
/**
 * Every value of `key` in `section`, split on whitespace as list settings are
 * (WantedBy=, Wants=, Alias=). An empty assignment resets the list, as systemd does.
 */
function listSetting(file, section, key) {
    let values = [];
    for (const a of file.sections.get(section) ?? []) {
        if (a.key !== key)
            continue;
        if (a.value === '')
            values = [];
        else
            values.push(...a.value.split(/\s+/).filter((v) => v.length > 0));
    }
    return values;
}

/**
 * Unit names as systemd.unit(5) defines them: `prefix[@instance].suffix`. A template is
 * `foo@.service`; `foo@bar.service` is an instance of it.
 */
/** Splits a unit name; undefined if it has no `.suffix`. */
function parseUnitName(name) {
    const dot = name.lastIndexOf('.');
    if (dot <= 0 || dot === name.length - 1)
        return undefined;
    const stem = name.slice(0, dot);
    const suffix = name.slice(dot + 1);
    const at = stem.indexOf('@');
    if (at < 0)
        return { name, prefix: stem, suffix };
    return { name, prefix: stem.slice(0, at), instance: stem.slice(at + 1), suffix };
}
/** The template a unit instance is made from (`foo@bar.service` → `foo@.service`), else undefined. */
function templateOf(name) {
    const parsed = parseUnitName(name);
    if (!parsed || parsed.instance === undefined || parsed.instance === '')
        return undefined;
    return `${parsed.prefix}@.${parsed.suffix}`;
}
/** Whether `name` is a template (`foo@.service`). */
function isTemplate(name) {
    return parseUnitName(name)?.instance === '';
}
/** Last path component. */
function baseName(path) {
    const parts = path.split('/').filter((p) => p.length > 0);
    return parts[parts.length - 1] ?? '';
}

/**
 * The system unit search path that lives on disk (systemd.unit(5), "Unit File Load Path"),
 * highest priority first. Generator and transient directories under /run are empty in an
 * image at rest, so they are not listed. /lib/systemd/system matters on non-merged-/usr
 * Debian; on merged-/usr it resolves to /usr/lib/systemd/system and is read once.
 */
const UNIT_SEARCH_PATH = [
    '/etc/systemd/system',
    '/run/systemd/system',
    '/usr/local/lib/systemd/system',
    '/usr/lib/systemd/system',
    '/lib/systemd/system',
];
/** Directories where `systemctl enable` writes links: enablement is only counted here. */
const CONFIG_DIRS = ['/etc/systemd/system', '/run/systemd/system'];
const caches = new WeakMap();
function cacheOf(guest) {
    let cache = caches.get(guest);
    if (!cache) {
        cache = { lookups: new Map() };
        caches.set(guest, cache);
    }
    return cache;
}
/** The search-path directories that exist in this guest, de-duplicated by canonical path. */
function searchPath(guest) {
    const cache = cacheOf(guest);
    cache.searchPath ??= (async () => {
        const seen = new Set();
        const dirs = [];
        for (const dir of UNIT_SEARCH_PATH) {
            const real = await guest.realpath(dir);
            if (!real || seen.has(real))
                continue;
            seen.add(real);
            dirs.push(dir);
        }
        return dirs;
    })();
    return cache.searchPath;
}
/** Finds the unit file systemd would load for `name` (cached per guest). */
function lookupUnit(guest, name) {
    const cache = cacheOf(guest);
    let found = cache.lookups.get(name);
    if (!found) {
        found = findUnit(guest, name);
        cache.lookups.set(name, found);
    }
    return found;
}
async function findUnit(guest, name) {
    const direct = await findByName(guest, name);
    if (direct.fragmentPath || direct.maskedBy)
        return direct;
    // An instance without its own file is loaded from its template (foo@bar.service → foo@.service).
    const template = templateOf(name);
    if (!template)
        return direct;
    const fromTemplate = await findByName(guest, template);
    return { ...fromTemplate, name, aliasOf: undefined };
}
async function findByName(guest, name) {
    for (const dir of await searchPath(guest)) {
        const path = joinPath(dir, name);
        const entry = await guest.lstat(path);
        if (!entry)
            continue;
        if (entry.node.type === 'symlink') {
            const target = await guest.readlink(path);
            if (target === '/dev/null')
                return { name, maskedBy: path, foundAt: path };
        }
        const resolved = await statUnlessLoop(guest, path);
        // A dangling or looping link is skipped: systemd moves on to the next directory.
        if (!resolved || resolved.node.type !== 'file')
            continue;
        if (resolved.node.size === 0)
            return { name, maskedBy: path, foundAt: path };
        const text = (await guest.readText(path)) ?? '';
        const realName = baseName(resolved.path);
        return {
            name,
            foundAt: path,
            fragmentPath: resolved.path,
            aliasOf: realName !== name && !templateOf(name) ? realName : undefined,
            file: parseUnitFile(text),
        };
    }
    return { name };
}
/** stat(), with a symlink loop (ELOOP for systemd) reported as absent instead of thrown. */
async function statUnlessLoop(guest, path) {
    try {
        return await guest.stat(path);
    }
    catch (error) {
        if (error instanceof GuestError && /symbolic links/.test(error.message))
            return undefined;
        throw error;
    }
}
/** Drop-in files (`<unit>.d/*.conf`, and the template's for an instance) across the search path, parsed. */
async function dropIns(guest, name) {
    const names = [name, templateOf(name)].filter((n) => n !== undefined);
    const byBase = new Map();
    // Lower-priority directories first so that a same-named drop-in higher up replaces it.
    for (const dir of [...(await searchPath(guest))].reverse()) {
        for (const n of names) {
            for (const path of await guest.glob(joinPath(dir, `${n}.d`), '*.conf'))
                byBase.set(baseName(path), path);
        }
    }
    const out = [];
    for (const base of [...byBase.keys()].sort()) {
        const path = byBase.get(base);
        const text = await guest.readText(path);
        if (text !== undefined)
            out.push({ path, file: parseUnitFile(text) });
    }
    return out;
}

/** Emulates `systemctl is-enabled unit` over the guest's files. Never throws on odd layouts; absent dirs are empty. */
async function unitState(guest, unit) {
    const found = await lookupUnit(guest, unit);
    const empty = { enabledBy: [], wantedBy: [], requiredBy: [], aliases: [], also: [] };
    if (found.maskedBy)
        return { name: unit, state: 'masked', maskedBy: found.maskedBy, ...empty };
    if (!found.fragmentPath || !found.file)
        return { name: unit, state: 'absent', ...empty };
    if (found.aliasOf) {
        const target = await unitState(guest, found.aliasOf);
        return { name: unit, state: 'alias', fragmentPath: found.fragmentPath, aliasOf: found.aliasOf, target, ...empty };
    }
    const install = {
        wantedBy: listSetting(found.file, 'Install', 'WantedBy'),
        requiredBy: listSetting(found.file, 'Install', 'RequiredBy'),
        aliases: listSetting(found.file, 'Install', 'Alias'),
        also: listSetting(found.file, 'Install', 'Also'),
    };
    const upheldBy = listSetting(found.file, 'Install', 'UpheldBy');
    const links = await enablementLinks(guest, unit, install.aliases);
    const persistent = links.filter((l) => l.startsWith(`${CONFIG_DIRS[0]}/`));
    const hasRules = install.wantedBy.length + install.requiredBy.length + install.aliases.length + upheldBy.length > 0;
    const state = persistent.length > 0 ? 'enabled' : links.length > 0 ? 'enabled-runtime' : hasRules ? 'disabled' : install.also.length > 0 ? 'indirect' : 'static';
    return { name: unit, state, fragmentPath: found.fragmentPath, enabledBy: links, ...install };
}
/** Whether a link name in a `.wants/` dir stands for `unit` (for a template: any of its instances). */
function linkNamesUnit(linkName, unit) {
    if (linkName === unit)
        return true;
    return isTemplate(unit) && templateOf(linkName) === unit;
}
/**
 * Links that enable `unit`: `<dir>/*.{wants,requires,upholds}/<unit>` and `<dir>/<alias>` for
 * each Alias= name, in the config directories only (links under /usr come with the package and
 * make a unit `static`, not enabled).
 */
async function enablementLinks(guest, unit, aliases) {
    const links = [];
    for (const dir of CONFIG_DIRS) {
        for (const entry of (await guest.readdir(dir)) ?? []) {
            if (entry.type === 'dir' && /\.(wants|requires|upholds)$/.test(entry.name)) {
                const sub = joinPath(dir, entry.name);
                for (const link of (await guest.readdir(sub)) ?? []) {
                    if (linkNamesUnit(link.name, unit))
                        links.push(joinPath(sub, link.name));
                }
            }
            else if (entry.type === 'symlink' && aliases.includes(entry.name)) {
                const target = await guest.readlink(joinPath(dir, entry.name));
                if (target !== undefined && baseName(target) === unit)
                    links.push(joinPath(dir, entry.name));
            }
        }
    }
    return links;
}

/** Dependencies that pull a unit into the boot transaction (systemd.unit(5)). */
const PULLING_KEYS = ['Wants', 'Requires', 'Requisite', 'BindsTo', 'Upholds'];
const PULLING_DIRS = ['wants', 'requires', 'upholds'];
/** The canonical name a unit name loads as (aliases followed; unknown names unchanged). */
async function canonical(guest, name) {
    return (await lookupUnit(guest, name)).aliasOf ?? name;
}
/** Per-guest cache of the on-disk edges of each unit: several collectors walk the same boot graph. */
const edgeCache = new WeakMap();
/** Units `name` pulls in (on-disk edges, cached, plus the caller's generated edges). */
async function dependenciesOf(guest, name, options) {
    let cache = edgeCache.get(guest);
    if (!cache) {
        cache = new Map();
        edgeCache.set(guest, cache);
    }
    let edges = cache.get(name);
    if (!edges) {
        edges = diskDependenciesOf(guest, name);
        cache.set(name, edges);
    }
    const generated = (options.generatedWants ?? []).filter((e) => e.from === name).map((e) => ({ unit: e.to, why: e.why }));
    return [...(await edges), ...generated];
}
/** Units `name` pulls in according to its unit file, drop-ins and link directories, with a note on which file says so. */
async function diskDependenciesOf(guest, name) {
    const deps = [];
    const found = await lookupUnit(guest, name);
    if (found.maskedBy)
        return deps;
    const names = [name, templateOf(name)].filter((n) => n !== undefined);
    for (const dir of await searchPath(guest)) {
        for (const n of names) {
            for (const kind of PULLING_DIRS) {
                const sub = joinPath(dir, `${n}.${kind}`);
                for (const entry of (await guest.readdir(sub)) ?? [])
                    deps.push({ unit: entry.name, why: `${sub}/${entry.name}` });
            }
        }
    }
    const files = found.file ? [{ path: found.fragmentPath, file: found.file }] : [];
    files.push(...(await dropIns(guest, name)));
    for (const { path, file } of files) {
        for (const key of PULLING_KEYS) {
            for (const unit of listSetting(file, 'Unit', key))
                deps.push({ unit, why: `${key}=${unit} in ${path}` });
        }
    }
    return deps;
}
/** The default target's real name: default.target is normally an alias symlink. */
async function defaultTargetOf(guest, options) {
    return canonical(guest, options.defaultTarget ?? 'default.target');
}
/**
 * Walks the boot transaction from the default target breadth-first over Wants=/Requires=
 * (and `.wants/`/`.requires/` link directories on the whole search path, since package-shipped
 * links under /usr count at boot even though `is-enabled` ignores them) and says whether
 * `unit` is reached — directly, or through `<unit>.socket` for a service. Masked units are not
 * started and pull in nothing.
 */
async function isEnabledAtBoot(guest, unit, options = {}) {
    const state = await unitState(guest, unit);
    const defaultTarget = await defaultTargetOf(guest, options);
    const base = { unit, state, defaultTarget, chain: [], because: [] };
    if (state.state === 'masked')
        return { ...base, atBoot: false, reason: `${unit} is masked (${state.maskedBy} → /dev/null)` };
    if (state.state === 'absent')
        return { ...base, atBoot: false, reason: `no unit file for ${unit}` };
    const wanted = await canonical(guest, unit);
    const socket = wanted.endsWith('.service') ? wanted.replace(/\.service$/, '.socket') : undefined;
    const parent = new Map([[defaultTarget, null]]);
    const queue = [defaultTarget];
    let hit;
    while (queue.length > 0) {
        // A walk cut short would call a unit "not at boot" that is: past the budget we say we could not tell.
        guest.enforce('bootUnits', parent.size, undefined, `the boot transaction from ${defaultTarget}, ${parent.size} units so far,`);
        const current = queue.shift();
        if (current === wanted) {
            hit = { name: current, via: 'dependency' };
            break;
        }
        if (current === socket && !hit)
            hit = { name: current, via: 'socket' };
        for (const dep of await dependenciesOf(guest, current, options)) {
            const name = await canonical(guest, dep.unit);
            if (parent.has(name))
                continue;
            parent.set(name, { from: current, why: dep.why });
            queue.push(name);
        }
    }
    if (!hit)
        return { ...base, atBoot: false, reason: `${unit} is ${state.state} and nothing started from ${defaultTarget} pulls it in` };
    const chain = [];
    const because = [];
    for (let at = hit.name; at !== undefined;) {
        chain.unshift(at);
        const edge = parent.get(at);
        if (edge)
            because.unshift(edge.why);
        at = edge?.from;
    }
    const how = hit.via === 'socket' ? `socket-activated: ${hit.name} starts at boot` : 'starts at boot';
    return { ...base, atBoot: true, via: hit.via, chain, because, reason: `${unit} ${how} (${chain.join(' → ')})` };
}

/** cloud-init's units across versions (cloud-init-main/-network since 24.x). */
const CLOUD_INIT_UNITS = [
    'cloud-init-local.service',
    'cloud-init-main.service',
    'cloud-init-network.service',
    'cloud-init.service',
    'cloud-config.service',
    'cloud-final.service',
    'cloud-init.target',
];
/** Units whose masking stops provisioning (the stages that fetch metadata and report Ready). */
const ESSENTIAL_UNITS = ['cloud-init-local.service', 'cloud-init-main.service', 'cloud-init-network.service', 'cloud-init.service', 'cloud-init.target'];
/** Where the cloud-init systemd generator is installed. */
const CLOUD_INIT_GENERATORS = [
    '/usr/lib/systemd/system-generators/cloud-init-generator',
    '/lib/systemd/system-generators/cloud-init-generator',
    '/etc/systemd/system-generators/cloud-init-generator',
];
const CLOUD_INIT_DISABLED_FILE = '/etc/cloud/cloud-init.disabled';
/** Ubuntu installer (subiquity/curtin) drop-ins that Azure's Ubuntu guide says to delete. */
const INSTALLER_LEFTOVERS = ['99-installer.cfg', 'subiquity-disable-cloudinit-networking.cfg', '50-curtin-networking.cfg', 'curtin-preserve-sources.cfg'];
async function version(guest, packageDirs) {
    for (const dir of packageDirs) {
        const path = joinPath(dir, 'version.py');
        const text = await guest.readText(path);
        if (text === undefined)
            continue;
        const packaged = pythonStringConstant(text, '_PACKAGED_VERSION');
        if (packaged && !packaged.value.startsWith('@@'))
            return { value: packaged.value, path, line: packaged.line };
        const plain = pythonStringConstant(text, '__VERSION__');
        if (plain)
            return { value: plain.value, path, line: plain.line };
    }
    return undefined;
}
function kernelDisablers(kernel) {
    return (kernel?.flags.cloudInitDisabled ?? []).flatMap((arg) => arg.sources.map((source) => ({
        kind: 'kernel-cmdline',
        path: source.path,
        line: source.line,
        excerpt: excerptOf$1(arg.raw),
        detail: `kernel command line has ${excerptOf$1(arg.raw)} (${source.label}, ${describeSource(source)})`,
    })));
}
async function staleSeeds(guest) {
    const seeds = [];
    for (const dir of await guest.glob('/var/lib/cloud/seed', 'nocloud*')) {
        const files = ((await guest.readdir(dir)) ?? []).map((e) => e.name);
        if (files.length > 0)
            seeds.push({ path: dir, files });
    }
    return seeds;
}
function sameList(a, b) {
    return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}
/** Collects cloud-init presence, enablement, boot reachability and effective configuration. */
async function collectCloudInit(guest, kernel) {
    const binaries = [];
    for (const path of ['/usr/bin/cloud-init', '/usr/local/bin/cloud-init'])
        if (await firstFile(guest, [path]))
            binaries.push(path);
    const packageDirs = await findPythonPackage(guest, 'cloudinit');
    const units = [];
    for (const name of CLOUD_INIT_UNITS) {
        const state = await unitState(guest, name);
        if (state.state !== 'absent')
            units.push(state);
    }
    const disabledBy = [];
    if ((await guest.stat(CLOUD_INIT_DISABLED_FILE))?.node.type === 'file') {
        disabledBy.push({ kind: 'disabled-file', path: CLOUD_INIT_DISABLED_FILE, detail: `${CLOUD_INIT_DISABLED_FILE} exists` });
    }
    disabledBy.push(...kernelDisablers(kernel));
    for (const unit of units.filter((u) => u.state === 'masked' && ESSENTIAL_UNITS.includes(u.name))) {
        disabledBy.push({ kind: 'masked', path: unit.maskedBy, detail: `${unit.name} is masked (${unit.maskedBy} → /dev/null)` });
    }
    const generator = await firstFile(guest, CLOUD_INIT_GENERATORS);
    // The generator links cloud-init.target into multi-user.target unless the marker file or the kernel disable it.
    const generatorEnables = generator !== undefined && !disabledBy.some((d) => d.kind !== 'masked');
    const boot = await isEnabledAtBoot(guest, 'cloud-init-local.service', {
        generatedWants: generatorEnables ? [{ from: 'multi-user.target', to: 'cloud-init.target', why: `${generator} (at boot)` }] : [],
    });
    const localUnit = await unitState(guest, 'cloud-init-local.service');
    const installed = binaries.length > 0 || packageDirs.length > 0;
    const config = await readCloudConfig(guest);
    const rawList = config.merged.datasource_list;
    const cloudInitList = Array.isArray(rawList) ? rawList.map((v) => String(v)) : undefined;
    const dsIdentify = await dsIdentifyView(guest, kernel?.flags.ciDs.at(-1)?.value);
    const networkConfigDisabled = [];
    const network = config.merged.network;
    if (network && typeof network === 'object' && network.config === 'disabled') {
        const origin = config.originOf(['network', 'config']);
        if (origin)
            networkConfigDisabled.push(origin);
    }
    for (const path of await guest.glob('/etc/cloud/cloud.cfg.d', '*disable-network*')) {
        if (!networkConfigDisabled.some((o) => o.path === path))
            networkConfigDisabled.push({ path, line: 1, excerpt: '' });
    }
    const installerLeftovers = [];
    for (const name of INSTALLER_LEFTOVERS) {
        const path = `/etc/cloud/cloud.cfg.d/${name}`;
        if (await guest.exists(path))
            installerLeftovers.push(path);
    }
    const reportedReadyPath = '/var/lib/cloud/data/reported_ready';
    const ds = {
        cloudInit: cloudInitList,
        cloudInitOrigin: rawList === undefined ? undefined : config.originOf(['datasource_list']),
        ...(rawList !== undefined && cloudInitList === undefined ? { cloudInitRaw: rawList } : {}),
        azureInCloudInit: rawList === undefined || (cloudInitList?.includes('Azure') ?? false),
        azureInDsIdentify: dsIdentify.list.includes('Azure'),
        differ: rawList === undefined ? dsIdentify.source !== 'default' : !sameList(cloudInitList, dsIdentify.list),
        dsIdentify,
    };
    return {
        installed,
        version: await version(guest, packageDirs),
        enabled: installed && disabledBy.length === 0 && boot.atBoot,
        disabledBy,
        waagentSeesEnabled: localUnit.state === 'enabled',
        datasource: ds,
        networkConfigDisabled,
        staleSeeds: await staleSeeds(guest),
        installerLeftovers,
        manualCacheClean: {
            value: config.merged.manual_cache_clean === true,
            origin: config.merged.manual_cache_clean === undefined ? undefined : config.originOf(['manual_cache_clean']),
            instanceDirPresent: (await guest.lstat('/var/lib/cloud/instance')) !== undefined,
        },
        reportedReady: { path: reportedReadyPath, present: await guest.exists(reportedReadyPath) },
        configFiles: config.files,
        generator,
        localUnit,
        boot,
        units,
        binaries,
        packageDirs,
    };
}

/**
 * The primary NIC an Azure VM gets: a synthetic VMBus device driven by hv_netvsc, named
 * eth0 by the kernel (udev's net_id has no slot or path name for VMBus devices, so
 * predictable naming leaves it eth0 with or without net.ifnames=0), with a MAC address the
 * image has never seen, configured by DHCP.
 */
const AZURE_PRIMARY_NIC = { name: 'eth0', driver: 'hv_netvsc' };
/** Names only predictable naming (or other hardware) gives: they do not exist on Azure. */
const ABSENT_ON_AZURE = /^(en|wl|ww|ib|sl)/;
/** Whether a definition with this match would configure Azure's eth0, and why. Pure. */
function azureApplicability(match) {
    const { names, drivers, macs } = match;
    const nameOk = !names || names.some((n) => globMatches(n, AZURE_PRIMARY_NIC.name));
    const driverOk = !drivers || drivers.some((d) => globMatches(d, AZURE_PRIMARY_NIC.driver));
    const macBound = (macs?.length ?? 0) > 0;
    const namesOnlyAbsent = !!names && !nameOk && names.every((n) => ABSENT_ON_AZURE.test(n));
    const unmet = match.unmet ?? [];
    const appliesToEth0 = nameOk && driverOk && !macBound && unmet.length === 0;
    const reason = macBound
        ? `matches MAC ${macs.join(', ')}, which Azure's new NIC will not have`
        : !nameOk
            ? `names ${names.join(', ')}; Azure's primary NIC is eth0`
            : !driverOk
                ? `matches driver ${drivers.join(', ')}; Azure's NIC uses hv_netvsc`
                : unmet.length > 0
                    ? `its other conditions (${unmet.join(', ')}) do not hold for Azure's NIC`
                    : names
                        ? `matches eth0 by name (${names.join(', ')})`
                        : drivers
                            ? `matches the hv_netvsc driver (${drivers.join(', ')})`
                            : 'matches every interface';
    return { appliesToEth0, macBound, namesOnlyAbsent, reason };
}
/** A match pattern (glob, optionally `!`-negated as systemd allows) against a value. */
function globMatches(pattern, value) {
    if (pattern.startsWith('!'))
        return !globToRegExp(pattern.slice(1)).test(value);
    return globToRegExp(pattern).test(value);
}

/**
 * What the network facts need from the cloud-init facts: does cloud-init run on the new
 * instance, and is its network configuration disabled. The one place that maps
 * CloudInitFacts' fields, so a change there is a change here only.
 */
function cloudInitNetworking(facts) {
    if (!facts)
        return { runs: undefined, networkConfigDisabled: undefined, reason: 'cloud-init facts could not be collected' };
    const disabledAt = facts.networkConfigDisabled[0];
    const network = disabledAt
        ? `its network configuration is disabled at ${disabledAt.path}:${disabledAt.line} (${disabledAt.excerpt})`
        : 'its network configuration is not disabled';
    const out = {
        runs: facts.enabled,
        networkConfigDisabled: disabledAt !== undefined,
        reason: !facts.installed
            ? 'cloud-init is not installed'
            : !facts.enabled
                ? `cloud-init does not run at boot (${facts.disabledBy[0]?.detail ?? facts.boot.reason})`
                : `cloud-init runs at boot and ${network}`,
    };
    if (disabledAt)
        out.networkDisabledAt = { path: disabledAt.path, line: disabledAt.line, excerpt: disabledAt.excerpt };
    return out;
}

/** Bounds a master chain (port → OVS port → bridge is the longest real one); a loop in an image must end. */
const MAX_CHAIN = 8;
/**
 * Gives each port (a definition with memberOf) its master's addressing: the port's NIC carries no address
 * of its own, the bridge or bond does. For NetworkManager's Open vSwitch the chain is NIC → ovs-port →
 * ovs-bridge, and the address sits on an ovs-interface profile that is a port of the same bridge. Pure.
 */
function resolveMasters(judged) {
    const graph = new MasterGraph(judged);
    const internal = judged.filter((c) => c.createsDevice === 'ovs-interface' && c.memberOf);
    const internalByTop = new Map();
    for (const c of internal) {
        const { top } = graph.walkUp(c);
        if (top)
            internalByTop.set(top, [...(internalByTop.get(top) ?? []), c]);
    }
    return judged.map((c) => {
        if (!c.memberOf)
            return c;
        const { chain, top } = graph.walkUp(c);
        if (!top)
            return { ...c, viaMaster: { chain, defined: false, carriers: [] } };
        // NetworkManager's ovs-bridge and ovs-port profiles carry no IP; its ovs-interface profiles on the bridge do.
        const topCarries = !(top.format === 'nm-keyfile' && (top.createsDevice === 'ovs-bridge' || top.createsDevice === 'ovs-port'));
        const carriers = [...(topCarries ? [top] : []), ...(internalByTop.get(top) ?? [])].map(carrier);
        return { ...c, viaMaster: { chain, defined: true, carriers } };
    });
}
/** Master references between definitions, indexed by name so that resolving every port stays linear. */
class MasterGraph {
    byName = new Map();
    walked = new Map();
    constructor(all) {
        for (const c of all) {
            // An Open vSwitch internal interface shares its bridge's name but is never a master.
            if (c.createsDevice === 'ovs-interface')
                continue;
            for (const name of new Set([...(c.match.names ?? []), ...(c.aliases ?? [])]))
                this.byName.set(name, [...(this.byName.get(name) ?? []), c]);
        }
    }
    /** Follows memberOf up to the top master; `top` is undefined when a link names a master nothing defines. */
    walkUp(from) {
        const known = this.walked.get(from);
        if (known)
            return known;
        const chain = [];
        const seen = new Set([from]);
        let current = from;
        let result;
        while (current.memberOf && chain.length < MAX_CHAIN) {
            chain.push(current.memberOf);
            const next = this.findMaster(current.memberOf, current);
            if (!next || seen.has(next)) {
                result = { chain };
                break;
            }
            seen.add(next);
            current = next;
        }
        result ??= { chain, top: current };
        this.walked.set(from, result);
        return result;
    }
    /**
     * The definition a port's master reference names, read by a stack that also reads the port: by interface
     * name, netplan id, or (NetworkManager) profile UUID or id; a definition that creates a device first.
     */
    findMaster(name, port) {
        const candidates = (this.byName.get(name) ?? []).filter((c) => c !== port && c.readBy.some((r) => port.readBy.includes(r)));
        return candidates.find((c) => c.createsDevice !== undefined) ?? candidates[0];
    }
}
function carrier(c) {
    const { format, path, line, excerpt, id, ipv4, staticIpv4, ipv4Line, inForce, cloudInit } = c;
    return { format, path, line, excerpt, id, ipv4, staticIpv4, ...(ipv4Line ? { ipv4Line } : {}), inForce, cloudInit };
}

/** cloud-init will write its network files again for the new instance. */
function cloudInitRegenerates(ci) {
    return ci.runs === true && ci.networkConfigDisabled !== true;
}
/**
 * Judges each definition as the image's own network stack will on the first Azure boot:
 * read by a manager that runs, not shadowed by an earlier networkd file that already
 * configures eth0, and whether it fits eth0/hv_netvsc with a new MAC. Pure.
 */
function judgeConfigs(configs, inputs) {
    const active = new Map(inputs.stacks.map((s) => [s.id, s]));
    const regenerates = cloudInitRegenerates(inputs.cloudInit);
    const judged = configs.map((config) => {
        const generated = inputs.generatedPaths.has(config.path);
        const match = matchAsRead(config, active, inputs);
        return {
            ...config,
            match,
            inForce: readerInForce(config, active, inputs),
            azure: config.createsDevice ? virtualDevice(config) : azureApplicability(match),
            cloudInit: { generated, regenerated: generated && regenerates },
        };
    });
    // networkd picks its file for eth0 whether or not that file then brings the link up, so the
    // order is decided among the files read before the boot switch is applied.
    return resolveMasters(applyNetworkdOrder(judged).map(applyBootSwitch).map((c) => applyNmUnmanaged(c, active, inputs)));
}
/** A definition for eth0 that only NetworkManager would apply does nothing when NetworkManager leaves eth0 unmanaged. */
function applyNmUnmanaged(config, stacks, inputs) {
    if (!inputs.nmUnmanagedEth0 || !config.inForce.inForce || !config.azure.appliesToEth0)
        return config;
    const { readers } = readersOf(config, inputs);
    const others = readers.filter((id) => id !== 'NetworkManager' && stacks.get(id)?.active !== false);
    if (!readers.includes('NetworkManager') || others.length > 0)
        return config;
    return { ...config, inForce: { inForce: false, reason: inputs.nmUnmanagedEth0 } };
}
/** A bridge, bond or Open vSwitch definition creates its own device: it is never Azure's NIC. */
function virtualDevice(config) {
    return { appliesToEth0: false, macBound: false, namesOnlyAbsent: false, reason: `creates the ${config.createsDevice} ${config.match.names?.[0] ?? config.id}; it is not a NIC` };
}
/** A definition its stack reads but never brings up at boot gives eth0 nothing. */
function applyBootSwitch(config) {
    // A port is brought up with its bond or bridge; its own switch is not what decides.
    if (!config.inForce.inForce || config.startsAtBoot !== false || config.memberOf)
        return config;
    return { ...config, inForce: { inForce: false, reason: `${config.inForce.reason}, but never brought up at boot: ${bootSwitchText(config)}` } };
}
/** The stacks that load this definition (whether or not they run), and why the others that could do not. */
function readersOf(config, inputs) {
    const ignoring = [];
    const readers = config.readBy.filter((id) => {
        if (id !== 'NetworkManager' || config.format !== 'ifcfg-rhel')
            return true;
        if (config.nmControlled === false)
            ignoring.push('NetworkManager ignores it (NM_CONTROLLED=no)');
        else if (!inputs.nmReadsIfcfg)
            ignoring.push('NetworkManager does not load its ifcfg-rh plugin (keyfile profiles only)');
        return ignoring.length === 0;
    });
    return { readers, ignoring };
}
/**
 * The match of the stack that applies the definition: NetworkManager's whenever it loads the file and may run
 * (initscripts' ifup hands NetworkManager-controlled files to it), else the first other reader's own reading.
 */
function matchAsRead(config, stacks, inputs) {
    const byReader = config.matchByReader;
    if (!byReader)
        return config.match;
    const { readers } = readersOf(config, inputs);
    if (readers.includes('NetworkManager') && stacks.get('NetworkManager')?.active !== false)
        return config.match;
    const other = readers.map((id) => byReader[id]).find((m) => m !== undefined);
    return other ?? config.match;
}
/** NetworkManager loads this definition as a profile (a keyfile, an ifcfg file through ifcfg-rh, netplan's rendering), whatever its autoconnect. */
function nmLoads(config, inputs) {
    if (config.format === 'netplan' && !inputs.netplanInstalled)
        return false;
    return readersOf(config, inputs).readers.includes('NetworkManager');
}
function readerInForce(config, stacks, inputs) {
    if (config.format === 'netplan' && !inputs.netplanInstalled) {
        return { inForce: false, reason: 'netplan is not installed (no netplan generator), so nothing reads /etc/netplan' };
    }
    const { readers, ignoring } = readersOf(config, inputs);
    const running = readers.filter((id) => stacks.get(id)?.active === true);
    if (running.length > 0) {
        const via = config.format === 'netplan' ? ` (netplan renderer ${config.renderer})` : '';
        return { inForce: true, reason: `read by ${running.join(' and ')}${via}, which runs at boot` };
    }
    const unknown = readers.filter((id) => stacks.get(id)?.active === undefined);
    if (unknown.length > 0)
        return { inForce: true, reason: `read by ${unknown.join(' and ')}, whose boot state is unknown` };
    const why = readers.map((id) => `${id}: ${stacks.get(id)?.reason ?? 'not installed'}`);
    const notRunning = readers.length > 0 ? [`${readers.join(' or ')} does not run at boot (${why.join('; ')})`] : [];
    return { inForce: false, reason: `not read at boot: ${[...ignoring, ...notRunning].join('; ')}` };
}
/** Where a definition is switched off at boot, or the format default that leaves it off. */
function bootSwitchText(config) {
    const at = config.bootSwitch;
    if (at)
        return `${at.excerpt} (${at.path && at.path !== config.path ? `${at.path}:` : 'line '}${at.line})`;
    if (config.format === 'eni')
        return `no auto or allow-hotplug line names ${config.id}`;
    if (config.format === 'ifcfg-suse')
        return 'no STARTMODE, and wicked defaults to manual';
    return 'its boot switch is off';
}
/**
 * systemd-networkd applies the first .network file, in name order across its directories,
 * whose [Match] fits the interface. netplan's definitions reach it as
 * /run/systemd/network/10-netplan-<id>.network, so they take part under that name.
 */
function applyNetworkdOrder(judged) {
    const networkdName = (c) => c.format === 'networkd' ? c.id : c.format === 'netplan' && c.renderer === 'networkd' ? `10-netplan-${c.id}.network` : undefined;
    const forEth0 = judged
        .filter((c) => c.inForce.inForce && c.azure.appliesToEth0 && networkdName(c) !== undefined)
        .sort((a, b) => (networkdName(a) < networkdName(b) ? -1 : 1));
    const winner = forEth0[0];
    if (!winner)
        return judged;
    return judged.map((c) => forEth0.includes(c) && c !== winner
        ? { ...c, inForce: { inForce: false, reason: `systemd-networkd applies ${networkdName(winner)} to eth0 first (${winner.path})` } }
        : c);
}

/** "netplan /etc/netplan/50-cloud-init.yaml (eth0)": a definition named for messages (facts' reasons and rules' findings alike). */
function describeDefinition(config) {
    const id = config.format === 'netplan' || config.format === 'eni' || config.format === 'nm-keyfile' ? ` (${config.id})` : '';
    return `${config.format} ${config.path}${id}`;
}

/**
 * NetworkManager's device-list format (NetworkManager.conf(5) "Device List Format"), as used by
 * no-auto-default and unmanaged-devices, matched against Azure's primary NIC: an Ethernet device
 * named eth0, driver hv_netvsc, whose MAC the image has never seen (a MAC spec never matches it).
 */
function nmSpecsMatchAzureNic(specs) {
    const positive = specs.filter((s) => !s.startsWith('except:'));
    const negative = specs.filter((s) => s.startsWith('except:')).map((s) => s.slice('except:'.length));
    // except: wins over any positive match; a list of only except: specs behaves as if `*` were in it.
    if (negative.some(specMatches))
        return false;
    return positive.length === 0 ? negative.length > 0 : positive.some(specMatches);
}
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;
function specMatches(spec) {
    if (spec === '*')
        return true;
    const colon = spec.indexOf(':');
    const prefix = colon > 0 ? spec.slice(0, colon) : '';
    const value = spec.slice(colon + 1);
    switch (prefix) {
        case 'interface-name':
            if (value.startsWith('='))
                return value.slice(1) === AZURE_PRIMARY_NIC.name;
            return globToRegExp(value.startsWith('~') ? value.slice(1) : value).test(AZURE_PRIMARY_NIC.name);
        case 'type':
            return value === 'ethernet';
        case 'driver':
            return value.split('/')[0] === AZURE_PRIMARY_NIC.driver;
        case 'mac':
        case 's390-subchannels':
        case 'dhcp-plugin':
            return false;
        default:
            // A bare spec is a MAC (never the new NIC's) or an exact interface name.
            return !MAC.test(spec) && spec === AZURE_PRIMARY_NIC.name;
    }
}

/**
 * Whether NetworkManager gives Azure's eth0 its automatic DHCP profile ("Wired connection 1").
 * NetworkManager creates it for a managed Ethernet device when no profile it loads is compatible
 * with the device (nm-settings.c have_connection_for_device: every wired profile counts, whatever
 * its autoconnect) and `no-auto-default` does not name the device. Pure.
 */
function nmAutoDefault(nm, settings, unmanaged, profilesForEth0) {
    if (nm?.active !== true)
        return { gives: false, reason: 'NetworkManager does not run at boot' };
    if (unmanaged)
        return { gives: false, reason: unmanaged.reason, at: unmanaged.at };
    const noAuto = settings.noAutoDefault;
    if (nmSpecsMatchAzureNic(noAuto.specs)) {
        return { gives: false, reason: `${noAuto.at.excerpt} in ${noAuto.at.path}`, at: noAuto.at };
    }
    const profile = profilesForEth0[0];
    if (profile) {
        const off = profile.startsAtBoot === false ? ', even though it never autoconnects' : '';
        return {
            gives: false,
            reason: `the profile ${describeDefinition(profile)} matches eth0${off}`,
            at: { path: profile.path, line: profile.line, excerpt: profile.excerpt },
        };
    }
    return { gives: true, reason: 'NetworkManager runs and no profile matches eth0, so it creates "Wired connection 1" with DHCP' };
}
/**
 * Whether NetworkManager leaves eth0 unmanaged: `[keyfile] unmanaged-devices` names it, ifcfg-rh loads an ifcfg
 * file with NM_CONTROLLED=no, DEVICE=eth0 and no HWADDR (it turns that into the unmanaged spec
 * `interface-name:eth0`; with HWADDR the spec is the old MAC, which the new NIC does not have), or its ifupdown plugin
 * is loaded with `[ifupdown] managed=false` (the default; Debian's NetworkManager.conf sets it) and
 * /etc/network/interfaces has a stanza for eth0. An unmanaged device gets neither profiles nor the automatic one. Pure.
 */
function nmUnmanagedEth0(settings, eniEth0, ifcfgEth0NotControlled) {
    const list = settings.unmanagedDevices;
    if (list.at && nmSpecsMatchAzureNic(list.specs))
        return { reason: `NetworkManager leaves eth0 unmanaged (${list.at.excerpt} in ${list.at.path})`, at: list.at };
    if (ifcfgEth0NotControlled) {
        const at = { path: ifcfgEth0NotControlled.path, line: ifcfgEth0NotControlled.line, excerpt: ifcfgEth0NotControlled.excerpt };
        return { reason: `NetworkManager leaves eth0 unmanaged: its ifcfg-rh plugin reads NM_CONTROLLED=no for DEVICE=eth0 in ${at.path}`, at };
    }
    const managed = settings.ifupdownManaged;
    if (eniEth0 && settings.plugins?.includes('ifupdown') && managed?.value !== true) {
        const setting = managed ? `${managed.excerpt} in ${managed.path}` : '[ifupdown] managed defaults to false';
        return {
            reason: `NetworkManager leaves eth0 unmanaged: its ifupdown plugin ignores interfaces listed in /etc/network/interfaces (${setting}), and ${eniEth0.path}:${eniEth0.line} lists eth0`,
            at: { path: eniEth0.path, line: eniEth0.line, excerpt: eniEth0.excerpt },
        };
    }
    return undefined;
}

/**
 * The union of `dirs` (highest priority first) for names ending in `suffix` (or accepted by
 * it, when a function): a name in a
 * higher-priority directory shadows the same name elsewhere, and the result is sorted by
 * name, as netplan, systemd-networkd and NetworkManager all read them. More than globFiles
 * names is a LimitError: the tools read them all, so must we.
 */
async function listShadowed(guest, dirs, suffix) {
    const accept = typeof suffix === 'string' ? (name) => name.endsWith(suffix) : suffix;
    const chosen = new Map();
    for (const dir of dirs) {
        for (const entry of (await guest.readdir(dir)) ?? []) {
            if (!accept(entry.name) || chosen.has(entry.name))
                continue;
            if (entry.type === 'dir')
                continue;
            chosen.set(entry.name, joinPath(dir, entry.name));
            guest.enforce('globFiles', chosen.size, dir, `${chosen.size} config files across ${dirs.join(', ')}`);
        }
    }
    const names = [...chosen.keys()].sort();
    const out = [];
    for (const name of names) {
        const path = chosen.get(name);
        const target = await guest.readlink(path);
        if (target === '/dev/null') {
            out.push({ name, path, text: '', masked: true });
            continue;
        }
        const text = await guest.readText(path);
        if (text === undefined)
            continue;
        out.push({ name, path, text, masked: text.trim() === '' });
    }
    return out;
}
/** Splits text into lines (any newline style), for 1-based line numbers. */
function textLines(text) {
    return text.split(/\r?\n/);
}
/** Evidence excerpt of one line: settings on the allow-list, secrets masked (facts/excerpt.ts). */
function excerptOf(text) {
    return excerptOf$1(text);
}
/** Lower-case colon-separated MAC (accepts `-` or `:` separators and upper case), or the input trimmed. */
function normalizeMac(mac) {
    const m = mac.trim().toLowerCase().replace(/-/g, ':');
    return /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(m) ? m : mac.trim().toLowerCase();
}

/**
 * udev rules (udev(7)) that pin an interface name to a MAC, as the old persistent-net
 * generator (write_net_rules) and cloud-init's sysconfig/ENI renderers write them:
 * `SUBSYSTEM=="net", ACTION=="add", DRIVERS=="?*", ATTR{address}=="00:0d:3a:..", NAME="eth0"`.
 */
/** Where these rules live; /etc overrides /lib and /usr/lib by file name. */
const UDEV_RULES_DIRS = ['/etc/udev/rules.d', '/run/udev/rules.d', '/usr/lib/udev/rules.d', '/lib/udev/rules.d'];
/** The generator that writes 70-persistent-net.rules at boot (udev < 175 era, still shipped by some distros). */
const GENERATOR_RULES = '75-persistent-net-generator.rules';
/** Rules in `text` that match SUBSYSTEM=="net" and an address and assign NAME. Pure. */
function parsePersistentNetRules(text) {
    const out = [];
    textLines(text).forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const pairs = parsePairs(line);
        const find = (key, op) => pairs.find((p) => p.key === key && p.op === op);
        const address = find('ATTR{address}', '==') ?? find('ATTRS{address}', '==');
        const name = find('NAME', '=') ?? find('NAME', ':=');
        if (find('SUBSYSTEM', '==')?.value !== 'net' || !address || !name)
            return;
        out.push({
            line: i + 1,
            excerpt: excerptOf(line),
            mac: normalizeMac(address.value),
            name: name.value,
            cloudInitForm: isCloudInitForm(pairs),
        });
    });
    return out;
}
/** cloud-init writes exactly SUBSYSTEM, ACTION, DRIVERS, ATTR{address}, NAME, in that order (cloudinit/net/udev.py). */
function isCloudInitForm(pairs) {
    const keys = pairs.map((p) => `${p.key}${p.op}`);
    return keys.join(',') === 'SUBSYSTEM==,ACTION==,DRIVERS==,ATTR{address}==,NAME=';
}
function parsePairs(line) {
    const pairs = [];
    const re = /([A-Za-z_]+(?:\{[^}]*\})?)\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"/g;
    for (let m = re.exec(line); m; m = re.exec(line))
        pairs.push({ key: m[1], op: m[2], value: m[3] });
    return pairs;
}

/**
 * Files that cloud-init's network renderers write (cloud-init 22.4 `cloudinit/net/*.py` and
 * the distro classes' `renderer_configs`), each with the marker it writes when it has one.
 * A file at the path without the marker (hand-written at the same name) is not counted.
 */
const GENERATED = [
    // netplan.py with distros/debian.py NETWORK_FILE_HEADER.
    { path: '/etc/netplan/50-cloud-init.yaml' },
    // eni.py: distros/debian.py eni_path; older releases wrote /etc/network/interfaces itself with the same header.
    { path: '/etc/network/interfaces.d/50-cloud-init' },
    { path: '/etc/network/interfaces.d/50-cloud-init.cfg' },
    { path: '/etc/network/interfaces', marker: /^# This file is generated from information provided by the datasource/m },
    // sysconfig.py _make_header(): RHEL and SUSE flavors.
    { path: '/etc/sysconfig/network-scripts/ifcfg-*', marker: /^# Created by cloud-init/m },
    { path: '/etc/sysconfig/network/ifcfg-*', marker: /^# Created by cloud-init/m },
    // network_manager.py.
    { path: '/etc/NetworkManager/system-connections/cloud-init-*.nmconnection' },
    // networkd.py.
    { path: '/etc/systemd/network/10-cloud-init-*.network' },
    // sysconfig.py netrules_path for SUSE.
    { path: '/etc/udev/rules.d/85-persistent-net-cloud-init.rules' },
];
/** True when `path` with `text` is a file cloud-init's network rendering wrote. Pure. */
function isCloudInitGenerated(path, text) {
    if (path === '/etc/udev/rules.d/70-persistent-net.rules')
        return isCloudInitNetRules(text);
    return GENERATED.some((g) => globToRegExp(g.path).test(path) && (!g.marker || g.marker.test(text)));
}
/**
 * cloud-init's sysconfig and ENI renderers write 70-persistent-net.rules wholesale, one
 * `generate_udev_rule` line per interface and nothing else; udev's write_net_rules always
 * adds a comment header and ATTR{type}/KERNEL keys, so the two cannot be confused.
 */
function isCloudInitNetRules(text) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const rules = parsePersistentNetRules(text);
    return rules.length > 0 && rules.length === lines.length && rules.every((r) => r.cloudInitForm);
}

/** udev rule files that hold persistent-net bindings: the generator's output and cloud-init's SUSE file. */
const BINDING_FILES = /^(70-persistent-net|85-persistent-net-cloud-init)\.rules$/;
/** udev persistent-net bindings in force (after /etc shadows /lib by name), without the cloud-init decision. */
async function readUdevBindings(guest) {
    const bindings = [];
    const generated = new Set();
    for (const f of await listShadowed(guest, UDEV_RULES_DIRS, (name) => BINDING_FILES.test(name))) {
        if (f.masked)
            continue;
        if (isCloudInitGenerated(f.path, f.text))
            generated.add(f.path);
        for (const rule of parsePersistentNetRules(f.text)) {
            bindings.push({ path: f.path, line: rule.line, excerpt: rule.excerpt, mac: rule.mac, name: rule.name, kind: 'udev-rule' });
        }
    }
    return { bindings, generated };
}
/** Where udev looks for the program the generator rules import (`IMPORT{program}="write_net_rules"`). */
const WRITE_NET_RULES = ['/lib/udev/write_net_rules', '/usr/lib/udev/write_net_rules'];
/** The persistent-net generator rules in force, if any; masked when /etc overrides them with /dev/null or an empty file. */
async function readGenerator(guest) {
    const [found] = await listShadowed(guest, UDEV_RULES_DIRS, (name) => name === GENERATOR_RULES);
    if (!found)
        return undefined;
    let writer;
    for (const path of WRITE_NET_RULES)
        if (!writer && (await guest.exists(path)))
            writer = path;
    return { path: found.path, masked: found.masked, ...(writer ? { writer } : {}), writes: !found.masked && writer !== undefined };
}

/** Parses one interfaces(5) file. Pure. */
function parseEni(text) {
    const out = { ifaces: [], autos: [], sources: [] };
    let current;
    for (const { text: line, line: lineNo } of logicalLines(text)) {
        const words = line.trim().split(/\s+/).filter((w) => w.length > 0);
        const keyword = words[0];
        if (!keyword)
            continue;
        if (keyword === 'iface') {
            current = { name: words[1] ?? '', family: words[2] ?? '', method: words[3] ?? '', line: lineNo, excerpt: excerptOf(line) };
            out.ifaces.push(current);
        }
        else if (keyword === 'auto' || keyword === 'allow-auto' || keyword.startsWith('allow-')) {
            current = undefined;
            out.autos.push({ kind: keyword === 'allow-auto' ? 'auto' : keyword, names: words.slice(1), line: lineNo, excerpt: excerptOf(line) });
        }
        else if (keyword === 'source' || keyword === 'source-directory') {
            current = undefined;
            if (words[1])
                out.sources.push({ kind: keyword, pattern: words.slice(1).join(' '), line: lineNo });
        }
        else if (keyword === 'mapping' || keyword === 'rename' || keyword.startsWith('no-')) {
            current = undefined;
        }
        else if (current) {
            const at = { line: lineNo, excerpt: excerptOf(line) };
            if (keyword === 'address' && words[1])
                current.address = { ...at, value: words[1] };
            if (/^(bridge[-_]ports|bond[-_]slaves)$/.test(keyword)) {
                current.ports = words.slice(1).filter((w) => w !== 'none');
                current.portsAt = { ...at, creates: keyword.startsWith('bridge') ? 'bridge' : 'bond' };
            }
            if (/^bond[-_]master$/.test(keyword) && words[1])
                current.bondMaster = words[1];
            if (keyword === 'hwaddress' && words.length >= 2) {
                // `hwaddress ether 00:11:...` or (ifupdown >= 0.7) `hwaddress 00:11:...`.
                const mac = words.length >= 3 ? words[2] : words[1];
                current.hwaddress = { ...at, value: normalizeMac(mac) };
            }
        }
    }
    return out;
}
/** Lines with `\` continuations joined and comment/blank lines dropped, numbered by their first physical line. */
function logicalLines(text) {
    const physical = textLines(text);
    const out = [];
    for (let i = 0; i < physical.length; i++) {
        const start = i + 1;
        let line = physical[i];
        while (line.endsWith('\\') && i + 1 < physical.length)
            line = line.slice(0, -1) + physical[++i];
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#'))
            continue;
        out.push({ text: line, line: start });
    }
    return out;
}
/** run-parts(8) names that `source-directory` accepts (interfaces(5)): ^[a-zA-Z0-9_-]+$. */
function isRunPartsName(name) {
    return /^[a-zA-Z0-9_-]+$/.test(name);
}

/**
 * ifupdown's view of each interface. Every `iface <name> <family> <method>` stanza applies when the
 * interface is brought up (interfaces(5): "multiple iface stanzas can be given for the same
 * interface"; ifupdown's example: "Multiple addresses can be added by simply using multiple iface
 * stanzas"), so a DHCP stanza plus a static one is DHCP with an extra address, not static instead of
 * DHCP. Only interfaces named by `auto` (ifup -a, networking.service) or `allow-hotplug` (udev's
 * ifupdown hotplug rule) are brought up at boot. Pure.
 */
function eniConfigs(eni) {
    const bootLines = new Map();
    for (const a of eni.autos) {
        if (a.kind !== 'auto' && a.kind !== 'allow-hotplug')
            continue;
        for (const name of a.names)
            if (!bootLines.has(name))
                bootLines.set(name, { line: a.line, excerpt: a.excerpt, path: a.path });
    }
    const masters = new Map(eni.ifaces.flatMap((i) => (i.ports ?? []).map((port) => [port, i])));
    // bridge-utils-interfaces(5): `bridge_ports all` enslaves every ethX interface.
    const allPorts = masters.get('all');
    const masterOf = (name) => masters.get(name) ?? (/^eth\d+$/.test(name) ? allPorts : undefined);
    const byName = new Map();
    for (const iface of eni.ifaces) {
        if (iface.method === 'loopback' || iface.name === 'lo' || (iface.family !== 'inet' && iface.family !== 'inet6'))
            continue;
        byName.set(iface.name, [...(byName.get(iface.name) ?? []), iface]);
    }
    const configs = [...byName].map(([name, stanzas]) => {
        const inet = stanzas.filter((s) => s.family === 'inet');
        const dhcp = inet.find((s) => s.method === 'dhcp');
        const statics = inet.filter((s) => s.method === 'static');
        const ipv4 = dhcp ? 'dhcp' : statics.length > 0 ? 'static' : inet.length > 0 ? 'manual' : 'disabled';
        const anchor = dhcp ?? inet[0] ?? stanzas[0];
        const placed = (s, at) => s.path === anchor.path ? { line: at.line, excerpt: at.excerpt } : { line: at.line, excerpt: at.excerpt, path: s.path };
        const addresses = statics.flatMap((s) => (s.address ? [s.address.value] : []));
        const config = {
            format: 'eni',
            path: anchor.path,
            line: anchor.line,
            excerpt: anchor.excerpt,
            id: name,
            match: { names: [name] },
            ipv4,
            staticIpv4: ipv4 === 'static' ? addresses : [],
            readBy: ['ifupdown'],
            startsAtBoot: bootLines.has(name),
        };
        if (dhcp && addresses.length > 0)
            config.extraIpv4 = addresses;
        const bootLine = bootLines.get(name);
        if (bootLine)
            config.bootSwitch = bootLine.path === anchor.path ? { line: bootLine.line, excerpt: bootLine.excerpt } : bootLine;
        if (!dhcp) {
            const withAddress = statics.find((s) => s.address);
            const source = inet[0] ?? anchor;
            config.ipv4Line = withAddress ? placed(withAddress, withAddress.address) : placed(source, source);
        }
        const dhcp6 = stanzas.find((s) => s.family === 'inet6' && s.method === 'dhcp');
        if (dhcp6)
            config.dhcp6 = placed(dhcp6, dhcp6);
        const master = stanzas.find((s) => s.bondMaster)?.bondMaster ?? masterOf(name)?.name;
        if (master)
            config.memberOf = master;
        const creates = stanzas.find((s) => s.portsAt)?.portsAt?.creates;
        if (creates)
            config.createsDevice = creates;
        const hw = stanzas.find((s) => s.hwaddress);
        if (hw)
            config.setsMac = { mac: hw.hwaddress.value, ...placed(hw, hw.hwaddress) };
        return config;
    });
    // A port named only in its master's bridge_ports/bond-slaves line has no stanza of its own: bridge-utils and
    // ifenslave bring it up with the master, without an address (Debian's bridge-utils-interfaces(5)).
    for (const [port, master] of masters) {
        if (byName.has(port) || !master.portsAt)
            continue;
        if (port === 'all' && byName.has('eth0'))
            continue;
        configs.push({
            format: 'eni',
            path: master.path,
            line: master.portsAt.line,
            excerpt: master.portsAt.excerpt,
            id: port === 'all' ? 'eth*' : port,
            match: { names: [port === 'all' ? 'eth*' : port] },
            ipv4: 'manual',
            staticIpv4: [],
            readBy: ['ifupdown'],
            memberOf: master.name,
        });
    }
    return configs;
}

/** The main ifupdown file. */
const ENI_PATH = '/etc/network/interfaces';
/**
 * Reads /etc/network/interfaces and what it sources; undefined when the file is absent.
 * ifupdown has no limit on `source` nesting or fan-out, so a loop or a glob bomb in an image
 * is bounded by the includeDepth, includeFiles and globFiles budgets: a LimitError, never
 * a configuration judged on the files we happened to read first.
 */
async function loadEni(guest) {
    const text = await guest.readText(ENI_PATH);
    if (text === undefined)
        return undefined;
    const out = { ifaces: [], autos: [], files: [], notes: [] };
    await readInto(guest, ENI_PATH, text, 0, out);
    return out;
}
async function readInto(guest, path, text, depth, out) {
    out.files.push(path);
    const file = parseEni(text);
    out.ifaces.push(...file.ifaces.map((i) => ({ ...i, path })));
    out.autos.push(...file.autos.map((a) => ({ ...a, path })));
    // Judging stanzas against each other is quadratic; 120k `iface eth0` stanzas must not take minutes.
    guest.enforce('networkDefinitions', out.ifaces.length + out.autos.length, path, `${out.ifaces.length} iface stanzas and ${out.autos.length} auto lines`);
    const here = path.slice(0, path.lastIndexOf('/')) || '/';
    for (const source of file.sources) {
        guest.enforce('includeDepth', depth + 1, path, `line ${source.line}: source nested ${depth + 1} levels deep`);
        // interfaces(5): a relative path is relative to the directory of the file that holds the directive.
        const pattern = source.pattern.startsWith('/') ? source.pattern : joinPath(here, source.pattern);
        const matches = await expandGlob(guest, pattern);
        const files = source.kind === 'source' ? matches : await runPartsFiles(guest, matches);
        for (const included of files) {
            guest.enforce('includeFiles', out.files.length + 1, included, `reading it as file number ${out.files.length + 1} through source`);
            const includedText = await guest.readText(included);
            if (includedText !== undefined)
                await readInto(guest, included, includedText, depth + 1, out);
        }
    }
}
/** Regular files of each directory whose names run-parts accepts, sorted per directory. */
async function runPartsFiles(guest, dirs) {
    const out = [];
    for (const dir of dirs) {
        for (const entry of (await guest.readdir(dir)) ?? []) {
            if (isRunPartsName(entry.name))
                out.push(joinPath(dir, entry.name));
        }
        guest.enforce('globFiles', out.length, dir, `${out.length} files in source-directory so far`);
    }
    return out;
}
/** Paths matching a pattern with `*`, `?`, `[..]` in any component, sorted as wordexp(3) does; a plain path is returned as is. */
async function expandGlob(guest, pattern) {
    let paths = ['/'];
    for (const part of splitPath(pattern)) {
        if (!/[*?[]/.test(part)) {
            paths = paths.map((p) => joinPath(p, part));
            continue;
        }
        const next = [];
        for (const p of paths) {
            next.push(...(await guest.glob(p, part)).filter((m) => !m.split('/').pop().startsWith('.') || part.startsWith('.')));
            guest.enforce('globFiles', next.length, pattern, `${next.length} matches so far`);
        }
        paths = next;
    }
    return paths;
}

/** Directory of each flavor's ifcfg files. */
const IFCFG_DIRS = {
    rhel: '/etc/sysconfig/network-scripts',
    suse: '/etc/sysconfig/network',
};
/**
 * One ifcfg-<name> file as an interface definition. `name` is the file suffix. Pure.
 * RHEL: DEVICE= names the interface (else the suffix); HWADDR= binds it to a MAC; MACADDR=
 * sets one; BOOTPROTO=dhcp|bootp → DHCP, none|static|'' with IPADDR → static; ONBOOT.
 * SUSE: the suffix is the interface; LLADDR= sets the MAC; BOOTPROTO=dhcp|dhcp4|dhcp+autoip →
 * DHCP, static; STARTMODE=auto|hotplug|onboot|nfsroot starts at boot.
 */
function ifcfgConfig(text, path, name, flavor) {
    const vars = parseShellVars(text, undefined, path);
    const lines = textLines(text);
    const get = (key) => {
        const a = lastAssignment(vars, key);
        return a && { value: a.value, line: a.line, excerpt: excerptOf(lines[a.line - 1] ?? a.raw) };
    };
    // NAME= is only the profile's label (NetworkManager's connection id); DEVICE= names the interface.
    const device = flavor === 'rhel' ? get('DEVICE') : undefined;
    const anchor = device ?? get('BOOTPROTO') ?? { line: 1, excerpt: excerptOf(lines[0] ?? '') };
    // Open vSwitch's ifup-ovs takes a bridge's DHCP from OVSBOOTPROTO (openvswitch rhel/README.RHEL.rst).
    const ovs = (get('DEVICETYPE')?.value ?? '').toLowerCase() === 'ovs';
    const bootproto = ((ovs ? get('OVSBOOTPROTO')?.value : undefined) ?? get('BOOTPROTO')?.value ?? '').toLowerCase().replace(/^"|"$/g, '');
    const ipaddrKeys = [...vars.values.keys()].filter((k) => /^IPADDR[0-9_]*$/.test(k) && vars.values.get(k) !== '');
    const addresses = ipaddrKeys.map((k) => {
        const address = vars.values.get(k);
        const suffix = k.slice('IPADDR'.length);
        const prefix = get(`PREFIX${suffix}`)?.value ?? get(`NETMASK${suffix}`)?.value ?? (address.includes('/') ? undefined : get('PREFIXLEN')?.value);
        return prefix ? `${address}/${prefix}` : address;
    });
    const dhcp = flavor === 'rhel' ? bootproto === 'dhcp' || bootproto === 'bootp' : bootproto.startsWith('dhcp');
    const ipv4 = dhcp ? 'dhcp' : addresses.length > 0 ? 'static' : 'manual';
    const config = {
        format: flavor === 'rhel' ? 'ifcfg-rhel' : 'ifcfg-suse',
        path,
        line: anchor.line,
        excerpt: anchor.excerpt,
        id: name,
        match: { names: [device?.value || name] },
        ipv4,
        staticIpv4: addresses,
        readBy: flavor === 'rhel' ? ['network-scripts', 'NetworkManager'] : ['wicked'],
    };
    const ipv4Line = (ipaddrKeys[0] ? get(ipaddrKeys[0]) : undefined) ?? get('BOOTPROTO');
    if (!dhcp && ipv4Line)
        config.ipv4Line = { line: ipv4Line.line, excerpt: ipv4Line.excerpt };
    const hwaddr = flavor === 'rhel' ? get('HWADDR') : undefined;
    if (hwaddr?.value) {
        config.match.macs = [normalizeMac(hwaddr.value)];
        config.match.macLine = { line: hwaddr.line, excerpt: hwaddr.excerpt };
        // initscripts and ifcfg-rh find the device by HWADDR when DEVICE is not set.
        if (!device)
            delete config.match.names;
    }
    else if (flavor === 'rhel' && !device?.value) {
        // Neither DEVICE= nor HWADDR=: ifcfg-rh gives the profile no interface-name (reader.c sets it from
        // DEVICE only), so NetworkManager applies it to any Ethernet NIC, like a keyfile without one; initscripts'
        // source_config leaves DEVICE empty and ifup-eth finds no device for it.
        config.match = {};
        config.matchByReader = { 'network-scripts': { unmet: ['no DEVICE= or HWADDR= (initscripts finds no device for it)'] } };
    }
    const type = (get('TYPE')?.value ?? '').toLowerCase();
    const yes = (key) => (get(key)?.value ?? '').toLowerCase() === 'yes';
    // SUSE marks the master itself (BRIDGE='yes', BONDING_MASTER='yes') and lists its ports there (ifcfg-bridge(5), ifcfg-bonding(5)).
    const suseBridge = flavor === 'suse' && yes('BRIDGE');
    const creates = IFCFG_DEVICE_TYPES[type] ?? (yes('BONDING_MASTER') ? 'bond' : suseBridge ? 'bridge' : undefined);
    if (creates)
        config.createsDevice = creates;
    if (flavor === 'suse') {
        const ports = suseBridge
            ? (get('BRIDGE_PORTS')?.value ?? '').split(/\s+/)
            : [...vars.values.keys()].filter((k) => /^BONDING_SLAVE_?\d+$/.test(k)).map((k) => vars.values.get(k));
        const listed = ports.filter((p) => p !== '');
        if (listed.length > 0)
            config.portsListed = listed;
    }
    else {
        const master = get('MASTER') ?? get('BRIDGE') ?? get('TEAM_MASTER') ?? (creates === 'ovs-bridge' ? undefined : get('OVS_BRIDGE'));
        if (master?.value)
            config.memberOf = master.value;
    }
    const setMac = flavor === 'rhel' ? get('MACADDR') : get('LLADDR');
    if (setMac?.value)
        config.setsMac = { mac: normalizeMac(setMac.value), line: setMac.line, excerpt: setMac.excerpt };
    // Missing ONBOOT means yes (initscripts and ifcfg-rh alike); SUSE's STARTMODE defaults to manual (ifcfg(5)).
    const bootSwitch = get(flavor === 'rhel' ? 'ONBOOT' : 'STARTMODE');
    if (bootSwitch)
        config.bootSwitch = { line: bootSwitch.line, excerpt: bootSwitch.excerpt };
    if (flavor === 'rhel') {
        const onboot = bootSwitch?.value.toLowerCase();
        config.startsAtBoot = onboot === undefined ? true : onboot === 'yes';
        const nm = get('NM_CONTROLLED')?.value.toLowerCase();
        config.nmControlled = !(nm === 'no' || nm === 'n' || nm === 'false');
    }
    else {
        const startmode = (bootSwitch?.value ?? 'manual').toLowerCase();
        config.startsAtBoot = ['auto', 'hotplug', 'onboot', 'on', 'boot', 'nfsroot'].includes(startmode);
    }
    return config;
}
/** ifcfg TYPE= values (lower-cased) of virtual devices: initscripts' and ifcfg-rh's, and Open vSwitch's (its README.RHEL). */
const IFCFG_DEVICE_TYPES = {
    bridge: 'bridge',
    bond: 'bond',
    team: 'team',
    ovsbridge: 'ovs-bridge',
    ovsuserbridge: 'ovs-bridge',
    ovsintport: 'ovs-interface',
};
/** ifcfg file names that define an interface (not ifcfg-lo, not backups like ifcfg-eth0.bak or ~ files that ifup skips). */
function isIfcfgName(fileName) {
    const m = /^ifcfg-(.+)$/.exec(fileName);
    if (!m)
        return undefined;
    const name = m[1];
    if (name === 'lo' || /(~|\.(bak|old|orig|rpmnew|rpmsave|rpmorig))$/.test(name))
        return undefined;
    return name;
}

/** The netplan sections read: Ethernet NICs, and the bridges and bonds they can be enslaved to. */
const SECTIONS = { ethernets: undefined, bridges: 'bridge', bonds: 'bond' };
/**
 * Parses one netplan file: text in, definitions out; bad YAML is an error in the result, YAML
 * beyond a budget a LimitError. `meter` (the guest view) counts it toward yamlTotalBytes.
 */
function parseNetplan(text, path, meter) {
    const { doc, lineCounter } = parseGuestYaml(text, path, { meter });
    const lines = textLines(text);
    const out = { path, ethernets: [], members: new Map(), errors: doc.errors.map((e) => e.message.split('\n')[0]) };
    if (out.errors.length > 0)
        return out;
    const at = (node) => {
        const line = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
        return { line, excerpt: excerptOf(lines[line - 1] ?? ''), path };
    };
    const network = child(doc.contents, 'network');
    if (!distExports.isMap(network))
        return out;
    const renderer = rendererOf(child(network, 'renderer'));
    if (renderer)
        out.renderer = renderer;
    for (const kind of ['bonds', 'bridges']) {
        const masters = child(network, kind);
        if (!distExports.isMap(masters))
            continue;
        for (const item of masters.items) {
            if (!distExports.isScalar(item.key))
                continue;
            for (const member of stringList(child(item.value, 'interfaces')) ?? [])
                out.members.set(member, String(item.key.value));
        }
    }
    for (const [section, creates] of Object.entries(SECTIONS)) {
        const definitions = child(network, section);
        if (!distExports.isMap(definitions))
            continue;
        for (const item of definitions.items) {
            if (!distExports.isScalar(item.key) || !distExports.isMap(item.value))
                continue;
            const def = item.value;
            const id = String(item.key.value);
            const keyAt = at(item.key);
            const eth = { id, path, line: keyAt.line, excerpt: keyAt.excerpt };
            if (creates)
                eth.creates = creates;
            const match = child(def, 'match');
            const located = (node, value) => value === undefined ? undefined : { value, ...at(node) };
            if (distExports.isMap(match)) {
                eth.matchName = located(child(match, 'name'), scalarString(child(match, 'name')));
                eth.matchMacaddress = located(child(match, 'macaddress'), scalarString(child(match, 'macaddress')));
                eth.matchDriver = located(child(match, 'driver'), stringList(child(match, 'driver')));
            }
            eth.setName = located(child(def, 'set-name'), scalarString(child(def, 'set-name')));
            eth.dhcp4 = located(child(def, 'dhcp4'), yamlBool(child(def, 'dhcp4')));
            const addresses = stringList(child(def, 'addresses'))?.filter((a) => !a.includes(':'));
            eth.addresses = located(child(def, 'addresses'), addresses && addresses.length > 0 ? addresses : undefined);
            eth.macaddress = located(child(def, 'macaddress'), scalarString(child(def, 'macaddress')));
            eth.renderer = located(child(def, 'renderer'), rendererOf(child(def, 'renderer')));
            eth.activationMode = located(child(def, 'activation-mode'), scalarString(child(def, 'activation-mode')));
            out.ethernets.push(stripUndefined(eth));
        }
    }
    return out;
}
/**
 * Merges files in the order netplan reads them (sorted by name, already shadowed): a later
 * file's settings for the same id override scalars and extend `addresses`, and the last
 * global `renderer` is the default backend (netplan's parser keeps one global backend).
 */
function mergeNetplan(files) {
    const merged = new Map();
    let globalRenderer = 'networkd';
    const members = new Map();
    for (const file of files) {
        if (file.renderer)
            globalRenderer = file.renderer;
        for (const [member, master] of file.members)
            members.set(member, master);
        for (const eth of file.ethernets) {
            const key = `${eth.creates ?? 'ethernet'}:${eth.id}`;
            const before = merged.get(key);
            if (!before) {
                merged.set(key, { ...eth });
                continue;
            }
            const addresses = before.addresses && eth.addresses
                ? { ...eth.addresses, value: [...before.addresses.value, ...eth.addresses.value] }
                : (eth.addresses ?? before.addresses);
            // The definition keeps the file and line where it first appeared; settings come from every file.
            const { path: _path, line: _line, excerpt: _excerpt, ...settings } = eth;
            merged.set(key, stripUndefined({ ...before, ...stripUndefined(settings), addresses }));
        }
    }
    return [...merged.values()].map((eth) => {
        const config = toInterfaceConfig(eth, eth.renderer?.value ?? globalRenderer);
        const master = members.get(eth.id);
        return master ? { ...config, memberOf: master } : config;
    });
}
function toInterfaceConfig(eth, renderer) {
    const match = {};
    const hasMatch = eth.matchName || eth.matchMacaddress || eth.matchDriver;
    // Without `match:` the id is the interface name (netplan reference, "Common properties for physical device types").
    if (!hasMatch)
        match.names = [eth.id];
    if (eth.matchName)
        match.names = [eth.matchName.value];
    if (eth.matchDriver)
        match.drivers = eth.matchDriver.value;
    if (eth.matchMacaddress) {
        match.macs = [normalizeMac(eth.matchMacaddress.value)];
        match.macLine = sourceLine(eth.matchMacaddress);
    }
    const dhcp = eth.dhcp4?.value === true;
    const config = {
        format: 'netplan',
        path: eth.path,
        line: eth.line,
        excerpt: eth.excerpt,
        id: eth.id,
        match,
        ipv4: dhcp ? 'dhcp' : eth.addresses ? 'static' : 'disabled',
        staticIpv4: eth.addresses?.value ?? [],
        readBy: [renderer === 'NetworkManager' ? 'NetworkManager' : 'systemd-networkd'],
        renderer,
    };
    if (eth.creates)
        config.createsDevice = eth.creates;
    if (eth.setName)
        config.setName = eth.setName.value;
    const ipv4Source = !dhcp ? (eth.addresses ?? eth.dhcp4) : undefined;
    if (ipv4Source)
        config.ipv4Line = sourceLine(ipv4Source);
    if (eth.macaddress)
        config.setsMac = { mac: normalizeMac(eth.macaddress.value), ...sourceLine(eth.macaddress) };
    // netplan renders manual/off as networkd ActivationPolicy=manual/always-down and NetworkManager autoconnect=false.
    const mode = eth.activationMode?.value.toLowerCase();
    config.startsAtBoot = mode !== 'manual' && mode !== 'off';
    if (eth.activationMode)
        config.bootSwitch = sourceLine(eth.activationMode);
    return config;
}
function sourceLine(located) {
    return { line: located.line, excerpt: located.excerpt, ...(located.path ? { path: located.path } : {}) };
}
function child(node, key) {
    if (!distExports.isMap(node))
        return undefined;
    const pair = node.items.find((p) => distExports.isScalar(p.key) && p.key.value === key);
    return (pair?.value ?? undefined);
}
function scalarString(node) {
    if (!distExports.isScalar(node) || node.value === null || node.value === undefined)
        return undefined;
    return String(node.value);
}
/** A scalar or a sequence of scalars (netplan accepts both for `match.driver`); maps in lists (`addresses: - 10.0.0.4/24: {lifetime: 0}`) give their key. */
function stringList(node) {
    if (distExports.isScalar(node))
        return scalarString(node) === undefined ? undefined : [scalarString(node)];
    if (!distExports.isSeq(node))
        return undefined;
    const out = [];
    for (const item of node.items) {
        if (distExports.isScalar(item))
            out.push(String(item.value));
        else if (distExports.isMap(item) && distExports.isScalar(item.items[0]?.key))
            out.push(String(item.items[0].key.value));
    }
    return out;
}
/** netplan booleans: YAML 1.1 style true/yes/on/y (netplan's parser accepts these). */
function yamlBool(node) {
    const s = scalarString(node)?.toLowerCase();
    if (s === undefined)
        return undefined;
    if (['true', 'yes', 'on', 'y'].includes(s))
        return true;
    if (['false', 'no', 'off', 'n'].includes(s))
        return false;
    return undefined;
}
function rendererOf(node) {
    const s = scalarString(node);
    return s === 'networkd' || s === 'NetworkManager' ? s : undefined;
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Last value of `key` in `section` (a later assignment overrides an earlier one), with its line. */
function lastSetting(file, section, key) {
    const values = (file.sections.get(section) ?? []).filter((a) => a.key === key);
    return values[values.length - 1];
}

/**
 * systemd-networkd .network (systemd.network(5)) and udev .link (systemd.link(5)) files,
 * unit-file syntax. The first .network file (by name, across directories) whose [Match]
 * matches an interface configures it; .link files rename and set MACs before that.
 */
/** Directories of .network and .link files, highest priority first (same name shadows). */
const NETWORKD_DIRS = [
    '/etc/systemd/network',
    '/run/systemd/network',
    '/usr/local/lib/systemd/network',
    '/usr/lib/systemd/network',
    '/lib/systemd/network',
];
function at$1(lines, a) {
    return { line: a.line, excerpt: excerptOf(lines[a.line - 1] ?? '') };
}
/**
 * The main file with its drop-ins applied as systemd does (systemd.network(5)): each drop-in is parsed after
 * the main file, so a later assignment wins and a list setting continues (or is reset by an empty one).
 */
function withDropIns(text, dropIns) {
    const file = parseUnitFile(text);
    const lines = textLines(text);
    const origins = new Map();
    for (const dropIn of dropIns) {
        const extra = parseUnitFile(dropIn.text);
        const origin = { path: dropIn.path, lines: textLines(dropIn.text) };
        for (const [section, assignments] of extra.sections) {
            file.sections.set(section, [...(file.sections.get(section) ?? []), ...assignments]);
            for (const a of assignments)
                origins.set(a, origin);
        }
    }
    const locate = (a) => {
        const origin = origins.get(a);
        return origin ? { ...at$1(origin.lines, a), path: origin.path } : at$1(lines, a);
    };
    return { file, locate };
}
/** [Match] keys turned into names/drivers/MACs. */
const MATCH_KEYS_JUDGED = new Set(['Name', 'OriginalName', 'Driver', 'MACAddress', 'PermanentMACAddress']);
/** Other [Match] conditions Azure's primary NIC meets: an Ethernet device in a Microsoft VM. */
function azureMeets(key, value) {
    const v = value.trim().toLowerCase();
    if (key === 'Type')
        return v.split(/\s+/).includes('ether');
    if (key === 'Virtualization')
        return ['yes', 'vm', 'microsoft', 'true', '1'].includes(v);
    if (key === 'Architecture')
        return ['x86-64', 'arm64'].includes(v);
    return false;
}
/** [Match] of a .network or .link file (Name= / OriginalName=, MACAddress= / PermanentMACAddress=, Driver=). */
function matchOf(file, locate, nameKey) {
    const match = {};
    const names = listSetting(file, 'Match', nameKey);
    if (names.length > 0)
        match.names = names;
    const drivers = listSetting(file, 'Match', 'Driver');
    if (drivers.length > 0)
        match.drivers = drivers;
    const unmet = (file.sections.get('Match') ?? [])
        .filter((a) => !MATCH_KEYS_JUDGED.has(a.key) && !azureMeets(a.key, a.value))
        .map((a) => `${a.key}=${a.value}`);
    if (unmet.length > 0)
        match.unmet = unmet;
    const macs = [...listSetting(file, 'Match', 'MACAddress'), ...listSetting(file, 'Match', 'PermanentMACAddress')];
    if (macs.length > 0) {
        match.macs = macs.map(normalizeMac);
        const line = lastSetting(file, 'Match', 'MACAddress') ?? lastSetting(file, 'Match', 'PermanentMACAddress');
        if (line)
            match.macLine = locate(line);
    }
    return match;
}
/** One .network file as an interface definition. `name` is the file name (the id that orders and shadows). Pure. */
function networkdConfig(text, path, name, dropIns = []) {
    const { file, locate } = withDropIns(text, dropIns);
    const lines = textLines(text);
    const matchHeader = lines.findIndex((l) => l.trim() === '[Match]');
    const anchorLine = matchHeader >= 0 ? matchHeader + 1 : 1;
    const dhcp = lastSetting(file, 'Network', 'DHCP');
    const dhcp4 = dhcp !== undefined && ['yes', 'true', 'on', '1', 'ipv4', 'both', 'v4'].includes(dhcp.value.toLowerCase());
    const addressSettings = [
        ...(file.sections.get('Network') ?? []).filter((a) => a.key === 'Address'),
        ...(file.sections.get('Address') ?? []).filter((a) => a.key === 'Address'),
    ];
    const ipv4Addresses = addressSettings.flatMap((a) => a.value.split(/\s+/)).filter((v) => v.length > 0 && !v.includes(':'));
    const config = {
        format: 'networkd',
        path,
        line: anchorLine,
        excerpt: excerptOf(lines[anchorLine - 1] ?? ''),
        id: name,
        match: matchOf(file, locate, 'Name'),
        ipv4: dhcp4 ? 'dhcp' : ipv4Addresses.length > 0 ? 'static' : 'disabled',
        staticIpv4: ipv4Addresses,
        readBy: ['systemd-networkd'],
    };
    const ipv4Source = !dhcp4 ? (addressSettings.find((a) => !a.value.includes(':')) ?? dhcp) : undefined;
    if (ipv4Source)
        config.ipv4Line = locate(ipv4Source);
    const setMac = lastSetting(file, 'Link', 'MACAddress');
    if (setMac?.value)
        config.setsMac = { mac: normalizeMac(setMac.value), ...locate(setMac) };
    // systemd.network(5) [Link]: ActivationPolicy=manual leaves the link down until someone else brings it up,
    // down/always-down keep it down; Unmanaged=yes makes networkd ignore the interface altogether.
    const policy = lastSetting(file, 'Link', 'ActivationPolicy');
    const unmanaged = lastSetting(file, 'Link', 'Unmanaged');
    const off = unmanaged && ['yes', 'true', 'on', '1'].includes(unmanaged.value.toLowerCase())
        ? unmanaged
        : policy && ['manual', 'down', 'always-down'].includes(policy.value.toLowerCase()) ? policy : undefined;
    config.startsAtBoot = off === undefined;
    const bootSwitch = off ?? policy;
    if (bootSwitch)
        config.bootSwitch = locate(bootSwitch);
    const master = lastSetting(file, 'Network', 'Bond') ?? lastSetting(file, 'Network', 'Bridge');
    if (master?.value)
        config.memberOf = master.value;
    return config;
}
/** Parses a .link file. Pure. */
function parseLinkFile(text, path) {
    const file = parseUnitFile(text);
    const lines = textLines(text);
    const out = { path, match: matchOf(file, (a) => at$1(lines, a), 'OriginalName') };
    const name = lastSetting(file, 'Link', 'Name');
    if (name?.value) {
        out.name = name.value;
        out.nameLine = at$1(lines, name);
    }
    const mac = lastSetting(file, 'Link', 'MACAddress');
    if (mac?.value)
        out.setsMac = { mac: normalizeMac(mac.value), ...at$1(lines, mac) };
    return out;
}
/** A .link file that names an interface after its MAC, as a persistent-name binding. */
function linkBinding(link) {
    if (!link.match.macs || !link.name || !link.match.macLine)
        return undefined;
    return {
        path: link.path,
        line: link.match.macLine.line,
        excerpt: link.match.macLine.excerpt,
        mac: link.match.macs[0],
        name: link.name,
        kind: 'link-file',
    };
}

/**
 * NetworkManager keyfiles (nm-settings-keyfile(5)): GLib key files, `[section]` and
 * `key=value`, `#` comments. The systemd unit-file reader parses the same shape (its `;`
 * comments and `\` continuations never occur in keyfiles that NetworkManager writes), so it
 * is reused rather than a second INI reader.
 */
/** Directories NetworkManager loads profiles from, highest priority first. */
const NM_CONNECTION_DIRS = [
    '/run/NetworkManager/system-connections',
    '/etc/NetworkManager/system-connections',
    '/usr/lib/NetworkManager/system-connections',
];
/** The directory where NetworkManager still loads keyfiles without the .nmconnection suffix (profiles written before NM 1.20 have none). */
const NM_LEGACY_NAMES_DIR = '/etc/NetworkManager/system-connections';
/**
 * Names the keyfile plugin skips (nm-keyfile-utils.c nm_keyfile_utils_ignore_filename): hidden
 * files, editor and package-manager leftovers. Outside /etc only `*.nmconnection` is loaded.
 */
function isNmKeyfileName(name, legacyAllowed) {
    if (name.endsWith('.nmconnection'))
        return !name.startsWith('.');
    if (!legacyAllowed || name.startsWith('.'))
        return false;
    return !/(~|\.(bak|orig|rej|swp|tmp|rpmnew|rpmsave|dpkg-[a-z]+|nmmeta))$/i.test(name);
}
const ETHERNET_TYPES = new Set(['ethernet', '802-3-ethernet']);
/** Profile types that create a device a port can be enslaved to, or that carry an Open vSwitch bridge's address. */
const VIRTUAL_TYPES = {
    bridge: 'bridge',
    bond: 'bond',
    team: 'team',
    'ovs-bridge': 'ovs-bridge',
    'ovs-port': 'ovs-port',
    'ovs-interface': 'ovs-interface',
};
/** One .nmconnection profile as an interface definition (Ethernet, or a bridge/bond/team/OVS master), or undefined for other types. Pure. */
function nmKeyfileConfig(text, path) {
    const file = parseUnitFile(text);
    const get = (section, key) => lastSetting(file, section, key);
    const type = get('connection', 'type')?.value;
    const virtual = type === undefined ? undefined : VIRTUAL_TYPES[type];
    if (!type || (!ETHERNET_TYPES.has(type) && !virtual))
        return undefined;
    const lines = textLines(text);
    const anchor = get('connection', 'id') ?? get('connection', 'type');
    const names = [get('connection', 'interface-name')?.value, ...splitList(get('match', 'interface-name')?.value)].filter((n) => !!n);
    const drivers = splitList(get('match', 'driver')?.value);
    const mac = get('ethernet', 'mac-address') ?? get('802-3-ethernet', 'mac-address');
    const method = (get('ipv4', 'method')?.value ?? 'auto').toLowerCase();
    const addresses = (file.sections.get('ipv4') ?? [])
        .filter((a) => /^address(es)?[0-9]*$/.test(a.key))
        .flatMap((a) => a.value.split(';'))
        .map((v) => v.split(',')[0].trim())
        .filter((v) => v.length > 0);
    const ipv4 = method === 'auto' ? 'dhcp' : method === 'manual' ? 'static' : method === 'disabled' ? 'disabled' : 'manual';
    const config = {
        format: 'nm-keyfile',
        path,
        line: anchor.line,
        excerpt: excerptOf(lines[anchor.line - 1] ?? ''),
        id: get('connection', 'id')?.value ?? path.split('/').pop(),
        match: {},
        ipv4,
        staticIpv4: ipv4 === 'static' ? addresses : [],
        readBy: ['NetworkManager'],
    };
    if (names.length > 0)
        config.match.names = names;
    if (drivers.length > 0)
        config.match.drivers = drivers;
    if (mac?.value) {
        config.match.macs = [normalizeMac(mac.value)];
        config.match.macLine = { line: mac.line, excerpt: excerptOf(lines[mac.line - 1] ?? '') };
    }
    const ipv4Line = get('ipv4', 'method');
    if (ipv4 !== 'dhcp' && ipv4Line)
        config.ipv4Line = { line: ipv4Line.line, excerpt: excerptOf(lines[ipv4Line.line - 1] ?? '') };
    const cloned = get('ethernet', 'cloned-mac-address');
    // Only a literal MAC forces one; `permanent`, `preserve`, `random`, `stable` are policies.
    if (cloned && /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(cloned.value)) {
        config.setsMac = { mac: normalizeMac(cloned.value), line: cloned.line, excerpt: excerptOf(lines[cloned.line - 1] ?? '') };
    }
    // NetworkManager >= 1.46 writes controller=/port-type=, earlier versions master=/slave-type=; the value is the
    // controller's interface name or its profile's UUID.
    const master = get('connection', 'controller') ?? get('connection', 'master');
    if (master?.value)
        config.memberOf = master.value;
    if (virtual)
        config.createsDevice = virtual;
    const uuid = get('connection', 'uuid')?.value;
    const aliases = [uuid, get('connection', 'id')?.value].filter((a) => !!a);
    if (aliases.length > 0)
        config.aliases = aliases;
    const autoconnect = get('connection', 'autoconnect');
    const off = autoconnect?.value.toLowerCase();
    config.startsAtBoot = !(off === 'false' || off === 'no' || off === '0');
    if (autoconnect)
        config.bootSwitch = { line: autoconnect.line, excerpt: excerptOf(lines[autoconnect.line - 1] ?? '') };
    return config;
}
/** NetworkManager's list syntax: `a;b;` or `a,b`. */
function splitList(value) {
    return (value ?? '').split(/[;,]/).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** Reads the settings from NetworkManager.conf files in the order NetworkManager merges them. Pure. */
function nmSettings(files) {
    const out = { noAutoDefault: { specs: [] }, unmanagedDevices: { specs: [] } };
    for (const { path, text } of files) {
        const file = parseUnitFile(text);
        const lines = textLines(text);
        const plugins = lastSetting(file, 'main', 'plugins');
        if (plugins)
            out.plugins = splitList(plugins.value);
        const managed = lastSetting(file, 'ifupdown', 'managed');
        if (managed)
            out.ifupdownManaged = { value: ['true', 'yes', '1'].includes(managed.value.toLowerCase()), path, line: managed.line, excerpt: excerptOf(lines[managed.line - 1] ?? '') };
        for (const [section, key, list] of [
            ['main', 'no-auto-default', out.noAutoDefault],
            ['keyfile', 'unmanaged-devices', out.unmanagedDevices],
        ]) {
            for (const a of file.sections.get(section) ?? []) {
                const op = a.key === key ? '=' : a.key === `${key}+` ? '+=' : a.key === `${key}-` ? '-=' : undefined;
                if (!op)
                    continue;
                const specs = splitList(a.value);
                list.specs = op === '=' ? specs : op === '+=' ? [...list.specs, ...specs] : list.specs.filter((s) => !specs.includes(s));
                list.at = { path, line: a.line, excerpt: excerptOf(lines[a.line - 1] ?? '') };
            }
        }
    }
    return out;
}

/** netplan's directories, highest priority first (netplan(5): /run shadows /etc shadows /lib). */
const NETPLAN_DIRS = ['/run/netplan', '/etc/netplan', '/lib/netplan'];
/** Reads every format. Absent directories are empty; corrupt filesystems throw (the collector reports that). */
async function readConfigs(guest) {
    const out = { configs: [], generatedPaths: new Set(), linkBindings: [], links: [], netplanErrors: [], nm: nmSettings([]), notes: [] };
    const note = (path, text) => {
        if (isCloudInitGenerated(path, text))
            out.generatedPaths.add(path);
    };
    const netplanFiles = (await listShadowed(guest, NETPLAN_DIRS, '.yaml')).filter((f) => !f.masked);
    const parsed = netplanFiles.map((f) => {
        note(f.path, f.text);
        return parseNetplan(f.text, f.path, guest);
    });
    for (const p of parsed)
        for (const message of p.errors)
            out.netplanErrors.push({ path: p.path, message });
    out.configs.push(...mergeNetplan(parsed.filter((p) => p.errors.length === 0)));
    const eni = await loadEni(guest);
    if (eni) {
        out.notes.push(...eni.notes);
        for (const path of eni.files) {
            const text = await guest.readText(path);
            if (text !== undefined)
                note(path, text);
        }
        for (const i of eni.ifaces)
            countPorts(guest, i.ports ?? [], i.path, i.portsAt?.line ?? i.line);
        out.configs.push(...eniConfigs(eni));
    }
    const template = await readHotplugTemplate(guest);
    if (template)
        out.hotplugTemplate = template;
    for (const flavor of Object.keys(IFCFG_DIRS)) {
        const dir = IFCFG_DIRS[flavor];
        // Every ifcfg file counts (network-scripts reads them all): more than globFiles is a LimitError, not a cut.
        const entries = ((await guest.readdir(dir)) ?? []).filter((e) => isIfcfgName(e.name) !== undefined);
        guest.enforce('globFiles', entries.length, dir, `${entries.length} ifcfg files`);
        for (const entry of entries) {
            const name = isIfcfgName(entry.name);
            if (!name || entry.type === 'dir')
                continue;
            const path = joinPath(dir, entry.name);
            const text = await guest.readText(path);
            if (text === undefined)
                continue;
            note(path, text);
            out.configs.push(ifcfgConfig(text, path, name, flavor));
        }
    }
    linkListedPorts(guest, out.configs);
    for (const f of await listShadowed(guest, NM_CONNECTION_DIRS, (name) => isNmKeyfileName(name, true))) {
        if (f.masked || !isNmKeyfileName(f.name, f.path.startsWith(`${NM_LEGACY_NAMES_DIR}/`)))
            continue;
        note(f.path, f.text);
        const config = nmKeyfileConfig(f.text, f.path);
        if (config)
            out.configs.push(config);
    }
    out.nm = nmSettings(await nmConfFiles(guest));
    for (const f of await listShadowed(guest, NETWORKD_DIRS, '.network')) {
        if (f.masked)
            continue;
        note(f.path, f.text);
        // systemd.network(5): drop-ins in <name>.network.d/*.conf of every network directory, shadowed by name, in name order.
        const dropIns = (await listShadowed(guest, NETWORKD_DIRS.map((d) => `${d}/${f.name}.d`), '.conf')).filter((d) => !d.masked);
        out.configs.push(networkdConfig(f.text, f.path, f.name, dropIns));
    }
    for (const f of await listShadowed(guest, NETWORKD_DIRS, '.link')) {
        if (f.masked)
            continue;
        const link = parseLinkFile(f.text, f.path);
        const binding = linkBinding(link);
        if (binding)
            out.linkBindings.push(binding);
        out.links.push(link);
    }
    guest.enforce('networkDefinitions', out.configs.length, undefined, `${out.configs.length} interface definitions in all formats`);
    return out;
}
/** NetworkManager.conf's snippet directories: /etc/NetworkManager/conf.d shadows /usr/lib's same-named files (NetworkManager.conf(5)). */
const NM_CONF_DIRS = ['/etc/NetworkManager/conf.d', '/usr/lib/NetworkManager/conf.d'];
/** NetworkManager.conf and its conf.d snippets in merge order: /usr/lib's snippets, the main file, /etc's snippets. */
async function nmConfFiles(guest) {
    const snippets = (await listShadowed(guest, NM_CONF_DIRS, '.conf')).filter((f) => !f.masked);
    const main = await guest.readText('/etc/NetworkManager/NetworkManager.conf');
    return [
        ...snippets.filter((f) => f.path.startsWith('/usr/')),
        ...(main === undefined ? [] : [{ path: '/etc/NetworkManager/NetworkManager.conf', text: main }]),
        ...snippets.filter((f) => f.path.startsWith('/etc/')),
    ].map((f) => ({ path: f.path, text: f.text }));
}
/** Debian cloud images: a udev rule runs this helper for each new NIC, which fills the template into /run/network/interfaces.d. */
const HOTPLUG_HELPER = '/etc/network/cloud-ifupdown-helper';
const HOTPLUG_TEMPLATE = '/etc/network/cloud-interfaces-template';
/** The template's IPv4 method for eth0 (`$INTERFACE` replaced as the helper does with sed), when the helper is installed. */
async function readHotplugTemplate(guest) {
    if (!(await guest.exists(HOTPLUG_HELPER)))
        return undefined;
    const text = await guest.readText(HOTPLUG_TEMPLATE);
    if (text === undefined)
        return undefined;
    const iface = parseEni(text.replace(/\$INTERFACE/g, 'eth0')).ifaces.find((i) => i.name === 'eth0' && i.family === 'inet');
    const method = iface?.method;
    return { path: HOTPLUG_TEMPLATE, ipv4: method === 'dhcp' ? 'dhcp' : method === 'static' ? 'static' : 'manual' };
}
/**
 * Masters that list their ports (SUSE ifcfg BRIDGE_PORTS / BONDING_SLAVE_n): each port's own file becomes a port
 * of the master; a port without a file of its own is added as one (wicked enslaves it with the master).
 */
function linkListedPorts(guest, configs) {
    const byId = new Map(configs.map((c) => [`${c.format}:${c.id}`, c]));
    for (const master of configs.filter((c) => c.portsListed)) {
        countPorts(guest, master.portsListed, master.path, master.line);
        for (const port of master.portsListed) {
            const own = byId.get(`${master.format}:${port}`);
            if (own) {
                own.memberOf ??= master.id;
                continue;
            }
            const added = {
                format: master.format,
                path: master.path,
                line: master.line,
                excerpt: master.excerpt,
                id: port,
                match: { names: [port] },
                ipv4: 'manual',
                staticIpv4: [],
                readBy: master.readBy,
                memberOf: master.id,
            };
            configs.push(added);
            byId.set(`${master.format}:${port}`, added);
        }
    }
}
/** A bridge or bond listing more ports than any real one would is a hostile image: a typed limit, not unbounded work. */
function countPorts(guest, ports, path, line) {
    guest.enforce('masterPorts', ports.length, path, `${path}:${line} lists ${ports.length} ports, which`);
}

/** The unit that runs each network manager at boot. */
const STACK_UNITS = {
    'systemd-networkd': 'systemd-networkd.service',
    NetworkManager: 'NetworkManager.service',
    ifupdown: 'networking.service',
    'network-scripts': 'network.service',
    wicked: 'wicked.service',
};
/** netplan's systemd generator: it renders the YAML at every boot and starts the backend it needs. */
const NETPLAN_GENERATORS = ['/usr/lib/systemd/system-generators/netplan', '/lib/systemd/system-generators/netplan'];
/** RHEL 7/8 initscripts' SysV script behind network.service (systemd-sysv-generator makes the unit at boot). */
const INITSCRIPTS_NETWORK = '/etc/rc.d/init.d/network';
const SYSV_RUNLEVEL_DIRS = ['/etc/rc.d/rc3.d', '/etc/rc.d/rc5.d'];
/** Whether netplan (its generator) is installed. */
async function netplanInstalled(guest) {
    for (const path of NETPLAN_GENERATORS)
        if (await guest.exists(path))
            return true;
    return false;
}
/**
 * Which managers start at boot. `netplanNeedsNetworkd`: netplan is installed and renders
 * definitions to networkd, so its generator enables systemd-networkd at boot whatever the
 * unit's own state (netplan's generate.c enable_networkd()).
 */
async function stackStates(guest, netplanNeedsNetworkd) {
    const out = [];
    for (const id of Object.keys(STACK_UNITS)) {
        const unit = STACK_UNITS[id];
        if (id === 'systemd-networkd' && netplanNeedsNetworkd) {
            out.push({ id, active: true, reason: `netplan's generator starts ${unit} for its networkd definitions` });
            continue;
        }
        const boot = await isEnabledAtBoot(guest, unit);
        if (boot.atBoot) {
            // SUSE aliases network.service to wicked.service: count it once, under wicked.
            const realUnit = boot.state.aliasOf;
            if (id === 'network-scripts' && realUnit && realUnit !== unit) {
                out.push({ id, active: false, reason: `${unit} is an alias of ${realUnit}` });
                continue;
            }
            out.push({ id, active: true, reason: boot.reason });
            continue;
        }
        if (id === 'network-scripts' && boot.state.state === 'absent') {
            out.push({ id, ...(await initscriptsState(guest)) });
            continue;
        }
        out.push({ id, active: false, reason: boot.reason });
    }
    return out;
}
/** SysV `network` script enabled by a runlevel S-link (chkconfig network on). */
async function initscriptsState(guest) {
    if (!(await guest.exists(INITSCRIPTS_NETWORK)))
        return { active: false, reason: 'no network.service unit and no /etc/rc.d/init.d/network' };
    for (const dir of SYSV_RUNLEVEL_DIRS) {
        const links = await guest.glob(dir, 'S*network');
        if (links.length > 0)
            return { active: true, reason: `SysV ${INITSCRIPTS_NETWORK} enabled by ${links[0]}` };
    }
    return { active: false, reason: `SysV ${INITSCRIPTS_NETWORK} has no S-link in runlevel 3 or 5` };
}

/** Collects and judges the guest's network configuration. */
async function collectNetwork(guest, context) {
    const read = await readConfigs(guest);
    const hasNetplan = await netplanInstalled(guest);
    const netplanNeedsNetworkd = hasNetplan && read.configs.some((c) => c.format === 'netplan' && c.renderer === 'networkd');
    const stacks = await stackStates(guest, netplanNeedsNetworkd);
    const cloudInit = cloudInitNetworking(context.cloudInit);
    const udev = await readUdevBindings(guest);
    const generatedPaths = new Set([...read.generatedPaths, ...udev.generated]);
    const eniEth0 = read.configs.find((c) => c.format === 'eni' && c.id === 'eth0');
    const readsIfcfg = await nmReadsIfcfg(guest, read.nm.plugins);
    const ifcfgNotControlled = readsIfcfg
        ? read.configs.find((c) => c.format === 'ifcfg-rhel' && c.nmControlled === false && !c.match.macs && c.match.names?.includes('eth0'))
        : undefined;
    const nmUnmanaged = nmUnmanagedEth0(read.nm, eniEth0, ifcfgNotControlled);
    const inputs = {
        stacks,
        netplanInstalled: hasNetplan,
        nmReadsIfcfg: readsIfcfg,
        cloudInit,
        generatedPaths,
        ...(nmUnmanaged ? { nmUnmanagedEth0: nmUnmanaged.reason } : {}),
    };
    const interfaces = judgeConfigs(read.configs, inputs);
    const nmProfilesForEth0 = interfaces.filter((c) => c.azure.appliesToEth0 && nmLoads(c, inputs));
    const regenerates = cloudInitRegenerates(cloudInit);
    const persistentNames = [...udev.bindings, ...read.linkBindings].map((b) => {
        const generated = generatedPaths.has(b.path);
        return { ...b, cloudInit: { generated, regenerated: generated && regenerates } };
    });
    const facts = {
        stacks,
        netplanInstalled: hasNetplan,
        interfaces,
        persistentNames,
        netplanErrors: read.netplanErrors,
        cloudInit: { ...cloudInit, regenerates },
        nmAutoDefault: nmAutoDefault(stacks.find((s) => s.id === 'NetworkManager'), read.nm, nmUnmanaged, nmProfilesForEth0),
        notes: read.notes,
    };
    // systemd.link(5): the first .link file (by name) whose [Match] fits the device applies.
    const azureLink = read.links.find((l) => azureApplicability(l.match).appliesToEth0);
    if (azureLink && (azureLink.setsMac || (azureLink.name && azureLink.name !== 'eth0')))
        facts.azureLink = azureLink;
    if (read.hotplugTemplate)
        facts.hotplugTemplate = read.hotplugTemplate;
    if (context.kernelCmdline)
        facts.netIfnamesZero = context.kernelCmdline.flags.netIfnamesZero.length > 0;
    const generator = await readGenerator(guest);
    if (generator)
        facts.generator = generator;
    return facts;
}
/** RHEL builds of NetworkManager load the ifcfg-rh plugin unless `[main] plugins=` leaves it out. */
async function nmReadsIfcfg(guest, plugins) {
    if (plugins)
        return plugins.includes('ifcfg-rh');
    for (const libDir of ['/usr/lib64/NetworkManager', '/usr/lib/NetworkManager']) {
        for (const versionDir of await guest.glob(libDir, '*')) {
            if (await guest.exists(`${versionDir}/libnm-settings-plugin-ifcfg-rh.so`))
                return true;
        }
    }
    return false;
}

/** Where os-release(5) says to look, in order: the first that exists is used. */
const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'];
/** Parses os-release text (shell-quoted KEY=value lines). Pure. */
function parseOsRelease(text, source) {
    const vars = parseShellVars(text, undefined, source);
    const fields = Object.fromEntries(vars.values);
    const get = (key) => fields[key];
    return {
        source,
        id: get('ID'),
        idLike: (get('ID_LIKE') ?? '').split(/\s+/).filter((s) => s.length > 0),
        versionId: get('VERSION_ID'),
        prettyName: get('PRETTY_NAME'),
        name: get('NAME'),
        variantId: get('VARIANT_ID'),
        fields,
        problems: vars.problems,
    };
}
/** Reads /etc/os-release, falling back to /usr/lib/os-release. */
async function collectOsRelease(guest) {
    for (const path of OS_RELEASE_PATHS) {
        const text = await guest.readText(path);
        if (text !== undefined)
            return parseOsRelease(text, path);
    }
    return { idLike: [], fields: {}, problems: [] };
}

/** The glob sshd's defaults, `ssh-keygen -A` and virt-sysprep's ssh-hostkeys all use. */
const HOST_KEY_DIR = '/etc/ssh';
/** Name pattern of host key files in HOST_KEY_DIR. */
const HOST_KEY_GLOB = 'ssh_host_*_key*';
/** Host key files under /etc/ssh (private and public), sorted by path. */
async function listHostKeys(guest) {
    const keys = [];
    for (const path of await guest.glob(HOST_KEY_DIR, HOST_KEY_GLOB)) {
        const st = await guest.lstat(path);
        if (!st || st.node.type === 'dir')
            continue;
        keys.push({ path, public: path.endsWith('.pub'), size: st.node.size });
    }
    return keys;
}

/** Where distributions install the daemon (usrmerge makes /usr/sbin the usual one). */
const DAEMON_PATHS = ['/usr/sbin/sshd', '/sbin/sshd', '/usr/local/sbin/sshd'];
/** Debian/Ubuntu name the service ssh (sshd.service is an alias), others sshd; Ubuntu ≥ 22.10 uses the socket. */
const SSHD_UNITS = ['sshd.service', 'ssh.service', 'ssh.socket', 'sshd.socket'];
/**
 * Host-key generators that run at boot when keys are missing: Fedora/RHEL sshd-keygen@.service
 * (and older sshd-keygen.service), Arch sshdgenkeys.service, SUSE's sshd-gen-keys-start (run by
 * sshd.service ExecStartPre). Debian's ssh.service has none: `sshd -t` fails without keys.
 */
const KEY_GENERATORS = [
    '/usr/lib/systemd/system/sshd-keygen@.service',
    '/lib/systemd/system/sshd-keygen@.service',
    '/usr/lib/systemd/system/sshd-keygen.service',
    '/usr/lib/systemd/system/sshdgenkeys.service',
    '/usr/sbin/sshd-gen-keys-start',
    '/usr/lib/systemd/system/sshd-gen-keys-start.service',
];
/** Host keys sshd loads when sshd_config has no HostKey line (OpenSSH ≥ 7.0 defaults). */
const DEFAULT_HOST_KEYS = ['/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key', '/etc/ssh/ssh_host_ed25519_key'];
/** Collects sshd installation, boot enablement, effective configuration and host keys. */
async function collectSshd(guest) {
    let daemonPath;
    for (const path of DAEMON_PATHS) {
        if ((await guest.stat(path))?.node.type === 'file') {
            daemonPath = path;
            break;
        }
    }
    const config = await readSshdConfig(guest);
    const units = [];
    for (const unit of SSHD_UNITS) {
        const boot = await isEnabledAtBoot(guest, unit);
        if (boot.state.state === 'absent')
            continue;
        // An alias (Debian's sshd.service → ssh.service) of a masked unit never starts either.
        const maskedTarget = boot.state.target?.state === 'masked';
        units.push({
            unit,
            atBoot: boot.atBoot && !maskedTarget,
            reason: maskedTarget ? `${unit} is an alias of ${boot.state.aliasOf}, which is masked` : boot.reason,
        });
    }
    const configuredHostKeys = [];
    const hostKeyFiles = config.settings.hostKeyFiles.value;
    for (const path of hostKeyFiles.length > 0 ? hostKeyFiles : DEFAULT_HOST_KEYS) {
        configuredHostKeys.push({ path, present: (await guest.stat(path))?.node.type === 'file' });
    }
    let keyGenerator;
    for (const path of KEY_GENERATORS) {
        if (await guest.exists(path)) {
            keyGenerator = path;
            break;
        }
    }
    return {
        ...(daemonPath === undefined ? {} : { daemonPath }),
        configFound: config.files[0] === SSHD_CONFIG,
        configFiles: config.files,
        settings: config.settings,
        units,
        enabledAtBoot: units.some((u) => u.atBoot),
        hostKeys: await listHostKeys(guest),
        configuredHostKeys,
        ...(keyGenerator === undefined ? {} : { keyGenerator }),
        notes: config.notes,
    };
}

/** The entry at `path` (not following a final symlink), or undefined if absent. */
async function traceAt(guest, path) {
    const st = await guest.lstat(path);
    if (!st)
        return undefined;
    if (st.node.type === 'dir')
        return { path, type: 'dir', size: ((await guest.readdir(path)) ?? []).length };
    return { path, type: st.node.type, size: st.node.size };
}
/** Entries of `dir` whose names match `pattern`, each as a trace, sorted (all of them: callers filter; globFiles bounds it). */
async function tracesIn(guest, dir, pattern = '*') {
    const out = [];
    for (const path of await guest.glob(dir, pattern)) {
        const trace = await traceAt(guest, path);
        if (trace)
            out.push(trace);
    }
    return out;
}
/** Traces at each literal path that exists. */
async function tracesAt(guest, paths) {
    const out = [];
    for (const path of paths) {
        const trace = await traceAt(guest, path);
        if (trace)
            out.push(trace);
    }
    return out;
}

/** Directories and name patterns of lease state, per client (waagent deprovision + virt-sysprep lists). */
const LEASE_DIRS = [
    { dir: '/var/lib/dhcp', pattern: '*', client: 'dhclient' },
    { dir: '/var/lib/dhclient', pattern: '*', client: 'dhclient' },
    { dir: '/var/db', pattern: 'dhclient.leases.*', client: 'dhclient' },
    { dir: '/var/lib/dhcpcd', pattern: '*', client: 'dhcpcd' },
    { dir: '/var/lib/NetworkManager', pattern: '*.lease', client: 'NetworkManager' },
    { dir: '/run/systemd/netif/leases', pattern: '*', client: 'systemd-networkd' },
    { dir: '/var/lib/wicked', pattern: '*', client: 'wicked' },
];
/** Files that only hold a client identity. */
const CLIENT_ID_FILES = [
    { path: '/var/lib/NetworkManager/secret_key', client: 'NetworkManager' },
    { path: '/etc/dhcpcd.duid', client: 'dhcpcd' },
    { path: '/etc/dhcpcd.secret', client: 'dhcpcd' },
];
/** Names inside lease directories that are identifiers rather than leases. */
const CLIENT_ID_NAME = /(^|[-_.])(duid|iaid|secret)([-_.]|$)/i;
/**
 * Non-empty DHCP lease and client-identifier files. dhclient lease files that carry
 * `default-duid` (dhclient6.leases) count as client identifiers.
 */
async function collectDhcpTraces(guest) {
    const out = [];
    for (const { dir, pattern, client } of LEASE_DIRS) {
        for (const trace of await tracesIn(guest, dir, pattern)) {
            if (trace.type !== 'file' || trace.size === 0)
                continue;
            const name = trace.path.slice(dir.length + 1);
            let kind = CLIENT_ID_NAME.test(name) ? 'client-id' : 'lease';
            if (kind === 'lease' && client === 'dhclient' && /^\s*default-duid\s/m.test((await guest.readText(trace.path)) ?? '')) {
                kind = 'client-id';
            }
            out.push({ ...trace, kind, client });
        }
    }
    for (const { path, client } of CLIENT_ID_FILES) {
        for (const trace of await tracesAt(guest, [path])) {
            if (trace.type === 'file' && trace.size > 0)
                out.push({ ...trace, kind: 'client-id', client });
        }
    }
    return out;
}

/** WALinuxAgent's built-in Lib.Dir (conf.py) when the image's waagent.conf does not set one. */
const DEFAULT_LIB_DIR = '/var/lib/waagent';
/**
 * Lib.Dir as the image's own waagent.conf sets it (resolved by the waagent facts, with the
 * agent's own parsing rules), else the agent default. bigip (`/shared/vadc/azure/waagent/`) and
 * nsbsd ship other directories, so markers must never be looked for at a fixed path.
 */
function libDirOf(waagent) {
    const setting = waagent?.settings['Lib.Dir'];
    const raw = waagent?.libDir ?? DEFAULT_LIB_DIR;
    const path = raw.replace(/\/+$/, '') || '/';
    const source = setting?.source === 'file' && setting.line ? `${waagent.conf.path}:${setting.line.line}` : 'default';
    return { path, source };
}

/** Classifies machine-id text. */
function classifyMachineId(text) {
    if (text === undefined)
        return 'absent';
    const value = text.trim();
    if (value === '')
        return 'empty';
    if (value === 'uninitialized')
        return 'uninitialized';
    return /^[0-9a-f]{32}$/.test(value) ? 'populated' : 'invalid';
}
/** Reads and classifies one machine-id path; the ID itself is not kept. */
async function readMachineId(guest, path) {
    const symlinkTo = await guest.readlink(path);
    const state = classifyMachineId(await guest.readText(path));
    return symlinkTo === undefined ? { path, state } : { path, state, symlinkTo };
}

/** Shell and tool histories virt-sysprep removes (bash-history, zsh-history) plus common REPLs. */
const HISTORY_FILES = [
    '.bash_history',
    '.zsh_history',
    '.sh_history',
    '.ash_history',
    '.python_history',
    '.mysql_history',
    '.psql_history',
    '.lesshst',
    '.viminfo',
    '.local/share/fish/fish_history',
];
/** Home directories to look in: /root and every directory under /home (more than homeDirectories is a LimitError). */
async function homeDirs(guest) {
    const homes = ['/root'];
    for (const entry of (await guest.readdir('/home')) ?? []) {
        if (entry.type === 'dir')
            homes.push(joinPath('/home', entry.name));
    }
    guest.enforce('homeDirectories', homes.length, '/home', `${homes.length} home directories`);
    return homes;
}
/** Non-empty history files in /root and /home/*, with sizes. */
async function collectHistories(guest) {
    const out = [];
    for (const home of await homeDirs(guest)) {
        const found = await tracesAt(guest, HISTORY_FILES.map((name) => joinPath(home, name)));
        out.push(...found.filter((t) => t.type === 'file' && t.size > 0));
    }
    return out;
}

const CLOUD_DIR = '/var/lib/cloud';
/** cloud-init state files written per instance (cloudinit/stages.py, DataSourceAzure reported_ready). */
const CLOUD_DATA_FILES = [
    'instance-id',
    'previous-instance-id',
    'previous-datasource',
    'previous-hostname',
    'set-hostname',
    'reported_ready',
    'result.json',
    'status.json',
].map((name) => `${CLOUD_DIR}/data/${name}`);
const HOSTNAME = '/etc/hostname';
/** Inventories deprovision traces; `waagent` supplies the image's Lib.Dir. */
async function collectTraces(guest, waagent) {
    const libDir = libDirOf(waagent);
    const provisionedMarker = await traceAt(guest, joinPath(libDir.path, 'provisioned'));
    const ovfEnv = await traceAt(guest, joinPath(libDir.path, 'ovf-env.xml'));
    const waagentState = (await tracesIn(guest, libDir.path)).filter((t) => t.path !== provisionedMarker?.path && t.path !== ovfEnv?.path);
    const cloudInitState = [
        ...(await tracesAt(guest, [`${CLOUD_DIR}/instance`])),
        ...(await tracesIn(guest, `${CLOUD_DIR}/instances`)),
        ...(await tracesAt(guest, CLOUD_DATA_FILES)),
        ...(await tracesIn(guest, `${CLOUD_DIR}/sem`)),
    ];
    const logs = [
        ...(await tracesIn(guest, '/var/log', 'waagent.log*')),
        ...(await tracesIn(guest, '/var/log', 'cloud-init*.log*')),
        ...(await tracesAt(guest, ['/var/log/azure'])),
    ].filter((t) => t.size > 0);
    const hostname = await readHostname(guest);
    return {
        libDir,
        ...(provisionedMarker ? { provisionedMarker } : {}),
        ...(ovfEnv ? { ovfEnv } : {}),
        waagentState,
        hostKeys: await listHostKeys(guest),
        machineId: await readMachineId(guest, '/etc/machine-id'),
        dbusMachineId: await readMachineId(guest, '/var/lib/dbus/machine-id'),
        cloudInitState,
        dhcp: await collectDhcpTraces(guest),
        histories: await collectHistories(guest),
        logs,
        ...(hostname ? { hostname } : {}),
    };
}
/** First non-comment line of /etc/hostname (hostname(5)). */
async function readHostname(guest) {
    const text = await guest.readText(HOSTNAME);
    if (text === undefined)
        return undefined;
    const lines = text.split(/\r?\n/);
    const index = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    return index < 0 ? undefined : { path: HOSTNAME, value: lines[index].trim(), line: index + 1 };
}

/** Keys the gate evaluates, with the agent's defaults when the key is absent. */
const WAAGENT_KEYS = {
    'Provisioning.Agent': { kind: 'string', default: 'auto' },
    'Provisioning.RegenerateSshHostKeyPair': { kind: 'switch', default: false },
    'Provisioning.DeleteRootPassword': { kind: 'switch', default: false },
    'Provisioning.SshHostKeyPairType': { kind: 'string', default: 'rsa' },
    'Provisioning.PasswordCryptId': { kind: 'string', default: '6' },
    'Provisioning.PasswordCryptSaltLength': { kind: 'int', default: 10 },
    'Provisioning.MonitorHostName': { kind: 'switch', default: false },
    'Provisioning.DecodeCustomData': { kind: 'switch', default: false },
    'Provisioning.ExecuteCustomData': { kind: 'switch', default: false },
    'Provisioning.AllowResetSysUser': { kind: 'switch', default: false },
    'ResourceDisk.Format': { kind: 'switch', default: false },
    'ResourceDisk.EnableSwap': { kind: 'switch', default: false },
    'ResourceDisk.EnableSwapEncryption': { kind: 'switch', default: false },
    'ResourceDisk.SwapSizeMB': { kind: 'int', default: 0 },
    'ResourceDisk.Filesystem': { kind: 'string', default: 'ext3' },
    'ResourceDisk.MountPoint': { kind: 'string', default: '/mnt/resource' },
    'Lib.Dir': { kind: 'string', default: '/var/lib/waagent' },
    'OS.SshDir': { kind: 'string', default: '/etc/ssh' },
    'OS.SudoersDir': { kind: 'string', default: '/etc/sudoers.d' },
    'OS.PasswordPath': { kind: 'string', default: '/etc/shadow' },
    'OS.HomeDir': { kind: 'string', default: '/home' },
    'OS.SshClientAliveInterval': { kind: 'int', default: 180 },
    'OS.EnableFirewall': { kind: 'switch', default: false },
    'OS.RemovePersistentNetRulesPeriod': { kind: 'int', default: 30 },
    'Extensions.Enabled': { kind: 'switch', default: true },
    'Extensions.WaitForCloudInit': { kind: 'switch', default: false },
    'AutoUpdate.Enabled': { kind: 'switch', default: true },
};
/** Keys the current agent never reads (only the legacy waagent 2.0 did); users still set them. */
const WAAGENT_DEAD_KEYS = ['Provisioning.Enabled', 'Provisioning.UseCloudInit'];
/** Python's str.strip(chars): removes any of `chars` from both ends. */
function stripChars(s, chars) {
    let start = 0;
    let end = s.length;
    while (start < end && chars.includes(s[start]))
        start++;
    while (end > start && chars.includes(s[end - 1]))
        end--;
    return s.slice(start, end);
}
/** Python's str.strip() whitespace set (ASCII part, which is what config files contain). */
const PY_WHITESPACE = ' \t\n\r\x0b\x0c';
/** Parses waagent.conf text as ConfigurationProvider.load does. */
function parseWaagentConf(text) {
    const conf = { lines: [], byKey: {} };
    if (text.length === 0) {
        conf.loadError = "empty configuration: the agent stops with \"Can't not parse empty configuration\"";
        return conf;
    }
    text.split('\n').forEach((raw, index) => {
        if (raw.startsWith('#') || !raw.includes('='))
            return;
        const eq = raw.indexOf('=');
        const key = stripChars(raw.slice(0, eq), PY_WHITESPACE);
        const cut = raw.slice(eq + 1).split('#')[0];
        const value = stripChars(stripChars(cut, '" '), PY_WHITESPACE);
        const line = { key, value: value === 'None' ? null : value, line: index + 1, excerpt: excerptOf$1(raw) };
        conf.lines.push(line);
        conf.byKey[key] = line;
    });
    return conf;
}
/** Python int() on a config string (optional sign, digits, surrounding whitespace, '_' separators). */
function pythonInt(value) {
    const m = /^\s*([+-]?)(\d(?:_?\d)*)\s*$/.exec(value);
    return m ? Number(`${m[1]}${m[2].replace(/_/g, '')}`) : undefined;
}
/** The effective value of `key` read with `kind` (conf.get / get_switch / get_int). */
function effectiveSetting(conf, key, spec) {
    const line = conf.byKey[key];
    const fallback = { key, value: spec.default, source: 'default', ...(line ? { line } : {}) };
    if (!line || line.value === null)
        return fallback;
    const value = line.value;
    if (spec.kind === 'string')
        return { key, value, source: 'file', line };
    if (spec.kind === 'switch') {
        const lower = value.toLowerCase();
        if (lower === 'y' || lower === 'n')
            return { key, value: lower === 'y', source: 'file', line };
        return { ...fallback, invalid: `"${value}" is not y or n` };
    }
    const n = pythonInt(value);
    return n === undefined ? { ...fallback, invalid: `"${value}" is not an integer` } : { key, value: n, source: 'file', line };
}
/** Effective values of every key in WAAGENT_KEYS. */
function effectiveSettings(conf) {
    return Object.fromEntries(Object.entries(WAAGENT_KEYS).map(([key, spec]) => [key, effectiveSetting(conf, key, spec)]));
}

/** Where the agent reads its configuration. */
const WAAGENT_CONF_PATH = '/etc/waagent.conf';
/** The agent's entry points. */
const WAAGENT_BINARIES = ['/usr/sbin/waagent', '/usr/bin/waagent'];
/** Unit names: upstream/RHEL/SUSE, then Debian/Ubuntu. */
const WAAGENT_UNITS = ['waagent.service', 'walinuxagent.service'];
/** One setting for reports. */
function settingLine(setting, confPath) {
    const at = setting.line ? `${confPath}:${setting.line.line}` : undefined;
    const from = setting.source === 'file' ? at : setting.invalid ? `default (${at}: ${setting.invalid})` : at ? `default (${at}: None)` : 'default';
    return { key: setting.key, value: String(setting.value), from };
}
async function agentVersion(guest, packageDirs) {
    for (const dir of packageDirs) {
        const path = joinPath(dir, 'common/version.py');
        const text = await guest.readText(path);
        const found = text === undefined ? undefined : pythonStringConstant(text, 'AGENT_VERSION');
        if (found)
            return { value: found.value, path, line: found.line };
    }
    return undefined;
}
async function agentUnit(guest) {
    let first;
    for (const name of WAAGENT_UNITS) {
        const state = await unitState(guest, name);
        if (state.state !== 'absent' && state.state !== 'masked')
            return state;
        first ??= state.state === 'masked' ? state : undefined;
    }
    return first;
}
/** Collects agent presence, version, unit state and the effective waagent.conf. */
async function collectWaagent(guest) {
    const binaries = [];
    for (const path of WAAGENT_BINARIES)
        if (await firstFile(guest, [path]))
            binaries.push(path);
    const packageDirs = await findPythonPackage(guest, 'azurelinuxagent');
    const text = await guest.readText(WAAGENT_CONF_PATH);
    const parsed = text === undefined ? { lines: [], byKey: {} } : parseWaagentConf(text);
    const settings = effectiveSettings(parsed);
    const libDir = String(settings['Lib.Dir'].value);
    const unit = await agentUnit(guest);
    const boot = unit ? await isEnabledAtBoot(guest, unit.name) : undefined;
    const markerPath = joinPath(libDir, 'provisioned');
    const autoUpdateVersions = (await guest.glob(libDir, 'WALinuxAgent-*')).map((p) => p.slice(p.lastIndexOf('WALinuxAgent-') + 13));
    return {
        installed: binaries.length > 0 || packageDirs.length > 0,
        version: await agentVersion(guest, packageDirs),
        enabled: boot?.atBoot ?? false,
        provisioningAgent: String(settings['Provisioning.Agent'].value),
        libDir,
        provisionedMarker: { path: markerPath, present: (await guest.stat(markerPath))?.node.type === 'file' },
        deadKeys: parsed.lines.filter((l) => WAAGENT_DEAD_KEYS.includes(l.key)),
        invalidSettings: Object.values(settings).filter((s) => s.invalid !== undefined),
        effective: Object.values(settings).map((s) => settingLine(s, WAAGENT_CONF_PATH)),
        unit,
        boot,
        binaries,
        packageDirs,
        autoUpdateVersions,
        conf: { path: WAAGENT_CONF_PATH, present: text !== undefined, ...(parsed.loadError ? { loadError: parsed.loadError } : {}), lines: parsed.lines },
        settings,
    };
}

/**
 * Collects every subject. Order matters only where a collector reads another's result
 * (cloud-init and network need the kernel command line; network needs cloud-init).
 */
async function collectFacts(guest) {
    const facts = { unavailable: [] };
    const run = async (subject, collect) => {
        try {
            facts[subject] = await collect();
        }
        catch (error) {
            facts.unavailable.push({ subject, error: toleratedError(error) });
        }
    };
    await run('osRelease', () => collectOsRelease(guest));
    await run('kernelCmdline', () => collectKernelCmdline(guest));
    await run('waagent', () => collectWaagent(guest));
    await run('cloudInit', () => collectCloudInit(guest, facts.kernelCmdline));
    await run('accounts', () => collectAccounts(guest));
    await run('sshd', () => collectSshd(guest));
    await run('traces', () => collectTraces(guest, facts.waagent));
    await run('network', () => collectNetwork(guest, { cloudInit: facts.cloudInit, kernelCmdline: facts.kernelCmdline }));
    return facts;
}

/** Overflow/nobody UIDs (65534 nobody, 4294967294 nfsnobody) are never real users, whatever UID_MIN says. */
const NOBODY_UID = 65534;
/** A human/admin account by UID range: UID_MIN ≤ uid < 65534. */
function isRegularUser(account, uidMin) {
    return account.uid >= uidMin && account.uid < NOBODY_UID;
}
/** Keys the account's authorized_keys files hold, in total. */
function authorizedKeyCount(account) {
    return account.authorizedKeys.reduce((n, f) => n + f.keys, 0);
}
/** The account can be logged into somehow: a usable or empty password, or an authorized key. */
function hasCredentials(account) {
    return account.password.status !== 'locked' || authorizedKeyCount(account) > 0;
}
/** "alice (uid 1000): password set (sha512), 2 authorized keys (ssh-ed25519, ssh-rsa)": never a secret. */
function describeCredentials(account) {
    const parts = [account.password.summary];
    const keys = authorizedKeyCount(account);
    if (keys > 0) {
        const types = [...new Set(account.authorizedKeys.flatMap((f) => f.types))].join(', ');
        parts.push(`${keys} authorized key${keys === 1 ? '' : 's'} (${types})`);
    }
    return `${account.name} (uid ${account.uid}): ${parts.join(', ')}`;
}
/** Regular users (UID ≥ UID_MIN) that carry credentials: leftovers of whoever built or used the image. */
function credentialedUsers(facts) {
    return facts.accounts.filter((a) => isRegularUser(a, facts.uidMin.value) && hasCredentials(a));
}

/**
 * What the image *is*, from its own traces, as a weighted vote.
 *
 * Each observation adds points to one side. Weights say how strongly the observation
 * separates a used (specialized) system from a prepared (generalized) one:
 * - 3: decisive on its own. The provisioning agent's `provisioned` marker (only a provisioned VM
 *   has it, and `waagent -deprovision` removes it); regular users (UID ≥ UID_MIN) with a password or
 *   authorized keys, or none at all (a generalized image must get its only user from provisioning).
 * - 2: a deliberate clean-up step: machine-id empty or `uninitialized` (nothing writes that but
 *   `truncate`, virt-sysprep or `cloud-init clean --machine-id`).
 * - 1: common side effects of having booted, or of not having booted (host keys, a populated
 *   machine-id, cloud-init instance state, DHCP leases, ovf-env.xml, root credentials; their
 *   absence, root locked the way waagent's deprovision leaves it, a `localhost` hostname).
 *
 * Verdict: a side wins when it has at least 3 points and leads by at least 3; anything else is
 * `unclear` (e.g. a freshly built image with host keys and a machine-id but no users). The
 * evidence lists every observation with its side and weight, then the totals.
 */
function detectOsState(facts) {
    if (!facts)
        return { osState: 'unclear', evidence: ['the guest root filesystem could not be read'] };
    const votes = [];
    const vote = (side, weight, statement) => votes.push({ side, weight, statement });
    const traces = facts.traces;
    if (traces) {
        if (traces.provisionedMarker)
            vote('specialized', 3, `${traces.provisionedMarker.path} exists (the agent provisioned this system)`);
        else
            vote('generalized', 1, `no provisioned marker in ${traces.libDir.path}`);
        if (traces.ovfEnv)
            vote('specialized', 1, `${traces.ovfEnv.path} exists (a previous deployment's provisioning data)`);
        if (traces.hostKeys.length > 0)
            vote('specialized', 1, `SSH host keys in /etc/ssh (${traces.hostKeys.length} files)`);
        else
            vote('generalized', 1, 'no SSH host keys in /etc/ssh');
        const id = traces.machineId;
        if (id.state === 'populated')
            vote('specialized', 1, `${id.path} holds a machine ID`);
        else if (id.state === 'empty' || id.state === 'uninitialized')
            vote('generalized', 2, `${id.path} is ${id.state} (a new ID is made at first boot)`);
        if (traces.cloudInitState.length > 0)
            vote('specialized', 1, `cloud-init instance state: ${traces.cloudInitState[0].path}`);
        else
            vote('generalized', 1, 'no cloud-init instance state in /var/lib/cloud');
        if (traces.dhcp.length > 0)
            vote('specialized', 1, `DHCP lease or client ID: ${traces.dhcp[0].path}`);
        const hostname = traces.hostname?.value;
        if (hostname === undefined || /^localhost(\.localdomain)?$/.test(hostname)) {
            vote('generalized', 1, hostname === undefined ? 'no /etc/hostname' : `/etc/hostname is ${hostname}`);
        }
    }
    const accounts = facts.accounts;
    if (accounts) {
        const users = credentialedUsers(accounts);
        const root = accounts.accounts.find((a) => a.uid === 0 && a.name === 'root');
        const rootKeys = root?.authorizedKeys.some((f) => f.keys > 0) ?? false;
        if (users.length > 0) {
            vote('specialized', 3, `users with credentials: ${users.slice(0, 3).map(describeCredentials).join('; ')}${users.length > 3 ? `; and ${users.length - 3} more` : ''}`);
        }
        else {
            vote('generalized', 3, `no user with UID ≥ ${accounts.uidMin.value} has a password or authorized keys`);
        }
        if (root && (root.password.status !== 'locked' || rootKeys))
            vote('specialized', 1, `root: ${describeCredentials(root).replace(/^root \(uid 0\): /, '')}`);
        if (root?.password.summary === 'locked (*LOCK*)')
            vote('generalized', 1, 'root password is *LOCK* (as waagent -deprovision leaves it)');
    }
    const missing = ['traces', 'accounts'].filter((s) => !facts[s]);
    const total = (side) => votes.filter((v) => v.side === side).reduce((n, v) => n + v.weight, 0);
    const specialized = total('specialized');
    const generalized = total('generalized');
    const osState = specialized >= 3 && specialized - generalized >= 3 ? 'specialized' : generalized >= 3 && generalized - specialized >= 3 ? 'generalized' : 'unclear';
    return {
        osState,
        evidence: [
            ...votes.map((v) => `${v.statement} [${v.side} +${v.weight}]`),
            ...missing.map((s) => `${s} facts could not be collected`),
            `score: specialized ${specialized}, generalized ${generalized}`,
        ],
    };
}

/** Directories below \EFI\ walked at most this deep (EFI/<vendor>/<sub>/... is never deeper in practice). */
const MAX_DEPTH = 6;
/** Entries looked at in all, so a hostile ESP cannot make the walk long. */
const MAX_ENTRIES = 10_000;
/**
 * Lists every file whose name ends in ".efi" (any case) under the root's EFI directory (any
 * case), with the names as stored. Bounded in depth and entries; an absent \EFI\ gives [].
 * Throws the filesystem's GateError when a directory is corrupt.
 */
async function listEfiLoaders(fs) {
    const efi = await fs.lookup(await fs.root(), 'EFI');
    if (!efi || efi.type !== 'dir')
        return [];
    const rootName = (await fs.readdir(await fs.root())).find((e) => e.name.toLowerCase() === 'efi')?.name ?? 'EFI';
    const found = [];
    let seen = 0;
    const visit = async (dir, prefix, depth) => {
        for (const entry of await fs.readdir(dir)) {
            if (++seen > MAX_ENTRIES)
                return;
            const path = `${prefix}/${entry.name}`;
            if (entry.type === 'file' && /\.efi$/i.test(entry.name))
                found.push(path);
            if (entry.type === 'dir' && depth < MAX_DEPTH) {
                const child = await fs.lookup(dir, entry.name);
                if (child?.type === 'dir')
                    await visit(child, path, depth + 1);
            }
        }
    };
    await visit(efi, rootName, 1);
    return found.sort();
}
/**
 * The loaders on the first EFI System Partition (by partition number) that holds a FAT
 * filesystem we opened; undefined when no ESP holds one (BOOT-GEN2-ESP reports that from the
 * layout). A corrupt directory under \EFI\ is recorded as `error`, not thrown; a medium failure is.
 */
async function readEspLoaders(espNumbers, volumes) {
    for (const partition of espNumbers) {
        const volume = volumes.find((v) => v.partitionNumber === partition);
        if (!volume)
            continue;
        if (!volume.fs) {
            if (volume.error && volume.fsType === 'vfat')
                return { partition, loaders: [], error: volume.error };
            continue;
        }
        if (volume.fs.type !== 'vfat')
            continue;
        try {
            return { partition, loaders: await listEfiLoaders(volume.fs) };
        }
        catch (error) {
            return { partition, loaders: [], error: toleratedError(error) };
        }
    }
    return undefined;
}

/**
 * Little-endian field reads for the ext parsers. Every parser checks its own lengths first;
 * these still refuse a read past the end of the buffer so that a missed check becomes a typed
 * 'corrupt' error instead of a RangeError.
 */
function check$2(bytes, offset, width, field) {
    if (offset < 0 || offset + width > bytes.length) {
        throw new FilesystemError('corrupt', `ext: field ${field} at ${hex(offset)} lies outside its ${bytes.length}-byte structure`);
    }
}
/** Unsigned little-endian 16-bit field. */
function le16$1(bytes, offset, field = 'le16') {
    check$2(bytes, offset, 2, field);
    return bytes[offset] | (bytes[offset + 1] << 8);
}
/** Unsigned little-endian 32-bit field. */
function le32$2(bytes, offset, field = 'le32') {
    check$2(bytes, offset, 4, field);
    return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16)) + bytes[offset + 3] * 0x100_0000;
}
/** Joins a 32-bit low half and a high half (from a separate `_hi` field) into one number. */
function joinHiLo(hi, lo) {
    return hi * 0x1_0000_0000 + lo;
}
/** Canonical lower-case 8-4-4-4-12 form of 16 UUID bytes, as blkid prints it. */
function uuidString(bytes) {
    const h = [...bytes.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
/** True when all bytes are zero (an unset UUID). */
function allZero(bytes) {
    return bytes.every((b) => b === 0);
}
/** A NUL-padded fixed-width string field (volume labels), decoded as UTF-8. */
function fixedString(bytes) {
    const end = bytes.indexOf(0);
    return new TextDecoder('utf-8').decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** The primary superblock always starts 1024 bytes into the volume, whatever the block size. */
const SUPERBLOCK_OFFSET = 1024;
/** Bytes of the superblock structure. */
const SUPERBLOCK_SIZE$1 = 1024;
/** s_magic value. */
const EXT_MAGIC = 0xef53;
/** s_feature_compat bits we look at. */
const COMPAT_HAS_JOURNAL = 0x4;
/** s_feature_incompat bits (ext4 disk layout, "Super Block" section). */
const INCOMPAT$1 = {
    FILETYPE: 0x2,
    JOURNAL_DEV: 0x8,
    META_BG: 0x10,
    '64BIT': 0x80};
/** s_feature_ro_compat bits we look at. */
const RO_COMPAT = {
    SPARSE_SUPER: 0x1,
    /** Allocation in clusters of 2^n blocks; extents still count blocks. */
    BIGALLOC: 0x200,
};
/** Names for the unreadable incompat bits, as mke2fs/tune2fs spell them. */
const INCOMPAT_NAMES = {
    0x1: 'compression',
    0x8: 'journal_dev',
    0x1000: 'dirdata',
};
/** Parses the 1024-byte superblock. Pure; checks only the length (see `checkGeometry`). */
function parseSuperblock$1(bytes) {
    if (bytes.length < SUPERBLOCK_SIZE$1) {
        throw new FilesystemError('corrupt', `ext: superblock needs ${SUPERBLOCK_SIZE$1} bytes, got ${bytes.length}`, { offset: SUPERBLOCK_OFFSET });
    }
    const s_feature_incompat = le32$2(bytes, 0x60);
    const is64 = (s_feature_incompat & INCOMPAT$1['64BIT']) !== 0;
    const uuid = bytes.subarray(0x68, 0x78);
    const label = fixedString(bytes.subarray(0x78, 0x88));
    return {
        s_inodes_count: le32$2(bytes, 0x0),
        s_blocks_count: joinHiLo(is64 ? le32$2(bytes, 0x150) : 0, le32$2(bytes, 0x4)),
        s_first_data_block: le32$2(bytes, 0x14),
        s_log_block_size: le32$2(bytes, 0x18),
        s_log_cluster_size: le32$2(bytes, 0x1c),
        s_blocks_per_group: le32$2(bytes, 0x20),
        s_inodes_per_group: le32$2(bytes, 0x28),
        s_magic: le16$1(bytes, 0x38),
        s_rev_level: le32$2(bytes, 0x4c),
        s_inode_size: le16$1(bytes, 0x58),
        s_feature_compat: le32$2(bytes, 0x5c),
        s_feature_incompat,
        s_feature_ro_compat: le32$2(bytes, 0x64),
        s_uuid: allZero(uuid) ? undefined : uuidString(uuid),
        s_volume_name: label === '' ? undefined : label,
        s_desc_size: le16$1(bytes, 0xfe),
        s_first_meta_bg: le32$2(bytes, 0x104),
    };
}
/** ext2, ext3 or ext4 from the feature bits, the way blkid names them; 'jbd' for a journal device. */
function extType(sb) {
    if (sb.s_feature_incompat & INCOMPAT$1.JOURNAL_DEV)
        return 'jbd';
    const beyondExt3 = (sb.s_feature_incompat & -23) !== 0 || (sb.s_feature_ro_compat & -8) !== 0;
    if (beyondExt3)
        return 'ext4';
    return sb.s_feature_compat & COMPAT_HAS_JOURNAL ? 'ext3' : 'ext2';
}
function corruptField(field, offset, found, expected) {
    return new FilesystemError('corrupt', `ext superblock: ${field} is ${found}, expected ${expected}`, { offset: SUPERBLOCK_OFFSET + offset });
}
/**
 * Validates magic, sizes and counts and refuses incompat features we cannot read.
 * Throws FilesystemError with the superblock offset of the offending field.
 */
function checkGeometry$1(sb) {
    if (sb.s_magic !== EXT_MAGIC)
        throw corruptField('s_magic', 0x38, hex(sb.s_magic), hex(EXT_MAGIC));
    const unknown = sb.s_feature_incompat & -255959;
    if (unknown !== 0) {
        const names = [];
        for (let bit = 1; bit !== 0 && bit <= unknown; bit = (bit << 1) >>> 0) {
            if (unknown & bit)
                names.push(INCOMPAT_NAMES[bit] ?? `incompat bit ${hex(bit)}`);
        }
        throw new FilesystemError('unsupported', `ext: s_feature_incompat has ${names.join(', ')}, which this reader cannot read`, {
            offset: SUPERBLOCK_OFFSET + 0x60,
        });
    }
    if (sb.s_log_block_size > 6)
        throw corruptField('s_log_block_size', 0x18, sb.s_log_block_size, '0..6 (1 KiB to 64 KiB blocks)');
    const blockSize = 1024 << sb.s_log_block_size;
    // The block bitmap (one block) limits a group to 8 × blockSize clusters; without bigalloc a cluster is one block.
    let blocksPerCluster = 1;
    if (sb.s_feature_ro_compat & RO_COMPAT.BIGALLOC) {
        if (sb.s_log_cluster_size < sb.s_log_block_size || sb.s_log_cluster_size - sb.s_log_block_size > 16) {
            throw corruptField('s_log_cluster_size', 0x1c, sb.s_log_cluster_size, `${sb.s_log_block_size}..${sb.s_log_block_size + 16} with bigalloc`);
        }
        blocksPerCluster = 2 ** (sb.s_log_cluster_size - sb.s_log_block_size);
    }
    if (sb.s_blocks_per_group === 0 || sb.s_blocks_per_group > 8 * blockSize * blocksPerCluster) {
        throw corruptField('s_blocks_per_group', 0x20, sb.s_blocks_per_group, `1..${8 * blockSize * blocksPerCluster}`);
    }
    if (sb.s_inodes_per_group === 0 || sb.s_inodes_per_group > 8 * blockSize) {
        throw corruptField('s_inodes_per_group', 0x28, sb.s_inodes_per_group, `1..${8 * blockSize}`);
    }
    if (sb.s_first_data_block >= sb.s_blocks_count) {
        throw corruptField('s_first_data_block', 0x14, sb.s_first_data_block, `below s_blocks_count ${sb.s_blocks_count}`);
    }
    const inodeSize = sb.s_rev_level === 0 ? 128 : sb.s_inode_size;
    if (inodeSize < 128 || inodeSize > blockSize || (inodeSize & (inodeSize - 1)) !== 0) {
        throw corruptField('s_inode_size', 0x58, inodeSize, `a power of two from 128 to ${blockSize}`);
    }
    let descSize = 32;
    if (sb.s_feature_incompat & INCOMPAT$1['64BIT']) {
        descSize = sb.s_desc_size;
        if (descSize < 64 || descSize > 1024 || (descSize & (descSize - 1)) !== 0) {
            throw corruptField('s_desc_size', 0xfe, descSize, 'a power of two from 64 to 1024 with 64bit');
        }
    }
    const groupCount = Math.ceil((sb.s_blocks_count - sb.s_first_data_block) / sb.s_blocks_per_group);
    if (sb.s_inodes_count === 0 || sb.s_inodes_count > groupCount * sb.s_inodes_per_group) {
        throw corruptField('s_inodes_count', 0x0, sb.s_inodes_count, `1..${groupCount * sb.s_inodes_per_group} (groups × s_inodes_per_group)`);
    }
    return { blockSize, inodeSize, descSize, groupCount };
}

/** Reads bytes, or undefined when the volume is too short or the read fails. */
async function tryRead(source, offset, length) {
    if (offset + length > source.size)
        return undefined;
    try {
        return await source.read(offset, length);
    }
    catch (error) {
        // Too short or odd bytes: no match. A failing medium is not "no match": it ends the run.
        if (isMediumFailure(error))
            throw error;
        return undefined;
    }
}
function ascii$1(bytes, offset, length) {
    return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
function optional(text) {
    const trimmed = text.replace(/[\s\0]+$/, '');
    return trimmed === '' ? undefined : trimmed;
}
function optionalUuid(bytes) {
    return allZero(bytes) ? undefined : uuidString(bytes);
}
/** Where LUKS2 keeps its secondary header (blkid looks there when the primary is wiped). */
const LUKS2_SECONDARY_OFFSETS = [0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x80000, 0x100000, 0x200000, 0x400000];
/** LUKS1/LUKS2: "LUKS\xba\xbe" at 0 (or a LUKS2 "SKUL\xba\xbe" secondary), uuid text at +0xA8, LUKS2 label at +0x18. */
async function luks(source) {
    return luksAt(source, [[0, 'LUKS\xba\xbe']]);
}
/**
 * A LUKS2 volume whose primary header is wiped, found by its secondary header. Tried only
 * when no other signature matched: the nine probes cost a cache block each, on every volume.
 */
async function luksSecondary(source) {
    return luksAt(source, LUKS2_SECONDARY_OFFSETS.map((o) => [o, 'SKUL\xba\xbe']));
}
async function luksAt(source, places) {
    for (const [offset, magic] of places) {
        const b = await tryRead(source, offset, 0x100);
        if (!b || ascii$1(b, 0, 6) !== magic)
            continue;
        const version = (b[6] << 8) | b[7]; // big-endian
        if (offset !== 0 && version !== 2)
            continue;
        return { type: 'crypto_LUKS', uuid: optional(fixedString(b.subarray(0xa8, 0xa8 + 40))), label: version === 2 ? optional(fixedString(b.subarray(0x18, 0x18 + 48))) : undefined };
    }
    return undefined;
}
/** XFS: "XFSB" at 0, sb_uuid at 0x20, sb_fname (12 bytes) at 0x6C. */
async function xfs(source) {
    const b = await tryRead(source, 0, 0x78);
    if (!b || ascii$1(b, 0, 4) !== 'XFSB')
        return undefined;
    return { type: 'xfs', uuid: optionalUuid(b.subarray(0x20, 0x30)), label: optional(fixedString(b.subarray(0x6c, 0x78))) };
}
/** LVM2 PV: "LABELONE" at the start of one of sectors 0-3, "LVM2 001" at +0x18, PV UUID text at +0x20. */
async function lvm2(source) {
    const b = await tryRead(source, 0, 4 * 512);
    if (!b)
        return undefined;
    for (let sector = 0; sector < 4; sector++) {
        const at = sector * 512;
        if (ascii$1(b, at, 8) !== 'LABELONE' || ascii$1(b, at + 0x18, 8) !== 'LVM2 001')
            continue;
        const raw = ascii$1(b, at + 0x20, 32);
        // blkid prints the 32 characters as 6-4-4-4-4-4-6.
        const uuid = [raw.slice(0, 6), raw.slice(6, 10), raw.slice(10, 14), raw.slice(14, 18), raw.slice(18, 22), raw.slice(22, 26), raw.slice(26, 32)].join('-');
        return { type: 'LVM2_member', uuid };
    }
    return undefined;
}
/** ext2/3/4: s_magic 0xEF53 at 1024 + 0x38; type from the feature bits as blkid decides. */
async function ext(source) {
    const b = await tryRead(source, SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE$1);
    if (!b || le16$1(b, 0x38) !== EXT_MAGIC)
        return undefined;
    const sb = parseSuperblock$1(b);
    return { type: extType(sb), uuid: sb.s_uuid, label: sb.s_volume_name };
}
/** btrfs: "_BHRfS_M" at 0x10040, fsid at 0x10020, label (256 bytes) at 0x1012B. */
async function btrfs(source) {
    const b = await tryRead(source, 0x10000, 0x22b);
    if (!b || ascii$1(b, 0x40, 8) !== '_BHRfS_M')
        return undefined;
    return { type: 'btrfs', uuid: optionalUuid(b.subarray(0x20, 0x30)), label: optional(fixedString(b.subarray(0x12b, 0x22b))) };
}
/**
 * FAT12/16/32: boot signature 0x55AA at 510 and the BPB file-system type string, "FAT12   " or
 * "FAT16   " at 0x36 (volume id 0x27, label 0x2B) or "FAT32   " at 0x52 (id 0x43, label 0x47).
 */
async function vfat(source) {
    const b = await tryRead(source, 0, 512);
    if (!b || b[510] !== 0x55 || b[511] !== 0xaa)
        return undefined;
    const fat16 = ['FAT12   ', 'FAT16   '].includes(ascii$1(b, 0x36, 8));
    const fat32 = ascii$1(b, 0x52, 8) === 'FAT32   ';
    if (!fat16 && !fat32)
        return undefined;
    const id = le32$2(b, fat32 ? 0x43 : 0x27);
    const hex = id.toString(16).toUpperCase().padStart(8, '0');
    const label = optional(ascii$1(b, fat32 ? 0x47 : 0x2b, 11));
    return { type: 'vfat', uuid: `${hex.slice(0, 4)}-${hex.slice(4)}`, label: label === 'NO NAME' ? undefined : label };
}
/** Linux swap: "SWAPSPACE2" (v1) or "SWAP-SPACE" (v0) in the last 10 bytes of the first page. */
async function swap(source) {
    for (const page of [4096, 8192, 16384, 65536]) {
        const b = await tryRead(source, 0, page);
        if (!b)
            return undefined;
        const magic = ascii$1(b, page - 10, 10);
        if (magic === 'SWAP-SPACE')
            return { type: 'swap' };
        // v1 header after the 1024-byte boot area: uuid at 0x40C, volume_name at 0x41C.
        if (magic === 'SWAPSPACE2')
            return { type: 'swap', uuid: optionalUuid(b.subarray(0x40c, 0x41c)), label: optional(fixedString(b.subarray(0x41c, 0x42c))) };
    }
    return undefined;
}
/** Probes in blkid's spirit: headers that own sector 0 first, then superblocks further in; the costly LUKS2 secondary-header search only when those found nothing (before swap, as blkid ranks it). */
const PROBES = [luks, xfs, lvm2, ext, btrfs, vfat, luksSecondary, swap];
/**
 * Names what a volume holds by its signature without opening it: enough to report "this
 * partition is swap / LUKS / an LVM PV" and to match fstab UUID= and LABEL= entries.
 * Throws only when the medium fails; a volume too short for every signature, or unknown, gives undefined.
 */
async function identifyVolume(source) {
    for (const probe of PROBES) {
        try {
            const found = await probe(source);
            if (found)
                return Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined));
        }
        catch (error) {
            // A probe that trips over odd bytes just does not match; a failing medium ends the run.
            if (isMediumFailure(error))
                throw error;
        }
    }
    return undefined;
}

/**
 * A compact lookup index of one large directory, for readers whose on-disk lookup structure we
 * do not walk: 8 bytes per entry (a 32-bit hash of the name and the directory block holding
 * it), sorted. A lookup hashes the name, finds the few blocks whose entries share the hash and
 * reads just those, comparing names exactly, so a hash collision costs a block read, never a
 * wrong answer. A guest walk that looks up many names in a directory of 250,000 entries thus
 * reads the directory once instead of once per name, without holding its names in memory.
 */
class DirNameIndex {
    keys;
    constructor(
    /** hash * SLOTS + slot, ascending. */
    keys) {
        this.keys = keys;
    }
    /** Entries indexed, which is also the index's cost in 8-byte units. */
    get size() {
        return this.keys.length;
    }
    /** Directory blocks (slots, ascending, once each) that may hold an entry whose key is `name`. */
    slots(name) {
        const low = nameHash(name) * SLOTS;
        const found = [];
        for (let i = lowerBound(this.keys, low); i < this.keys.length && this.keys[i] < low + SLOTS; i++) {
            const slot = this.keys[i] - low;
            if (found[found.length - 1] !== slot)
                found.push(slot);
        }
        return found;
    }
    /** Collects (name, slot) pairs in any order; `build` sorts them once. */
    static builder() {
        const keys = [];
        return {
            add(name, slot) {
                if (!Number.isInteger(slot) || slot < 0 || slot >= SLOTS)
                    throw new RangeError(`directory block slot ${slot} is outside 0..${SLOTS - 1}`);
                keys.push(nameHash(name) * SLOTS + slot);
            },
            build: () => new DirNameIndex(Float64Array.from(keys).sort()),
        };
    }
}
/** Slots (directory blocks) one index tells apart: 2^21, and 2^32 hashes times 2^21 stays an exact double. */
const SLOTS = 2 ** 21;
/** FNV-1a, 32 bits: cheap, and spreads the near-identical names of generated directories. */
function nameHash(bytes) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++)
        hash = Math.imul(hash ^ bytes[i], 0x01000193);
    return hash >>> 0;
}
function lowerBound(sorted, value) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/**
 * Indexes of recently looked-up directories, by inode number, so a walk that looks up many
 * names in one large directory indexes it once. Bounded by a total entry budget (8 bytes
 * each); the oldest directories are dropped first.
 */
class DirIndexCache {
    budget;
    dirs = new Map();
    entries = 0;
    constructor(
    /** Most entries held across all cached directories: 4M entries, 32 MiB. */
    budget = 4_000_000) {
        this.budget = budget;
    }
    get(ino) {
        return this.dirs.get(ino);
    }
    /** Caches an index unless it alone exceeds the budget. */
    set(ino, index) {
        if (index.size > this.budget)
            return;
        for (const [oldIno, old] of this.dirs) {
            if (this.entries + index.size <= this.budget)
                break;
            this.dirs.delete(oldIno);
            this.entries -= old.size;
        }
        this.dirs.set(ino, index);
        this.entries += index.size;
    }
}
/** Whether two names are the same bytes. */
function sameName(a, b) {
    if (a.length !== b.length)
        return false;
    for (let i = 0; i < a.length; i++)
        if (a[i] !== b[i])
            return false;
    return true;
}

/** st_mode's S_IFMT bits, shared by ext (i_mode) and XFS (di_mode). */
const S_IFMT = 0xf000;
const S_IFREG = 0x8000;
const S_IFDIR = 0x4000;
const S_IFLNK = 0xa000;
/** The guest layer's file type from a POSIX mode. */
function fileTypeFromMode(mode) {
    switch (mode & S_IFMT) {
        case S_IFREG:
            return 'file';
        case S_IFDIR:
            return 'dir';
        case S_IFLNK:
            return 'symlink';
        default:
            return 'other';
    }
}
/**
 * The type byte of a directory entry (EXT4_FT_* and XFS_DIR3_FT_* share the numbering 1-7:
 * regular, dir, chrdev, blkdev, fifo, socket, symlink) to the guest layer's type; undefined
 * for 0 (unknown) and anything else, so the caller asks the inode.
 */
function fileTypeFromDirent(type) {
    switch (type) {
        case 1:
            return 'file';
        case 2:
            return 'dir';
        case 7:
            return 'symlink';
        case 3:
        case 4:
        case 5:
        case 6:
            return 'other';
        default:
            return undefined;
    }
}

/** Largest single readFile result; callers cap far lower, this stops a corrupt size field with an uncapped caller. */
const MAX_FILE_READ = 1024 * 1024 * 1024;
/**
 * How many bytes a readFile may return: min(size, maxBytes), refused past MAX_FILE_READ.
 * `who` names the file in the message ("ext inode 12"); `sizeOffset` is where its size field is.
 */
function readLength(size, maxBytes, who, sizeOffset) {
    const length = Math.max(0, Math.min(size, Math.floor(maxBytes)));
    if (length > MAX_FILE_READ) {
        throw new FilesystemError('unsupported', `${who}: a ${length}-byte read exceeds the reader's limit of ${MAX_FILE_READ} bytes; pass a smaller maxBytes`, {
            offset: sizeOffset,
        });
    }
    return length;
}

/** Largest run of blocks read in one request; keeps each allocation small. */
const MAX_RUN_BYTES$2 = 8 * 1024 * 1024;
/**
 * Reads whole blocks of an ext volume. Every block number taken from disk passes through
 * `read`, which checks it against s_blocks_count and the volume size and names the field
 * that pointed there when it does not fit.
 */
class BlockReader {
    source;
    blockSize;
    blocksCount;
    constructor(source, 
    /** Bytes per block. */
    blockSize, 
    /** s_blocks_count. */
    blocksCount) {
        this.source = source;
        this.blockSize = blockSize;
        this.blocksCount = blocksCount;
    }
    /**
     * Reads `count` blocks from `block`. `field` names the on-disk pointer (e.g. "ee_start of
     * inode 12") and `fieldOffset` its byte offset, for the error message.
     */
    async read(block, count, field, fieldOffset) {
        this.check(block, count, field, fieldOffset);
        return this.source.read(block * this.blockSize, count * this.blockSize);
    }
    /** Reads `length` bytes at `offset` inside the volume (inode records, descriptors). */
    async readBytes(offset, length, field) {
        if (offset + length > this.source.size) {
            throw new FilesystemError('corrupt', `ext: ${field} at ${hex(offset)} lies beyond the end of the volume (${this.source.size} bytes)`, { offset });
        }
        return this.source.read(offset, length);
    }
    /** Throws unless blocks [block, block+count) lie inside the filesystem and the volume. */
    check(block, count, field, fieldOffset) {
        const end = block + count;
        if (!Number.isSafeInteger(end) || block < 0 || count < 0 || end > this.blocksCount || end * this.blockSize > this.source.size) {
            const limit = Math.min(this.blocksCount, Math.floor(this.source.size / this.blockSize));
            throw new FilesystemError('corrupt', `ext: ${field} points at blocks ${block}..${end - 1}, beyond the last block ${limit - 1} (s_blocks_count ${this.blocksCount}, volume ${this.source.size} bytes)`, { offset: fieldOffset });
        }
    }
}

/** Appends a run, merging it into the previous one when both are contiguous. */
function pushRun(runs, logical, physical, length) {
    const last = runs[runs.length - 1];
    if (last && last.logical + last.length === logical && last.physical + last.length === physical) {
        last.length += length;
    }
    else {
        runs.push({ logical, physical, length });
    }
}

/** i_block[0..11] point at data blocks directly. */
const DIRECT_BLOCKS = 12;
/**
 * Maps logical blocks [from, to) of a block-mapped (ext2/ext3) inode to physical runs:
 * i_block[0..11] direct, [12] single, [13] double, [14] triple indirect. A zero pointer at
 * any level is a hole covering its whole subtree; only indirect blocks that cover the
 * requested range are read.
 */
async function mapBlockMap(reader, i_block, i_blockOffset, ino, from, to) {
    const perBlock = reader.blockSize / 4;
    const runs = [];
    const addressable = DIRECT_BLOCKS + perBlock + perBlock ** 2 + perBlock ** 3;
    if (to > addressable) {
        throw new FilesystemError('corrupt', `ext inode ${ino}: block ${to - 1} is beyond what a block map addresses (${addressable} blocks)`, { offset: i_blockOffset });
    }
    const walk = async (pointer, depth, start, field, fieldOffset) => {
        if (pointer === 0)
            return;
        if (depth === 0) {
            reader.check(pointer, 1, field, fieldOffset);
            pushRun(runs, start, pointer, 1);
            return;
        }
        const table = await reader.read(pointer, 1, field, fieldOffset);
        const span = perBlock ** (depth - 1);
        for (let i = Math.max(0, Math.floor((from - start) / span)); i < perBlock && start + i * span < to; i++) {
            await walk(le32$2(table, i * 4), depth - 1, start + i * span, `indirect entry ${i} in block ${pointer} of inode ${ino}`, pointer * reader.blockSize + i * 4);
        }
    };
    for (let i = from; i < Math.min(to, DIRECT_BLOCKS); i++) {
        await walk(le32$2(i_block, i * 4), 0, i, `i_block[${i}] of inode ${ino}`, i_blockOffset + i * 4);
    }
    let start = DIRECT_BLOCKS;
    for (let depth = 1; depth <= 3 && start < to; depth++) {
        const span = perBlock ** depth;
        if (start + span > from) {
            const slot = DIRECT_BLOCKS + depth - 1;
            await walk(le32$2(i_block, slot * 4), depth, start, `i_block[${slot}] of inode ${ino}`, i_blockOffset + slot * 4);
        }
        start += span;
    }
    return runs;
}

/** Decodes rec_len as ext4_rec_len_from_disk does. */
function decodeRecLen(raw, format) {
    if (format.blockSize < 65536)
        return raw;
    if (raw === 65535 || raw === 0)
        return format.blockSize;
    return (raw & 65532) | ((raw & 3) << 16);
}
/**
 * Parses a region of linear directory entries: a whole directory block, or an inline-data
 * area. `base` is the region's byte offset in the volume, for errors. Entries with inode 0
 * are skipped: deleted slots, the htree dx_node fake entry (rec_len = block) and the
 * metadata_csum tail (rec_len 12, name_len 0, file_type 0xDE). The htree dx_root hides
 * inside the ".." entry's rec_len, so an htree directory reads correctly this way. Pure.
 */
function parseDirRegion(bytes, base, format) {
    const entries = [];
    const fail = (field, at, detail) => new FilesystemError('corrupt', `ext directory entry: ${field} at ${hex(base + at)} ${detail}`, { offset: base + at });
    for (let at = 0; at < bytes.length;) {
        if (at + 8 > bytes.length)
            throw fail('rec_len', at + 4, `leaves ${bytes.length - at} bytes, too few for an entry header`);
        const inode = le32$2(bytes, at + 0x0);
        const rec_len = decodeRecLen(le16$1(bytes, at + 0x4), format);
        if (rec_len < 8 || rec_len % 4 !== 0 || at + rec_len > bytes.length) {
            throw fail('rec_len', at + 4, `is ${rec_len}, expected a multiple of 4 from 8 to ${bytes.length - at}`);
        }
        const name_len = format.hasFileType ? bytes[at + 0x6] : le16$1(bytes, at + 0x6);
        const file_type = format.hasFileType ? bytes[at + 0x7] : 0;
        if (inode !== 0) {
            if (8 + name_len > rec_len)
                throw fail('name_len', at + 6, `is ${name_len}, longer than rec_len ${rec_len} allows`);
            if (name_len === 0)
                throw fail('name_len', at + 6, 'is 0 in a live entry');
            if (inode > format.inodesCount)
                throw fail('inode', at, `is ${inode}, above s_inodes_count ${format.inodesCount}`);
            entries.push({ inode, file_type, name: bytes.subarray(at + 8, at + 8 + name_len) });
        }
        at += rec_len;
    }
    return entries;
}
/** Whether a raw name is "." or "..". */
function isDotEntry$1(name) {
    return (name.length === 1 && name[0] === 0x2e) || (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e);
}

/** eh_magic of every extent tree node. */
const EXTENT_MAGIC = 0xf30a;
/** The kernel never builds deeper trees (EXT4_MAX_EXTENT_DEPTH). */
const MAX_EXTENT_DEPTH = 5;
/** ee_len above this marks an uninitialized (preallocated, reads as zeros) extent. */
const EXT_INIT_MAX_LEN = 32768;
function corrupt$4(where, field, offset, detail) {
    return new FilesystemError('corrupt', `ext extent tree (${where}): ${field} at ${hex(offset)} ${detail}`, { offset });
}
/**
 * Parses one node (the 60-byte root in i_block, or a whole tree block). `base` is the byte
 * offset of `bytes` in the volume. Checks the magic, depth, and that eh_entries ≤ eh_max ≤
 * what fits in the node, and that index keys strictly increase (so a walk cannot revisit).
 */
function parseExtentNode(bytes, base, where) {
    const eh_magic = le16$1(bytes, 0x0, 'eh_magic');
    if (eh_magic !== EXTENT_MAGIC)
        throw corrupt$4(where, 'eh_magic', base, `is ${hex(eh_magic)}, expected ${hex(EXTENT_MAGIC)}`);
    const eh_entries = le16$1(bytes, 0x2, 'eh_entries');
    const eh_max = le16$1(bytes, 0x4, 'eh_max');
    const eh_depth = le16$1(bytes, 0x6, 'eh_depth');
    const capacity = Math.floor((bytes.length - 12) / 12);
    if (eh_max > capacity)
        throw corrupt$4(where, 'eh_max', base + 0x4, `is ${eh_max}, but the node holds at most ${capacity} entries`);
    if (eh_entries > eh_max)
        throw corrupt$4(where, 'eh_entries', base + 0x2, `is ${eh_entries}, above eh_max ${eh_max}`);
    if (eh_depth > MAX_EXTENT_DEPTH)
        throw corrupt$4(where, 'eh_depth', base + 0x6, `is ${eh_depth}, above the limit ${MAX_EXTENT_DEPTH}`);
    const node = { eh_depth, leaves: [], indexes: [] };
    for (let i = 0; i < eh_entries; i++) {
        const at = 12 + i * 12;
        if (eh_depth === 0) {
            const ee_len = le16$1(bytes, at + 0x4, 'ee_len');
            const uninitialized = ee_len > EXT_INIT_MAX_LEN;
            node.leaves.push({
                ee_block: le32$2(bytes, at + 0x0, 'ee_block'),
                length: uninitialized ? ee_len - EXT_INIT_MAX_LEN : ee_len,
                uninitialized,
                ee_start: joinHiLo(le16$1(bytes, at + 0x6, 'ee_start_hi'), le32$2(bytes, at + 0x8, 'ee_start_lo')),
                offset: base + at,
            });
        }
        else {
            const ei_block = le32$2(bytes, at + 0x0, 'ei_block');
            const previous = node.indexes[node.indexes.length - 1];
            if (previous && ei_block <= previous.ei_block) {
                throw corrupt$4(where, 'ei_block', base + at, `is ${ei_block}, not above the previous index ${previous.ei_block}`);
            }
            node.indexes.push({ ei_block, ei_leaf: joinHiLo(le16$1(bytes, at + 0x8, 'ei_leaf_hi'), le32$2(bytes, at + 0x4, 'ei_leaf_lo')), offset: base + at });
        }
    }
    return node;
}
/**
 * Maps logical blocks [from, to) of an extent-mapped inode to physical runs, reading only the
 * tree nodes that cover the range. Holes and uninitialized extents yield no run (zeros).
 * A tree is a tree: a block reached twice (index entries sharing a child, which would make the
 * work grow with the product of the fan-outs) is corrupt. Nodes visited and runs produced are
 * bounded by limits.extentNodes and limits.fileExtents.
 */
async function mapExtents(reader, i_block, i_blockOffset, ino, from, to) {
    const runs = [];
    const seen = new Set();
    const visit = async (node, where) => {
        for (const leaf of node.leaves) {
            const start = Math.max(from, leaf.ee_block);
            const end = Math.min(to, leaf.ee_block + leaf.length);
            if (start >= end || leaf.uninitialized)
                continue;
            const physical = leaf.ee_start + (start - leaf.ee_block);
            reader.check(physical, end - start, `ee_start of an extent of inode ${ino}`, leaf.offset + 0x6);
            pushRun(runs, start, physical, end - start);
            enforceBudget('filesystem', 'fileExtents', runs.length, (limit) => `ext inode ${ino}: extent tree maps more than ${limit} extents`, { offset: leaf.offset });
        }
        for (let i = 0; i < node.indexes.length; i++) {
            const index = node.indexes[i];
            const next = node.indexes[i + 1];
            if ((next !== undefined && next.ei_block <= from) || index.ei_block >= to)
                continue;
            if (seen.has(index.ei_leaf))
                throw corrupt$4(where, 'ei_leaf', index.offset + 0x4, `points again at block ${index.ei_leaf}, already visited: the tree shares or loops through nodes`);
            enforceBudget('filesystem', 'extentNodes', seen.size + 1, (limit) => `ext inode ${ino}: extent tree needs more than ${limit} nodes`, { offset: index.offset + 0x4 });
            seen.add(index.ei_leaf);
            const bytes = await reader.read(index.ei_leaf, 1, `ei_leaf of an index of inode ${ino}`, index.offset + 0x4);
            const childBase = index.ei_leaf * reader.blockSize;
            const child = parseExtentNode(bytes, childBase, `inode ${ino}, block ${index.ei_leaf}`);
            if (child.eh_depth !== node.eh_depth - 1) {
                throw corrupt$4(`inode ${ino}, block ${index.ei_leaf}`, 'eh_depth', childBase + 0x6, `is ${child.eh_depth}, expected ${node.eh_depth - 1} below its parent`);
            }
            await visit(child, `inode ${ino}, block ${index.ei_leaf}`);
        }
    };
    await visit(parseExtentNode(i_block, i_blockOffset, `inode ${ino} i_block`), `inode ${ino} i_block`);
    return runs;
}

/** Parses one descriptor of `descSize` (32 or ≥64) bytes. Pure. */
function parseGroupDescriptor(bytes, descSize) {
    const lo = le32$2(bytes, 0x8, 'bg_inode_table_lo');
    const hi = descSize >= 64 ? le32$2(bytes, 0x28, 'bg_inode_table_hi') : 0;
    return { bg_inode_table: joinHiLo(hi, lo), bg_flags: le16$1(bytes, 0x12, 'bg_flags') };
}
/** Whether group `g` carries a superblock copy (sparse_super: groups 0, 1 and powers of 3, 5, 7). */
function groupHasSuper(sb, g) {
    if (g <= 1 || !(sb.s_feature_ro_compat & RO_COMPAT.SPARSE_SUPER))
        return true;
    for (const base of [3, 5, 7]) {
        let p = base;
        while (p < g)
            p *= base;
        if (p === g)
            return true;
    }
    return false;
}
/**
 * Byte offset of group `g`'s descriptor. Without meta_bg the table follows the superblock's
 * block; with meta_bg, groups from s_first_meta_bg on keep one descriptor block in the first
 * group of each meta group (after that group's superblock copy, if any).
 */
function groupDescriptorOffset(sb, geo, g) {
    if (g < 0 || g >= geo.groupCount) {
        throw new FilesystemError('corrupt', `ext: block group ${g} does not exist (${geo.groupCount} groups)`);
    }
    const perBlock = geo.blockSize / geo.descSize;
    const metaGroup = Math.floor(g / perBlock);
    const within = (g % perBlock) * geo.descSize;
    // bigalloc with 1 KiB blocks has s_first_data_block 0 although the superblock is block 1.
    const zeroAdjust = sb.s_first_data_block === 0 && geo.blockSize === 1024 ? 1 : 0;
    let block;
    if (!(sb.s_feature_incompat & INCOMPAT$1.META_BG) || metaGroup < sb.s_first_meta_bg) {
        block = sb.s_first_data_block + zeroAdjust + 1 + metaGroup;
    }
    else {
        const first = metaGroup * perBlock;
        block = sb.s_first_data_block + first * sb.s_blocks_per_group + (groupHasSuper(sb, first) ? 1 : 0) + (first === 0 ? zeroAdjust : 0);
    }
    return block * geo.blockSize + within;
}

/** i_flags bits this reader acts on. */
const INODE_FLAGS = {
    /** File data is encrypted (fscrypt). */
    ENCRYPT_FL: 0x800,
    /** i_block holds an extent tree instead of a block map. */
    EXTENTS_FL: 0x80000,
    /** Data lives in i_block and the system.data attribute. */
    INLINE_DATA_FL: 0x10000000,
    /** Directory names compare case-insensitively. */
    CASEFOLD_FL: 0x40000000,
};
/** The size of i_block: 15 × 4 bytes. */
const I_BLOCK_SIZE = 60;
/** Parses one inode record of `inodeSize` bytes. Pure. */
function parseInode$1(bytes, ino, offset) {
    const large = bytes.length > 128;
    return {
        ino,
        offset,
        i_mode: le16$1(bytes, 0x0, 'i_mode'),
        i_uid: le16$1(bytes, 0x2, 'i_uid') | (le16$1(bytes, 0x78, 'l_i_uid_high') << 16),
        i_size: joinHiLo(le32$2(bytes, 0x6c, 'i_size_high'), le32$2(bytes, 0x4, 'i_size_lo')),
        i_mtime: le32$2(bytes, 0x10, 'i_mtime'),
        i_gid: le16$1(bytes, 0x18, 'i_gid') | (le16$1(bytes, 0x7a, 'l_i_gid_high') << 16),
        i_links_count: le16$1(bytes, 0x1a, 'i_links_count'),
        i_blocks: joinHiLo(le16$1(bytes, 0x74, 'l_i_blocks_high'), le32$2(bytes, 0x1c, 'i_blocks_lo')),
        i_flags: le32$2(bytes, 0x20, 'i_flags'),
        i_block: bytes.subarray(0x28, 0x28 + I_BLOCK_SIZE),
        i_file_acl: joinHiLo(le16$1(bytes, 0x76, 'l_i_file_acl_high'), le32$2(bytes, 0x68, 'i_file_acl_lo')),
        i_extra_isize: large ? le16$1(bytes, 0x80, 'i_extra_isize') : 0,
        raw: bytes,
    };
}
/** The guest layer's file type from i_mode. */
const inodeType$1 = fileTypeFromMode;
/** Whether flag bits are set on an inode. */
function hasFlag(inode, flag) {
    return (inode.i_flags & flag) !== 0;
}

/** h_magic / the in-inode header magic of extended attributes. */
const XATTR_MAGIC = 0xea020000;
/** e_name_index of the "system." namespace (system.data holds inline data). */
const XATTR_INDEX_SYSTEM = 7;
/** First byte past the fixed 128-byte inode: the large-inode area starts here. */
const GOOD_OLD_INODE_SIZE = 128;
/**
 * Finds an attribute stored in the inode's extra space (after i_extra_isize): a 4-byte magic,
 * then entries (e_name_len 0x0, e_name_index 0x1, e_value_offs 0x2, e_value_inum 0x4,
 * e_value_size 0x8, e_hash 0xC, e_name 0x10) ended by four zero bytes; values are addressed
 * from the first entry. Returns the value bytes, or undefined when absent. Pure.
 */
function findInodeXattr(inode, nameIndex, name) {
    const raw = inode.raw;
    if (raw.length <= GOOD_OLD_INODE_SIZE)
        return undefined;
    const fail = (field, at, detail) => new FilesystemError('corrupt', `ext inode ${inode.ino} in-inode xattr: ${field} at ${hex(inode.offset + at)} ${detail}`, { offset: inode.offset + at });
    if (inode.i_extra_isize % 4 !== 0 || GOOD_OLD_INODE_SIZE + inode.i_extra_isize > raw.length) {
        throw fail('i_extra_isize', 0x80, `is ${inode.i_extra_isize}, expected a multiple of 4 within the ${raw.length}-byte inode`);
    }
    const header = GOOD_OLD_INODE_SIZE + inode.i_extra_isize;
    if (header + 4 > raw.length || le32$2(raw, header) !== XATTR_MAGIC)
        return undefined;
    const first = header + 4;
    const wanted = new TextEncoder().encode(name);
    for (let at = first;;) {
        if (at + 4 > raw.length)
            throw fail('entry list', at, 'runs past the end of the inode without a terminator');
        if (le32$2(raw, at) === 0)
            return undefined;
        if (at + 16 > raw.length)
            throw fail('entry', at, 'is cut off by the end of the inode');
        const e_name_len = raw[at];
        const e_name_index = raw[at + 1];
        const nameEnd = at + 16 + e_name_len;
        if (nameEnd > raw.length)
            throw fail('e_name_len', at, `(${e_name_len}) runs past the end of the inode`);
        const e_name = raw.subarray(at + 16, nameEnd);
        if (e_name_index === nameIndex && e_name.length === wanted.length && e_name.every((b, i) => b === wanted[i])) {
            const e_value_offs = le16$1(raw, at + 0x2);
            const e_value_inum = le32$2(raw, at + 0x4);
            const e_value_size = le32$2(raw, at + 0x8);
            if (e_value_inum !== 0) {
                throw new FilesystemError('unsupported', `ext inode ${inode.ino}: attribute ${name} is stored in inode ${e_value_inum} (ea_inode)`, { offset: inode.offset + at });
            }
            const start = first + e_value_offs;
            if (start + e_value_size > raw.length) {
                throw fail('e_value_offs/e_value_size', at + 0x2, `(${e_value_offs}+${e_value_size}) run past the end of the inode`);
            }
            return raw.subarray(start, start + e_value_size);
        }
        at = (nameEnd + 3) & -4;
    }
}

/** Splits an inline-data inode into its two pieces. Pure. */
function inlineData(inode) {
    const tail = findInodeXattr(inode, XATTR_INDEX_SYSTEM, 'data') ?? new Uint8Array(0);
    return { head: inode.i_block, tail, tailOffset: inode.offset + Math.max(0, tail.byteOffset - inode.raw.byteOffset) };
}
/** The first `length` bytes of an inline-data file (length ≤ i_size, checked by the caller). */
function inlineFileBytes(inode, length) {
    const { head, tail } = inlineData(inode);
    if (length > I_BLOCK_SIZE + tail.length) {
        throw new FilesystemError('corrupt', `ext inode ${inode.ino}: i_size ${inode.i_size} exceeds its inline data (${I_BLOCK_SIZE} + ${tail.length} bytes)`, { offset: inode.offset + 0x4 });
    }
    const out = new Uint8Array(length);
    out.set(head.subarray(0, Math.min(length, I_BLOCK_SIZE)));
    if (length > I_BLOCK_SIZE)
        out.set(tail.subarray(0, length - I_BLOCK_SIZE), I_BLOCK_SIZE);
    return out;
}

/** The root directory's inode number. */
const ROOT_INO$1 = 2;
/** Directory blocks are read this much at a time, so a lookup that stops early reads little. */
const DIR_CHUNK_BYTES = 64 * 1024;
/** Directories up to this size are scanned per lookup (one read); larger ones are indexed once. */
const SCANNED_DIR_BYTES$1 = DIR_CHUNK_BYTES;
/** Linux PATH_MAX: no symlink target is longer. */
const MAX_SYMLINK$1 = 4096;
/** Descriptors kept in memory; the cache is dropped when full. */
const DESCRIPTOR_CACHE = 4096;
const encoder$1 = new TextEncoder();
const decoder$1 = new TextDecoder();
/**
 * A read-only ext2/ext3/ext4 filesystem over a ByteSource. Reads only the blocks a call needs:
 * the superblock at open, then one group descriptor and one inode record per inode, the
 * directory blocks of the directories walked and the data blocks of the files read.
 * The journal is not replayed (an unclean filesystem reads as last checkpointed).
 */
class ExtFilesystem {
    source;
    superblock;
    geometry;
    type;
    identity;
    reader;
    dirFormat;
    descriptors = new Map();
    dirCache = new DirIndexCache();
    /** The entries of the directory block read last for a lookup. */
    lastDirBlock;
    constructor(source, 
    /** The parsed superblock. */
    superblock, 
    /** Derived layout. */
    geometry) {
        this.source = source;
        this.superblock = superblock;
        this.geometry = geometry;
        this.type = extType(superblock);
        this.identity = { uuid: superblock.s_uuid, label: superblock.s_volume_name };
        this.reader = new BlockReader(source, geometry.blockSize, superblock.s_blocks_count);
        this.dirFormat = {
            hasFileType: (superblock.s_feature_incompat & INCOMPAT$1.FILETYPE) !== 0,
            inodesCount: superblock.s_inodes_count,
            blockSize: geometry.blockSize,
        };
    }
    /** Reads and validates the superblock; throws FilesystemError when it is not a readable ext filesystem. */
    static async open(source) {
        if (source.size < SUPERBLOCK_OFFSET + SUPERBLOCK_SIZE$1) {
            throw new FilesystemError('corrupt', `ext: ${source.name} is ${source.size} bytes, too small to hold a superblock`, { offset: SUPERBLOCK_OFFSET });
        }
        const sb = parseSuperblock$1(await source.read(SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE$1));
        const geometry = checkGeometry$1(sb);
        if (extType(sb) === 'jbd') {
            throw new FilesystemError('unsupported', 'ext: this is an external journal device (journal_dev), not a filesystem', { offset: SUPERBLOCK_OFFSET + 0x60 });
        }
        return new ExtFilesystem(source, sb, geometry);
    }
    async root() {
        return this.node(ROOT_INO$1);
    }
    async lookup(dir, name) {
        const inode = this.dirInode(dir);
        const keyOf = nameKeyOf(inode);
        const key = keyOf(encoder$1.encode(name));
        const matches = (entry) => sameName(keyOf(entry.name), key);
        if (hasFlag(inode, INODE_FLAGS.INLINE_DATA_FL) || inode.i_size <= SCANNED_DIR_BYTES$1) {
            // Small: one read, stopping at the first match.
            let found;
            await this.forEachDirEntry(inode, (entry) => {
                if (matches(entry))
                    found = entry.inode;
                return found !== undefined;
            });
            return found === undefined ? undefined : this.node(found);
        }
        // Large (htree or linear alike): index once, then read only the blocks the name may be in.
        const index = this.dirCache.get(inode.ino) ?? (await this.indexDir(inode, keyOf));
        for (const slot of index.slots(key)) {
            const found = (await this.dirBlockEntries(inode, slot)).find(matches);
            if (found)
                return this.node(found.inode);
        }
        return undefined;
    }
    /**
     * The entries of logical block `slot` of a directory (none in a hole). The last one read is
     * kept: a walk looks up the names of a listing in order, and consecutive names share a block.
     */
    async dirBlockEntries(inode, slot) {
        const last = this.lastDirBlock;
        if (last?.ino === inode.ino && last.slot === slot)
            return last.entries;
        const [run] = await this.mapBlocks(inode, slot, slot + 1);
        let entries = [];
        if (run !== undefined) {
            const block = await this.reader.read(run.physical, 1, `directory block ${slot} of inode ${inode.ino}`, inode.offset + 0x28);
            entries = parseDirRegion(block, run.physical * this.geometry.blockSize, this.dirFormat);
        }
        this.lastDirBlock = { ino: inode.ino, slot, entries };
        return entries;
    }
    /** Reads a whole directory once into a DirNameIndex (slot = logical block), and caches it. */
    async indexDir(inode, keyOf) {
        const builder = DirNameIndex.builder();
        let count = 0;
        await this.forEachDirEntry(inode, (entry, logical, physical) => {
            enforceBudget('filesystem', 'dirLookupEntries', ++count, (limit) => `ext inode ${inode.ino}: directory has more than ${limit} entries to look names up in`, {
                offset: physical * this.geometry.blockSize,
            });
            builder.add(keyOf(entry.name), logical);
            return false;
        });
        const index = builder.build();
        this.dirCache.set(inode.ino, index);
        return index;
    }
    async readdir(dir) {
        const result = [];
        const untyped = [];
        const inode = this.dirInode(dir);
        // A walk looks up what it listed: index a large directory now rather than read it again.
        const indexed = !hasFlag(inode, INODE_FLAGS.INLINE_DATA_FL) && inode.i_size > SCANNED_DIR_BYTES$1 && !this.dirCache.get(inode.ino);
        const builder = indexed ? DirNameIndex.builder() : undefined;
        const keyOf = nameKeyOf(inode);
        await this.forEachDirEntry(inode, (raw, logical, physical) => {
            builder?.add(keyOf(raw.name), logical);
            if (isDotEntry$1(raw.name))
                return false;
            enforceBudget('filesystem', 'dirEntries', result.length + 1, (limit) => `ext inode ${inode.ino}: directory has more than ${limit} entries to list`, {
                offset: physical * this.geometry.blockSize,
            });
            const type = fileTypeFromDirent(raw.file_type);
            const entry = { name: decoder$1.decode(raw.name), type: type ?? 'other' };
            result.push(entry);
            if (type === undefined)
                untyped.push({ entry, ino: raw.inode });
            return false;
        });
        if (builder)
            this.dirCache.set(inode.ino, builder.build());
        // Without the filetype feature the entry does not say what it names: ask the inode.
        for (const { entry, ino } of untyped)
            entry.type = inodeType$1((await this.readInode(ino)).i_mode);
        return result;
    }
    async readFile(node, maxBytes) {
        const inode = this.extInode(node);
        const length = readLength(inode.i_size, maxBytes, `ext inode ${inode.ino}`, inode.offset + 0x4);
        if (hasFlag(inode, INODE_FLAGS.ENCRYPT_FL)) {
            throw new FilesystemError('unsupported', `ext inode ${inode.ino}: file contents are encrypted (fscrypt)`, { offset: inode.offset + 0x20 });
        }
        if (hasFlag(inode, INODE_FLAGS.INLINE_DATA_FL))
            return inlineFileBytes(inode, length);
        return this.readData(inode, length);
    }
    async readlink(node) {
        const inode = this.extInode(node);
        if (inodeType$1(inode.i_mode) !== 'symlink') {
            throw new FilesystemError('corrupt', `ext inode ${inode.ino} is not a symbolic link (i_mode ${hex(inode.i_mode)})`, { offset: inode.offset });
        }
        if (hasFlag(inode, INODE_FLAGS.ENCRYPT_FL)) {
            throw new FilesystemError('unsupported', `ext inode ${inode.ino}: symlink target is encrypted (fscrypt)`, { offset: inode.offset + 0x20 });
        }
        if (inode.i_size > MAX_SYMLINK$1 || inode.i_size > this.geometry.blockSize) {
            throw new FilesystemError('corrupt', `ext inode ${inode.ino}: symlink i_size ${inode.i_size} exceeds ${Math.min(MAX_SYMLINK$1, this.geometry.blockSize)}`, {
                offset: inode.offset + 0x4,
            });
        }
        let bytes;
        if (hasFlag(inode, INODE_FLAGS.INLINE_DATA_FL))
            bytes = inlineFileBytes(inode, inode.i_size);
        else if (this.isFastSymlink(inode))
            bytes = inode.i_block.subarray(0, inode.i_size);
        else
            bytes = await this.readData(inode, inode.i_size);
        return decoder$1.decode(bytes);
    }
    /**
     * A fast symlink keeps its target in i_block. Like e2fsprogs we decide by size (< 60 bytes),
     * except that an extent-mapped inode whose i_block holds an extent header is a slow one.
     */
    isFastSymlink(inode) {
        if (inode.i_size >= I_BLOCK_SIZE)
            return false;
        return !(hasFlag(inode, INODE_FLAGS.EXTENTS_FL) && le16$1(inode.i_block, 0) === EXTENT_MAGIC);
    }
    /** Reads and parses inode `ino`. */
    async readInode(ino) {
        const sb = this.superblock;
        if (!Number.isSafeInteger(ino) || ino < 1 || ino > sb.s_inodes_count) {
            throw new FilesystemError('corrupt', `ext: inode number ${ino} is outside 1..${sb.s_inodes_count} (s_inodes_count)`);
        }
        const group = Math.floor((ino - 1) / sb.s_inodes_per_group);
        const index = (ino - 1) % sb.s_inodes_per_group;
        const desc = await this.groupDescriptor(group);
        const tableBlocks = Math.ceil((sb.s_inodes_per_group * this.geometry.inodeSize) / this.geometry.blockSize);
        this.reader.check(desc.bg_inode_table, tableBlocks, `bg_inode_table of group ${group}`, groupDescriptorOffset(sb, this.geometry, group) + 0x8);
        const offset = desc.bg_inode_table * this.geometry.blockSize + index * this.geometry.inodeSize;
        const bytes = await this.reader.readBytes(offset, this.geometry.inodeSize, `inode ${ino}`);
        return parseInode$1(bytes, ino, offset);
    }
    async groupDescriptor(group) {
        const cached = this.descriptors.get(group);
        if (cached)
            return cached;
        const offset = groupDescriptorOffset(this.superblock, this.geometry, group);
        const desc = parseGroupDescriptor(await this.reader.readBytes(offset, this.geometry.descSize, `group descriptor ${group}`), this.geometry.descSize);
        if (this.descriptors.size >= DESCRIPTOR_CACHE)
            this.descriptors.clear();
        this.descriptors.set(group, desc);
        return desc;
    }
    async node(ino) {
        const inode = await this.readInode(ino);
        return {
            ino,
            type: inodeType$1(inode.i_mode),
            size: inode.i_size,
            mode: inode.i_mode,
            uid: inode.i_uid,
            gid: inode.i_gid,
            mtime: inode.i_mtime,
            inode,
        };
    }
    extInode(node) {
        const inode = node.inode;
        if (!inode)
            throw new FilesystemError('corrupt', `ext: node ${node.ino} was not produced by this filesystem`);
        return inode;
    }
    dirInode(node) {
        const inode = this.extInode(node);
        if (inodeType$1(inode.i_mode) !== 'dir') {
            throw new FilesystemError('corrupt', `ext inode ${inode.ino} is not a directory (i_mode ${hex(inode.i_mode)})`, { offset: inode.offset });
        }
        return inode;
    }
    /** Physical runs for logical blocks [from, to), from the extent tree or the block map. */
    mapBlocks(inode, from, to) {
        const at = inode.offset + 0x28;
        return hasFlag(inode, INODE_FLAGS.EXTENTS_FL)
            ? mapExtents(this.reader, inode.i_block, at, inode.ino, from, to)
            : mapBlockMap(this.reader, inode.i_block, at, inode.ino, from, to);
    }
    /** Calls `visit` with each run's bytes, split into reads of at most `chunkBytes`; stops when it returns true. */
    async forEachChunk(inode, runs, chunkBytes, visit) {
        const bs = this.geometry.blockSize;
        const chunkBlocks = Math.max(1, Math.floor(chunkBytes / bs));
        for (const run of runs) {
            for (let done = 0; done < run.length; done += chunkBlocks) {
                const count = Math.min(chunkBlocks, run.length - done);
                const bytes = await this.reader.read(run.physical + done, count, `data of inode ${inode.ino}`, inode.offset + 0x28);
                if (visit(run.logical + done, run.physical + done, bytes) === true)
                    return;
            }
        }
    }
    /** The first `length` bytes of a block-backed inode; holes and unwritten extents are zeros. */
    async readData(inode, length) {
        const bs = this.geometry.blockSize;
        const out = new Uint8Array(length);
        if (length === 0)
            return out;
        const runs = await this.mapBlocks(inode, 0, Math.ceil(length / bs));
        await this.forEachChunk(inode, runs, MAX_RUN_BYTES$2, (logical, _physical, bytes) => {
            const start = logical * bs;
            out.set(bytes.subarray(0, Math.min(bytes.length, length - start)), start);
        });
        return out;
    }
    /**
     * Visits the live entries of a directory ("." and ".." included) with the logical and
     * physical block holding each (the inode's own, for inline data), until `visit` returns
     * true. Reads at most the directory's own blocks, and at most limits.dirBytes of them.
     */
    async forEachDirEntry(dir, visit) {
        if (hasFlag(dir, INODE_FLAGS.ENCRYPT_FL)) {
            throw new FilesystemError('unsupported', `ext inode ${dir.ino}: directory names are encrypted (fscrypt)`, { offset: dir.offset + 0x20 });
        }
        if (hasFlag(dir, INODE_FLAGS.INLINE_DATA_FL)) {
            // i_block: 4-byte parent inode, then entries; system.data continues the entries.
            const { head, tail, tailOffset } = inlineData(dir);
            const inodeBlock = Math.floor(dir.offset / this.geometry.blockSize);
            for (const entry of [...parseDirRegion(head.subarray(4), dir.offset + 0x2c, this.dirFormat), ...parseDirRegion(tail, tailOffset, this.dirFormat)]) {
                if (visit(entry, 0, inodeBlock))
                    return;
            }
            return;
        }
        const bs = this.geometry.blockSize;
        enforceBudget('filesystem', 'dirBytes', dir.i_size, (limit) => `ext inode ${dir.ino}: directory of ${dir.i_size} bytes is larger than the ${limit} bytes read from one directory`, {
            offset: dir.offset + 0x4,
        });
        let stop = false;
        await this.forEachChunk(dir, await this.mapBlocks(dir, 0, Math.ceil(dir.i_size / bs)), DIR_CHUNK_BYTES, (logical, physical, bytes) => {
            for (let b = 0; b * bs < bytes.length && !stop; b++) {
                for (const entry of parseDirRegion(bytes.subarray(b * bs, (b + 1) * bs), (physical + b) * bs, this.dirFormat)) {
                    if (visit(entry, logical + b, physical + b)) {
                        stop = true;
                        break;
                    }
                }
            }
            return stop;
        });
    }
}
/** The key names are compared by: case-folded directories compare lower-cased names (Unicode case folding, approximately). */
function nameKeyOf(inode) {
    return hasFlag(inode, INODE_FLAGS.CASEFOLD_FL) ? (raw) => encoder$1.encode(decoder$1.decode(raw).toLowerCase()) : (raw) => raw;
}

/** Whether the volume carries the ext superblock magic 0xEF53 at 1024 + 0x38. Throws only when the medium fails. */
async function probeExt(source) {
    try {
        if (source.size < SUPERBLOCK_OFFSET + 0x3a)
            return false;
        return le16$1(await source.read(SUPERBLOCK_OFFSET + 0x38, 2), 0) === EXT_MAGIC;
    }
    catch (error) {
        if (isMediumFailure(error))
            throw error;
        return false;
    }
}
/** The ext2/ext3/ext4 reader as a filesystem driver. */
const extDriver = {
    type: 'ext4',
    probe: probeExt,
    open: (source) => ExtFilesystem.open(source),
};

/**
 * Little-endian field reads for the FAT parsers. Parsers check their lengths first; these still
 * refuse a read past the end of the buffer so a missed check is a typed 'corrupt' error.
 */
function check$1(bytes, offset, width) {
    if (offset < 0 || offset + width > bytes.length) {
        throw new FilesystemError('corrupt', `fat: field at ${hex(offset)} lies outside its ${bytes.length}-byte structure`);
    }
}
/** Unsigned 8-bit field. */
function u8$1(bytes, offset) {
    check$1(bytes, offset, 1);
    return bytes[offset];
}
/** Unsigned little-endian 16-bit field. */
function le16(bytes, offset) {
    check$1(bytes, offset, 2);
    return bytes[offset] | (bytes[offset + 1] << 8);
}
/** Unsigned little-endian 32-bit field. */
function le32$1(bytes, offset) {
    check$1(bytes, offset, 4);
    return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16)) + bytes[offset + 3] * 0x100_0000;
}
/** Whether n is a power of two (n > 0). */
function isPowerOfTwo(n) {
    return n > 0 && (n & (n - 1)) === 0;
}

/** Bytes of the boot sector the BPB lives in (the smallest legal sector). */
const BOOT_SECTOR_SIZE = 512;
/** Bytes of one directory entry. */
const DIR_ENTRY_SIZE = 32;
/** Cluster counts below this are FAT12, below FAT16_LIMIT FAT16, else FAT32 (Microsoft FAT spec, "FAT Type Determination"). */
const FAT12_LIMIT = 4085;
/** See FAT12_LIMIT. */
const FAT16_LIMIT = 65525;
/** Whether the fields at 0x24.. are the FAT32 extended BPB (BPB_FATSz16 == 0 means FAT32 layout). */
function isFat32Layout(bytes) {
    return le16(bytes, 0x16) === 0;
}
/** Trims the trailing spaces (and NULs) that pad 8.3 and label fields. */
function trimPadded(text) {
    return text.replace(/[ \0]+$/, '');
}
/** Parses the first 512 bytes of a FAT volume. Pure; checks only the length (see `fatGeometry`). */
function parseBpb(bytes) {
    if (bytes.length < BOOT_SECTOR_SIZE) {
        throw new FilesystemError('corrupt', `fat: boot sector needs ${BOOT_SECTOR_SIZE} bytes, got ${bytes.length}`, { offset: 0 });
    }
    const fat32 = isFat32Layout(bytes);
    const ext = fat32 ? 0x40 : 0x24; // extended boot record: BS_DrvNum is at 0x40 (FAT32) or 0x24
    return {
        BS_jmpBoot: u8$1(bytes, 0x00),
        BPB_BytsPerSec: le16(bytes, 0x0b),
        BPB_SecPerClus: u8$1(bytes, 0x0d),
        BPB_RsvdSecCnt: le16(bytes, 0x0e),
        BPB_NumFATs: u8$1(bytes, 0x10),
        BPB_RootEntCnt: le16(bytes, 0x11),
        BPB_TotSec16: le16(bytes, 0x13),
        BPB_FATSz16: le16(bytes, 0x16),
        BPB_TotSec32: le32$1(bytes, 0x20),
        BPB_FATSz32: fat32 ? le32$1(bytes, 0x24) : 0,
        BPB_ExtFlags: fat32 ? le16(bytes, 0x28) : 0,
        BPB_RootClus: fat32 ? le32$1(bytes, 0x2c) : 0,
        BS_BootSig: u8$1(bytes, ext + 0x02),
        BS_VolID: le32$1(bytes, ext + 0x03),
        BS_VolLab: trimPadded(Buffer.from(bytes.subarray(ext + 0x07, ext + 0x12)).toString('latin1')),
        Signature_word: le16(bytes, 0x1fe),
    };
}
/** Whether the jump instruction is one the spec allows (EB xx 90, or E9). */
function hasBootJump(bytes) {
    return (bytes[0] === 0xeb && bytes[2] === 0x90) || bytes[0] === 0xe9;
}
function corrupt$3(message, offset) {
    return new FilesystemError('corrupt', `fat: ${message}`, { offset });
}
/**
 * Validates the BPB against itself and the volume size and derives the layout. Throws
 * FilesystemError 'corrupt' naming the field and its offset.
 */
function fatGeometry(bpb, volumeSize) {
    if (bpb.Signature_word !== 0xaa55)
        throw corrupt$3(`boot sector signature is ${hex(bpb.Signature_word)}, expected 0xaa55`, 0x1fe);
    const sectorSize = bpb.BPB_BytsPerSec;
    if (!isPowerOfTwo(sectorSize) || sectorSize < 512 || sectorSize > 4096) {
        throw corrupt$3(`BPB_BytsPerSec is ${sectorSize}, expected 512, 1024, 2048 or 4096`, 0x0b);
    }
    if (!isPowerOfTwo(bpb.BPB_SecPerClus))
        throw corrupt$3(`BPB_SecPerClus is ${bpb.BPB_SecPerClus}, expected a power of two`, 0x0d);
    if (bpb.BPB_RsvdSecCnt === 0)
        throw corrupt$3('BPB_RsvdSecCnt is 0, expected at least 1 (the boot sector)', 0x0e);
    if (bpb.BPB_NumFATs === 0)
        throw corrupt$3('BPB_NumFATs is 0, expected at least 1', 0x10);
    const fatSectors = bpb.BPB_FATSz16 || bpb.BPB_FATSz32;
    if (fatSectors === 0)
        throw corrupt$3('BPB_FATSz16 and BPB_FATSz32 are both 0', 0x24);
    const totalSectors = bpb.BPB_TotSec16 || bpb.BPB_TotSec32;
    if (totalSectors === 0)
        throw corrupt$3('BPB_TotSec16 and BPB_TotSec32 are both 0', 0x20);
    const rootDirSectors = Math.ceil((bpb.BPB_RootEntCnt * DIR_ENTRY_SIZE) / sectorSize);
    const metaSectors = bpb.BPB_RsvdSecCnt + bpb.BPB_NumFATs * fatSectors + rootDirSectors;
    if (metaSectors >= totalSectors) {
        throw corrupt$3(`reserved, FAT and root directory sectors (${metaSectors}) leave no data area in ${totalSectors} sectors`, bpb.BPB_TotSec16 ? 0x13 : 0x20);
    }
    const clusterCount = Math.floor((totalSectors - metaSectors) / bpb.BPB_SecPerClus);
    const type = clusterCount < FAT12_LIMIT ? 12 : clusterCount < FAT16_LIMIT ? 16 : 32;
    const fatBytes = fatSectors * sectorSize;
    // Entries 0 and 1 are reserved; a FAT must have one entry per data cluster after them.
    const neededFatBytes = Math.ceil(((clusterCount + 2) * type) / 8);
    if (fatBytes < neededFatBytes) {
        throw corrupt$3(`FAT${type} of ${fatBytes} bytes cannot map ${clusterCount} clusters (needs ${neededFatBytes})`, bpb.BPB_FATSz16 ? 0x16 : 0x24);
    }
    if (type === 32 && (bpb.BPB_FATSz16 !== 0 || bpb.BPB_RootEntCnt !== 0)) {
        throw corrupt$3(`${clusterCount} clusters make this FAT32, but the BPB has FAT12/16 fields (BPB_FATSz16 ${bpb.BPB_FATSz16}, BPB_RootEntCnt ${bpb.BPB_RootEntCnt})`, 0x11);
    }
    if (type !== 32 && bpb.BPB_RootEntCnt === 0)
        throw corrupt$3(`FAT${type} with BPB_RootEntCnt 0 has no root directory`, 0x11);
    if (type === 32 && (bpb.BPB_RootClus < 2 || bpb.BPB_RootClus > clusterCount + 1)) {
        throw corrupt$3(`BPB_RootClus ${bpb.BPB_RootClus} is outside the data clusters 2..${clusterCount + 1}`, 0x2c);
    }
    const volumeBytes = totalSectors * sectorSize;
    if (volumeBytes > volumeSize) {
        throw corrupt$3(`the BPB says ${totalSectors} sectors (${volumeBytes} bytes) but the volume has ${volumeSize} bytes`, bpb.BPB_TotSec16 ? 0x13 : 0x20);
    }
    const firstFat = bpb.BPB_RsvdSecCnt * sectorSize;
    const activeFat = activeFatNumber(bpb, type);
    const fatOffset = firstFat + activeFat * fatBytes;
    const rootDirOffset = firstFat + bpb.BPB_NumFATs * fatBytes;
    return {
        type,
        sectorSize,
        clusterSize: bpb.BPB_SecPerClus * sectorSize,
        fatOffset,
        fatBytes,
        rootDirOffset,
        rootDirBytes: type === 32 ? 0 : bpb.BPB_RootEntCnt * DIR_ENTRY_SIZE,
        dataOffset: rootDirOffset + rootDirSectors * sectorSize,
        clusterCount,
        rootCluster: type === 32 ? bpb.BPB_RootClus : 0,
        volumeBytes,
    };
}
/** FAT32 with mirroring off (BPB_ExtFlags bit 7) uses only FAT number bits 0-3; everything else uses FAT 0. */
function activeFatNumber(bpb, type) {
    if (type !== 32 || (bpb.BPB_ExtFlags & 0x80) === 0)
        return 0;
    const active = bpb.BPB_ExtFlags & 0x0f;
    if (active >= bpb.BPB_NumFATs)
        throw corrupt$3(`BPB_ExtFlags names FAT ${active} as the active one, but BPB_NumFATs is ${bpb.BPB_NumFATs}`, 0x28);
    return active;
}
/** The volume serial as blkid prints it: "ABCD-1234", upper-case hex. */
function volumeIdString(id) {
    const h = id.toString(16).toUpperCase().padStart(8, '0');
    return `${h.slice(0, 4)}-${h.slice(4)}`;
}

/**
 * 8.3 short names (DIR_Name, 11 bytes: 8 of base, 3 of extension, space-padded) as Linux's
 * vfat driver shows them with its defaults (codepage 437, shortname=mixed).
 */
/** Code page 437, bytes 0x80..0xFF (the OEM code page mkfs.vfat and Linux default to). */
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
/** DIR_NTRes bits (Windows NT): the base (0x08) or extension (0x10) is shown in lower case. */
const NTRES_LOWER_BASE = 0x08;
/** See NTRES_LOWER_BASE. */
const NTRES_LOWER_EXT = 0x10;
function decodeOem(bytes) {
    let text = '';
    for (const b of bytes)
        text += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
    return text.replace(/ +$/, '');
}
/**
 * The displayed form of an 11-byte DIR_Name: "BOOTX64.EFI", or "bootx64.efi" when DIR_NTRes
 * asks for lower case. A leading 0x05 stands for 0xE5 (0xE5 itself marks a deleted entry).
 */
function shortNameString(name, ntRes) {
    const raw = Uint8Array.from(name.subarray(0, 11));
    if (raw[0] === 0x05)
        raw[0] = 0xe5;
    let base = decodeOem(raw.subarray(0, 8));
    let ext = decodeOem(raw.subarray(8, 11));
    if (ntRes & NTRES_LOWER_BASE)
        base = base.toLowerCase();
    if (ntRes & NTRES_LOWER_EXT)
        ext = ext.toLowerCase();
    return ext ? `${base}.${ext}` : base;
}
/** The LFN checksum of an 11-byte short name (spec: "ChkSum"), which every LFN entry repeats. */
function shortNameChecksum(name) {
    let sum = 0;
    for (let i = 0; i < 11; i++)
        sum = (((sum & 1) << 7) + (sum >> 1) + name[i]) & 0xff;
    return sum;
}

/** DIR_Attr bits. */
const ATTR = {
    VOLUME_ID: 0x08,
    DIRECTORY: 0x10,
    /** READ_ONLY | HIDDEN | SYSTEM | VOLUME_ID: a long-name entry. */
    LONG_NAME: 0x0f,
};
/** First DIR_Name byte values with a meaning of their own. */
const END_OF_DIR = 0x00;
const DELETED = 0xe5;
/** LDIR_Ord bit marking the last (first stored) entry of a long name. */
const LAST_LONG_ENTRY = 0x40;
/** A long name has at most 255 characters: 20 entries of 13. */
const MAX_LFN_ENTRIES = 20;
/** UTF-16 units per LFN entry: LDIR_Name1 (5) at 0x01, LDIR_Name2 (6) at 0x0E, LDIR_Name3 (2) at 0x1C. */
const LFN_UNIT_OFFSETS = [0x01, 0x03, 0x05, 0x07, 0x09, 0x0e, 0x10, 0x12, 0x14, 0x16, 0x18, 0x1c, 0x1e];
/** DOS date and time fields to epoch seconds; 0 when the date is unset. */
function dosTime(date, time) {
    if (date === 0)
        return 0;
    const year = 1980 + (date >> 9);
    const month = ((date >> 5) & 0xf) - 1;
    const day = date & 0x1f;
    return Date.UTC(year, month, day, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2) / 1000;
}
/** Starts or continues a long name with one LFN entry; undefined when the sequence is broken. */
function addLfnEntry(pending, entry) {
    const ord = entry[0];
    const seq = ord & 0x3f;
    const checksum = entry[0x0d];
    const units = LFN_UNIT_OFFSETS.map((o) => le16(entry, o));
    if (ord & LAST_LONG_ENTRY) {
        if (seq === 0 || seq > MAX_LFN_ENTRIES)
            return undefined;
        const parts = [];
        parts[seq - 1] = units;
        return { checksum, next: seq - 1, parts };
    }
    if (!pending || pending.next === 0 || seq !== pending.next || checksum !== pending.checksum)
        return undefined;
    pending.parts[seq - 1] = units;
    pending.next = seq - 1;
    return pending;
}
/** The long name of a complete sequence: units up to the first 0x0000 (0xFFFF pads after it). */
function lfnString(pending) {
    const units = pending.parts.flat();
    const end = units.indexOf(0);
    const used = end < 0 ? units : units.slice(0, end);
    if (used.length === 0)
        return undefined;
    return String.fromCharCode(...used);
}
function isDotName(name) {
    const text = Buffer.from(name.subarray(0, 11)).toString('latin1');
    return text === '.          ' || text === '..         ';
}
/**
 * Parses the 32-byte entries of a directory (the fixed root area, or a directory's clusters
 * joined). Stops at the first entry whose DIR_Name[0] is 0x00; skips deleted (0xE5) entries,
 * "." and "..". A long name is used only when its entries run N..1 without a gap, each
 * carries the checksum of the short entry that follows, and it is not empty; otherwise the
 * short name stands, as Linux's vfat driver does.
 */
function parseDirectory(bytes, fat32) {
    const entries = [];
    let volumeLabel;
    let pending;
    const count = Math.floor(bytes.length / DIR_ENTRY_SIZE);
    for (let index = 0; index < count; index++) {
        const e = bytes.subarray(index * DIR_ENTRY_SIZE, (index + 1) * DIR_ENTRY_SIZE);
        const first = e[0x00];
        if (first === END_OF_DIR)
            break;
        if (first === DELETED) {
            pending = undefined;
            continue;
        }
        const attr = e[0x0b];
        if ((attr & 0x3f) === ATTR.LONG_NAME) {
            pending = addLfnEntry(pending, e);
            continue;
        }
        const lfn = pending;
        pending = undefined;
        const name = e.subarray(0x00, 0x0b);
        if (attr & ATTR.VOLUME_ID) {
            volumeLabel ??= trimPadded(Buffer.from(name).toString('latin1'));
            continue;
        }
        if (isDotName(name))
            continue;
        const shortName = shortNameString(name, e[0x0c]);
        const longName = lfn && lfn.next === 0 && lfn.checksum === shortNameChecksum(name) ? lfnString(lfn) : undefined;
        entries.push({
            name: longName ?? shortName,
            shortName,
            DIR_Attr: attr,
            firstCluster: (fat32 ? le16(e, 0x14) * 0x10000 : 0) + le16(e, 0x1a),
            DIR_FileSize: le32$1(e, 0x1c),
            mtime: dosTime(le16(e, 0x18), le16(e, 0x16)),
            index,
        });
    }
    return { entries, volumeLabel };
}

/** The FAT is read in pieces of this size, so a small walk of a large FAT32 reads little. */
const FAT_CHUNK_BYTES = 64 * 1024;
/** FAT pieces kept in memory (16 MiB); the cache is dropped when full. */
const FAT_CHUNK_CACHE = 256;
/** Entry values at or above these end a chain (FAT12/16/32); the value just below marks a bad cluster. */
const END_OF_CHAIN = { 12: 0xff8, 16: 0xfff8, 32: 0x0ffffff8 };
/**
 * The first FAT of a volume: entry lookups and bounded cluster chains. Every chain is checked
 * cluster by cluster (in range, not free, not bad, not seen before), so a corrupt FAT gives
 * a 'corrupt' FilesystemError naming the entry's byte offset, never a loop.
 */
class FatTable {
    source;
    geometry;
    chunks = new Map();
    constructor(source, geometry) {
        this.source = source;
        this.geometry = geometry;
    }
    /** Byte offset (in the volume) of cluster n's FAT entry; FAT12 entries are 1.5 bytes. */
    entryOffset(cluster) {
        const g = this.geometry;
        return g.fatOffset + (g.type === 12 ? cluster + (cluster >> 1) : (cluster * g.type) / 8);
    }
    /** The FAT entry of `cluster` (FAT32: the low 28 bits; the top 4 are reserved). */
    async entry(cluster) {
        const at = this.entryOffset(cluster) - this.geometry.fatOffset;
        const width = this.geometry.type === 32 ? 4 : 2;
        const b = await this.bytes(at, width);
        switch (this.geometry.type) {
            case 12: {
                const pair = b[0] | (b[1] << 8);
                return cluster & 1 ? pair >> 4 : pair & 0xfff;
            }
            case 16:
                return b[0] | (b[1] << 8);
            case 32:
                return ((b[0] | (b[1] << 8) | (b[2] << 16)) + b[3] * 0x100_0000) & 0x0fffffff;
        }
    }
    /** Whether `cluster` is a data cluster number (2 .. clusterCount + 1). */
    inRange(cluster) {
        return Number.isSafeInteger(cluster) && cluster >= 2 && cluster <= this.geometry.clusterCount + 1;
    }
    /**
     * The clusters of the chain starting at `first`, at most `limit` of them (the chain may be
     * longer; callers that need the whole chain pass Infinity). `what` names the owner in errors.
     */
    async chain(first, limit, what) {
        const g = this.geometry;
        if (!this.inRange(first)) {
            throw new FilesystemError('corrupt', `fat: ${what} starts at cluster ${first}, outside the data clusters 2..${g.clusterCount + 1}`);
        }
        const clusters = [];
        const seen = new Set();
        const max = Math.min(limit, g.clusterCount);
        let cluster = first;
        for (;;) {
            seen.add(cluster);
            clusters.push(cluster);
            if (clusters.length >= max)
                return clusters;
            const next = await this.entry(cluster);
            if (next >= END_OF_CHAIN[g.type])
                return clusters;
            const at = this.entryOffset(cluster);
            if (next === END_OF_CHAIN[g.type] - 1)
                throw new FilesystemError('corrupt', `fat: ${what}: cluster ${cluster} links to a cluster marked bad`, { offset: at });
            if (next === 0)
                throw new FilesystemError('corrupt', `fat: ${what}: cluster ${cluster} links to a free cluster (FAT entry 0)`, { offset: at });
            if (!this.inRange(next)) {
                throw new FilesystemError('corrupt', `fat: ${what}: cluster ${cluster} links to cluster ${next}, beyond the data clusters 2..${g.clusterCount + 1}`, { offset: at });
            }
            if (seen.has(next))
                throw new FilesystemError('corrupt', `fat: ${what}: cluster chain loops back to cluster ${next} at cluster ${cluster}`, { offset: at });
            cluster = next;
        }
    }
    /** `length` bytes at `at` (relative to the first FAT), from cached chunks. */
    async bytes(at, length) {
        const out = new Uint8Array(length);
        for (let i = 0; i < length; i++) {
            const pos = at + i;
            if (pos >= this.geometry.fatBytes) {
                throw new FilesystemError('corrupt', `fat: FAT entry at ${hex(this.geometry.fatOffset + pos)} lies past the end of the FAT`, { offset: this.geometry.fatOffset + pos });
            }
            const index = Math.floor(pos / FAT_CHUNK_BYTES);
            out[i] = (await this.chunk(index))[pos - index * FAT_CHUNK_BYTES];
        }
        return out;
    }
    async chunk(index) {
        const cached = this.chunks.get(index);
        if (cached)
            return cached;
        const start = index * FAT_CHUNK_BYTES;
        const bytes = await this.source.read(this.geometry.fatOffset + start, Math.min(FAT_CHUNK_BYTES, this.geometry.fatBytes - start));
        if (this.chunks.size >= FAT_CHUNK_CACHE)
            this.chunks.clear();
        this.chunks.set(index, bytes);
        return bytes;
    }
}

/** The spec allows 65536 entries per directory (2 MiB); a longer chain is refused as corrupt. */
const MAX_DIR_BYTES = 65536 * DIR_ENTRY_SIZE;
/** Contiguous clusters are read together up to this many bytes per read. */
const MAX_RUN_BYTES$1 = 16 * 1024 * 1024;
/** Parsed directories kept in memory; the cache is dropped when full. */
const DIR_CACHE = 256;
/** The root directory's node number (no directory entry describes it). */
const ROOT_INO = 1;
/** st_mode of every directory and file: FAT has no permissions (Linux's default umask 022). */
const DIR_MODE = 0o40755;
/** See DIR_MODE. */
const FILE_MODE = 0o100644;
/** blkid reports an unset label this way; it means "no label". */
const NO_NAME = 'NO NAME';
/** Name comparison the way the guest sees FAT: case-insensitive (ASCII and simple Unicode lower-casing). */
function foldName(name) {
    return name.toLowerCase();
}
/**
 * A read-only FAT12/FAT16/FAT32 filesystem with long file names. Reads the boot sector and
 * the root directory at open, then the FAT pieces, directories and file clusters a call needs.
 */
class FatFilesystem {
    source;
    bpb;
    geometry;
    type = 'vfat';
    identity;
    fat;
    dirs = new Map();
    constructor(source, 
    /** The parsed boot sector. */
    bpb, 
    /** Derived layout (FAT type by cluster count). */
    geometry, rootLabel) {
        this.source = source;
        this.bpb = bpb;
        this.geometry = geometry;
        this.fat = new FatTable(source, geometry);
        // As blkid: BS_VolID counts with signature 0x28 or 0x29. LABEL (what fstab's LABEL= matches) is
        // the root directory's volume-label entry only; BS_VolLab is blkid's separate LABEL_FATBOOT.
        const hasSerial = bpb.BS_BootSig === 0x29 || bpb.BS_BootSig === 0x28;
        const label = rootLabel !== undefined && rootLabel !== '' && rootLabel !== NO_NAME ? rootLabel : undefined;
        this.identity = { uuid: hasSerial ? volumeIdString(bpb.BS_VolID) : undefined, label };
    }
    /** Reads and validates the boot sector and root directory; throws FilesystemError when unreadable. */
    static async open(source) {
        if (source.size < BOOT_SECTOR_SIZE) {
            throw new FilesystemError('corrupt', `fat: ${source.name} is ${source.size} bytes, too small to hold a boot sector`, { offset: 0 });
        }
        const bpb = parseBpb(await source.read(0, BOOT_SECTOR_SIZE));
        const geometry = fatGeometry(bpb, source.size);
        const fs = new FatFilesystem(source, bpb, geometry, undefined);
        const root = await fs.directory(await fs.root());
        return root.volumeLabel === undefined ? fs : new FatFilesystem(source, bpb, geometry, root.volumeLabel);
    }
    /** 12, 16 or 32. */
    get fatType() {
        return this.geometry.type;
    }
    async root() {
        const node = { ino: ROOT_INO, type: 'dir', size: 0, mode: DIR_MODE, uid: 0, gid: 0, mtime: 0, firstCluster: this.geometry.rootCluster, entryOffset: 0 };
        return node;
    }
    async lookup(dir, name) {
        const entry = (await this.directory(dir)).byName.get(foldName(name));
        return entry && this.nodeOf(entry);
    }
    async readdir(dir) {
        return (await this.directory(dir)).entries.map((e) => ({ name: e.name, type: e.DIR_Attr & ATTR.DIRECTORY ? 'dir' : 'file' }));
    }
    async readFile(node, maxBytes) {
        const fat = this.fatNode(node);
        if (fat.type !== 'file')
            throw new FilesystemError('corrupt', `fat: node ${fat.ino} is not a regular file`, { offset: fat.entryOffset });
        const length = readLength(fat.size, maxBytes, 'fat', fat.entryOffset + 0x1c);
        if (length === 0)
            return new Uint8Array(0);
        if (fat.firstCluster === 0) {
            throw new FilesystemError('corrupt', `fat: file of ${fat.size} bytes (DIR_FileSize) has no first cluster`, { offset: fat.entryOffset + 0x1a });
        }
        return this.readChain(fat.firstCluster, length, `file entry at ${hex(fat.entryOffset)}`, fat.entryOffset);
    }
    async readlink(node) {
        throw new FilesystemError('corrupt', `fat: node ${node.ino} is not a symbolic link (FAT has none)`, { offset: this.fatNode(node).entryOffset });
    }
    nodeOf(entry) {
        const isDir = (entry.DIR_Attr & ATTR.DIRECTORY) !== 0;
        return {
            ino: entry.offset / DIR_ENTRY_SIZE,
            type: isDir ? 'dir' : 'file',
            size: isDir ? 0 : entry.DIR_FileSize,
            mode: isDir ? DIR_MODE : FILE_MODE,
            uid: 0,
            gid: 0,
            mtime: entry.mtime,
            firstCluster: entry.firstCluster,
            entryOffset: entry.offset,
        };
    }
    fatNode(node) {
        const fat = node;
        if (fat.firstCluster === undefined || fat.entryOffset === undefined)
            throw new FilesystemError('corrupt', `fat: node ${node.ino} was not produced by this filesystem`);
        return node;
    }
    /**
     * The first `length` bytes of the chain at `first`. The chain must hold them: a chain that
     * ends early (DIR_FileSize larger than its clusters) is corrupt, checked before allocating.
     */
    async readChain(first, length, what, entryOffset) {
        const g = this.geometry;
        const needed = Math.ceil(length / g.clusterSize);
        const clusters = await this.fat.chain(first, needed, what);
        if (clusters.length < needed) {
            throw new FilesystemError('corrupt', `fat: ${what}: ${length} bytes need ${needed} clusters, but the chain from cluster ${first} has ${clusters.length}`, {
                offset: entryOffset + 0x1c,
            });
        }
        return this.readClusters(clusters, length);
    }
    /** The first `length` bytes stored in `clusters` (which must hold them); contiguous clusters are read in one go. */
    async readClusters(clusters, length) {
        const g = this.geometry;
        const out = new Uint8Array(length);
        for (let i = 0; i < clusters.length && i * g.clusterSize < length;) {
            let run = 1;
            while (i + run < clusters.length && clusters[i + run] === clusters[i] + run && run * g.clusterSize < MAX_RUN_BYTES$1)
                run++;
            const start = i * g.clusterSize;
            const bytes = Math.min(run * g.clusterSize, length - start);
            out.set(await this.source.read(g.dataOffset + (clusters[i] - 2) * g.clusterSize, bytes), start);
            i += run;
        }
        return out;
    }
    /** Byte offset of entry `index` of a directory stored in `clusters` (or the fixed root when empty). */
    entryOffset(clusters, index) {
        const g = this.geometry;
        const at = index * DIR_ENTRY_SIZE;
        if (clusters.length === 0)
            return g.rootDirOffset + at;
        return g.dataOffset + (clusters[Math.floor(at / g.clusterSize)] - 2) * g.clusterSize + (at % g.clusterSize);
    }
    /** Reads, parses and caches a directory: the fixed FAT12/16 root area or a cluster chain. */
    async directory(node) {
        const dir = this.fatNode(node);
        if (dir.type !== 'dir')
            throw new FilesystemError('corrupt', `fat: node ${dir.ino} is not a directory`, { offset: dir.entryOffset });
        const cached = this.dirs.get(dir.ino);
        if (cached)
            return cached;
        const g = this.geometry;
        let bytes;
        let clusters = [];
        if (dir.ino === ROOT_INO && g.type !== 32) {
            bytes = await this.source.read(g.rootDirOffset, g.rootDirBytes);
        }
        else {
            const what = dir.ino === ROOT_INO ? 'root directory (BPB_RootClus)' : `directory entry at ${hex(dir.entryOffset)}`;
            if (dir.firstCluster === 0)
                throw new FilesystemError('corrupt', `fat: ${what} has no first cluster`, { offset: dir.entryOffset + 0x1a });
            const limit = Math.ceil(MAX_DIR_BYTES / g.clusterSize);
            clusters = await this.fat.chain(dir.firstCluster, limit + 1, what);
            if (clusters.length > limit) {
                throw new FilesystemError('corrupt', `fat: ${what} spans more than ${MAX_DIR_BYTES} bytes (65536 entries)`, { offset: this.fat.entryOffset(clusters[limit - 1]) });
            }
            bytes = await this.readClusters(clusters, clusters.length * g.clusterSize);
        }
        const parsed = parseDirectory(bytes, g.type === 32);
        const entries = parsed.entries.map((e) => ({ ...e, offset: this.entryOffset(clusters, e.index) }));
        const byName = new Map();
        for (const e of entries) {
            for (const key of [foldName(e.name), foldName(e.shortName)])
                if (!byName.has(key))
                    byName.set(key, e);
        }
        const loaded = { entries, volumeLabel: parsed.volumeLabel, byName };
        if (this.dirs.size >= DIR_CACHE)
            this.dirs.clear();
        this.dirs.set(dir.ino, loaded);
        return loaded;
    }
}

/**
 * Whether the volume starts with a FAT boot sector: 0x55AA at 0x1FE, a jump instruction, and
 * BPB_BytsPerSec (0x0B), BPB_SecPerClus (0x0D) and BPB_NumFATs (0x10) plausible. exFAT and NTFS
 * have the same signature but zero BPB fields, so they do not match. Throws only when the medium fails.
 */
async function probeFat(source) {
    try {
        if (source.size < BOOT_SECTOR_SIZE)
            return false;
        const b = await source.read(0, BOOT_SECTOR_SIZE);
        if (b[0x1fe] !== 0x55 || b[0x1ff] !== 0xaa || !hasBootJump(b))
            return false;
        const bytesPerSector = le16(b, 0x0b);
        return isPowerOfTwo(bytesPerSector) && bytesPerSector >= 512 && bytesPerSector <= 4096 && isPowerOfTwo(b[0x0d]) && b[0x10] > 0;
    }
    catch (error) {
        if (isMediumFailure(error))
            throw error;
        return false;
    }
}
/** The FAT12/16/32 reader as a filesystem driver. */
const fatDriver = {
    type: 'vfat',
    probe: probeFat,
    open: (source) => FatFilesystem.open(source),
};

/**
 * Big-endian field reads for the XFS parsers (XFS stores everything big-endian except CRCs).
 * Each parser checks its lengths first; these still turn a missed check into a typed
 * 'corrupt' error instead of a RangeError.
 */
function check(bytes, offset, width, field) {
    if (offset < 0 || offset + width > bytes.length) {
        throw new FilesystemError('corrupt', `xfs: field ${field} at ${hex(offset)} lies outside its ${bytes.length}-byte structure`);
    }
}
/** Unsigned 8-bit field. */
function u8(bytes, offset, field = 'u8') {
    check(bytes, offset, 1, field);
    return bytes[offset];
}
/** Unsigned big-endian 16-bit field. */
function be16(bytes, offset, field = 'be16') {
    check(bytes, offset, 2, field);
    return (bytes[offset] << 8) | bytes[offset + 1];
}
/** Unsigned big-endian 32-bit field. */
function be32(bytes, offset, field = 'be32') {
    check(bytes, offset, 4, field);
    return bytes[offset] * 0x100_0000 + ((bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]);
}
/** Unsigned big-endian 64-bit field as a bigint (inode numbers, packed extent records). */
function be64n(bytes, offset, field = 'be64') {
    check(bytes, offset, 8, field);
    return (BigInt(be32(bytes, offset, field)) << 32n) | BigInt(be32(bytes, offset + 4, field));
}
/**
 * Unsigned big-endian 64-bit field as a number; values beyond 2^53 (never valid for a size,
 * block or inode number we can address) become Infinity so range checks reject them.
 */
function be64(bytes, offset, field = 'be64') {
    const value = be64n(bytes, offset, field);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(value);
}
/** Unsigned little-endian 32-bit field (XFS CRCs are stored little-endian). */
function le32(bytes, offset, field = 'le32') {
    check(bytes, offset, 4, field);
    return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16)) + bytes[offset + 3] * 0x100_0000;
}
/** Four ASCII bytes as text, for magic numbers in messages ("XFSB"). */
function magicText(value) {
    const chars = [24, 16, 8, 0].map((s) => (value >>> s) & 0xff);
    return chars.every((c) => c >= 0x20 && c < 0x7f) ? String.fromCharCode(...chars) : hex(value);
}
/** The big-endian 32-bit value of a four-character magic ("XFSB" -> 0x58465342). */
function magic(text) {
    return [...text].reduce((v, c) => v * 256 + c.charCodeAt(0), 0);
}

/** sb_magicnum: "XFSB". */
const XFS_SB_MAGIC = magic('XFSB');
/** Bytes of the superblock we parse (the whole v5 structure fits in one 512-byte sector). */
const SUPERBLOCK_SIZE = 512;
/** sb_versionnum bits. */
const VERSION = {
    /** Low nibble: 4 (v4) or 5 (v5, CRC-protected metadata). */
    NUMBITS: 0x000f,
    /** Version 2 directories; v1 directories (never made since 2002) are not read. */
    DIRV2BIT: 0x2000,
    /** ASCII case-insensitive directory names (mkfs.xfs -n version=ci). */
    BORGBIT: 0x4000,
    /** sb_features2 is valid. */
    MOREBITSBIT: 0x8000,
};
/** sb_features2 bit for a file type byte in directory entries on v4 filesystems. */
const FEATURES2_FTYPE = 0x0200;
/**
 * sb_features_incompat bits (v5). Every one listed here is understood by this reader; any
 * other bit makes the filesystem 'unsupported', since the format may differ in ways we
 * would misread.
 */
const INCOMPAT = {
    /** File type byte in directory entries. */
    FTYPE: 0x1,
    /** Sparse inode chunks (inode allocation only; inode numbers still decode the same). */
    SPINODES: 0x2,
    /** Metadata UUID differs from sb_uuid (only matters for writers and CRC headers). */
    META_UUID: 0x4,
    /** 64-bit nanosecond timestamps (per inode, flagged in di_flags2). */
    BIGTIME: 0x8,
    /** xfs_repair was interrupted; read anyway, the structures are still what they are. */
    NEEDSREPAIR: 0x10,
    /** Large extent counters (per inode, flagged in di_flags2). */
    NREXT64: 0x20,
    /** File range exchange in the log (nothing on-disk we read). */
    EXCHRANGE: 0x40,
    /** Parent pointers (extended attributes we ignore). */
    PARENT: 0x80,
};
/** Incompat bits we know by name but do not read. */
const UNREAD_INCOMPAT = {
    0x100: 'METADIR (metadata directory tree)',
    0x200: 'ZONED (zoned realtime device)',
};
function corrupt$2(field, offset, detail) {
    return new FilesystemError('corrupt', `xfs superblock: ${field} at ${hex(offset)} ${detail}`, { offset });
}
/** Parses the primary superblock (the first 512 bytes of the volume). Checks only the magic. */
function parseSuperblock(bytes) {
    const magicnum = be32(bytes, 0x00, 'sb_magicnum');
    if (magicnum !== XFS_SB_MAGIC)
        throw corrupt$2('sb_magicnum', 0x00, `is ${magicText(magicnum)}, expected "XFSB"`);
    return {
        sb_blocksize: be32(bytes, 0x04, 'sb_blocksize'),
        sb_dblocks: be64(bytes, 0x08, 'sb_dblocks'),
        sb_uuid: uuidString(bytes.subarray(0x20, 0x30)),
        sb_rootino: be64(bytes, 0x38, 'sb_rootino'),
        sb_agblocks: be32(bytes, 0x54, 'sb_agblocks'),
        sb_agcount: be32(bytes, 0x58, 'sb_agcount'),
        sb_versionnum: be16(bytes, 0x64, 'sb_versionnum'),
        sb_sectsize: be16(bytes, 0x66, 'sb_sectsize'),
        sb_inodesize: be16(bytes, 0x68, 'sb_inodesize'),
        sb_inopblock: be16(bytes, 0x6a, 'sb_inopblock'),
        sb_fname: fixedString(bytes.subarray(0x6c, 0x78)),
        sb_blocklog: u8(bytes, 0x78, 'sb_blocklog'),
        sb_inodelog: u8(bytes, 0x7a, 'sb_inodelog'),
        sb_inopblog: u8(bytes, 0x7b, 'sb_inopblog'),
        sb_agblklog: u8(bytes, 0x7c, 'sb_agblklog'),
        sb_dirblklog: u8(bytes, 0xc0, 'sb_dirblklog'),
        sb_features2: be32(bytes, 0xc8, 'sb_features2'),
        sb_features_incompat: be32(bytes, 0xd8, 'sb_features_incompat'),
        sb_crc: be32(bytes, 0xe0, 'sb_crc'),
    };
}
/** Names of the incompat bits in `bits` this reader does not understand. */
function unknownIncompat(bits) {
    const known = Object.values(INCOMPAT).reduce((a, b) => a | b, 0);
    const names = [];
    for (let bit = 1; bit !== 0 && bit <= 0x80000000; bit = bit === 0x80000000 ? 0 : bit * 2) {
        if ((bits & bit) !== 0 && (known & bit) === 0)
            names.push(UNREAD_INCOMPAT[bit] ?? `unknown bit ${hex(bit)}`);
    }
    return names;
}
/**
 * Validates every field that sizes or locates something (so later arithmetic cannot overflow
 * or divide by zero) and the feature bits; returns the derived layout.
 */
function checkGeometry(sb) {
    const version = sb.sb_versionnum & VERSION.NUMBITS;
    if (version !== 4 && version !== 5) {
        throw new FilesystemError('unsupported', `xfs superblock: sb_versionnum at 0x64 is version ${version}; only v4 and v5 are read`, { offset: 0x64 });
    }
    if (version === 4 && (sb.sb_versionnum & VERSION.DIRV2BIT) === 0) {
        throw new FilesystemError('unsupported', 'xfs superblock: sb_versionnum at 0x64 lacks DIRV2BIT; version 1 directories are not read', { offset: 0x64 });
    }
    const pow2 = (v, log) => log < 31 && v === 2 ** log;
    if (sb.sb_blocklog < 9 || sb.sb_blocklog > 16 || !pow2(sb.sb_blocksize, sb.sb_blocklog)) {
        throw corrupt$2('sb_blocksize', 0x04, `is ${sb.sb_blocksize} with sb_blocklog ${sb.sb_blocklog}; expected a power of two from 512 to 65536`);
    }
    if (sb.sb_inodelog < 8 || sb.sb_inodelog > 11 || !pow2(sb.sb_inodesize, sb.sb_inodelog) || sb.sb_inodesize > sb.sb_blocksize) {
        throw corrupt$2('sb_inodesize', 0x68, `is ${sb.sb_inodesize} with sb_inodelog ${sb.sb_inodelog}; expected a power of two from 256 to 2048, at most a block`);
    }
    if (!pow2(sb.sb_inopblock, sb.sb_inopblog) || sb.sb_inopblog !== sb.sb_blocklog - sb.sb_inodelog) {
        throw corrupt$2('sb_inopblock', 0x6a, `is ${sb.sb_inopblock} with sb_inopblog ${sb.sb_inopblog}; expected sb_blocksize / sb_inodesize`);
    }
    if (sb.sb_agblocks < 1 || sb.sb_agblklog > 31 || sb.sb_agblocks > 2 ** sb.sb_agblklog || (sb.sb_agblklog > 0 && sb.sb_agblocks <= 2 ** (sb.sb_agblklog - 1))) {
        throw corrupt$2('sb_agblocks', 0x54, `is ${sb.sb_agblocks} with sb_agblklog ${sb.sb_agblklog}; expected 2^(sb_agblklog-1) < sb_agblocks <= 2^sb_agblklog`);
    }
    if (sb.sb_agcount < 1 || !Number.isSafeInteger(sb.sb_dblocks) || sb.sb_dblocks > sb.sb_agcount * sb.sb_agblocks || sb.sb_dblocks <= (sb.sb_agcount - 1) * sb.sb_agblocks) {
        throw corrupt$2('sb_agcount', 0x58, `is ${sb.sb_agcount}, which with sb_agblocks ${sb.sb_agblocks} does not cover sb_dblocks ${sb.sb_dblocks} in its last group`);
    }
    if (sb.sb_blocklog + sb.sb_dirblklog > 16) {
        throw corrupt$2('sb_dirblklog', 0xc0, `is ${sb.sb_dirblklog}; directory blocks would exceed 64 KiB`);
    }
    if (version === 5) {
        const unknown = unknownIncompat(sb.sb_features_incompat);
        if (unknown.length > 0) {
            throw new FilesystemError('unsupported', `xfs superblock: sb_features_incompat at 0xd8 has features this reader does not read: ${unknown.join(', ')}`, { offset: 0xd8 });
        }
    }
    const v4Ftype = (sb.sb_versionnum & VERSION.MOREBITSBIT) !== 0 && (sb.sb_features2 & FEATURES2_FTYPE) !== 0;
    return {
        version,
        blockSize: sb.sb_blocksize,
        dirBlockSize: sb.sb_blocksize * 2 ** sb.sb_dirblklog,
        hasFtype: version === 5 ? (sb.sb_features_incompat & INCOMPAT.FTYPE) !== 0 : v4Ftype,
        hasCrc: version === 5,
        asciiCi: (sb.sb_versionnum & VERSION.BORGBIT) !== 0,
    };
}

/**
 * Reads filesystem blocks of an XFS volume. Block pointers on disk are "fsblock" numbers:
 * the AG number above sb_agblklog bits, the block within the AG below. Every pointer passes
 * through `byteOffset`, which checks both halves against sb_agcount/sb_agblocks and the
 * volume size and names the field that pointed there when they do not fit.
 */
class XfsBlockReader {
    source;
    sb;
    blockSize;
    constructor(source, sb) {
        this.source = source;
        this.sb = sb;
        this.blockSize = sb.sb_blocksize;
    }
    /**
     * Byte offset of fsblock `fsb`, checking that `count` blocks from it stay inside one AG
     * (extents never cross AGs) and inside the volume. `field` names the on-disk pointer.
     */
    byteOffset(fsb, count, field, fieldOffset) {
        const perAg = 2 ** this.sb.sb_agblklog;
        const agno = Math.floor(fsb / perAg);
        const agbno = fsb - agno * perAg;
        const offset = (agno * this.sb.sb_agblocks + agbno) * this.blockSize;
        if (!Number.isSafeInteger(fsb) || fsb < 0 || count < 1 || agno >= this.sb.sb_agcount || agbno + count > this.sb.sb_agblocks || offset + count * this.blockSize > this.source.size) {
            throw new FilesystemError('corrupt', `xfs: ${field} points at fsblock ${fsb} (AG ${agno}, block ${agbno}) + ${count}, outside the filesystem (sb_agcount ${this.sb.sb_agcount}, sb_agblocks ${this.sb.sb_agblocks}, volume ${this.source.size} bytes)`, { offset: fieldOffset });
        }
        return offset;
    }
    /** Reads `count` blocks from fsblock `fsb`. */
    async read(fsb, count, field, fieldOffset) {
        return this.source.read(this.byteOffset(fsb, count, field, fieldOffset), count * this.blockSize);
    }
    /** Reads `length` bytes at a byte offset already derived from checked fields (inode records). */
    async readBytes(offset, length, field) {
        if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.source.size) {
            throw new FilesystemError('corrupt', `xfs: ${field} at ${hex(offset)} lies beyond the end of the volume (${this.source.size} bytes)`, { offset });
        }
        return this.source.read(offset, length);
    }
}

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) lookup table. */
const TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();
/** Standard CRC-32C of `bytes`, treating the four bytes at `skip` (the stored CRC) as zeros. */
function crc32c(bytes, skip = -1) {
    let crc = 0xffffffff;
    const step = (byte) => {
        crc = TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    };
    const end = skip < 0 ? bytes.length : Math.min(skip, bytes.length);
    for (let i = 0; i < end; i++)
        step(bytes[i]);
    if (skip >= 0) {
        for (let i = skip; i < Math.min(skip + 4, bytes.length); i++)
            step(0);
        for (let i = skip + 4; i < bytes.length; i++)
            step(bytes[i]);
    }
    return (crc ^ 0xffffffff) >>> 0;
}
/**
 * Whether a v5 metadata structure's CRC (a little-endian field at `crcOffset`, computed with
 * the field zeroed) matches its bytes.
 */
function crcMatches(bytes, crcOffset) {
    return le32(bytes, crcOffset, 'crc') === crc32c(bytes, crcOffset);
}

/** Data block magics: v4 block ("XD2B") and data ("XD2D"), v5 block ("XDB3") and data ("XDD3"). */
const BLOCK_MAGICS = new Set([magic('XD2B'), magic('XDB3')]);
const DATA_MAGICS = new Set([magic('XD2D'), magic('XDD3')]);
/** Data header: magic + 3 bestfree pairs (v4, 0x10); v5 adds a CRC'd block header and padding (0x40). */
const HEADER_V4 = 0x10;
const HEADER_V5 = 0x40;
/** Offset of the CRC in a v5 directory block header (struct xfs_dir3_blk_hdr). */
const DIR3_CRC_OFFSET = 0x4;
/** Tag of an unused region. */
const FREE_TAG = 0xffff;
/** Bytes of the tail (count, stale) and of one leaf entry (hashval, address) in a block-format block. */
const BLOCK_TAIL = 8;
const LEAF_ENTRY = 8;
/** Directory blocks at logical byte offsets below this hold entries; leaf and free-index blocks lie beyond. */
const XFS_DIR2_LEAF_OFFSET = 32 * 1024 ** 3;
/**
 * Parses the entries of one directory data block (block-format "XD2B"/"XDB3" or leaf/node
 * data block "XD2D"/"XDD3"). Unused regions (tag 0xFFFF) are skipped by their length. In a
 * block-format block, entries end where the leaf array before the tail begins. `base` is the
 * block's volume offset.
 */
function parseDataBlock(block, base, hasCrc, hasFtype, ino) {
    const fail = (field, at, detail) => new FilesystemError('corrupt', `xfs inode ${ino} directory block at ${hex(base)}: ${field} at ${hex(base + at)} ${detail}`, { offset: base + at });
    const blockMagic = be32(block, 0x0, 'magic');
    const isBlockFormat = BLOCK_MAGICS.has(blockMagic);
    if (!isBlockFormat && !DATA_MAGICS.has(blockMagic))
        throw fail('magic', 0, `is ${magicText(blockMagic)}, expected a directory data block magic (XDB3/XDD3/XD2B/XD2D)`);
    if (hasCrc !== (blockMagic === magic('XDB3') || blockMagic === magic('XDD3'))) {
        throw fail('magic', 0, `is ${magicText(blockMagic)}, the wrong version for a v${hasCrc ? 5 : 4} filesystem`);
    }
    const header = hasCrc ? HEADER_V5 : HEADER_V4;
    let end = block.length;
    if (isBlockFormat) {
        const count = be32(block, block.length - BLOCK_TAIL, 'block tail count');
        end = block.length - BLOCK_TAIL - count * LEAF_ENTRY;
        if (end < header)
            throw fail('block tail count', block.length - BLOCK_TAIL, `is ${count}; that many leaf entries do not fit in the block`);
    }
    const entries = [];
    for (let at = header; at < end;) {
        if (end - at < 8)
            throw fail('entry', at, `leaves ${end - at} bytes, too few for an entry`);
        if (be16(block, at, 'freetag') === FREE_TAG) {
            const length = be16(block, at + 2, 'unused length');
            if (length < 8 || length % 8 !== 0 || at + length > end)
                throw fail('unused length', at + 2, `is ${length}; expected a multiple of 8 within the block`);
            at += length;
            continue;
        }
        const namelen = block[at + 8];
        const size = Math.ceil((8 + 1 + namelen + (hasFtype ? 1 : 0) + 2) / 8) * 8;
        if (namelen === 0 || at + size > end)
            throw fail('namelen', at + 8, `is ${namelen}; the entry would run past the data area`);
        entries.push({
            ino: be64(block, at, 'inumber'),
            name: block.subarray(at + 9, at + 9 + namelen),
            ftype: hasFtype ? block[at + 9 + namelen] : undefined,
        });
        at += size;
    }
    return entries;
}

/** XFS_DIR3_FT_* to the guest layer's type: ext's numbering, plus 8 for an overlay whiteout; undefined for 0/unknown. */
function ftypeToType(ftype) {
    return ftype === XFS_DIR3_FT_WHT ? 'other' : fileTypeFromDirent(ftype);
}
/** XFS_DIR3_FT_WHT: a whiteout entry (overlayfs), which ext does not have. */
const XFS_DIR3_FT_WHT = 8;
/** "." or "..", which data blocks store and short-form directories do not. */
function isDotEntry(name) {
    return (name.length === 1 && name[0] === 0x2e) || (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e);
}

/** 8-byte inode numbers in short-form directories keep only 56 bits (XFS_MAXINUMBER). */
const INO8_MASK = 2 ** 56;
function readIno(bytes, at, wide) {
    if (!wide)
        return be32(bytes, at, 'inumber');
    const value = be64(bytes, at, 'inumber');
    return Number.isFinite(value) ? value % INO8_MASK : value;
}
/**
 * Parses a short-form directory (struct xfs_dir2_sf_hdr + entries) held in the inode's data
 * fork. `size` is di_size (the bytes in use), `base` the fork's volume offset. Header: count
 * (0x0), i8count (0x1, nonzero when inode numbers are 8 bytes), parent (0x2). Each entry:
 * namelen, a 2-byte offset hint, the name, a file type byte with the ftype feature, the
 * inode number.
 */
function parseShortformDir(fork, size, base, hasFtype, ino) {
    const bytes = fork.subarray(0, Math.min(size, fork.length));
    const fail = (field, at, detail) => new FilesystemError('corrupt', `xfs inode ${ino} short-form directory: ${field} at ${hex(base + at)} ${detail}`, { offset: base + at });
    if (size > fork.length)
        throw fail('di_size', 0, `is ${size}, larger than the ${fork.length}-byte data fork`);
    const count = u8(bytes, 0x0, 'count');
    const i8count = u8(bytes, 0x1, 'i8count');
    const wide = i8count !== 0;
    const inoSize = wide ? 8 : 4;
    if (bytes.length < 2 + inoSize)
        throw fail('header', 0, `needs ${2 + inoSize} bytes, di_size gives ${bytes.length}`);
    const parent = readIno(bytes, 0x2, wide);
    const entries = [];
    let at = 2 + inoSize;
    for (let i = 0; i < count; i++) {
        const namelen = bytes[at];
        const length = 1 + 2 + (namelen ?? 0) + (hasFtype ? 1 : 0) + inoSize;
        if (namelen === undefined || namelen === 0 || at + length > bytes.length) {
            throw fail(`entry ${i}`, at, `(namelen ${namelen ?? 'missing'}) runs past the ${bytes.length} bytes in use; count says ${count} entries`);
        }
        const name = bytes.subarray(at + 3, at + 3 + namelen);
        const ftype = hasFtype ? bytes[at + 3 + namelen] : undefined;
        entries.push({ name, ftype, ino: readIno(bytes, at + 3 + namelen + (hasFtype ? 1 : 0), wide) });
        at += length;
    }
    return { parent, entries };
}

/** di_magic: "IN". */
const XFS_DINODE_MAGIC = 0x494e;
/** Bytes of the v1/v2 inode core plus di_next_unlinked: where their literal area starts. */
const V2_LITERAL_OFFSET = 0x64;
/** Bytes of the v3 (v5 filesystem) inode core: where its literal area starts. */
const V3_LITERAL_OFFSET = 0xb0;
/** Offset of di_crc in a v3 inode. */
const DI_CRC_OFFSET = 0x64;
/** di_format values for the data fork. */
const FORK_FORMAT = {
    /** Device numbers. */
    DEV: 0,
    /** Data stored in the inode itself (short-form directories, short symlinks). */
    LOCAL: 1,
    /** An array of extent records in the inode. */
    EXTENTS: 2,
    /** The root of a B+tree of extent records. */
    BTREE: 3,
};
/** di_flags bit: the data lives on the realtime device, which this reader does not have. */
const DIFLAG_REALTIME = 0x1;
/** di_flags2 bits that change how fields are read. */
const DIFLAG2_BIGTIME = 0x8;
const DIFLAG2_NREXT64 = 0x10;
/** Seconds between 1901-12-13T20:45:52Z (bigtime's zero) and the epoch. */
const BIGTIME_EPOCH_OFFSET = 2 ** 31;
function corrupt$1(ino, field, offset, detail) {
    return new FilesystemError('corrupt', `xfs inode ${ino}: ${field} at ${hex(offset)} ${detail}`, { offset });
}
/** File type from the S_IFMT bits of di_mode. */
const inodeType = fileTypeFromMode;
/** A timestamp at `at`: bigtime is 64-bit nanoseconds from 1901, else 32-bit signed seconds. */
function timestamp(bytes, at, bigtime) {
    if (bigtime)
        return Math.floor(be64(bytes, at, 'timestamp') / 1e9) - BIGTIME_EPOCH_OFFSET;
    return be32(bytes, at, 'timestamp') | 0;
}
/**
 * Parses one inode record of `bytes.length` (sb_inodesize) bytes at volume offset `offset`.
 * `version` is the filesystem version: v5 requires di_version 3, v4 accepts 1 and 2.
 */
function parseInode(bytes, ino, offset, version) {
    const di_magic = be16(bytes, 0x00, 'di_magic');
    if (di_magic !== XFS_DINODE_MAGIC)
        throw corrupt$1(ino, 'di_magic', offset, `is ${hex(di_magic)}, expected 0x494e ("IN")`);
    const di_version = u8(bytes, 0x04, 'di_version');
    if (version === 5 ? di_version !== 3 : di_version !== 1 && di_version !== 2) {
        throw corrupt$1(ino, 'di_version', offset + 0x04, `is ${di_version}, expected ${version === 5 ? '3' : '1 or 2'} on a v${version} filesystem`);
    }
    const di_format = u8(bytes, 0x05, 'di_format');
    if (di_format > FORK_FORMAT.BTREE)
        throw corrupt$1(ino, 'di_format', offset + 0x05, `is ${di_format}, expected 0..3`);
    const di_flags2 = di_version === 3 ? be64(bytes, 0x78, 'di_flags2') : 0;
    const bigtime = (di_flags2 & DIFLAG2_BIGTIME) !== 0;
    const nrext64 = (Math.floor(di_flags2 / DIFLAG2_NREXT64) & 1) === 1;
    const di_size = be64(bytes, 0x38, 'di_size');
    if (!Number.isSafeInteger(di_size) || di_size > Number.MAX_SAFE_INTEGER / 2)
        throw corrupt$1(ino, 'di_size', offset + 0x38, `is beyond 2^52 bytes`);
    const di_nextents = nrext64 ? be64(bytes, 0x18, 'di_big_nextents') : be32(bytes, 0x4c, 'di_nextents');
    const di_forkoff = u8(bytes, 0x52, 'di_forkoff');
    if (di_version === 3) {
        // A v3 inode names itself: a pointer that lands on the wrong record is caught here.
        const di_ino = be64(bytes, 0x98, 'di_ino');
        if (di_ino !== ino)
            throw corrupt$1(ino, 'di_ino', offset + 0x98, `is ${di_ino}, expected ${ino}: the record belongs to another inode`);
    }
    const literal = di_version === 3 ? V3_LITERAL_OFFSET : V2_LITERAL_OFFSET;
    const forkEnd = di_forkoff === 0 ? bytes.length : literal + di_forkoff * 8;
    if (forkEnd > bytes.length)
        throw corrupt$1(ino, 'di_forkoff', offset + 0x52, `is ${di_forkoff}: the attribute fork would start beyond the ${bytes.length}-byte inode`);
    return {
        ino,
        offset,
        di_mode: be16(bytes, 0x02, 'di_mode'),
        di_version,
        di_format,
        di_uid: be32(bytes, 0x08, 'di_uid'),
        di_gid: be32(bytes, 0x0c, 'di_gid'),
        di_mtime: timestamp(bytes, 0x28, bigtime),
        di_size,
        di_nextents,
        di_forkoff,
        di_flags: be16(bytes, 0x5a, 'di_flags'),
        dataFork: bytes.subarray(literal, forkEnd),
        dataForkOffset: offset + literal,
    };
}

/** Bytes of one packed extent record. */
const EXTENT_RECORD_SIZE = 16;
/** v4 and v5 B+tree block magics. */
const BMAP_MAGIC = magic('BMAP');
const BMA3_MAGIC = magic('BMA3');
/** Long-form B+tree block header sizes (struct xfs_btree_block): v4 and v5 with CRC fields. */
const BTREE_HEADER_V4 = 0x18;
const BTREE_HEADER_V5 = 0x48;
/** bb_crc in a v5 long-form block. */
const BTREE_CRC_OFFSET = 0x40;
/** The kernel's bmap B+tree is at most 9 levels for 2^48 extents; more means a loop. */
const MAX_BTREE_LEVELS = 10;
/**
 * Unpacks one 128-bit extent record: bit 127 the unwritten flag, 126..73 startoff (54 bits),
 * 72..21 startblock (52 bits), 20..0 blockcount (21 bits).
 */
function parseExtentRecord(bytes, at, base) {
    const l0 = be64n(bytes, at, 'extent l0');
    const l1 = be64n(bytes, at + 8, 'extent l1');
    return {
        unwritten: l0 >> 63n === 1n,
        startoff: Number((l0 >> 9n) & ((1n << 54n) - 1n)),
        startblock: Number(((l0 & 0x1ffn) << 43n) | (l1 >> 21n)),
        blockcount: Number(l1 & 0x1fffffn),
        offset: base + at,
    };
}
function corrupt(ino, field, offset, detail) {
    return new FilesystemError('corrupt', `xfs inode ${ino} extent map: ${field} at ${hex(offset)} ${detail}`, { offset });
}
/** `count` records from `at` in `bytes` (the inode fork or a leaf block). */
function parseRecords(bytes, at, count, base, out, ino) {
    enforceBudget('filesystem', 'fileExtents', out.length + count, (limit) => `xfs inode ${ino}: extent map holds more than ${limit} extents`, { offset: base });
    for (let i = 0; i < count; i++)
        out.push(parseExtentRecord(bytes, at + i * EXTENT_RECORD_SIZE, base));
}
/**
 * The extents of an inode's data fork, in on-disk order: the array in the inode (extents
 * format) or every leaf of the B+tree whose root is in the inode (btree format). Each tree
 * block is visited once, levels must descend by one, and counts are bounded.
 */
async function mapDataFork(ctx, inode) {
    const fork = inode.dataFork;
    const extents = [];
    if (inode.di_format === FORK_FORMAT.EXTENTS) {
        if (inode.di_nextents * EXTENT_RECORD_SIZE > fork.length) {
            throw corrupt(inode.ino, 'di_nextents', inode.offset + 0x4c, `is ${inode.di_nextents}; only ${Math.floor(fork.length / EXTENT_RECORD_SIZE)} records fit in the data fork`);
        }
        parseRecords(fork, 0, inode.di_nextents, inode.dataForkOffset, extents, inode.ino);
        return extents;
    }
    if (inode.di_format !== FORK_FORMAT.BTREE) {
        throw corrupt(inode.ino, 'di_format', inode.offset + 0x05, `is ${inode.di_format}; expected extents (2) or btree (3) for a block-mapped fork`);
    }
    // The root (struct xfs_bmdr_block): bb_level, bb_numrecs, then keys and pointers sized for the fork.
    const level = be16(fork, 0x0, 'bb_level');
    const numrecs = be16(fork, 0x2, 'bb_numrecs');
    const maxrecs = Math.floor((fork.length - 4) / 16);
    if (level < 1 || level > MAX_BTREE_LEVELS)
        throw corrupt(inode.ino, 'bb_level', inode.dataForkOffset, `is ${level}; expected 1..${MAX_BTREE_LEVELS} in the inode root`);
    if (numrecs < 1 || numrecs > maxrecs)
        throw corrupt(inode.ino, 'bb_numrecs', inode.dataForkOffset + 2, `is ${numrecs}; the root holds 1..${maxrecs}`);
    const seen = new Set();
    const pointers = keyedPointers(fork, 4, 4 + maxrecs * 8, numrecs, inode.dataForkOffset, inode.ino);
    for (const ptr of pointers)
        await walkBlock(ctx, inode.ino, ptr.fsb, ptr.offset, level - 1, seen, extents);
    return extents;
}
/** The child pointers of an interior node, checking that keys strictly increase. */
function keyedPointers(bytes, keysAt, ptrsAt, count, base, ino) {
    const result = [];
    let previous = -1;
    for (let i = 0; i < count; i++) {
        const key = be64(bytes, keysAt + i * 8, 'br_startoff');
        if (key <= previous)
            throw corrupt(ino, 'br_startoff key', base + keysAt + i * 8, `is ${key}, not above the previous key ${previous}`);
        previous = key;
        result.push({ fsb: be64(bytes, ptrsAt + i * 8, 'bmbt pointer'), offset: base + ptrsAt + i * 8 });
    }
    return result;
}
async function walkBlock(ctx, ino, fsb, pointerOffset, level, seen, out) {
    if (seen.has(fsb))
        throw corrupt(ino, 'bmbt pointer', pointerOffset, `points again at fsblock ${fsb}, already visited: the tree has a cycle`);
    enforceBudget('filesystem', 'extentNodes', seen.size + 1, (limit) => `xfs inode ${ino}: bmap btree needs more than ${limit} blocks`, { offset: pointerOffset });
    seen.add(fsb);
    const base = ctx.reader.byteOffset(fsb, 1, `bmbt pointer of inode ${ino}`, pointerOffset);
    const block = await ctx.reader.read(fsb, 1, `bmbt pointer of inode ${ino}`, pointerOffset);
    const bb_magic = be32(block, 0x0, 'bb_magic');
    const expected = ctx.hasCrc ? BMA3_MAGIC : BMAP_MAGIC;
    if (bb_magic !== expected)
        throw corrupt(ino, 'bb_magic', base, `is ${magicText(bb_magic)}, expected "${magicText(expected)}"`);
    if (ctx.hasCrc && !crcMatches(block, BTREE_CRC_OFFSET))
        ctx.warn(`xfs inode ${ino}: bmap btree block at ${hex(base)} has a bad CRC`);
    const bb_level = be16(block, 0x4, 'bb_level');
    const bb_numrecs = be16(block, 0x6, 'bb_numrecs');
    if (bb_level !== level)
        throw corrupt(ino, 'bb_level', base + 4, `is ${bb_level}, expected ${level} below its parent`);
    const header = ctx.hasCrc ? BTREE_HEADER_V5 : BTREE_HEADER_V4;
    const room = block.length - header;
    const maxrecs = Math.floor(room / (level === 0 ? EXTENT_RECORD_SIZE : 16));
    if (bb_numrecs > maxrecs)
        throw corrupt(ino, 'bb_numrecs', base + 6, `is ${bb_numrecs}; a block holds at most ${maxrecs}`);
    if (level === 0) {
        parseRecords(block, header, bb_numrecs, base, out, ino);
        return;
    }
    for (const ptr of keyedPointers(block, header, header + maxrecs * 8, bb_numrecs, base, ino)) {
        await walkBlock(ctx, ino, ptr.fsb, ptr.offset, level - 1, seen, out);
    }
}

/** "XSLM": header of every block of a remote symlink on v5 filesystems. */
const XSLM_MAGIC = magic('XSLM');
/** struct xfs_dsymlink_hdr: magic, offset, bytes, crc, uuid, owner, blkno, lsn. */
const SYMLINK_HEADER = 0x38;
/** sl_crc offset within the header. */
const SYMLINK_CRC_OFFSET = 0xc;
/**
 * The target bytes one remote symlink block carries. v5 blocks start with an XSLM header
 * whose sl_offset must equal the bytes already gathered and sl_bytes says how many follow;
 * v4 blocks are bare target bytes. `want` is how many bytes are still needed.
 */
function remoteSymlinkPiece(block, base, hasCrc, gathered, want, ino) {
    if (!hasCrc)
        return block.subarray(0, Math.min(want, block.length));
    const fail = (field, at, detail) => new FilesystemError('corrupt', `xfs inode ${ino} symlink block: ${field} at ${hex(base + at)} ${detail}`, { offset: base + at });
    const sl_magic = be32(block, 0x0, 'sl_magic');
    if (sl_magic !== XSLM_MAGIC)
        throw fail('sl_magic', 0, `is ${magicText(sl_magic)}, expected "XSLM"`);
    const sl_offset = be32(block, 0x4, 'sl_offset');
    const sl_bytes = be32(block, 0x8, 'sl_bytes');
    if (sl_offset !== gathered)
        throw fail('sl_offset', 0x4, `is ${sl_offset}, expected ${gathered}`);
    if (sl_bytes > block.length - SYMLINK_HEADER || sl_bytes > want)
        throw fail('sl_bytes', 0x8, `is ${sl_bytes}; at most ${Math.min(want, block.length - SYMLINK_HEADER)} fit`);
    return block.subarray(SYMLINK_HEADER, SYMLINK_HEADER + sl_bytes);
}

/** Data is read at most this much at a time. */
const MAX_RUN_BYTES = 8 * 1024 * 1024;
/** XFS_SYMLINK_MAXLEN: no symlink target is longer. */
const MAX_SYMLINK = 1024;
/** Directories with at most this many bytes of data blocks are scanned per lookup; larger ones are indexed once. */
const SCANNED_DIR_BYTES = 64 * 1024;
/** Warnings kept at most; later ones are counted, not stored. */
const MAX_WARNINGS = 100;
/** Offset of the superblock CRC (sb_crc). */
const SB_CRC_OFFSET = 0xe0;
const decoder = new TextDecoder();
const encoder = new TextEncoder();
/**
 * A read-only XFS (v4 and v5) filesystem over a ByteSource. Reads the superblock at open,
 * then per call only the inode records, directory blocks and file blocks it needs. The log
 * is not replayed. A bad v5 CRC is recorded in `warnings` and the structure is read anyway
 * (its other checks still apply): a stale CRC on otherwise sound metadata should not hide
 * the files.
 */
class XfsFilesystem {
    superblock;
    geometry;
    type = 'xfs';
    identity;
    /** Non-fatal problems found so far (bad CRCs), at most MAX_WARNINGS. */
    warnings = [];
    reader;
    mapContext;
    dirCache = new DirIndexCache();
    /** The data extents of the directory mapped last. */
    lastDirBlocks;
    /** The entries of the directory block read last for a lookup. */
    lastDirBlock;
    constructor(source, 
    /** The parsed superblock. */
    superblock, 
    /** Derived layout. */
    geometry) {
        this.superblock = superblock;
        this.geometry = geometry;
        this.identity = { uuid: superblock.sb_uuid, label: superblock.sb_fname === '' ? undefined : superblock.sb_fname };
        this.reader = new XfsBlockReader(source, superblock);
        this.mapContext = { reader: this.reader, hasCrc: geometry.hasCrc, warn: (m) => this.warn(m) };
    }
    /** Reads and validates the superblock; throws FilesystemError when it is not a readable XFS filesystem. */
    static async open(source) {
        if (source.size < SUPERBLOCK_SIZE) {
            throw new FilesystemError('corrupt', `xfs: ${source.name} is ${source.size} bytes, too small to hold a superblock`, { offset: 0 });
        }
        const bytes = await source.read(0, SUPERBLOCK_SIZE);
        const sb = parseSuperblock(bytes);
        const geometry = checkGeometry(sb);
        const fs = new XfsFilesystem(source, sb, geometry);
        if (geometry.hasCrc) {
            const sector = sb.sb_sectsize >= SUPERBLOCK_SIZE && sb.sb_sectsize <= sb.sb_blocksize && sb.sb_sectsize <= source.size ? await source.read(0, sb.sb_sectsize) : bytes;
            if (!crcMatches(sector, SB_CRC_OFFSET))
                fs.warn('xfs superblock: sb_crc at 0xe0 does not match the superblock sector');
        }
        return fs;
    }
    warn(message) {
        if (this.warnings.length < MAX_WARNINGS)
            this.warnings.push(message);
    }
    async root() {
        return this.node(this.superblock.sb_rootino, 'sb_rootino', 0x38);
    }
    async lookup(dir, name) {
        const inode = this.dirInode(dir);
        const keyOf = this.nameKeyOf();
        const key = keyOf(encoder.encode(name));
        const matches = (entry) => sameName(keyOf(entry.name), key);
        let found;
        if (inode.di_format === FORK_FORMAT.LOCAL) {
            found = this.shortformEntries(inode).find(matches);
        }
        else {
            const blocks = await this.dirBlocks(inode);
            if (blocks.count * this.geometry.dirBlockSize <= SCANNED_DIR_BYTES) {
                await this.forEachDirBlock(inode, blocks, (entries) => {
                    found = entries.find(matches);
                    return found !== undefined;
                });
            }
            else {
                // Large (leaf or node format): index once, then read only the blocks the name may be in.
                const index = this.dirCache.get(inode.ino) ?? (await this.indexDir(inode, blocks, keyOf));
                for (const slot of index.slots(key)) {
                    found = (await this.dirBlockEntries(inode, blocks, slot)).find(matches);
                    if (found)
                        break;
                }
            }
        }
        return found === undefined ? undefined : this.node(found.ino);
    }
    /**
     * The entries of one directory block. The last one read is kept: a walk looks up the names
     * of a listing in order, and consecutive names share a block.
     */
    async dirBlockEntries(dir, blocks, slot) {
        const last = this.lastDirBlock;
        if (last?.ino === dir.ino && last.slot === slot)
            return last.entries;
        let entries = [];
        await this.forEachDirBlock(dir, blocks, (found) => {
            entries = found;
            return true;
        }, slot);
        this.lastDirBlock = { ino: dir.ino, slot, entries };
        return entries;
    }
    /** The key names are compared by: ASCII-lower-cased on an ascii-ci filesystem, else the bytes. */
    nameKeyOf() {
        return this.geometry.asciiCi ? asciiLower : (raw) => raw;
    }
    /** Reads a whole directory once into a DirNameIndex (slot = directory block number), and caches it. */
    async indexDir(dir, blocks, keyOf) {
        const builder = DirNameIndex.builder();
        let count = 0;
        await this.forEachDirBlock(dir, blocks, (entries, base, slot) => {
            count += entries.length;
            enforceBudget('filesystem', 'dirLookupEntries', count, (limit) => `xfs inode ${dir.ino}: directory has more than ${limit} entries to look names up in`, { offset: base });
            for (const entry of entries)
                builder.add(keyOf(entry.name), slot);
        });
        const index = builder.build();
        this.dirCache.set(dir.ino, index);
        return index;
    }
    async readdir(dir) {
        const inode = this.dirInode(dir);
        const raws = [];
        let builder;
        const keyOf = this.nameKeyOf();
        const take = (entries, base, slot = 0) => {
            for (const raw of entries) {
                builder?.add(keyOf(raw.name), slot);
                if (isDotEntry(raw.name))
                    continue;
                enforceBudget('filesystem', 'dirEntries', raws.length + 1, (limit) => `xfs inode ${inode.ino}: directory has more than ${limit} entries to list`, { offset: base });
                raws.push(raw);
            }
        };
        if (inode.di_format === FORK_FORMAT.LOCAL) {
            take(this.shortformEntries(inode), inode.dataForkOffset);
        }
        else {
            const blocks = await this.dirBlocks(inode);
            // A walk looks up what it listed: index a large directory now rather than read it again.
            if (blocks.count * this.geometry.dirBlockSize > SCANNED_DIR_BYTES && !this.dirCache.get(inode.ino))
                builder = DirNameIndex.builder();
            await this.forEachDirBlock(inode, blocks, take);
            if (builder)
                this.dirCache.set(inode.ino, builder.build());
        }
        const result = [];
        for (const raw of raws) {
            // Without the ftype feature (or with an unknown byte) the inode says what the entry names.
            const type = ftypeToType(raw.ftype) ?? inodeType((await this.readInode(raw.ino)).di_mode);
            result.push({ name: decoder.decode(raw.name), type });
        }
        return result;
    }
    async readFile(node, maxBytes) {
        const inode = this.xfsInode(node);
        const length = readLength(inode.di_size, maxBytes, `xfs inode ${inode.ino}`, inode.offset + 0x38);
        if (inode.di_format === FORK_FORMAT.LOCAL)
            return this.localBytes(inode, length);
        if ((inode.di_flags & DIFLAG_REALTIME) !== 0 && length > 0) {
            throw new FilesystemError('unsupported', `xfs inode ${inode.ino}: file data is on the realtime device (di_flags REALTIME), which is not read`, { offset: inode.offset + 0x5a });
        }
        return this.readData(inode, length);
    }
    async readlink(node) {
        const inode = this.xfsInode(node);
        if (inodeType(inode.di_mode) !== 'symlink') {
            throw new FilesystemError('corrupt', `xfs inode ${inode.ino} is not a symbolic link (di_mode ${hex(inode.di_mode)})`, { offset: inode.offset + 0x02 });
        }
        if (inode.di_size < 1 || inode.di_size > MAX_SYMLINK) {
            throw new FilesystemError('corrupt', `xfs inode ${inode.ino}: symlink di_size ${inode.di_size} is outside 1..${MAX_SYMLINK}`, { offset: inode.offset + 0x38 });
        }
        if (inode.di_format === FORK_FORMAT.LOCAL)
            return decoder.decode(this.localBytes(inode, inode.di_size));
        return decoder.decode(await this.remoteSymlink(inode));
    }
    /** The data fork's extent records of a block-mapped inode, in on-disk order (for diagnostics and tests). */
    async dataExtents(node) {
        return mapDataFork(this.mapContext, this.xfsInode(node));
    }
    /** Volume byte offset of fsblock `fsb`, checked like every pointer read from disk. */
    fsblockOffset(fsb) {
        return this.reader.byteOffset(fsb, 1, 'fsblock');
    }
    /**
     * Reads and parses inode `ino`, whose number encodes its AG, block in the AG and slot in the
     * block. `field` and `fieldOffset` name where the number came from, for the error message.
     */
    async readInode(ino, field = 'inode number', fieldOffset) {
        const sb = this.superblock;
        const agShift = 2 ** (sb.sb_agblklog + sb.sb_inopblog);
        const agno = Math.floor(ino / agShift);
        const agino = ino - agno * agShift;
        const agbno = Math.floor(agino / sb.sb_inopblock);
        const slot = agino % sb.sb_inopblock;
        if (!Number.isSafeInteger(ino) || ino < 1 || agno >= sb.sb_agcount || agbno >= sb.sb_agblocks) {
            throw new FilesystemError('corrupt', `xfs: ${field} ${ino} lies outside the filesystem (AG ${agno}, block ${agbno}; sb_agcount ${sb.sb_agcount}, sb_agblocks ${sb.sb_agblocks})`, { offset: fieldOffset });
        }
        const offset = (agno * sb.sb_agblocks + agbno) * sb.sb_blocksize + slot * sb.sb_inodesize;
        const bytes = await this.reader.readBytes(offset, sb.sb_inodesize, `inode ${ino}`);
        const inode = parseInode(bytes, ino, offset, this.geometry.version);
        if (this.geometry.hasCrc && !crcMatches(bytes, DI_CRC_OFFSET))
            this.warn(`xfs inode ${ino}: di_crc at ${hex(offset + DI_CRC_OFFSET)} does not match the inode`);
        return inode;
    }
    async node(ino, field, fieldOffset) {
        const inode = await this.readInode(ino, field, fieldOffset);
        return { ino, type: inodeType(inode.di_mode), size: inode.di_size, mode: inode.di_mode, uid: inode.di_uid, gid: inode.di_gid, mtime: inode.di_mtime, inode };
    }
    xfsInode(node) {
        const inode = node.inode;
        if (!inode)
            throw new FilesystemError('corrupt', `xfs: node ${node.ino} was not produced by this filesystem`);
        return inode;
    }
    dirInode(node) {
        const inode = this.xfsInode(node);
        if (inodeType(inode.di_mode) !== 'dir') {
            throw new FilesystemError('corrupt', `xfs inode ${inode.ino} is not a directory (di_mode ${hex(inode.di_mode)})`, { offset: inode.offset + 0x02 });
        }
        return inode;
    }
    /** The first `length` bytes of a local-format fork (inline symlink target). */
    localBytes(inode, length) {
        if (length > inode.dataFork.length) {
            throw new FilesystemError('corrupt', `xfs inode ${inode.ino}: di_size ${inode.di_size} exceeds the ${inode.dataFork.length}-byte inline data fork`, {
                offset: inode.offset + 0x38,
            });
        }
        return inode.dataFork.slice(0, length);
    }
    /**
     * Calls `visit` for the parts of the extents that overlap logical blocks [0, endBlock),
     * reading at most `chunkBlocks` at a time, in extent order, until `visit` returns true.
     * Unwritten extents are skipped.
     */
    async forEachChunk(inode, extents, endBlock, chunkBlocks, visit) {
        for (const extent of extents) {
            if (extent.unwritten || extent.startoff >= endBlock)
                continue;
            const usable = Math.min(extent.blockcount, endBlock - extent.startoff);
            // Checks the whole extent's pointer once, so a bad record is named even when only its head is read.
            this.reader.byteOffset(extent.startblock, usable, `extent of inode ${inode.ino}`, extent.offset);
            for (let done = 0; done < usable; done += chunkBlocks) {
                const count = Math.min(chunkBlocks, usable - done);
                if (visit(extent.startoff + done, await this.reader.read(extent.startblock + done, count, `extent of inode ${inode.ino}`, extent.offset)) === true)
                    return;
            }
        }
    }
    /** The first `length` bytes of a block-mapped file; holes and unwritten extents read as zeros. */
    async readData(inode, length) {
        const out = new Uint8Array(length);
        if (length === 0)
            return out;
        if (inode.di_format === FORK_FORMAT.DEV)
            return out;
        const bs = this.geometry.blockSize;
        const extents = await mapDataFork(this.mapContext, inode);
        await this.forEachChunk(inode, extents, Math.ceil(length / bs), Math.max(1, MAX_RUN_BYTES / bs), (logical, bytes) => {
            const start = logical * bs;
            out.set(bytes.subarray(0, Math.min(bytes.length, length - start)), start);
        });
        return out;
    }
    /** A remote symlink's target, gathered block by block in logical order. */
    async remoteSymlink(inode) {
        const bs = this.geometry.blockSize;
        const extents = (await mapDataFork(this.mapContext, inode)).slice().sort((a, b) => a.startoff - b.startoff);
        const pieces = [];
        let gathered = 0;
        const blocks = Math.ceil(inode.di_size / (bs - (this.geometry.hasCrc ? SYMLINK_HEADER : 0)));
        await this.forEachChunk(inode, extents, blocks, 1, (logical, block) => {
            if (gathered >= inode.di_size)
                return;
            const base = this.reader.byteOffset(extentBlock(extents, logical), 1, `symlink block of inode ${inode.ino}`);
            if (this.geometry.hasCrc && !crcMatches(block, SYMLINK_CRC_OFFSET))
                this.warn(`xfs inode ${inode.ino}: symlink block at ${hex(base)} has a bad CRC`);
            const piece = remoteSymlinkPiece(block, base, this.geometry.hasCrc, gathered, inode.di_size - gathered, inode.ino);
            pieces.push(piece);
            gathered += piece.length;
        });
        if (gathered !== inode.di_size) {
            throw new FilesystemError('corrupt', `xfs inode ${inode.ino}: symlink blocks hold ${gathered} bytes, di_size says ${inode.di_size}`, { offset: inode.offset + 0x38 });
        }
        return Buffer.concat(pieces);
    }
    shortformEntries(dir) {
        return parseShortformDir(dir.dataFork, dir.di_size, dir.dataForkOffset, this.geometry.hasFtype, dir.ino).entries;
    }
    /**
     * The data-block extents of a block-based directory (logical offsets below 32 GiB, which
     * covers block, leaf and node directories alike), sorted, and how many directory blocks
     * they hold; at most limits.dirBytes of them.
     */
    async dirBlocks(dir) {
        // A walk looks up name after name in one directory: map it once, not per name.
        if (this.lastDirBlocks?.ino === dir.ino)
            return this.lastDirBlocks.blocks;
        const { blockSize, dirBlockSize } = this.geometry;
        const dataEnd = XFS_DIR2_LEAF_OFFSET / blockSize;
        const extents = (await mapDataFork(this.mapContext, dir)).filter((e) => e.startoff < dataEnd).sort((a, b) => a.startoff - b.startoff);
        const dataBlocks = extents.reduce((n, e) => n + Math.min(e.blockcount, dataEnd - e.startoff), 0);
        enforceBudget('filesystem', 'dirBytes', dataBlocks * blockSize, (limit) => `xfs inode ${dir.ino}: directory of ${dataBlocks * blockSize} bytes of data blocks is larger than the ${limit} bytes read from one directory`, {
            offset: dir.dataForkOffset,
        });
        const blocks = { extents, count: Math.ceil(dataBlocks / (dirBlockSize / blockSize)) };
        this.lastDirBlocks = { ino: dir.ino, blocks };
        return blocks;
    }
    /**
     * Calls `visit` with the entries of each directory data block ("." and ".." included), its
     * volume offset and its number, in logical order, until `visit` returns true; with `only`,
     * for that one directory block. A directory block may span several filesystem blocks,
     * possibly from different extents: each is assembled from its pieces.
     */
    async forEachDirBlock(dir, { extents }, visit, only) {
        const { hasFtype, hasCrc, blockSize, dirBlockSize } = this.geometry;
        const perDirBlock = dirBlockSize / blockSize;
        let chosen = extents;
        if (only !== undefined) {
            const [from, to] = [only * perDirBlock, (only + 1) * perDirBlock];
            chosen = extents
                .filter((e) => e.startoff < to && e.startoff + e.blockcount > from)
                .map((e) => {
                const skip = Math.max(0, from - e.startoff);
                return { ...e, startoff: e.startoff + skip, startblock: e.startblock + skip, blockcount: Math.min(e.blockcount - skip, to - e.startoff - skip) };
            });
        }
        const pending = new Map();
        let stop = false;
        await this.forEachChunk(dir, chosen, XFS_DIR2_LEAF_OFFSET / blockSize, Math.max(perDirBlock, Math.floor(65536 / blockSize)), (logical, bytes) => {
            for (let i = 0; i * blockSize < bytes.length && !stop; i++) {
                const fsLogical = logical + i;
                const dirBlock = Math.floor(fsLogical / perDirBlock);
                let assembly = pending.get(dirBlock);
                if (!assembly) {
                    const base = this.reader.byteOffset(extentBlock(chosen, fsLogical), 1, `directory block of inode ${dir.ino}`);
                    assembly = { bytes: new Uint8Array(dirBlockSize), filled: 0, base };
                    pending.set(dirBlock, assembly);
                }
                assembly.bytes.set(bytes.subarray(i * blockSize, (i + 1) * blockSize), (fsLogical % perDirBlock) * blockSize);
                if (++assembly.filled < perDirBlock)
                    continue;
                pending.delete(dirBlock);
                // A block read again for a lookup was checked when the directory was indexed.
                if (hasCrc && only === undefined && !crcMatches(assembly.bytes, DIR3_CRC_OFFSET))
                    this.warn(`xfs inode ${dir.ino}: directory block at ${hex(assembly.base)} has a bad CRC`);
                if (visit(parseDataBlock(assembly.bytes, assembly.base, hasCrc, hasFtype, dir.ino), assembly.base, dirBlock) === true)
                    stop = true;
            }
            return stop;
        });
    }
}
/** ASCII-only case folding (XFS ascii-ci): A-Z to a-z, every other byte as is. */
function asciiLower(raw) {
    return raw.map((c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c));
}
/** The fsblock holding logical block `logical`, from extents that are known to cover it. */
function extentBlock(extents, logical) {
    const extent = extents.find((e) => logical >= e.startoff && logical < e.startoff + e.blockcount);
    return extent ? extent.startblock + (logical - extent.startoff) : -1;
}

/** Whether the volume starts with the XFS superblock magic "XFSB". Throws only when the medium fails. */
async function probeXfs(source) {
    try {
        if (source.size < 4)
            return false;
        return be32(await source.read(0, 4), 0) === XFS_SB_MAGIC;
    }
    catch (error) {
        if (isMediumFailure(error))
            throw error;
        return false;
    }
}
/** The XFS (v4 and v5) reader as a filesystem driver. */
const xfsDriver = {
    type: 'xfs',
    probe: probeXfs,
    open: (source) => XfsFilesystem.open(source),
};

/**
 * The filesystems we can open, probed in this order: ext2/3/4, XFS (its "XFSB" magic at 0 is
 * definitive, so it goes before FAT's looser boot-sector probe), then FAT12/16/32 (vfat).
 */
const fsDrivers = [extDriver, xfsDriver, fatDriver];
/**
 * Opens the first filesystem whose driver recognises the volume, or undefined when none does.
 * A recognised but unreadable filesystem throws the driver's FilesystemError.
 */
async function openFilesystem(source, drivers = fsDrivers) {
    for (const driver of drivers) {
        if (await driver.probe(source))
            return driver.open(source);
    }
    return undefined;
}

/** LVM doubles hyphens inside VG and LV names in /dev/mapper names: vg--a-lv--b → vg-a / lv-b. */
function splitMapperName(name) {
    const m = /^((?:[^-]|--)+)-((?:[^-]|--)+)$/.exec(name);
    if (!m)
        return undefined;
    return { vg: m[1].replace(/--/g, '-'), lv: m[2].replace(/--/g, '-') };
}
/** Kernel device names of a disk's partitions on the common buses: sda1, vda1, xvda1, hda1, nvme0n1p1, mmcblk0p1. */
const devnamePattern = /^\/dev\/(?:(?:[shv]d|xvd)([a-z]+)(\d+)|(nvme\d+n\d+|mmcblk\d+|loop\d+)p(\d+))$/;
/** The names the image's own (first) disk had on the build machine; sdb, nvme1n1 ... are other disks. */
const firstDiskNames = new Set(['a', 'nvme0n1', 'mmcblk0', 'loop0']);
/** Decodes UUID=, LABEL=, PARTUUID=, PARTLABEL=, /dev/disk/by-*, /dev/mapper/VG-LV, /dev/VG/LV and /dev/sdXN. */
function parseDeviceRef(spec) {
    const tagged = /^(UUID|LABEL|PARTUUID|PARTLABEL)=(.*)$/i.exec(spec);
    if (tagged)
        return { by: tagged[1].toLowerCase(), value: unquote(tagged[2]) };
    const byDir = /^\/dev\/disk\/by-(uuid|label|partuuid|partlabel)\/(.+)$/.exec(spec);
    if (byDir)
        return { by: byDir[1], value: decodeUdevName(byDir[2]) };
    const mapper = /^\/dev\/mapper\/(.+)$/.exec(spec);
    if (mapper) {
        const split = splitMapperName(mapper[1]);
        return split ? { by: 'lvm', ...split } : { by: 'unknown', value: spec };
    }
    const dev = devnamePattern.exec(spec);
    if (dev) {
        return { by: 'devname', device: spec, partition: Number(dev[2] ?? dev[4]), firstDisk: firstDiskNames.has(dev[1] ?? dev[3]) };
    }
    const vgLv = /^\/dev\/([^/]+)\/([^/]+)$/.exec(spec);
    if (vgLv && !['disk', 'mapper'].includes(vgLv[1]))
        return { by: 'lvm', vg: vgLv[1], lv: vgLv[2] };
    return { by: 'unknown', value: spec };
}
function unquote(value) {
    return value.replace(/^"(.*)"$/, '$1');
}
/** udev escapes unsafe characters in by-label names as \xNN. */
function decodeUdevName(name) {
    return name.replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}
/** The volumes a reference can mean (usually one; several means the image is ambiguous). */
function findVolumes(ref, volumes) {
    const same = (a, b) => a !== undefined && a.toLowerCase() === b.toLowerCase();
    switch (ref.by) {
        case 'uuid':
            return volumes.filter((v) => same(v.identity.uuid, ref.value));
        case 'label':
            return volumes.filter((v) => v.identity.label === ref.value);
        case 'partuuid':
            return volumes.filter((v) => same(v.partUuid, ref.value));
        case 'partlabel':
            return volumes.filter((v) => v.partLabel === ref.value);
        case 'devname':
            return ref.firstDisk ? volumes.filter((v) => v.partitionNumber === ref.partition) : [];
        case 'lvm':
            return volumes.filter((v) => v.lvm?.vg === ref.vg && v.lvm.lv === ref.lv);
        default:
            return [];
    }
}

/** Why a volume without an opened filesystem cannot be read: "partition 3 (xfs) could not be opened: ...". */
function whyUnreadable(volume) {
    if (volume.error)
        return `${volume.name} (${volume.fsType ?? 'unknown'}) could not be opened: ${describeRecord(volume.error)}`;
    return volume.fsType ? `${volume.name} holds ${volume.fsType}, which this version of vhd-gate does not read` : `${volume.name} holds no recognised filesystem`;
}
/**
 * What the guest mounts at `mountPoint` from a volume of this disk that we cannot read: a
 * filesystem that failed to open (corrupt), or one we have no reader for. Mounting nothing
 * there would let reads fall through to the root's empty directory, so a /var or /home that
 * could not be read would look like one without waagent state, keys or history: a silent pass.
 * Every access below it throws instead, naming the volume and why, so the fact subjects that
 * needed it are unavailable and their rules are reported (IMAGE-UNREADABLE).
 */
function unreadableMount(volume, mountPoint) {
    const why = whyUnreadable(volume);
    const fail = () => {
        throw new GuestError(volume.error?.kind === 'corrupt' || volume.error?.kind === 'limit' ? volume.error.kind : volume.error ? 'corrupt' : 'unsupported', `the guest mounts ${mountPoint} from ${why}`, {
            path: mountPoint,
        });
    };
    return {
        type: volume.fsType ?? 'unknown',
        identity: volume.identity,
        root: async () => fail(),
        lookup: async () => fail(),
        readdir: async () => fail(),
        readFile: async () => fail(),
        readlink: async () => fail(),
    };
}

/** Filesystem types that are not on the disk (or not a place we read files from). */
const virtualTypes = new Set(['swap', 'proc', 'sysfs', 'tmpfs', 'devpts', 'devtmpfs', 'none', 'cgroup', 'cgroup2', 'securityfs', 'debugfs', 'efivarfs', 'hugetlbfs', 'mqueue', 'nfs', 'nfs4', 'cifs', 'fuse', 'overlay']);
/** Normalises a mount point: no trailing slash, no duplicate slashes. */
function normaliseMountPoint(path) {
    const clean = '/' + path.split('/').filter((p) => p.length > 0).join('/');
    return clean;
}
/**
 * Pure mount assembly: the root found by content at "/", then every disk filesystem the
 * guest's fstab mounts, matched through the names fstab uses (UUID=, LABEL=, PARTUUID=,
 * PARTLABEL=, /dev/disk/by-*, /dev/mapper/VG-LV, /dev/VG/LV, /dev/sdXN).
 */
function assembleMounts(root, entries, volumes) {
    const plan = { mounts: [{ mountPoint: '/', volume: root }], unresolved: [], notes: [] };
    for (const entry of entries) {
        if (!entry.file.startsWith('/') || virtualTypes.has(entry.vfstype) || entry.options.includes('bind'))
            continue;
        const mountPoint = normaliseMountPoint(entry.file);
        const ref = parseDeviceRef(entry.spec);
        const matches = findVolumes(ref, volumes);
        if (mountPoint === '/') {
            if (matches.length > 0 && !matches.includes(root)) {
                plan.notes.push(`/etc/fstab line ${entry.line} mounts ${entry.spec} at /, but the root was found on ${root.name}`);
            }
            continue;
        }
        if (plan.mounts.some((m) => m.mountPoint === mountPoint)) {
            plan.notes.push(`/etc/fstab line ${entry.line}: ${mountPoint} is mounted twice; the first entry is used`);
            continue;
        }
        if (matches.length === 0) {
            plan.unresolved.push({ entry, reason: `no volume on this disk matches ${entry.spec}` });
            continue;
        }
        if (matches.length > 1) {
            plan.notes.push(`/etc/fstab line ${entry.line}: ${entry.spec} matches ${matches.map((v) => v.name).join(' and ')}; using the first`);
        }
        const volume = matches[0];
        if (!volume.fs) {
            plan.unresolved.push({ entry, reason: whyUnreadable(volume), volume, mountPoint });
            continue;
        }
        plan.mounts.push({ mountPoint, volume, entry });
    }
    return plan;
}

/** Files whose presence says "this filesystem is a Linux root", with their weight. */
const rootMarkers = [
    ['/etc/os-release', 2],
    ['/usr/lib/os-release', 2],
    ['/etc/fstab', 2],
    ['/etc/passwd', 1],
    ['/sbin', 1],
    ['/usr', 1],
];
/**
 * Finds the guest's root filesystem by content, never by partition number or name: the
 * opened filesystem whose /etc looks like a Linux root. Ties go to the first volume on disk
 * and are reported, since a disk with two OS roots is unusual enough to mention.
 */
async function findRoot(volumes) {
    const candidates = [];
    for (const volume of volumes) {
        if (!volume.fs)
            continue;
        const view = new GuestFs([{ mountPoint: '/', fs: volume.fs, source: volume.name }]);
        try {
            const etc = await view.lstat('/etc');
            if (!etc || etc.node.type !== 'dir')
                continue;
            const markers = [];
            let score = 0;
            for (const [path, weight] of rootMarkers) {
                if (await view.lstat(path)) {
                    markers.push(path);
                    score += weight;
                }
            }
            if (score >= 2)
                candidates.push({ volume, score, markers });
        }
        catch (error) {
            // A corrupt filesystem cannot be the root we read; it is reported with the volume.
            volume.error = toleratedError(error);
            continue;
        }
    }
    const best = candidates.reduce((a, c) => (!a || c.score > a.score ? c : a), undefined);
    return { root: best?.volume, candidates };
}

/** fstab escapes blanks and backslashes in fields as \040, \011, \134 (octal). */
function unescapeField(field) {
    return field.replace(/\\([0-7]{3})/g, (_, oct) => String.fromCharCode(parseInt(oct, 8)));
}
/** Parses fstab text; comment and malformed lines (fewer than 2 fields) are skipped, as mount(8) does. */
function parseFstab(text) {
    const entries = [];
    text.split('\n').forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const fields = line.split(/\s+/);
        if (fields.length < 2)
            return;
        const [spec, file, vfstype = 'auto', options = 'defaults', freq = '0', passno = '0'] = fields;
        entries.push({
            spec: unescapeField(spec),
            file: unescapeField(file),
            vfstype,
            options: options.split(','),
            freq: Number.parseInt(freq, 10) || 0,
            passno: Number.parseInt(passno, 10) || 0,
            line: index + 1,
        });
    });
    return entries;
}

/**
 * Finds the root by content, reads its /etc/fstab, and mounts the other filesystems the
 * guest mounts at boot. Throws GuestError when no volume holds a readable Linux root.
 */
async function openGuest(volumes) {
    const { root } = await findRoot(volumes);
    if (!root?.fs) {
        const seen = volumes.map((v) => `${v.name}: ${v.fs ? v.fs.type + (v.error ? ` unreadable where a Linux root was looked for (${describeRecord(v.error)})` : ' without a Linux /etc') : unreadableType(v) + (v.error ? ` (${describeRecord(v.error)})` : '')}`);
        throw new GuestError('unsupported', `no volume holds a readable Linux root filesystem (${seen.join('; ') || 'no volumes'})`);
    }
    const rootOnly = new GuestFs([{ mountPoint: '/', fs: root.fs, source: root.name }]);
    let fstabText;
    let fstabError;
    try {
        fstabText = await rootOnly.readText('/etc/fstab');
    }
    catch (error) {
        // An fstab past a budget is not "missing" or "unreadable": mounting only the root would judge
        // the guest without /boot or /var as if that were its layout. The whole guest is not judged.
        if (error instanceof LimitError)
            throw error;
        fstabError = describeRecord(toleratedError(error));
    }
    const plan = assembleMounts(root, parseFstab(fstabText ?? ''), volumes);
    if (fstabText === undefined)
        plan.notes.push(`/etc/fstab ${fstabError ? `could not be read (${fstabError})` : 'is missing'}: only the root filesystem is mounted`);
    const guest = new GuestFs([
        ...plan.mounts.map((m) => ({ mountPoint: m.mountPoint, fs: m.volume.fs, source: `${m.volume.name} (${m.volume.fs.type})` })),
        // A volume of this disk the guest mounts but we cannot read: reads below it fail and say why.
        ...plan.unresolved.flatMap((u) => u.volume && u.mountPoint && !plan.mounts.some((m) => m.mountPoint === u.mountPoint)
            ? [{ mountPoint: u.mountPoint, fs: unreadableMount(u.volume, u.mountPoint), source: `${u.volume.name} (unreadable)` }]
            : []),
    ]);
    return { guest, root, plan };
}
/** Volumes no reader opens, named so the user knows why: an encrypted or LVM root is not "unrecognised". */
const unreadableTypes = {
    crypto_LUKS: 'crypto_LUKS (encrypted: its contents cannot be read without the key)',
    LVM2_member: 'LVM2_member (an LVM physical volume; its logical volumes are listed separately)',
};
function unreadableType(volume) {
    return volume.fsType ? (unreadableTypes[volume.fsType] ?? volume.fsType) : 'unrecognised';
}

/**
 * Splits a run's cost by layer: call `mark(layer)` when each layer finishes; the time and the
 * medium reads since the previous mark are charged to it. Reads are charged to the layer that
 * missed the cache, which is the one that made them.
 */
class LayerMeter {
    stats;
    costs = [];
    last;
    constructor(stats) {
        this.stats = stats;
        this.last = { at: process.hrtime.bigint(), stats: stats() };
    }
    mark(layer) {
        const now = { at: process.hrtime.bigint(), stats: this.stats() };
        this.costs.push({
            layer,
            seconds: Number(now.at - this.last.at) / 1e9,
            bytesRead: now.stats.bytesRead - this.last.stats.bytesRead,
            reads: now.stats.reads - this.last.stats.reads,
        });
        this.last = now;
    }
    layers() {
        return [...this.costs];
    }
}

/** Defaults measured on the fixture images: 64 KiB blocks hold a whole ext4 inode-table run or directory. */
const DEFAULT_BLOCK_CACHE = { blockSize: 64 * 1024, maxBytes: 32 * 1024 * 1024, maxParallel: 8 };
/**
 * A read-through cache of aligned blocks in front of a slower source. Filesystem readers ask
 * for many small pieces (inodes, directory blocks, extent nodes) close to each other; this
 * turns them into few aligned reads. Adjacent missing blocks are fetched with one read,
 * concurrent requests for a block share one fetch, and memory stays under `maxBytes`
 * whatever the size of the disk. Reads larger than half the cache bypass it.
 */
class CachedSource {
    inner;
    options;
    name;
    size;
    /** Blocks served from memory. */
    hits = 0;
    /** Blocks fetched from the inner source. */
    misses = 0;
    blocks = new Map();
    inflight = new Map();
    /** Inner reads running now, and the ones waiting for a slot. */
    running = 0;
    waiting = [];
    /** Highest number of inner reads seen in flight at once (for tests and the report). */
    peakParallel = 0;
    constructor(inner, options = DEFAULT_BLOCK_CACHE) {
        this.inner = inner;
        this.options = options;
        this.name = inner.name;
        this.size = inner.size;
    }
    async read(offset, length) {
        checkRange(this, offset, length);
        if (length === 0)
            return new Uint8Array(0);
        if (length > this.options.maxBytes / 2)
            return this.inner.read(offset, length);
        const bs = this.options.blockSize;
        const first = Math.floor(offset / bs);
        const last = Math.floor((offset + length - 1) / bs);
        const pending = new Map();
        let runStart = -1;
        const flushRun = (end) => {
            if (runStart < 0)
                return;
            this.fetchRun(runStart, end).forEach((p, i) => pending.set(runStart + i, p));
            runStart = -1;
        };
        for (let b = first; b <= last; b++) {
            const cached = this.blocks.get(b);
            if (cached) {
                this.touch(b, cached);
                this.hits++;
                flushRun(b);
                continue;
            }
            const shared = this.inflight.get(b);
            if (shared) {
                pending.set(b, shared);
                flushRun(b);
                continue;
            }
            if (runStart < 0)
                runStart = b;
        }
        flushRun(last + 1);
        const out = new Uint8Array(length);
        for (let b = first; b <= last; b++) {
            const block = this.blocks.get(b) ?? (await pending.get(b));
            const blockStart = b * bs;
            const from = Math.max(offset, blockStart);
            const to = Math.min(offset + length, blockStart + block.length);
            out.set(block.subarray(from - blockStart, to - blockStart), from - offset);
        }
        return out;
    }
    /** Fetches blocks [start, end) with one inner read; returns one promise per block. */
    fetchRun(start, end) {
        const bs = this.options.blockSize;
        const byteStart = start * bs;
        const byteEnd = Math.min(end * bs, this.size);
        this.misses += end - start;
        const whole = this.limited(() => this.inner.read(byteStart, byteEnd - byteStart));
        const promises = [];
        for (let b = start; b < end; b++) {
            const p = whole.then((bytes) => {
                const block = bytes.slice((b - start) * bs, Math.min((b - start + 1) * bs, bytes.length));
                this.inflight.delete(b);
                this.touch(b, block);
                return block;
            }, (error) => {
                this.inflight.delete(b);
                throw error;
            });
            this.inflight.set(b, p);
            promises.push(p);
        }
        return promises;
    }
    /** Runs an inner read when fewer than maxParallel are in flight; the others queue in order. */
    async limited(read) {
        const limit = this.options.maxParallel ?? Number.POSITIVE_INFINITY;
        if (this.running >= limit)
            await new Promise((resolve) => this.waiting.push(resolve));
        this.running++;
        this.peakParallel = Math.max(this.peakParallel, this.running);
        try {
            return await read();
        }
        finally {
            this.running--;
            this.waiting.shift()?.();
        }
    }
    /** Marks a block most recently used, evicting the least recently used beyond the cap. */
    touch(index, block) {
        this.blocks.delete(index);
        this.blocks.set(index, block);
        const limit = Math.max(1, Math.floor(this.options.maxBytes / this.options.blockSize));
        while (this.blocks.size > limit)
            this.blocks.delete(this.blocks.keys().next().value);
    }
}

/**
 * Masks credentials in any text vhd-gate prints or writes: SAS signatures (`sig=`), storage
 * account keys (`AccountKey=`), and the secret parts of connection strings. Every reporter
 * runs its final output through `redact`, so a secret that reaches a message by accident
 * (an image named by its SAS URL, an error that quotes a URL) is still never shown.
 */
/** What a masked value is replaced with. */
const redactedMark = '***';
/**
 * `name=value` pairs whose value is a secret. A SAS signature is URL-encoded base64, so its
 * value is exactly that alphabet; other values run until a separator that cannot occur in
 * them: `&` (URL query), `;` (connection string), whitespace, quotes, `<>`, `)` and a
 * backslash (JSON-escaped text).
 */
const sasSignature = /(^|[?&;\s"'(,])(sig)=([A-Za-z0-9%+/=_-]+)/gi;
const secretKeys = ['AccountKey', 'SharedAccessSignature', 'SharedAccessKey', 'Password', 'pwd'];
const secretPattern = new RegExp(`(^|[?&;\\s"'(,])(${secretKeys.join('|')})=([^&;\\s"'<>\\\\)]+)`, 'gi');
/**
 * A SAS inside another URL's query (a copy source, a redirect) arrives percent-encoded once
 * more: `sig%3D<value>`, the value ending at the next encoded `&` (`%26`) or separator.
 */
const encodedSasSignature = /(^|[?&;\s"'(,]|%26|%3F)(sig)%3D([A-Za-z0-9%+/=_-]+?)(?=%26|[&;\s"'<>)]|$)/gi;
/**
 * HTTP authorization values an SDK error could quote: `SharedKey ACCOUNT:SIGNATURE` (the
 * account name is kept) and `Bearer TOKEN`.
 */
const sharedKeyAuth = /(SharedKey(?:Lite)? [A-Za-z0-9-]+):([A-Za-z0-9+/=]+)/g;
const bearerToken = /(Bearer) ([A-Za-z0-9._~+/=-]{20,})/g;
/** Returns `text` with every secret value replaced by `***`. */
function redact(text) {
    const mask = (_match, lead, key) => `${lead}${key}=${redactedMark}`;
    return text
        .replace(sasSignature, mask)
        .replace(encodedSasSignature, (_match, lead, key) => `${lead}${key}%3D${redactedMark}`)
        .replace(secretPattern, mask)
        .replace(sharedKeyAuth, `$1:${redactedMark}`)
        .replace(bearerToken, `$1 ${redactedMark}`);
}

/** True when IMAGE names a blob (an http or https URL) rather than a local file. */
function isBlobUrl(image) {
    return /^https?:\/\//i.test(image.trim());
}
/**
 * Splits a blob URL into container and blob. Account-host URLs
 * (https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB) put the container first; path-style
 * URLs (Azurite and IP endpoints: http://127.0.0.1:10000/ACCOUNT/CONTAINER/BLOB) put the
 * account first.
 */
function parseBlobUrl(image) {
    const url = new URL(image.trim());
    const segments = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
    const pathStyle = isPathStyleHost(url.hostname);
    const parts = pathStyle ? segments.slice(1) : segments;
    if (parts.length < 2) {
        throw new Error(`${redactBlobUrl(image)} does not name a blob: expected ${pathStyle ? '/ACCOUNT' : ''}/CONTAINER/BLOB`);
    }
    return { url, container: parts[0], blob: parts.slice(1).join('/'), hasSas: url.searchParams.has('sig') };
}
/** The URL as it may be printed: SAS signature (and any other secret value) masked. */
function redactBlobUrl(image) {
    return redact(image);
}
/** IP addresses and localhost are path-style endpoints (Azurite, private endpoints by IP). */
function isPathStyleHost(hostname) {
    return hostname === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.startsWith('[');
}

/** Mutable counter shared by a source and whoever reports on it. */
class IoCounter {
    bytesRead = 0;
    reads = 0;
    add(bytes) {
        this.bytesRead += bytes;
        this.reads += 1;
    }
    snapshot() {
        return { bytesRead: this.bytesRead, reads: this.reads };
    }
}

/**
 * A local image file opened read-only ('r'): nothing is ever written to the image.
 * Counts every pread so the report can show what the gate cost.
 */
class FileSource {
    handle;
    name;
    size;
    stats = new IoCounter();
    constructor(handle, name, size) {
        this.handle = handle;
        this.name = name;
        this.size = size;
    }
    static async open(path) {
        let handle;
        try {
            // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
            // It changes nothing for what we accept (regular files, block devices), which is checked next.
            handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
        }
        catch (cause) {
            const code = cause.code;
            const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(cause.message);
            throw new IoError('io', `cannot open ${path}: ${why}`, { cause });
        }
        // fstat of what was opened, not stat of the name: the file cannot be swapped in between.
        const info = await handle.stat();
        if (!info.isFile() && !info.isBlockDevice()) {
            await handle.close();
            throw new IoError('unsupported', `${path} is ${fileKind(info)}: expected a regular file or a block device`);
        }
        return new FileSource(handle, path, info.size);
    }
    async read(offset, length) {
        checkRange(this, offset, length);
        const buffer = new Uint8Array(length);
        let done = 0;
        while (done < length) {
            const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done);
            if (bytesRead === 0) {
                throw new IoError('io', `${this.name}: unexpected end of file at ${hex(offset + done)}`, { offset: offset + done });
            }
            done += bytesRead;
        }
        this.stats.add(length);
        return buffer;
    }
    async close() {
        await this.handle.close();
    }
}
/** What a path names, for the message when it is neither a regular file nor a block device. */
function fileKind(info) {
    if (info.isFIFO())
        return 'a FIFO (named pipe)';
    if (info.isCharacterDevice())
        return 'a character device';
    if (info.isDirectory())
        return 'a directory';
    if (info.isSocket())
        return 'a socket';
    return 'not a regular file';
}

/**
 * Opens IMAGE as a blob when it is an http(s) URL, else as a local file, and puts the one
 * block cache in front: parsers ask for many small, nearby pieces, which the cache turns into
 * few aligned reads (few HTTP requests, for a blob).
 */
/**
 * The cache geometry: the measured default (docs/benchmarks.md, "Cache block size"), or
 * VHD_GATE_CACHE_BLOCK_KIB (a power of two from 4 to 4096) for re-running that measurement.
 */
function cacheOptions(env = process.env) {
    const kib = Number(env.VHD_GATE_CACHE_BLOCK_KIB);
    if (!Number.isInteger(kib) || kib < 4 || kib > 4096 || (kib & (kib - 1)) !== 0)
        return DEFAULT_BLOCK_CACHE;
    return { ...DEFAULT_BLOCK_CACHE, blockSize: kib * 1024 };
}
async function openImageSource(image, options = {}) {
    if (isBlobUrl(image)) {
        // Loaded only for blobs: the Azure SDK is most of the bundle, and a local check should not parse it.
        const { BlobSource } = await import('./blob-source-Pldec8mk.js').then(function (n) { return n.j; });
        const blob = await BlobSource.open(image, options);
        const cached = new CachedSource(blob, cacheOptions());
        return {
            source: cached,
            name: redactBlobUrl(image),
            blob: blob.facts,
            stats: () => ({ ...blob.stats.snapshot(), cacheHits: cached.hits, retries: blob.retries }),
            close: () => blob.close(),
        };
    }
    const file = await FileSource.open(image);
    const cached = new CachedSource(file, cacheOptions());
    return {
        source: cached,
        name: image,
        stats: () => ({ ...file.stats.snapshot(), cacheHits: cached.hits }),
        close: () => file.close(),
    };
}

/**
 * Where each rule's documentation page is published. Findings carry the absolute URL of their
 * rule's page: a report is read in a CI log, a job summary or a pipeline issue, far from this
 * repository, where a relative `docs/rules/ID.md` would point into the user's own repository.
 */
/**
 * The project's rule pages: package.json `homepage` + `/blob/main/docs/rules/` (a test keeps
 * them equal; the bundle has no JSON import). Forks override it with --docs-url, the action's
 * docs-url input or VHD_GATE_DOCS_URL.
 */
const defaultDocsUrl = 'https://github.com/vhd-gate/vhd-gate/blob/main/docs/rules/';
/**
 * The page of one rule under a docs base URL: `{id}` in the base is replaced by the rule ID
 * (for sites that do not name pages `ID.md`); otherwise the page is `<base>/<ID>.md`.
 */
function ruleDocsUrl(base, ruleId) {
    if (base.includes('{id}'))
        return base.split('{id}').join(ruleId);
    return `${base.replace(/\/+$/, '')}/${ruleId}.md`;
}

/** Severities from most to least severe (0 = error): the order findings are sorted and compared in. */
const severityRank = { error: 0, warning: 1, info: 2 };

/**
 * Runs every applicable rule. A rule whose needed facts are missing (no guest root, or a
 * subject that failed to collect) is listed as not run with the reason, never passed; every
 * rule's context carries that list, so IMAGE-UNREADABLE can turn it into findings.
 * Findings come out sorted by severity, then rule order, so reports are deterministic; each
 * links its rule's page under `options.docsUrl` (default: the project's docs).
 */
function runRules(rules, ctx, options = {}) {
    const applicable = rules.filter((rule) => rule.applies(ctx.intent));
    const notRun = applicable.flatMap((rule) => whyNotRunnable(rule, ctx.facts) ?? []);
    const findings = [];
    for (const rule of applicable) {
        if (notRun.some((n) => n.ruleId === rule.id))
            continue;
        for (const draft of rule.check({ ...ctx, notRun })) {
            findings.push({
                ruleId: rule.id,
                severity: draft.severity ?? rule.severity,
                message: draft.message,
                evidence: draft.evidence,
                symptom: draft.symptom ?? rule.symptom,
                fix: draft.fix ?? rule.fix,
                docs: ruleDocsUrl(options.docsUrl ?? defaultDocsUrl, rule.id),
            });
        }
    }
    const order = new Map(rules.map((r, i) => [r.id, i]));
    findings.sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || order.get(a.ruleId) - order.get(b.ruleId));
    return { findings, notRun };
}
function whyNotRunnable(rule, facts) {
    if (rule.needs.length === 0)
        return undefined;
    const notRun = (reason, unavailable = []) => ({ ruleId: rule.id, severity: rule.severity, reason, unavailable });
    if (!facts)
        return notRun('the guest root filesystem could not be read');
    const failed = facts.unavailable.filter((u) => rule.needs.includes(u.subject));
    if (failed.length > 0)
        return notRun(`${failed.map((u) => u.subject).join(', ')} could not be read from the image (see IMAGE-UNREADABLE)`, failed);
    const absent = rule.needs.filter((s) => facts[s] === undefined);
    if (absent.length > 0)
        return notRun(`facts not collected: ${absent.join(', ')}`);
    return undefined;
}

/** Well-known partition type identifiers (GPT GUIDs lower-case, MBR as 0xNN). */
const PartitionTypes = {
    gptEsp: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
    gptBiosBoot: '21686148-6449-6e6f-744e-656564454649',
    mbrEsp: '0xef'};

/** "partition 2 (EFI System) at 0x200000" */
function describePartition(p) {
    return `partition ${p.number} (${p.typeName}) at ${hex(p.start)}, ${p.size} bytes`;
}
/** EFI System Partitions by type: the GPT ESP GUID, or MBR type 0xEF. */
function espPartitions(table) {
    return table.partitions.filter((p) => p.type === PartitionTypes.gptEsp || p.type === PartitionTypes.mbrEsp);
}
/** The ESP holds FAT: its first sector says so (volume layer), or the filesystem probe found vfat on it. */
function espHasFat(esp, filesystems) {
    if (esp.espFat !== undefined && esp.espFat !== 'none')
        return true;
    return filesystems.some((fs) => fs.partition === esp.number && /^(vfat|fat(12|16|32)?|msdos)$/i.test(fs.type));
}
function analyseBootLayout(table, filesystems) {
    return { bios: biosPath(table), uefi: uefiPath(table, filesystems) };
}
function biosPath(table) {
    const code = table.mbrBootCode ? 'boot code in bytes 0-439 of the MBR' : 'no boot code in the MBR (bytes 0-439 are zero)';
    if (table.scheme === 'none')
        return { verdict: 'no', reason: 'the disk has no partition table, so there is no MBR boot code to start', evidence: [] };
    if (table.scheme === 'mbr') {
        return table.mbrBootCode
            ? { verdict: 'yes', reason: 'MBR partition table with boot code', evidence: [code] }
            : { verdict: 'no', reason: 'MBR partition table without boot code: no boot loader was installed to the MBR', evidence: [code] };
    }
    const biosBoot = table.partitions.find((p) => p.type === PartitionTypes.gptBiosBoot);
    if (biosBoot) {
        const evidence = [describePartition(biosBoot), code];
        return table.mbrBootCode
            ? { verdict: 'yes', reason: 'GPT with a BIOS boot partition and boot code in the protective MBR', evidence }
            : { verdict: 'incomplete', reason: 'GPT with a BIOS boot partition, but the protective MBR holds no boot code (grub-install --target=i386-pc has not run on this disk)', evidence };
    }
    if (table.hybridMbr && table.mbrBootCode) {
        return { verdict: 'yes', reason: 'GPT with a hybrid MBR and boot code in it', evidence: ['hybrid MBR lists partitions besides the 0xEE entry', code] };
    }
    return {
        verdict: 'no',
        reason: 'GPT without a BIOS boot partition (type 21686148-6449-6E6F-744E-656564454649) or hybrid MBR: BIOS has nowhere to load a boot loader from',
        evidence: [code],
    };
}
function uefiPath(table, filesystems) {
    const esps = espPartitions(table);
    const withFat = esps.find((p) => espHasFat(p, filesystems));
    if (table.scheme !== 'gpt') {
        const what = table.scheme === 'mbr' ? 'an MBR partition table' : 'no partition table';
        return { verdict: 'no', reason: `the disk has ${what}; Azure Generation 2 VMs need GPT`, evidence: esps.map(describePartition) };
    }
    if (esps.length === 0)
        return { verdict: 'no', reason: 'GPT without an EFI System Partition (type C12A7328-F81F-11D2-BA4B-00A0C93EC93B)', evidence: [] };
    if (!withFat) {
        return { verdict: 'no', reason: 'the EFI System Partition holds no FAT filesystem (no FAT boot sector in its first sector)', evidence: esps.map(describePartition) };
    }
    return { verdict: 'yes', reason: `GPT with a FAT EFI System Partition (partition ${withFat.number})`, evidence: [describePartition(withFat)] };
}

/** Generation 1 VMs boot with BIOS: MBR boot code, and on GPT a BIOS boot partition (or a hybrid MBR). */
const BOOT_GEN1_BIOS = {
    id: 'BOOT-GEN1-BIOS',
    title: 'A Generation 1 image is BIOS-bootable',
    severity: 'error',
    appliesTo: 'hyperVGeneration V1',
    symptom: 'The VM does not boot: BIOS finds no boot code in the MBR, or no place on a GPT disk to load the rest of the boot loader from.',
    fix: 'Install the boot loader for BIOS: on MBR, grub-install --target=i386-pc /dev/sdX; on GPT, add a 1 MiB BIOS boot partition (sgdisk -n 0:0:+1M -t 0:ef02) and then run grub-install --target=i386-pc. Or register the image as hyperVGeneration V2 if it is a UEFI-only image.',
    needs: [],
    applies: (intent) => intent.hyperVGeneration === 'V1',
    check: ({ image }) => {
        const { bios } = analyseBootLayout(image.partitionTable, image.filesystems);
        if (bios.verdict === 'yes')
            return [];
        return [
            {
                severity: bios.verdict === 'incomplete' ? 'warning' : 'error',
                message: `The image definition says Generation 1 (BIOS), but the disk is not BIOS-bootable: ${bios.reason}.`,
                evidence: [{ detail: `partition table: ${image.partitionTable.scheme}` }, ...bios.evidence.map((detail) => ({ detail }))],
            },
        ];
    },
};

/** The removable-media fallback loader UEFI firmware starts when NVRAM has no boot entry, per architecture. */
const FALLBACK_LOADERS = {
    x64: 'EFI/BOOT/BOOTX64.EFI',
    Arm64: 'EFI/BOOT/BOOTAA64.EFI',
};
/** Fallback loaders acceptable for an architecture; an unknown one accepts either. */
function acceptedLoaders(architecture) {
    return architecture ? [FALLBACK_LOADERS[architecture]] : Object.values(FALLBACK_LOADERS);
}
/** "\EFI\BOOT\BOOTX64.EFI" as firmware documentation spells it. */
function backslashed(path) {
    return `\\${path.replace(/\//g, '\\')}`;
}
/** The ESP's FAT was read: is the fallback loader for the architecture there (any case, as FAT compares names)? */
function checkLoaders(esp, architecture) {
    const where = `partition ${esp.partition} (EFI System Partition)`;
    if (esp.error) {
        return [
            {
                severity: 'warning',
                message: `The FAT filesystem of the EFI System Partition could not be read, so the fallback boot loader was not checked: ${describeRecord(esp.error)}`,
                evidence: [{ detail: where }],
            },
        ];
    }
    const accepted = acceptedLoaders(architecture);
    const present = new Set(esp.loaders.map((l) => l.toUpperCase()));
    if (accepted.some((l) => present.has(l.toUpperCase())))
        return [];
    const wanted = accepted.map(backslashed).join(' or ');
    const arch = architecture ? ` (${architecture})` : '';
    return [
        {
            message: `The EFI System Partition has no removable-media fallback boot loader ${wanted}${arch}. ` +
                `A Generation 2 VM created from this image starts with empty UEFI boot entries, so the firmware loads only that file. ` +
                `Loaders found: ${esp.loaders.length ? esp.loaders.join(', ') : 'none'}.`,
            evidence: [{ detail: `${where} loaders: ${esp.loaders.length ? esp.loaders.join(', ') : 'no *.EFI file under \\EFI\\'}` }],
        },
    ];
}
/** Generation 2 boots from a FAT EFI System Partition, through its fallback loader. */
const BOOT_GEN2_ESP = {
    id: 'BOOT-GEN2-ESP',
    title: 'A Generation 2 image has a FAT EFI System Partition with the fallback boot loader',
    severity: 'error',
    appliesTo: 'hyperVGeneration V2',
    symptom: 'The VM does not boot: UEFI finds no EFI System Partition or no boot loader to start ("No bootable device").',
    fix: 'Create an EFI System Partition (GPT type EF00, FAT32, 100-512 MiB, mounted at /boot/efi) if there is none, and install the boot loader to it with the removable-media path: ' +
        'grub-install --target=x86_64-efi --removable (arm64-efi on Arm64), or copy the distribution shim to the fallback name, e.g. ' +
        'cp /boot/efi/EFI/ubuntu/shimx64.efi /boot/efi/EFI/BOOT/BOOTX64.EFI and cp /boot/efi/EFI/ubuntu/grubx64.efi /boot/efi/EFI/BOOT/ (shimaa64.efi → BOOTAA64.EFI on Arm64).',
    needs: [],
    applies: (intent) => intent.hyperVGeneration === 'V2',
    check: ({ image, intent }) => {
        const table = image.partitionTable;
        if (table.scheme === 'none')
            return []; // BOOT-GEN2-GPT reports the missing table
        const { uefi } = analyseBootLayout(table, image.filesystems);
        if (uefi.verdict === 'yes')
            return image.esp ? checkLoaders(image.esp, intent.architecture) : [];
        const esps = espPartitions(table);
        if (esps.length === 0) {
            return [
                {
                    message: 'The image definition says Generation 2 (UEFI), but the disk has no EFI System Partition (GPT type C12A7328-F81F-11D2-BA4B-00A0C93EC93B, or MBR type 0xEF).',
                    evidence: [{ detail: `partitions: ${table.partitions.map((p) => `${p.number} ${p.typeName}`).join(', ') || 'none'}` }],
                },
            ];
        }
        if (table.scheme !== 'gpt')
            return []; // an ESP on MBR: BOOT-GEN2-GPT already fails the table itself
        return [
            {
                message: `The EFI System Partition holds no FAT filesystem: ${uefi.reason}. UEFI firmware reads only FAT.`,
                evidence: uefi.evidence.map((detail) => ({ detail })),
            },
        ];
    },
};

/** Generation 2 VMs boot with UEFI from a GPT disk. */
const BOOT_GEN2_GPT = {
    id: 'BOOT-GEN2-GPT',
    title: 'A Generation 2 image has a GPT partition table',
    severity: 'error',
    appliesTo: 'hyperVGeneration V2',
    symptom: 'The VM does not boot: UEFI finds no GPT and no EFI System Partition ("No bootable device").',
    fix: 'Build the image with a GPT (an EFI System Partition plus the root partition), or register it as hyperVGeneration V1 if it is a BIOS (MBR) image. Converting in place: sgdisk --mbrtogpt disk.raw, then add an ESP and install the boot loader for UEFI.',
    needs: [],
    applies: (intent) => intent.hyperVGeneration === 'V2',
    check: ({ image }) => {
        const table = image.partitionTable;
        const findings = [];
        if (table.scheme !== 'gpt') {
            const what = table.scheme === 'mbr' ? `an MBR partition table (disk signature ${table.diskId ?? 'unknown'})` : 'no partition table';
            findings.push({
                message: `The image definition says Generation 2 (UEFI), but the disk has ${what}; Azure Generation 2 VMs need a GPT disk.`,
                evidence: [{ detail: `partition table: ${table.scheme}` }],
            });
        }
        else if (table.gptHeader === 'backup') {
            findings.push({
                severity: 'warning',
                message: 'The primary GPT header or its partition array is damaged; the partitions were read from the backup header at the end of the disk. Firmware may repair it, refuse the disk, or use stale data.',
                evidence: table.notes.filter((n) => n.includes('GPT')).map((detail) => ({ detail })),
                fix: 'Repair the GPT from the backup before upload: sgdisk -v disk.raw, then write both headers again (gdisk: r, b, w; or sgdisk -e disk.raw).',
            });
        }
        return findings;
    },
};

/**
 * Reports which Hyper-V generations the partition layout can boot, so the declared generation can
 * be compared: hybrid layouts (BIOS boot partition and ESP, as several distributions' cloud
 * images ship) boot as either.
 */
const BOOT_HYBRID = {
    id: 'BOOT-HYBRID',
    title: 'Which Hyper-V generations the layout can boot',
    severity: 'info',
    appliesTo: 'every image (reported when the layout boots both generations, or when no generation is declared)',
    symptom: 'None by itself: an image that boots both ways deploys as whichever generation the image definition declares.',
    fix: 'Nothing to fix. Declare the generation you test with; a hybrid image can be registered twice (one V1 and one V2 image definition).',
    needs: [],
    applies: () => true,
    check: ({ image, intent }) => {
        const { bios, uefi } = analyseBootLayout(image.partitionTable, image.filesystems);
        const v1 = bios.verdict === 'yes';
        const v2 = uefi.verdict === 'yes';
        if (!(v1 && v2) && intent.hyperVGeneration !== undefined)
            return [];
        const can = v1 && v2 ? 'both V1 (BIOS) and V2 (UEFI)' : v1 ? 'only V1 (BIOS)' : v2 ? 'only V2 (UEFI)' : 'neither generation';
        const declared = intent.hyperVGeneration ? `the image definition declares ${intent.hyperVGeneration}` : 'no generation was declared';
        return [
            {
                message: `The partition layout can boot ${can}; ${declared}.`,
                evidence: [describe$1('V1 / BIOS', bios), describe$1('V2 / UEFI', uefi)],
            },
        ];
    },
};
function describe$1(generation, path) {
    const verdict = path.verdict === 'yes' ? 'bootable' : path.verdict === 'incomplete' ? 'incomplete' : 'not bootable';
    return { detail: `${generation}: ${verdict} (${path.reason})` };
}

/** File offset of the footer the container layer used (the end of the file, or the copy at 0). */
function footerOffset(info) {
    return info.footerLocation === 'start-copy' ? 0 : info.fileSize - VHD_FOOTER_SIZE;
}
/** "VHD footer at 0x17ffe00: <field>", evidence text for the DISK-* rules. */
function footerDetail(info, field) {
    return `VHD footer at ${hex(footerOffset(info))}: ${field}`;
}
/** The size Azure checks: the footer's "Current Size" when there is a footer, else the image size. */
function checkedVirtualSize(info) {
    return info.footer?.currentSize ?? info.virtualSize;
}
/** "25165824 bytes (24 MiB)" or "4194816 bytes (4.0005 MiB)". */
function describeSize(bytes) {
    const mib = bytes / (1024 * 1024);
    return `${bytes} bytes (${Number.isInteger(mib) ? mib : mib.toFixed(4)} MiB)`;
}

/** The one file-format version the VHD spec defines (footer offset 0x0c). */
const VHD_FORMAT_VERSION = 0x00010000;
/** The VHD footer checksum and format version must be valid, or Azure treats the blob as an invalid VHD. */
const DISK_VHD_CHECKSUM = {
    id: 'DISK-VHD-CHECKSUM',
    title: 'The VHD footer checksum and format version are valid',
    severity: 'error',
    appliesTo: 'every VHD',
    symptom: 'Disk or image creation is rejected as an invalid VHD.',
    fix: `Write a fresh footer: a fixed VHD's data is everything before its last 512 bytes, so run head -c -512 disk.vhd > disk.raw, then ${qemuToFixedVhd('raw', 'disk.raw', 'disk-fixed.vhd')}. Find and fix the step that edited the footer.`,
    needs: [],
    applies: () => true,
    check: ({ image }) => {
        const { container } = image;
        const footer = container.footer;
        if (!footer)
            return [];
        const findings = [];
        if (!footer.checksumValid) {
            findings.push({
                message: `The VHD footer checksum (offset 0x40) is ${hex(footer.checksum)}, which is not the one's complement of the footer's byte sum: the footer was edited or damaged after it was written.`,
                evidence: [{ detail: footerDetail(container, `stored checksum ${hex(footer.checksum)}`) }],
            });
        }
        if (footer.formatVersion !== VHD_FORMAT_VERSION) {
            findings.push({
                message: `The VHD footer file format version (offset 0x0c) is ${hex(footer.formatVersion)}; the VHD specification defines only 0x10000.`,
                evidence: [{ detail: footerDetail(container, `file format version ${hex(footer.formatVersion)}`) }],
            });
        }
        return findings;
    },
};

/** The image must end in a VHD footer ("conectix"): Azure reads only that to accept a page blob as a disk. */
const DISK_VHD_COOKIE = {
    id: 'DISK-VHD-COOKIE',
    title: 'The image ends in a VHD footer',
    severity: 'error',
    appliesTo: 'every image',
    symptom: 'Disk or image creation is rejected: "Invalid virtual hard disk (VHD)" (Azure accepts only fixed VHDs).',
    fix: `Convert the raw image to a fixed VHD: ${qemuToFixedVhd('raw', 'disk.raw', 'disk.vhd')}`,
    needs: [],
    applies: () => true,
    check: ({ image }) => {
        const { container } = image;
        if (container.format === 'raw') {
            const tail = container.fileSize >= 512 ? `the last 512 bytes (at ${hex(container.fileSize - 512)}) hold no "conectix" cookie` : `the file is only ${container.fileSize} bytes`;
            return [
                {
                    message: `${image.source} is not a VHD: ${tail}, so it is a raw disk image (or not a disk image at all). Azure accepts only a fixed VHD.`,
                    evidence: [{ detail: `image size ${container.fileSize} bytes, no VHD footer` }],
                },
            ];
        }
        if (container.footerLocation === 'start-copy') {
            return [
                {
                    message: `${image.source} has no VHD footer at its end (${hex(container.fileSize - 512)}); only the copy a dynamic VHD keeps at offset 0 is intact. The file is truncated or its tail was overwritten, and Azure reads only the end.`,
                    evidence: [{ detail: footerDetail(container, 'footer copy used, end-of-file footer missing') }],
                    fix: `Rebuild the VHD from its source, or repair it with: qemu-img convert -f vpc -O raw disk.vhd disk.raw && ${qemuToFixedVhd('raw', 'disk.raw', 'disk-fixed.vhd')}`,
                },
            ];
        }
        return [];
    },
};

/**
 * A VHD read from Azure Storage must be a page blob: managed disks and images are created only
 * from page blobs. A block blob (the default of `az storage blob upload` and most copy tools)
 * holds the same bytes, so the gate still inspects it, but Azure will not use it.
 */
const DISK_BLOB_TYPE = {
    id: 'DISK-BLOB-TYPE',
    title: 'The VHD blob is a page blob',
    severity: 'error',
    appliesTo: 'images read from an Azure blob',
    symptom: 'Creating a managed disk, image or gallery image version from the blob is rejected: the source VHD must be a page blob.',
    fix: 'Upload the VHD as a page blob: azcopy copy disk.vhd "https://ACCOUNT.blob.core.windows.net/CONTAINER/disk.vhd?SAS" --blob-type PageBlob (or az storage blob upload --type page); to convert, copy the block blob to a new page blob the same way.',
    needs: [],
    applies: () => true,
    check: ({ image }) => {
        if (!image.blob || image.blob.blobType === 'PageBlob')
            return [];
        return [
            {
                message: `${image.source} is a ${image.blob.blobType}; Azure creates disks and images only from a page blob. Its contents were still inspected.`,
                evidence: [{ detail: `x-ms-blob-type: ${image.blob.blobType}` }],
            },
        ];
    },
};

/** Azure accepts only fixed VHDs; a dynamic (sparse) VHD is rejected at upload or disk creation. */
const DISK_VHD_FIXED = {
    id: 'DISK-VHD-FIXED',
    title: 'The VHD is fixed, not dynamic',
    severity: 'error',
    appliesTo: 'every VHD',
    symptom: 'Upload or disk creation is rejected: Azure supports only fixed-size VHDs.',
    fix: `Convert to a fixed VHD: ${qemuToFixedVhd('vpc', 'in.vhd', 'out.vhd')} (Linux), or ${convertVhdToFixed('in.vhd', 'out.vhd')} (Hyper-V PowerShell).`,
    needs: [],
    applies: () => true,
    check: ({ image }) => {
        const { container } = image;
        if (container.format !== 'vhd-dynamic')
            return [];
        return [
            {
                message: `${image.source} is a dynamic VHD (footer disk type ${container.footer?.diskType ?? 3}); Azure accepts only a fixed VHD. Its guest was still read through the block allocation table.`,
                evidence: [{ detail: footerDetail(container, `disk type ${container.footer?.diskType ?? 3} (offset 0x3c), file ${container.fileSize} bytes for a ${container.virtualSize}-byte disk`) }],
            },
        ];
    },
};

/** Azure's smallest accepted VHD. */
const MIN_SIZE = 20 * MIB;
/** Azure rejects VHDs smaller than 20 MiB. */
const DISK_VHD_MIN_SIZE = {
    id: 'DISK-VHD-MIN-SIZE',
    title: 'The virtual size is at least 20 MiB',
    severity: 'error',
    appliesTo: 'every image',
    symptom: 'Disk or image creation is rejected: the VHD is smaller than the 20 MiB minimum.',
    fix: 'Grow the disk: qemu-img convert -f vpc -O raw disk.vhd disk.raw; qemu-img resize -f raw disk.raw 20M (or the size you need); convert back with qemu-img convert -f raw -O vpc -o subformat=fixed,force_size disk.raw disk-fixed.vhd.',
    needs: [],
    applies: () => true,
    check: ({ image }) => {
        const size = checkedVirtualSize(image.container);
        if (!(size < MIN_SIZE))
            return [];
        return [{ message: `The virtual size is ${describeSize(size)}, below Azure's minimum of ${describeSize(MIN_SIZE)}.`, evidence: [{ detail: `virtual size ${size} bytes` }] }];
    },
};

/**
 * The virtual size must be a whole number of MiB, and a fixed VHD's file must be exactly that
 * size plus the 512-byte footer (qemu-img without force_size rounds to CHS geometry instead).
 */
const DISK_VHD_SIZE_ALIGN = {
    id: 'DISK-VHD-SIZE-ALIGN',
    title: 'The virtual size is a whole number of MiB',
    severity: 'error',
    appliesTo: 'every image',
    symptom: 'Disk creation fails: "The VHD ... has an unsupported virtual size of N bytes. The size must be a whole number (in MBs)."',
    fix: 'Convert to raw, grow it to the next whole MiB with qemu-img resize, and convert back to a fixed VHD with force_size.',
    needs: [],
    applies: () => true,
    check: ({ image }) => {
        const { container, partitionTable } = image;
        const findings = [];
        const size = checkedVirtualSize(container);
        if (Number.isFinite(size) && size % MIB !== 0) {
            const target = nextWholeMib(size);
            const commands = container.format === 'raw' ? resizeToWholeMibCommands(size).slice(1) : resizeToWholeMibCommands(size);
            if (partitionTable.scheme === 'gpt')
                commands.splice(commands.length - 1, 0, 'sgdisk -e disk.raw  # move the backup GPT header to the new end of the disk');
            findings.push({
                message: `The virtual size is ${describeSize(size)}, not a whole number of MiB; the next valid size is ${target} bytes (${target / MIB}M).`,
                evidence: [{ detail: container.footer ? footerDetail(container, `current size ${size} bytes (offset 0x30)`) : `raw image of ${size} bytes` }],
                fix: commands.join('\n'),
            });
        }
        if (container.format === 'vhd-fixed' && container.footer && container.fileSize !== container.footer.currentSize + 512) {
            findings.push({
                message: `The fixed VHD file is ${container.fileSize} bytes, but its footer says the disk is ${container.footer.currentSize} bytes: the file should be ${container.footer.currentSize + 512} bytes (disk + 512-byte footer). The data and the footer disagree about the disk size.`,
                evidence: [{ detail: footerDetail(container, `current size ${container.footer.currentSize} bytes (offset 0x30), file length ${container.fileSize}`) }],
                fix: [
                    'Rebuild the file from the disk size the footer states (qemu-img reads exactly that many bytes):',
                    'qemu-img convert -f vpc -O raw disk.vhd disk.raw',
                    qemuToFixedVhd('raw', 'disk.raw', 'disk-fixed.vhd'),
                ].join('\n'),
            });
        }
        return findings;
    },
};

/** What each fact subject is, for a message a user reads. */
const subjectNames = {
    osRelease: 'The OS identification (os-release)',
    kernelCmdline: 'The kernel command line (GRUB, BLS entries)',
    waagent: 'The Azure Linux agent (waagent) setup',
    cloudInit: 'The cloud-init setup',
    accounts: 'The user accounts (passwd, shadow, authorized_keys, sudoers)',
    sshd: 'The SSH server setup',
    traces: 'The deprovisioning traces (agent state, machine-id, leases, history, logs)',
    network: 'The network configuration',
};
const repairFix = 'Repair the filesystem the path lives on before capturing the image: `e2fsck -f` for ext2/3/4, `xfs_repair` for XFS, `fsck.vfat` for FAT (on the unmounted volume or a copy), rebuild the image and run vhd-gate again. Until then, check the rules listed by hand.';
/**
 * A rule that applies but could not run because the image's own content could not be read
 * (a corrupt directory, an unreadable file, a budget exceeded) is a finding, not a silent
 * pass: one per fact subject that failed, listing the rules it kept from running, as severe as
 * the most severe of them. The engine gives every rule the list of rules that cannot run.
 */
const IMAGE_UNREADABLE = {
    id: 'IMAGE-UNREADABLE',
    title: 'Rules that apply could not be judged because image content could not be read',
    severity: 'error',
    appliesTo: 'every image (reported when a guest file or directory a rule needs could not be read; as severe as the most severe rule it blocked)',
    symptom: 'The image was not fully judged: it may carry any of the problems the blocked rules check for, with their Azure symptoms (provisioning timeout or failure, no network, no login).',
    fix: repairFix,
    needs: [],
    applies: () => true,
    check({ facts, notRun = [] }) {
        return (facts?.unavailable ?? []).flatMap(({ subject, error }) => {
            const blocked = notRun.filter((n) => n.unavailable.some((u) => u.subject === subject));
            if (blocked.length === 0)
                return [];
            const ids = blocked.map((n) => n.ruleId);
            return [
                {
                    severity: highest(blocked),
                    // The why is in the message itself: Azure Pipelines' logissue shows only the message.
                    message: `${subjectNames[subject]} could not be read from the image (${why(error)}), so ${ids.length === 1 ? 'rule' : `${ids.length} rules`} ${ids.join(', ')} could not be judged`,
                    evidence: error.path !== null ? [{ path: error.path }] : [],
                    fix: error.kind === 'limit' ? limitFix(error) : repairFix,
                },
            ];
        });
    },
};
function highest(blocked) {
    return blocked.map((n) => n.severity).reduce((a, b) => (severityRank[b] < severityRank[a] ? b : a));
}
/** "filesystem layer, corrupt, at offset 0x1000: bad inode 12"; a limit names its budget. */
function why(error) {
    const at = error.offset === null ? '' : `, at offset ${hex(error.offset)}`;
    const kind = error.kind === 'limit' ? `budget ${error.budget?.name ?? 'exceeded'}` : error.kind;
    return `${error.layer} layer, ${kind}${at}: ${error.message}`;
}
function limitFix(error) {
    const budget = error.budget ? `budget \`${error.budget.name}\` (${error.budget.limit})` : 'a budget';
    return `vhd-gate stopped reading on purpose: ${budget} of src/limits.ts was exceeded${error.path !== null ? ` at ${error.path}` : ''} (${error.message}). An image under review may come from anyone, so the gate bounds its work. Remove or shrink what was found if it is not meant to ship; if it is legitimate, report it so the budget can be raised. Until then, check the rules listed by hand.`;
}

/** GEN-* rules run when the image definition says Generalized. */
function isGeneralized(intent) {
    return intent.osState === 'generalized';
}
/** SPEC-* rules run when the image definition says Specialized. */
function isSpecialized(intent) {
    return intent.osState === 'specialized';
}
/** Evidence for a trace: its path and what it is, never its content. */
function traceEvidence(trace, what) {
    const shape = trace.type === 'dir' ? `directory, ${trace.size} entries` : trace.type === 'symlink' ? 'symlink' : `${trace.size} bytes`;
    return { path: trace.path, detail: what ? `${what}, ${shape}` : shape };
}
/** Evidence for an account's password field: shadow (or passwd) line, hash summarised. */
function passwordEvidence(account) {
    return {
        path: account.passwordSource.path,
        line: account.passwordSource.line,
        excerpt: `${account.name} (uid ${account.uid}): ${account.password.summary}`,
    };
}
/** Evidence for each non-empty authorized_keys file of an account: count and types only. */
function authorizedKeysEvidence(account) {
    return account.authorizedKeys
        .filter((f) => f.keys > 0)
        .map((f) => ({ path: f.path, detail: `${f.keys} key${f.keys === 1 ? '' : 's'} (${[...new Set(f.types)].join(', ')})` }));
}
/** "1 lease file", "2 lease files". */
function count(n, noun, plural = `${noun}s`) {
    return `${n} ${n === 1 ? noun : plural}`;
}
/** "a, b, c and 4 more" for messages. */
function listSome(items, max = 3) {
    if (items.length <= max)
        return items.join(', ');
    return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The agent's provisioned sentinel makes a new VM skip provisioning. */
const GEN_WAAGENT_MARKER = {
    id: 'GEN-WAAGENT-MARKER',
    title: 'waagent "provisioned" marker left in a generalized image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: 'waagent finds <Lib.Dir>/provisioned on first boot and treats the new VM as already provisioned: it reports Ready without creating the admin user, deploying SSH keys or setting the hostname (the VM keeps the old name, user and password), or older agents never report and the deployment ends in OSProvisioningTimedOut.',
    fix: 'Run `sudo waagent -force -deprovision+user` as the last step before capture (it removes the whole Lib.Dir), or delete <Lib.Dir>/provisioned.',
    needs: ['traces'],
    applies: isGeneralized,
    check({ facts }) {
        const traces = facts.traces;
        const marker = traces.provisionedMarker;
        if (!marker)
            return [];
        return [
            {
                message: `${marker.path} exists: the provisioning agent will think this image is an already provisioned VM`,
                evidence: [traceEvidence(marker, `provisioning sentinel in Lib.Dir ${traces.libDir.path} (${traces.libDir.source === 'default' ? 'agent default' : `set at ${traces.libDir.source}`})`)],
            },
        ];
    },
};

/** How many state entries a finding shows as evidence. */
const MAX_EVIDENCE$2 = 10;
/** A previous deployment's agent state under Lib.Dir: ovf-env.xml (error) and everything else (warning). */
const GEN_WAAGENT_STATE = {
    id: 'GEN-WAAGENT-STATE',
    title: 'waagent state (ovf-env.xml, goal state, certificates) left in a generalized image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: "ovf-env.xml carries the previous deployment's admin user, password settings and custom data into every VM made from the image (a secret leak, and the agent's deprovision+user reads the user name from it); other Lib.Dir state (goal state, certificates, extension settings) is stale and may hold protected settings.",
    fix: 'Run `sudo waagent -force -deprovision+user` before capture (it removes Lib.Dir), or delete the files listed.',
    needs: ['traces'],
    applies: isGeneralized,
    check({ facts }) {
        const traces = facts.traces;
        const findings = [];
        if (traces.ovfEnv) {
            findings.push({
                message: `${traces.ovfEnv.path} is present: a previous deployment's provisioning data (admin user, password settings, custom data) ships with the image`,
                evidence: [traceEvidence(traces.ovfEnv, 'provisioning data, content not read')],
            });
        }
        if (traces.waagentState.length > 0) {
            const names = traces.waagentState.map((t) => t.path.slice(t.path.lastIndexOf('/') + 1));
            findings.push({
                severity: 'warning',
                message: `${count(traces.waagentState.length, 'entry', 'entries')} of agent state under ${traces.libDir.path}: ${listSome(names)}`,
                evidence: traces.waagentState.slice(0, MAX_EVIDENCE$2).map((t) => traceEvidence(t)),
            });
        }
        return findings;
    },
};

/** Leftover regular users (UID ≥ UID_MIN): with credentials an error, without them a warning. */
const GEN_USER_ACCOUNTS = {
    id: 'GEN-USER-ACCOUNTS',
    title: 'User accounts with credentials left in a generalized image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: "Every VM from the image carries the build or previous admin user with a working password or key: a default credential on every deployment. If that name equals the admin user name of a deployment, waagent skips creating it ('User already exists') and keeps its home and groups.",
    fix: 'Remove the user before capture (`sudo waagent -force -deprovision+user` removes the provisioned one; `sudo userdel -r <name>` for others), or at least lock it (`usermod -L`) and delete its authorized_keys.',
    needs: ['accounts'],
    applies: isGeneralized,
    check({ facts }) {
        const accounts = facts.accounts;
        const uidMin = accounts.uidMin;
        const uidMinSource = uidMin.line === undefined ? 'shadow-utils default' : `/etc/login.defs:${uidMin.line}`;
        const findings = credentialedUsers(accounts).map((account) => ({
            message: `${describeCredentials(account)} (UID_MIN ${uidMin.value}, ${uidMinSource})`,
            evidence: [
                passwordEvidence(account),
                ...authorizedKeysEvidence(account),
                ...account.sudoers.map((s) => ({ path: s.path, line: s.line, excerpt: `sudoers rule for ${s.user}` })),
            ],
        }));
        const leftovers = accounts.accounts.filter((a) => isRegularUser(a, uidMin.value) && !hasCredentials(a) && a.homeExists);
        for (const account of leftovers) {
            findings.push({
                severity: 'warning',
                message: `${account.name} (uid ${account.uid}) has no credentials but is left with its home ${account.home}`,
                evidence: [{ path: '/etc/passwd', line: account.passwdLine, excerpt: `${account.name} (uid ${account.uid}), home ${account.home}, shell ${account.shell}` }],
                symptom: 'Harmless for login, but if a deployment asks for this admin user name waagent skips creating it and keeps the old home, groups and sudoers rules.',
            });
        }
        return findings;
    },
};

/** Any account's non-empty authorized_keys in a generalized image. */
const GEN_AUTHORIZED_KEYS = {
    id: 'GEN-AUTHORIZED-KEYS',
    title: 'authorized_keys with keys left in a generalized image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: 'Whoever holds the matching private key can log in to every VM made from the image, next to the keys the deployment asks for (Marketplace certification: "never send default credentials").',
    fix: 'Delete the files before capture (`rm -f /root/.ssh/authorized_keys /home/*/.ssh/authorized_keys*`); provision keys through the deployment instead.',
    needs: ['accounts'],
    applies: isGeneralized,
    check({ facts }) {
        return facts.accounts.accounts
            .map((account) => ({ account, evidence: authorizedKeysEvidence(account) }))
            .filter(({ evidence }) => evidence.length > 0)
            .map(({ account, evidence }) => ({
            message: `${account.name} (uid ${account.uid}) has authorized SSH keys: ${evidence.map((e) => `${e.path}: ${e.detail}`).join('; ')}`,
            evidence,
        }));
    },
};

/** A usable root password, or any empty password field, in a generalized image. */
const GEN_ROOT_PASSWORD = {
    id: 'GEN-ROOT-PASSWORD',
    title: 'Root password set, or an empty password, in a generalized image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: 'Every VM from the image has the same root password (a default credential that Azure never changes), and an empty password field lets anyone in wherever PAM allows nullok (console, su).',
    fix: 'Lock root before capture: `sudo passwd -l root` (or waagent with Provisioning.DeleteRootPassword=y, which writes root:*LOCK*); lock empty-password accounts with `usermod -L` or set `*` in /etc/shadow. Avoid `passwd -d`, which leaves an empty field.',
    needs: ['accounts'],
    applies: isGeneralized,
    check({ facts }) {
        const findings = [];
        for (const account of facts.accounts.accounts) {
            if (account.uid === 0 && account.password.status === 'usable') {
                findings.push({ message: `${account.name} (uid 0) has a usable password: ${account.password.summary}`, evidence: [passwordEvidence(account)] });
            }
            else if (account.password.status === 'empty') {
                findings.push({ message: `${account.name} (uid ${account.uid}) has an empty password field: no password is needed`, evidence: [passwordEvidence(account)] });
            }
        }
        return findings;
    },
};

/** SSH host keys baked into a generalized image are shared by every VM made from it. */
const GEN_SSH_HOSTKEYS = {
    id: 'GEN-SSH-HOSTKEYS',
    title: 'SSH host keys left in a generalized image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: "Every VM deployed from the image presents the same SSH host identity unless an agent regenerates the keys (Ubuntu's waagent.conf has RegenerateSshHostKeyPair=n; a waagent-only image keeps them): one leaked image key lets anyone impersonate all of them.",
    fix: 'Delete them before capture: `sudo rm -f /etc/ssh/ssh_host_*key*`, and make sure something creates new ones at first boot (cloud-init ssh module, waagent RegenerateSshHostKeyPair=y, or sshd-keygen).',
    needs: ['traces'],
    applies: isGeneralized,
    check({ facts }) {
        const keys = facts.traces.hostKeys;
        if (keys.length === 0)
            return [];
        const privateKeys = keys.filter((k) => !k.public).length;
        return [
            {
                message: `${count(keys.length, 'SSH host key file')} in /etc/ssh (${privateKeys} private): every VM would share this host identity`,
                evidence: keys.map((k) => traceEvidence({ path: k.path, type: 'file', size: k.size }, k.public ? 'public host key' : 'private host key, content not read')),
            },
        ];
    },
};

/** A populated machine-id in a generalized image clones one machine's identity. */
const GEN_MACHINE_ID = {
    id: 'GEN-MACHINE-ID',
    title: 'machine-id populated in a generalized image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: "Every VM boots with the same machine ID, so systemd-networkd's DHCP client identifier (DUID/IAID), journald and anything keyed on /etc/machine-id are duplicated across VMs; the Azure article names residual DHCP client IDs as a cause of provisioning hangs.",
    fix: 'Empty it before capture: `sudo truncate -s 0 /etc/machine-id` (or `cloud-init clean --machine-id`, which writes "uninitialized"); do not delete it on systemd distributions. Make /var/lib/dbus/machine-id a symlink to /etc/machine-id or remove it.',
    needs: ['traces'],
    applies: isGeneralized,
    check({ facts }) {
        const traces = facts.traces;
        const findings = [];
        const report = (id) => {
            if (id.symlinkTo !== undefined)
                return;
            if (id.state === 'populated') {
                findings.push({ message: `${id.path} holds a machine ID (32 hex digits): every VM would share it`, evidence: [{ path: id.path, line: 1, excerpt: '<machine ID>' }] });
            }
            else if (id.state === 'invalid') {
                findings.push({
                    severity: 'warning',
                    message: `${id.path} is neither empty, "uninitialized" nor a machine ID`,
                    evidence: [{ path: id.path, line: 1, excerpt: '<not a machine ID>' }],
                    symptom: 'systemd ignores an invalid machine-id and makes a transient one at each boot, so the ID changes on every reboot.',
                });
            }
        };
        report(traces.machineId);
        report(traces.dbusMachineId);
        return findings;
    },
};

const MAX_EVIDENCE$1 = 10;
/** cloud-init per-instance state under /var/lib/cloud in a generalized image. */
const GEN_CLOUDINIT_STATE = {
    id: 'GEN-CLOUDINIT-STATE',
    title: 'cloud-init instance state left in a generalized image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: "cloud-init finds a previous instance's cache: with manual_cache_clean it trusts the old datasource and skips provisioning, a stale data/reported_ready makes the Azure datasource wait as a pre-provisioned VM, and per-once modules do not run on new VMs; instance data also leaks the previous deployment's metadata.",
    fix: 'Run `sudo cloud-init clean --logs --seed` as the last step before capture (add `--machine-id` on systemd distributions).',
    needs: ['traces'],
    applies: isGeneralized,
    check({ facts }) {
        const state = facts.traces.cloudInitState;
        if (state.length === 0)
            return [];
        return [
            {
                message: `cloud-init state from a previous instance: ${listSome(state.map((t) => t.path))}`,
                evidence: state.slice(0, MAX_EVIDENCE$1).map((t) => traceEvidence(t)),
            },
        ];
    },
};

const MAX_EVIDENCE = 10;
/** DHCP leases and persisted DHCP client identifiers in a generalized image. */
const GEN_DHCP_LEASES = {
    id: 'GEN-DHCP-LEASES',
    title: 'DHCP leases or client identifiers left in a generalized image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: 'Residual leases and DHCP client IDs (DUIDs, NetworkManager secret_key) make every VM ask for the old address as the same client; the Azure article lists "residual network settings or DHCP client IDs" as a cause of the system hanging while it acquires an IP address during provisioning.',
    fix: 'Remove them before capture: `sudo rm -rf /var/lib/dhcp/* /var/lib/dhclient/* /var/lib/dhcpcd/* /var/lib/NetworkManager/*.lease /var/lib/NetworkManager/secret_key` (waagent -deprovision removes the dhclient/dhcpcd directories, not NetworkManager or wicked state).',
    needs: ['traces'],
    applies: isGeneralized,
    check({ facts }) {
        const dhcp = facts.traces.dhcp;
        if (dhcp.length === 0)
            return [];
        const ids = dhcp.filter((d) => d.kind === 'client-id').length;
        return [
            {
                message: `${[count(dhcp.length - ids, 'DHCP lease file'), count(ids, 'DHCP client identifier')].filter((t) => !t.startsWith('0 ')).join(' and ')} from a previous network`,
                evidence: dhcp.slice(0, MAX_EVIDENCE).map((d) => traceEvidence(d, `${d.client} ${d.kind === 'lease' ? 'lease' : 'client identifier'}, content not shown`)),
            },
        ];
    },
};

/** Marketplace certification's "Bash history" test fails above this size. */
const MARKETPLACE_LIMIT = 1024;
/** Shell and tool histories in a generalized image. */
const GEN_HISTORY = {
    id: 'GEN-HISTORY',
    title: 'Shell history left in a generalized image',
    severity: 'warning',
    appliesTo: 'generalized',
    symptom: 'Histories ship the build commands (often with tokens, passwords or internal host names) to every VM; Azure Marketplace certification fails an image whose bash history is larger than 1 KB.',
    fix: 'Delete them as the last step before capture: `sudo rm -f /root/.bash_history /home/*/.bash_history` (and the other files listed), then `history -c` / `export HISTSIZE=0` in the capturing shell.',
    needs: ['traces'],
    applies: isGeneralized,
    check({ facts }) {
        return facts.traces.histories.map((h) => ({
            message: `${h.path} (${h.size} bytes${h.size > MARKETPLACE_LIMIT ? ', over the Marketplace 1 KB limit' : ''})`,
            evidence: [traceEvidence(h, 'history, content not shown')],
        }));
    },
};

/** Provisioning-agent logs in a generalized image. */
const GEN_LOGS = {
    id: 'GEN-LOGS',
    title: 'Provisioning agent logs left in a generalized image',
    severity: 'warning',
    appliesTo: 'generalized',
    symptom: "Every VM starts with the build VM's waagent, cloud-init and extension logs (host names, extension settings, provisioning details), which also makes the first real provisioning hard to read when troubleshooting.",
    fix: 'Remove them before capture: `sudo rm -rf /var/log/waagent.log* /var/log/azure /var/log/cloud-init*.log` (or `cloud-init clean --logs`).',
    needs: ['traces'],
    applies: isGeneralized,
    check({ facts }) {
        const logs = facts.traces.logs;
        if (logs.length === 0)
            return [];
        return [{ message: `agent logs from the build VM: ${listSome(logs.map((l) => l.path))}`, evidence: logs.map((l) => traceEvidence(l)) }];
    },
};

/**
 * sshd_config(5) Match criteria: `All`, or pairs `User|Group|Host|LocalAddress|LocalPort|RDomain|Address
 * pattern-list`, all of which must match. A pattern list is comma-separated with `*`/`?`
 * wildcards; a matching `!pattern` makes the whole list fail (match.c match_pattern_list).
 */
/** Criteria that depend on where the client connects from, unknown in an image at rest. */
const CONNECTION_CRITERIA = new Set(['host', 'address', 'localaddress', 'localport', 'rdomain']);
/** match_pattern_list: -1 when a negated pattern matches (that wins), 1 for a positive match, else 0. */
function matchPatternList(name, list) {
    let result = 0;
    for (const raw of list.split(',')) {
        const negated = raw.startsWith('!');
        const pattern = negated ? raw.slice(1) : raw;
        if (pattern === '' || !globToRegExp(pattern).test(name))
            continue;
        if (negated)
            return -1;
        result = 1;
    }
    return result;
}
/** groupaccess.c ga_match_pattern_list: any group negated → no; else any group matching → yes. */
function groupsMatch(groups, list) {
    const results = groups.map((g) => matchPatternList(g, list));
    return !results.includes(-1) && results.includes(1);
}
/** Evaluates Match criteria (as joined by the config reader) for one user and their groups. */
function evaluateMatch(criteria, user) {
    const words = criteria.split(/\s+/).filter((w) => w !== '');
    let outcome = 'yes';
    for (let i = 0; i < words.length; i++) {
        const keyword = words[i].toLowerCase();
        if (keyword === 'all')
            continue;
        const value = words[++i];
        // A keyword without a value is a config error: sshd refuses to start, nothing matches.
        if (value === undefined)
            return 'no';
        if (keyword === 'user') {
            if (matchPatternList(user.name, value) !== 1)
                return 'no';
        }
        else if (keyword === 'group') {
            if (!groupsMatch(user.groups, value))
                return 'no';
        }
        else if (CONNECTION_CRITERIA.has(keyword)) {
            outcome = 'depends';
        }
        else {
            return 'no';
        }
    }
    return outcome;
}

/**
 * Works out SSH login paths as sshd decides them: the account must not be expired and must
 * have a real shell that exists in the image; without UsePAM a '!'-locked account is refused; DenyUsers, AllowUsers, DenyGroups, AllowGroups (auth.c allowed_user order)
 * must let it through; root is further limited by PermitRootLogin; then a usable password needs
 * PasswordAuthentication (or KbdInteractiveAuthentication with UsePAM), and authorized keys need
 * PubkeyAuthentication. An empty password is not a path: PermitEmptyPasswords defaults to no.
 *
 * Match blocks on User/Group are evaluated for each account. Blocks that also depend on the
 * connection (Address, Host, LocalPort...) cannot be decided at rest: when the account has no
 * path without them, they are assumed to match, and a path found that way is `conditional`.
 */
function analyzeLoginPaths(accounts, sshd) {
    const out = { paths: [], refused: [] };
    for (const account of accounts.accounts) {
        const hasPassword = account.password.status === 'usable';
        if (!hasPassword && authorizedKeyCount(account) === 0)
            continue;
        const refuse = (r) => out.refused.push({ account: account.name, uid: account.uid, ...r });
        if (account.accountExpired) {
            refuse({ reason: `account expired on ${account.expiresOn}` });
            continue;
        }
        if (!account.loginShell) {
            refuse({ reason: `shell ${account.shell} refuses logins` });
            continue;
        }
        if (!account.shellPresent) {
            refuse({ reason: `shell ${account.shell || '/bin/sh'} does not exist in the image (sshd refuses the user)` });
            continue;
        }
        const outcomes = sshd.matchOverrides.map((o) => ({ override: o, outcome: evaluateMatch(o.criteria, account) }));
        const definite = applyMatchOverrides(sshd, outcomes.filter((o) => o.outcome === 'yes').map((o) => o.override));
        const plain = pathsFor(account, definite);
        if (plain.paths.length > 0) {
            out.paths.push(...plain.paths);
            continue;
        }
        const dependent = outcomes.filter((o) => o.outcome === 'depends');
        if (dependent.length > 0) {
            const optimistic = applyMatchOverrides(sshd, outcomes.filter((o) => o.outcome !== 'no').map((o) => o.override));
            const conditional = [...new Set(dependent.map((o) => `Match ${o.override.criteria}`))].join('; ');
            const maybe = pathsFor(account, optimistic);
            if (maybe.paths.length > 0) {
                out.paths.push(...maybe.paths.map((p) => ({ ...p, conditional, statement: `${p.statement}, only for connections matching ${conditional}` })));
                continue;
            }
        }
        for (const r of plain.refused)
            refuse(r);
    }
    return out;
}
/** Login paths of one account (already known to have a shell and not be expired) under `sshd`. */
function pathsFor(account, sshd) {
    const paths = [];
    const refused = [];
    const refuse = (reason, source) => refused.push({ reason, ...(source ? { source } : {}) });
    const denied = accessDenied(account, sshd);
    if (denied) {
        refuse(denied.reason, denied.source);
        return { paths, refused };
    }
    // auth.c allowed_user: without PAM, a '!'-locked password locks the whole account.
    if (account.password.bangLocked && !sshd.usePam.value) {
        refuse(`account locked (${account.password.summary}) and UsePAM no${at(sshd.usePam)}`, sshd.usePam.source);
        return { paths, refused };
    }
    const root = account.uid === 0;
    const permit = sshd.permitRootLogin;
    if (root && permit.value === 'no') {
        refuse(`PermitRootLogin no${at(permit)}`, permit.source);
        return { paths, refused };
    }
    const who = `${account.name} (uid ${account.uid})`;
    if (account.password.status === 'usable') {
        const viaPassword = sshd.passwordAuthentication.value;
        const viaKbd = sshd.kbdInteractiveAuthentication.value && sshd.usePam.value;
        if (!viaPassword && !viaKbd)
            refuse(`password set but PasswordAuthentication no${at(sshd.passwordAuthentication)}`, sshd.passwordAuthentication.source);
        else if (root && permit.value !== 'yes')
            refuse(`root password set but PermitRootLogin ${permit.value}${at(permit)}`, permit.source);
        else {
            const setting = viaPassword ? `PasswordAuthentication yes${at(sshd.passwordAuthentication)}` : `KbdInteractiveAuthentication yes${at(sshd.kbdInteractiveAuthentication)} with UsePAM`;
            const change = account.mustChangePassword ? ', must be changed at first login' : '';
            paths.push({ account: account.name, uid: account.uid, method: 'password', statement: `${who}: ${account.password.summary}${change}; ${setting}` });
        }
    }
    const keys = authorizedKeyCount(account);
    if (keys > 0) {
        const pubkey = sshd.pubkeyAuthentication;
        const files = account.authorizedKeys.filter((f) => f.keys > 0).map((f) => f.path).join(', ');
        if (!pubkey.value)
            refuse(`${keys} authorized keys but PubkeyAuthentication no${at(pubkey)}`, pubkey.source);
        else
            paths.push({ account: account.name, uid: account.uid, method: 'publickey', statement: `${who}: ${keys} authorized key${keys === 1 ? '' : 's'} in ${files}; PubkeyAuthentication yes${at(pubkey)}` });
    }
    return { paths, refused };
}
/** " (/etc/ssh/sshd_config:12)" or " (OpenSSH default)". */
function at(value) {
    return value.source ? ` (${value.source.path}:${value.source.line})` : ' (OpenSSH default)';
}
/** sshd's user/group access lists, in auth.c order; host-qualified patterns are ignored (they depend on the client). */
function accessDenied(account, sshd) {
    const userMatches = (patterns, requireHostless) => patterns.some((p) => {
        const [user, host] = p.split('@');
        if (requireHostless && host !== undefined)
            return false;
        return globToRegExp(user.replace(/^!/, '')).test(account.name) && !user.startsWith('!');
    });
    const groupMatches = (patterns) => account.groups.some((g) => patterns.some((p) => globToRegExp(p).test(g)));
    if (userMatches(sshd.denyUsers.value, true))
        return { reason: `listed in DenyUsers${at(sshd.denyUsers)}`, source: sshd.denyUsers.source };
    if (sshd.allowUsers.value.length > 0 && !userMatches(sshd.allowUsers.value, false)) {
        return { reason: `not listed in AllowUsers${at(sshd.allowUsers)}`, source: sshd.allowUsers.source };
    }
    if (groupMatches(sshd.denyGroups.value))
        return { reason: `a group is listed in DenyGroups${at(sshd.denyGroups)}`, source: sshd.denyGroups.source };
    if (sshd.allowGroups.value.length > 0 && !groupMatches(sshd.allowGroups.value)) {
        return { reason: `no group listed in AllowGroups${at(sshd.allowGroups)}`, source: sshd.allowGroups.source };
    }
    return undefined;
}

/** Related sshd settings that Match blocks override for some connections. */
const AUTH_KEYWORDS = new Set(['passwordauthentication', 'kbdinteractiveauthentication', 'pubkeyauthentication', 'permitrootlogin', 'allowusers', 'allowgroups', 'denyusers', 'denygroups']);
/** A specialized image gets no new credentials: someone must already be able to log in over SSH. */
const SPEC_LOGIN_PATH = {
    id: 'SPEC-LOGIN-PATH',
    title: 'Nobody can log in to the specialized image over SSH',
    severity: 'error',
    appliesTo: 'specialized',
    symptom: 'Azure passes no user, password or SSH key to a specialized VM: it boots with the accounts it has, and if none can log in over SSH the VM runs but nobody can reach it (password or key resets need a working agent and the VMAccess extension).',
    fix: 'Before capture, make sure one account with a login shell has a password (with PasswordAuthentication yes) or an authorized_keys entry (with PubkeyAuthentication yes), and that AllowUsers/AllowGroups/DenyUsers/PermitRootLogin let it in.',
    needs: ['accounts', 'sshd'],
    applies: isSpecialized,
    check({ facts }) {
        const sshd = facts.sshd.settings;
        const analysis = analyzeLoginPaths(facts.accounts, sshd);
        const overrides = sshd.matchOverrides.filter((m) => AUTH_KEYWORDS.has(m.keyword));
        const matchEvidence = overrides.map((m) => ({ path: m.path, line: m.line, excerpt: `Match ${m.criteria}: ${m.keyword} ${m.value}` }));
        if (analysis.paths.length > 0) {
            if (analysis.paths.some((p) => p.conditional === undefined))
                return [];
            return [
                {
                    severity: 'warning',
                    message: `SSH login works only for connections matching a Match block: ${analysis.paths.map((p) => p.statement).join('; ')}`,
                    evidence: matchEvidence,
                    symptom: 'Connections to the VM on Azure (public IP, Bastion, another VNet) may not match those criteria; then nobody can log in.',
                },
            ];
        }
        const evidence = analysis.refused.map((r) => ({
            ...(r.source ? { path: r.source.path, line: r.source.line } : {}),
            ...(r.source ? { excerpt: `${r.account} (uid ${r.uid}): ${r.reason}` } : { detail: `${r.account} (uid ${r.uid}): ${r.reason}` }),
        }));
        evidence.push(...matchEvidence);
        const refusedAccounts = new Set(analysis.refused.map((r) => r.account)).size;
        const why = refusedAccounts === 0
            ? 'no account has a usable password or authorized SSH keys'
            : `${refusedAccounts} account${refusedAccounts === 1 ? ' has' : 's have'} credentials that sshd or the account settings refuse`;
        if (!facts.accounts.passwdFound)
            evidence.unshift({ path: '/etc/passwd', detail: 'absent: no local accounts at all' });
        if (evidence.length === 0)
            evidence.push({ path: '/etc/shadow', detail: 'every account is locked, empty-password or without authorized_keys' });
        return [{ message: `Nobody can log in over SSH: ${why}`, evidence }];
    },
};

/** sshd must start at boot: errors for specialized images, warnings for generalized ones. */
const SPEC_SSHD_ENABLED = {
    id: 'SPEC-SSHD-ENABLED',
    title: 'SSH server not installed or not started at boot',
    severity: 'error',
    appliesTo: 'specialized (error), generalized (warning)',
    symptom: 'The VM boots but nothing listens on port 22, so nobody can log in over SSH; Azure\'s Linux image preparation requires "the SSH server is installed and configured to start at boot".',
    fix: 'Install the OpenSSH server and enable it before capture: `sudo systemctl enable ssh` (Debian/Ubuntu; or ssh.socket on Ubuntu ≥ 22.10) or `sudo systemctl enable sshd` (RHEL, SUSE, others); unmask it if it is masked.',
    needs: ['sshd'],
    applies: (intent) => intent.osState === 'specialized' || intent.osState === 'generalized',
    check({ facts, intent }) {
        const sshd = facts.sshd;
        if (sshd.enabledAtBoot)
            return [];
        const severity = intent.osState === 'specialized' ? 'error' : 'warning';
        if (!sshd.daemonPath) {
            return [{ severity, message: 'No SSH server is installed (no /usr/sbin/sshd)', evidence: [{ path: '/usr/sbin/sshd', detail: 'absent' }] }];
        }
        const evidence = sshd.units.map((u) => ({ detail: `${u.unit}: ${u.reason}` }));
        if (evidence.length === 0)
            evidence.push({ path: sshd.daemonPath, detail: 'sshd installed but no ssh/sshd systemd unit found' });
        return [{ severity, message: 'sshd is installed but not started at boot', evidence }];
    },
};

/** The image looks generalized (deprovisioned) but is declared specialized. */
const SPEC_NOT_DEPROVISIONED = {
    id: 'SPEC-NOT-DEPROVISIONED',
    title: 'Image looks generalized but is declared specialized',
    severity: 'warning',
    appliesTo: 'specialized',
    symptom: 'A generalized OS uploaded as specialized: Azure sends no provisioning data, the agent or cloud-init waits for it, and "the new VM will fail to progress past the provisioning stage with a provisioning timeout error" (Azure: custom Linux image provisioning errors).',
    fix: 'Register the image definition as Generalized (osState Generalized) if the image was deprovisioned, or capture the VM again without running `waagent -deprovision` if it must be specialized.',
    needs: ['traces', 'accounts'],
    applies: isSpecialized,
    check({ facts }) {
        const detected = detectOsState(facts);
        if (detected.osState !== 'generalized')
            return [];
        return [
            {
                message: 'The image looks deprovisioned (generalized) but the image definition says Specialized',
                evidence: detected.evidence.map((detail) => ({ detail })),
            },
        ];
    },
};

/** A specialized image whose sshd has no host keys and nothing to create them. */
const SPEC_SSHD_KEYGEN = {
    id: 'SPEC-SSHD-KEYGEN',
    title: 'No SSH host keys and no generator in a specialized image',
    severity: 'error',
    appliesTo: 'specialized',
    symptom: 'sshd refuses to start without host keys ("sshd: no hostkeys available -- exiting"; Debian/Ubuntu ssh.service runs `sshd -t` first and fails), and a specialized VM gets no provisioning that would create them: the VM runs but nobody can log in over SSH.',
    fix: 'Keep the host keys when capturing a specialized image (do not run `waagent -deprovision` or `rm /etc/ssh/ssh_host_*`), or create them with `sudo ssh-keygen -A` before capture, or enable a generator (sshd-keygen@.service, or cloud-init, which creates keys for every new instance).',
    needs: ['sshd', 'cloudInit'],
    applies: isSpecialized,
    check({ facts }) {
        const sshd = facts.sshd;
        if (!sshd.daemonPath || !sshd.enabledAtBoot)
            return [];
        if (sshd.configuredHostKeys.some((k) => k.present) || sshd.keyGenerator)
            return [];
        const cloudInit = facts.cloudInit;
        if (cloudInit.enabled)
            return [];
        const started = sshd.units.filter((u) => u.atBoot).map((u) => u.unit);
        return [
            {
                message: `sshd starts at boot (${started.join(', ')}) but none of its host keys exists and nothing generates them (no sshd-keygen unit, cloud-init not enabled)`,
                evidence: [
                    ...sshd.configuredHostKeys.map((k) => ({ path: k.path, detail: 'host key sshd loads: absent' })),
                    ...(sshd.hostKeys.length > 0 ? [{ path: '/etc/ssh', detail: `other host key files: ${sshd.hostKeys.map((k) => k.path).join(', ')}` }] : []),
                    { detail: `cloud-init: ${cloudInit.installed ? 'installed but not started at boot' : 'not installed'}` },
                ],
            },
        ];
    },
};

const CONF = '/etc/waagent.conf';
/** Evidence for the effective Provisioning.Agent: its line, or a note that the default applies. */
function provisioningAgentEvidence(waagent) {
    const setting = waagent.settings['Provisioning.Agent'];
    if (setting.source === 'file' && setting.line)
        return { path: CONF, line: setting.line.line, excerpt: setting.line.excerpt };
    if (setting.line)
        return { path: CONF, line: setting.line.line, excerpt: setting.line.excerpt, detail: 'value None: the default auto applies' };
    return { path: CONF, detail: 'Provisioning.Agent not set: the default auto applies' };
}
/** Evidence for a unit: its file and state. */
function unitEvidence(unit) {
    const path = unit.maskedBy ?? unit.fragmentPath;
    const links = unit.enabledBy.length > 0 ? `; enabled by ${unit.enabledBy.join(', ')}` : '';
    return { ...(path ? { path } : {}), detail: `${unit.name}: ${unit.state}${links}` };
}
/** Evidence for a config origin (file, line, excerpt). */
function originEvidence(origin) {
    return origin.excerpt ? { path: origin.path, line: origin.line, excerpt: origin.excerpt } : { path: origin.path };
}
function disablerEvidence(ci) {
    return ci.disabledBy.map((d) => ({ path: d.path, ...(d.line ? { line: d.line } : {}), ...(d.excerpt ? { excerpt: d.excerpt } : {}), detail: d.detail }));
}
/** cloud-init is installed, not disabled and started at boot: its configuration matters (whatever its datasource). */
function cloudInitRuns(ci) {
    return ci !== undefined && ci.installed && ci.disabledBy.length === 0 && ci.boot.atBoot;
}
/** Whether cloud-init will run with the Azure datasource (installed, not disabled, started at boot, Azure listed). */
function cloudInitPath(ci) {
    if (!ci || !ci.installed)
        return { works: false, why: 'cloud-init is not installed', evidence: [] };
    if (ci.disabledBy.length > 0) {
        return { works: false, why: `cloud-init is disabled (${ci.disabledBy.map((d) => d.detail).join('; ')})`, evidence: disablerEvidence(ci) };
    }
    if (!ci.boot.atBoot) {
        const generator = ci.generator ? `generator ${ci.generator}` : 'no cloud-init generator';
        return { works: false, why: `cloud-init does not start at boot (${ci.boot.reason}; ${generator})`, evidence: [unitEvidence(ci.localUnit)] };
    }
    const ds = ci.datasource;
    if (!ds.azureInCloudInit || !ds.azureInDsIdentify) {
        const evidence = [];
        if (!ds.azureInCloudInit && ds.cloudInitOrigin)
            evidence.push(originEvidence(ds.cloudInitOrigin));
        if (!ds.azureInDsIdentify && ds.dsIdentify.origin && ds.dsIdentify.origin.path !== ds.cloudInitOrigin?.path)
            evidence.push(originEvidence(ds.dsIdentify.origin));
        const list = !ds.azureInCloudInit ? ds.cloudInit ?? [] : ds.dsIdentify.list;
        return { works: false, why: `the Azure datasource is not in datasource_list [${list.join(', ')}]`, evidence };
    }
    return { works: true, why: 'cloud-init runs at boot with the Azure datasource', evidence: [unitEvidence(ci.localUnit)] };
}
/** waagent's cloud_init_is_enabled(): `systemctl is-enabled cloud-init-local.service` = enabled, else `service cloud-init status` succeeds (cloud-init ran at boot). */
function waagentSeesCloudInit(ci) {
    if (!ci)
        return { enabled: false, why: 'cloud-init facts unavailable' };
    if (ci.waagentSeesEnabled)
        return { enabled: true, why: 'systemctl is-enabled cloud-init-local.service prints "enabled"' };
    if (ci.enabled)
        return { enabled: true, why: 'cloud-init runs at boot, so `service cloud-init status` succeeds' };
    return { enabled: false, why: `systemctl is-enabled cloud-init-local.service prints "${ci.localUnit.state === 'absent' ? 'not-found' : ci.localUnit.state}"` };
}
/** waagent's first-boot behaviour, as the factory and the handlers decide it. */
function waagentPath(waagent, ci, ciPath) {
    const seen = waagentSeesCloudInit(ci);
    const base = { agent: waagent?.provisioningAgent ?? 'auto', cloudInitSeen: seen, evidence: [] };
    if (!waagent || !waagent.installed)
        return { ...base, outcome: 'not-running', why: 'waagent is not installed' };
    const evidence = [provisioningAgentEvidence(waagent), ...(waagent.unit ? [unitEvidence(waagent.unit)] : [])];
    if (!waagent.enabled) {
        const unit = waagent.unit ? `${waagent.unit.name} is ${waagent.unit.state} and does not start at boot` : 'no waagent.service or walinuxagent.service unit';
        return { ...base, evidence, outcome: 'not-running', why: `waagent is installed but ${unit}` };
    }
    if (!waagent.conf.present)
        return { ...base, evidence, outcome: 'does-not-start', why: `${CONF} is missing: the agent stops with "Missing configuration in ${CONF}"` };
    if (waagent.conf.loadError)
        return { ...base, evidence, outcome: 'does-not-start', why: `${CONF} is ${waagent.conf.loadError}` };
    const agent = waagent.provisioningAgent;
    if (agent === 'cloud-init' || (agent === 'auto' && seen.enabled)) {
        const picked = agent === 'cloud-init' ? 'Provisioning.Agent=cloud-init' : `Provisioning.Agent=auto and ${seen.why}`;
        const cloudInitHandler = { ...base, handler: 'cloud-init', pickedBecause: picked };
        if (ciPath.works)
            return { ...cloudInitHandler, evidence, outcome: 'defers-to-cloud-init', why: `${picked}: waagent waits for cloud-init, which runs with the Azure datasource` };
        return {
            ...cloudInitHandler,
            evidence: [...evidence, ...ciPath.evidence],
            outcome: 'waits-for-cloud-init',
            why: `${picked}, but ${ciPath.why}: waagent waits 30 minutes for cloud-init's ovf-env.xml, then reports ProvisioningFailed`,
        };
    }
    if (agent !== 'auto' && agent !== 'waagent') {
        const note = agent === 'disabled' ? '' : ` ("${agent}" is not one of auto, waagent, cloud-init, disabled, so the agent treats it as disabled)`;
        return { ...base, evidence, handler: 'waagent', pickedBecause: `Provisioning.Agent=${agent}`, outcome: 'ready-without-provisioning', why: `Provisioning.Agent=${agent}${note}: waagent reports Ready without creating the user, keys or hostname` };
    }
    if (seen.enabled) {
        return { ...base, evidence, handler: 'waagent', pickedBecause: `Provisioning.Agent=${agent}`, outcome: 'fails-cloud-init-enabled', why: `Provisioning.Agent=${agent} and ${seen.why}: waagent stops with "cloud-init appears to be installed and enabled, this is not expected, cannot continue"` };
    }
    return { ...base, evidence, handler: 'waagent', pickedBecause: `Provisioning.Agent=${agent}`, outcome: 'provisions', why: `Provisioning.Agent=${agent}: waagent provisions from the provisioning media` };
}
/** Both paths for one set of facts. */
function provisioningPaths(facts) {
    const cloudInit = cloudInitPath(facts.cloudInit);
    return { cloudInit, waagent: waagentPath(facts.waagent, facts.cloudInit, cloudInit) };
}

/** A generalized image needs something that provisions the VM and reports Ready. */
const PA_ANY = {
    id: 'PA-ANY',
    title: 'No working provisioning path',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: 'Nothing creates the admin user and reports Ready to Azure: the deployment waits and fails with OSProvisioningTimedOut ("Failing to report ready to Azure will result in your VM being rebooted").',
    fix: 'Install and enable one provisioning agent: cloud-init with the Azure datasource (e.g. `datasource_list: [ Azure ]` in /etc/cloud/cloud.cfg.d/90_dpkg.cfg), or WALinuxAgent with Provisioning.Agent=auto (or waagent) and its unit enabled; or ship a custom unit that reports Ready (Azure "no-agent" pattern).',
    needs: ['waagent', 'cloudInit'],
    applies: isGeneralized,
    check({ facts }) {
        const { waagent, cloudInit } = provisioningPaths(facts);
        if (cloudInit.works)
            return [];
        if (waagent.outcome === 'provisions' || waagent.outcome === 'defers-to-cloud-init')
            return [];
        // fails-cloud-init-enabled implies cloud-init runs; PA-WAAGENT-MODE reports that contradiction.
        if (waagent.outcome === 'fails-cloud-init-enabled')
            return [];
        // When waagent waits for cloud-init, its reason already says why cloud-init fails.
        const covered = waagent.why.includes(cloudInit.why);
        return [
            {
                message: `no working provisioning path: ${covered ? waagent.why : `${waagent.why}; ${cloudInit.why}`}`,
                evidence: covered ? waagent.evidence : [...waagent.evidence, ...cloudInit.evidence],
            },
        ];
    },
};

/** Azure's symptom for each failing waagent outcome. */
const SYMPTOMS = {
    'fails-cloud-init-enabled': 'waagent reports NotReady/ProvisioningFailed ("cloud-init appears to be installed and enabled, this is not expected, cannot continue"): the deployment fails with OSProvisioningClientError.',
    'waits-for-cloud-init': 'waagent waits 30 minutes for cloud-init to copy ovf-env.xml, logs "Giving up", and reports ProvisioningFailed: the deployment times out (OSProvisioningTimedOut).',
    'ready-without-provisioning': 'waagent reports Ready without provisioning: the deployment "succeeds" but no admin user, password or SSH key is created, so nobody can log in.',
    'does-not-start': 'The agent exits at start-up: nothing reports Ready and the deployment ends in OSProvisioningTimedOut.',
};
/** Fix for each failing outcome. */
const FIXES = {
    'fails-cloud-init-enabled': 'Set Provisioning.Agent=auto (or cloud-init) in /etc/waagent.conf so waagent defers to cloud-init, or disable cloud-init (touch /etc/cloud/cloud-init.disabled) if waagent should provision.',
    'waits-for-cloud-init': 'Make cloud-init run with the Azure datasource (see PA-CI-ENABLED, PA-CI-DATASOURCE), or set Provisioning.Agent=auto/waagent so waagent provisions itself.',
    'ready-without-provisioning': 'Set Provisioning.Agent=auto (or waagent) in /etc/waagent.conf, or install and enable cloud-init with the Azure datasource.',
    'does-not-start': 'Restore /etc/waagent.conf from the distribution package (it must exist and not be empty).',
};
/** Provisioning.Agent evaluated the way WALinuxAgent evaluates it, against cloud-init's real state. */
const PA_WAAGENT_MODE = {
    id: 'PA-WAAGENT-MODE',
    title: "waagent's Provisioning.Agent contradicts the cloud-init setup",
    severity: 'error',
    appliesTo: 'generalized',
    symptom: SYMPTOMS['waits-for-cloud-init'],
    fix: FIXES['waits-for-cloud-init'],
    needs: ['waagent', 'cloudInit'],
    applies: isGeneralized,
    check({ facts }) {
        const { waagent, cloudInit } = provisioningPaths(facts);
        const failing = ['fails-cloud-init-enabled', 'waits-for-cloud-init', 'does-not-start'];
        // Ready without provisioning is harmless when cloud-init provisions (the cloud-init-only pattern).
        if (waagent.outcome === 'ready-without-provisioning' && !cloudInit.works)
            failing.push('ready-without-provisioning');
        if (!failing.includes(waagent.outcome))
            return [];
        const finding = {
            message: waagent.why,
            evidence: waagent.evidence,
            symptom: SYMPTOMS[waagent.outcome],
            fix: FIXES[waagent.outcome],
        };
        return [finding];
    },
};

/** cloud-init must actually run at boot when the image relies on it. */
const PA_CI_ENABLED = {
    id: 'PA-CI-ENABLED',
    title: 'cloud-init is installed but will not run at boot',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: 'cloud-init never fetches the Azure metadata: no user, no SSH key, no Ready report (or waagent waits 30 minutes for it and reports ProvisioningFailed) → OSProvisioningTimedOut.',
    fix: 'Remove /etc/cloud/cloud-init.disabled, drop cloud-init=disabled from the kernel command line (/etc/default/grub, then regenerate grub.cfg), unmask the units (`systemctl unmask cloud-init-local.service cloud-init.service`) and enable them (`systemctl enable cloud-init-local.service cloud-init.service cloud-config.service cloud-final.service`).',
    needs: ['waagent', 'cloudInit', 'kernelCmdline'],
    applies: isGeneralized,
    check({ facts }) {
        const ci = facts.cloudInit;
        if (!ci.installed)
            return [];
        const { waagent } = provisioningPaths(facts);
        // When waagent provisions by itself, a disabled cloud-init is the intended setup.
        if (waagent.outcome === 'provisions')
            return [];
        const reliance = waagent.handler === 'cloud-init' ? `waagent hands provisioning to cloud-init (${waagent.pickedBecause})` : 'nothing else provisions the VM';
        const findings = ci.disabledBy.map((d) => ({
            message: `cloud-init is disabled: ${d.detail}, but ${reliance}`,
            evidence: [{ path: d.path, ...(d.line ? { line: d.line } : {}), ...(d.excerpt ? { excerpt: d.excerpt } : {}), detail: d.detail }],
        }));
        if (findings.length === 0 && !ci.boot.atBoot) {
            const generator = ci.generator ? `the generator ${ci.generator} is present` : 'there is no cloud-init generator';
            findings.push({
                message: `cloud-init will not start at boot: ${ci.boot.reason}, and ${generator}; ${reliance}`,
                evidence: [unitEvidence(ci.localUnit), ...(ci.generator ? [{ path: ci.generator }] : [])],
            });
        }
        return findings;
    },
};

function dsIdentifyEvidence(ci) {
    const ds = ci.datasource.dsIdentify;
    if (ds.source === 'config' && ds.origin)
        return [originEvidence(ds.origin)];
    if (ds.source === 'kernel')
        return [{ detail: `kernel command line ci.ds=${ds.list.join(',')}` }];
    if (ds.blockStyleIgnored)
        return [{ ...originEvidence(ds.blockStyleIgnored), detail: 'not a single-line list: ds-identify uses its built-in list' }];
    return [{ ...(ds.script ? { path: ds.script } : {}), detail: `ds-identify built-in list: ${ds.list.join(' ')}` }];
}
/** cloud-init must look for the Azure datasource, in cloud-init's merge and in ds-identify's grep. */
const PA_CI_DATASOURCE = {
    id: 'PA-CI-DATASOURCE',
    title: 'cloud-init datasource_list does not reach Azure',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: 'cloud-init never runs the Azure datasource (or the generator disables cloud-init because ds-identify finds no datasource): no user, no Ready report → OSProvisioningTimedOut.',
    fix: 'Set `datasource_list: [ Azure ]` on one line (ds-identify only reads the single-line form) in the last-sorting drop-in, e.g. /etc/cloud/cloud.cfg.d/90_dpkg.cfg or 91-azure_datasource.cfg, and remove other datasource_list lines.',
    needs: ['cloudInit'],
    applies: isGeneralized,
    check({ facts }) {
        const ci = facts.cloudInit;
        // A cloud-init that does not run cannot be misled; PA-CI-ENABLED reports it when it should run.
        if (!cloudInitRuns(ci))
            return [];
        const ds = ci.datasource;
        const findings = [];
        if (!ds.azureInCloudInit) {
            const shown = ds.cloudInit ? `[${ds.cloudInit.join(', ')}]` : JSON.stringify(ds.cloudInitRaw);
            findings.push({
                message: `cloud-init's effective datasource_list ${shown} does not contain Azure`,
                evidence: ds.cloudInitOrigin ? [originEvidence(ds.cloudInitOrigin)] : [],
            });
        }
        if (!ds.azureInDsIdentify) {
            const sameLine = ds.dsIdentify.origin && ds.cloudInitOrigin && ds.dsIdentify.origin.path === ds.cloudInitOrigin.path && ds.dsIdentify.origin.line === ds.cloudInitOrigin.line;
            if (!sameLine || ds.azureInCloudInit) {
                findings.push({
                    message: `ds-identify's datasource list [${ds.dsIdentify.list.join(', ')}] does not contain Azure: the cloud-init generator disables cloud-init unless another datasource is found`,
                    evidence: dsIdentifyEvidence(ci),
                });
            }
        }
        if (findings.length === 0 && ds.differ) {
            findings.push({
                severity: 'warning',
                message: `cloud-init and ds-identify read datasource_list differently: cloud-init [${(ds.cloudInit ?? ['built-in list']).join(', ')}], ds-identify [${ds.dsIdentify.list.join(', ')}]`,
                evidence: [...(ds.cloudInitOrigin ? [originEvidence(ds.cloudInitOrigin)] : []), ...dsIdentifyEvidence(ci)],
                symptom: 'Azure is reachable, but the datasource order differs from what the configuration seems to say (ds-identify\'s built-in list tries NoCloud before Azure).',
            });
        }
        return findings;
    },
};

/** Leftovers that make a datasource other than Azure win. */
const PA_CI_STALE_SEED = {
    id: 'PA-CI-STALE-SEED',
    title: 'Stale NoCloud seed or datasource override',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: 'cloud-init finds the build-time NoCloud seed (NoCloud is tried before Azure) or a forced datasource and never talks to Azure: no user from the deployment, no Ready report → OSProvisioningTimedOut.',
    fix: 'Run `cloud-init clean --seed --logs` before capture, remove ds=/ci.ds= from the kernel command line (/etc/default/grub, regenerate grub.cfg), and delete /etc/cloud/ds-identify.cfg.',
    needs: ['cloudInit', 'kernelCmdline'],
    applies: isGeneralized,
    check({ facts }) {
        const ci = facts.cloudInit;
        // A cloud-init that does not run cannot be misled; PA-CI-ENABLED reports it when it should run.
        if (!cloudInitRuns(ci))
            return [];
        const kernel = facts.kernelCmdline;
        const findings = ci.staleSeeds.map((seed) => ({
            message: `${seed.path} holds a NoCloud seed (${seed.files.join(', ')}): NoCloud is tried before Azure`,
            evidence: [{ path: seed.path, detail: `${seed.files.length} entr${seed.files.length === 1 ? 'y' : 'ies'}: ${seed.files.join(', ')}` }],
        }));
        for (const arg of [...kernel.flags.ds, ...kernel.flags.ciDs]) {
            if (/^azure$/i.test(arg.value ?? ''))
                continue;
            findings.push({
                // The argument can carry a seed URL with a password (ds=nocloud;s=http://user:pw@host/): quoted through the allow-list.
                message: `kernel command line forces datasource ${excerptOf$1(arg.raw)}`,
                evidence: arg.sources.map((s) => ({ path: s.path, ...(s.line ? { line: s.line } : {}), excerpt: excerptOf$1(arg.raw), detail: s.label })),
            });
        }
        const diCfg = ci.datasource.dsIdentify.configFile;
        if (diCfg) {
            const pins = diCfg.lines.filter((l) => /^(datasource|policy)\s*:/.test(l.excerpt));
            findings.push({
                message: `${diCfg.path} exists${pins.length > 0 ? ` and pins ${pins.map((p) => p.excerpt).join('; ')}` : ''}: ds-identify's decision is overridden`,
                evidence: pins.length > 0 ? pins.map((p) => ({ path: p.path, line: p.line, excerpt: p.excerpt })) : [{ path: diCfg.path }],
            });
        }
        return findings;
    },
};

/** Ubuntu installer leftovers in cloud.cfg.d. */
const PA_CI_INSTALLER_CFG = {
    id: 'PA-CI-INSTALLER-CFG',
    title: 'Ubuntu installer (subiquity/curtin) cloud-init drop-ins left in the image',
    severity: 'error',
    appliesTo: 'generalized',
    symptom: 'The installer drop-ins pin a None/NoCloud datasource, disable cloud-init networking or preserve installer settings: cloud-init ignores the Azure metadata and provisioning times out (azure-docs #50407).',
    fix: 'Delete them before capture: `rm -f /etc/cloud/cloud.cfg.d/99-installer.cfg /etc/cloud/cloud.cfg.d/subiquity-disable-cloudinit-networking.cfg /etc/cloud/cloud.cfg.d/50-curtin-networking.cfg /etc/cloud/cloud.cfg.d/curtin-preserve-sources.cfg` (Azure\'s Ubuntu preparation guide).',
    needs: ['cloudInit'],
    applies: isGeneralized,
    check({ facts }) {
        const ci = facts.cloudInit;
        // A cloud-init that does not run cannot be misled; PA-CI-ENABLED reports it when it should run.
        if (!cloudInitRuns(ci))
            return [];
        return ci.installerLeftovers.map((path) => ({
            message: `${path} is an Ubuntu installer leftover`,
            evidence: [{ path }],
        }));
    },
};

/** waagent.conf keys the agent ignores, and switch values it silently replaces by the default. */
const PA_WAAGENT_DEAD_KEYS = {
    id: 'PA-WAAGENT-DEAD-KEYS',
    title: 'waagent.conf settings the agent ignores',
    severity: 'info',
    appliesTo: 'both',
    symptom: 'None by itself, but the setting does not do what it says: Provisioning.Enabled and Provisioning.UseCloudInit are not read by WALinuxAgent 2.2.45+, and a switch that is not y/n falls back to its default.',
    fix: 'Use Provisioning.Agent (auto | waagent | cloud-init | disabled) instead of Provisioning.Enabled/UseCloudInit, and write switches as y or n.',
    needs: ['waagent'],
    applies: () => true,
    check({ facts }) {
        const waagent = facts.waagent;
        const findings = waagent.deadKeys.map((line) => ({
            message: `${line.key} is ignored by the agent (only Provisioning.Agent=${waagent.provisioningAgent} decides provisioning)`,
            evidence: [{ path: waagent.conf.path, line: line.line, excerpt: line.excerpt }],
        }));
        for (const setting of waagent.invalidSettings) {
            findings.push({
                message: `${setting.key}: ${setting.invalid}, so the agent uses the default ${String(setting.value)}`,
                evidence: setting.line ? [{ path: waagent.conf.path, line: setting.line.line, excerpt: setting.line.excerpt }] : [],
            });
        }
        return findings;
    },
};

/** On a specialized image waagent must not try to provision. */
const SPEC_AGENT_MODE = {
    id: 'SPEC-AGENT-MODE',
    title: 'waagent will try to provision a specialized VM',
    severity: 'warning',
    appliesTo: 'specialized',
    symptom: 'Azure attaches no provisioning media to a VM from a specialized image; waagent (Provisioning.Agent auto/waagent, no cloud-init, no provisioned marker) tries to mount it and reports ProvisioningFailed.',
    fix: 'Set Provisioning.Agent=disabled in /etc/waagent.conf (Azure: "If you\'re migrating a specific virtual machine ... set Provisioning.Agent=disabled"), or keep <Lib.Dir>/provisioned from the source VM.',
    needs: ['waagent', 'cloudInit'],
    applies: isSpecialized,
    check({ facts }) {
        const waagent = facts.waagent;
        const { waagent: path } = provisioningPaths(facts);
        if (path.outcome !== 'provisions' || waagent.provisionedMarker.present)
            return [];
        return [
            {
                message: `${path.why}, and ${waagent.provisionedMarker.path} is absent: waagent will try to provision this specialized VM`,
                evidence: [...path.evidence, { path: waagent.provisionedMarker.path, detail: 'absent' }],
            },
        ];
    },
};

/** The NET-* rules apply whatever the OS state: network configuration breaks both. */
const anyOsState = () => true;
/** The network facts of a context (rules declare `needs: ['network']`, so the engine guarantees them). */
function networkOf(ctx) {
    return ctx.facts.network;
}
/**
 * How much a finding about this definition matters, judged as the image's own stack will:
 * a definition nothing reads at boot, or one cloud-init rewrites for the new instance, is a
 * warning with that reason; one in force is the rule's error.
 */
function judgedSeverity(config) {
    if (!config.inForce.inForce)
        return { severity: 'warning', because: `not in force: ${config.inForce.reason}` };
    if (config.cloudInit.regenerated) {
        return { severity: 'warning', because: 'cloud-init generated this file and rewrites it for the new instance (its network configuration is not disabled)' };
    }
    return { severity: 'error' };
}
/** Evidence for a line of a definition (a merged netplan setting may sit in another file). */
function lineEvidence(config, at) {
    return { path: at.path ?? config.path, line: at.line, excerpt: at.excerpt };
}
/** Evidence for the definition itself. */
function configEvidence(config) {
    return { path: config.path, line: config.line, excerpt: config.excerpt };
}
/** "netplan /etc/netplan/50-cloud-init.yaml (eth0)" for messages. */
const describeConfig = describeDefinition;
/** Appends the reason for a lowered severity to a message. */
function withBecause(message, because) {
    return because ? `${message}; ${because}` : message;
}
/**
 * Something already gives Azure's eth0 DHCP at the first boot: an in-force definition that
 * fits eth0 with DHCP, cloud-init writing one, or NetworkManager's automatic profile.
 */
function eth0GetsDhcp(network) {
    const dhcp = network.interfaces.find((c) => c.inForce.inForce && c.azure.appliesToEth0 && c.ipv4 === 'dhcp' && !c.memberOf);
    if (dhcp)
        return `eth0 gets DHCP from ${describeConfig(dhcp)}`;
    for (const port of network.interfaces) {
        const carrier = port.inForce.inForce && port.azure.appliesToEth0 && port.viaMaster ? masterDhcp(port.viaMaster) : undefined;
        if (carrier)
            return `eth0 is a port of ${port.viaMaster.chain.join(' → ')} (${describeConfig(port)}) and gets DHCP through it from ${describeConfig(carrier)}`;
    }
    const ifupdown = network.stacks.find((s) => s.id === 'ifupdown')?.active === true;
    if (ifupdown && network.hotplugTemplate?.ipv4 === 'dhcp') {
        return `Debian's cloud-ifupdown-helper writes a DHCP stanza for eth0 from ${network.hotplugTemplate.path} when the NIC appears`;
    }
    if (network.cloudInit.regenerates)
        return 'cloud-init writes a DHCP configuration for eth0 at the first boot';
    if (network.nmAutoDefault.gives)
        return "NetworkManager's automatic profile gives eth0 DHCP";
    return undefined;
}
/** The in-force definition that gives a port's master DHCP, if any. */
function masterDhcp(via) {
    return via.carriers.find((c) => c.inForce.inForce && c.ipv4 === 'dhcp');
}

/**
 * eth0 enslaved to a bridge, bond or Open vSwitch bridge gets the master's addressing: judge that.
 * A port whose master has DHCP in force is fine; a master with static or no IPv4, a master that is
 * not in force, or one nothing defines leaves eth0 without a DHCP address.
 */
function portFindings(network) {
    const findings = [];
    for (const port of network.interfaces) {
        const via = port.viaMaster;
        if (!via || !port.azure.appliesToEth0 || masterDhcp(via))
            continue;
        const portJudged = judgedSeverity(port);
        const chain = via.chain.join(' → ');
        const top = via.chain[via.chain.length - 1];
        const lead = `${describeConfig(port)} makes eth0 a port of ${chain}`;
        const inForce = via.carriers.filter((c) => c.inForce.inForce);
        if (via.carriers.length === 0) {
            findings.push({
                severity: portJudged.severity,
                message: withBecause(via.defined ? `${lead}, but no configuration gives ${top} an address (no internal interface on the bridge)` : `${lead}, but no configuration that ${readers(port)} reads defines ${top}`, portJudged.because),
                evidence: [configEvidence(port)],
            });
            continue;
        }
        if (inForce.length === 0) {
            const why = via.carriers.map((c) => `${describeConfig(c)}: ${c.inForce.reason}`).join('; ');
            findings.push({
                severity: portJudged.severity,
                message: withBecause(`${lead}, whose configuration is not in force (${why})`, portJudged.because),
                evidence: [configEvidence(port), ...via.carriers.map(configEvidence)],
            });
            continue;
        }
        for (const carrier of inForce) {
            const carrierJudged = judgedSeverity(carrier);
            const what = carrier.ipv4 === 'static' ? `static IPv4 ${carrier.staticIpv4.join(', ')}` : `IPv4 method "${carrier.ipv4}"`;
            findings.push({
                severity: portJudged.severity === 'error' && carrierJudged.severity === 'error' ? 'error' : 'warning',
                message: withBecause(`${lead}, and ${describeConfig(carrier)} gives ${top} ${what} instead of DHCP`, portJudged.because ?? carrierJudged.because),
                evidence: [configEvidence(port), carrier.ipv4Line ? lineEvidence(carrier, carrier.ipv4Line) : configEvidence(carrier)],
            });
        }
    }
    return findings;
}
function readers(port) {
    return port.readBy.join(' or ');
}

/** The primary NIC must come up with DHCPv4: static or no IPv4 for eth0 in the stack in force fails. */
const NET_DHCP_PRIMARY = {
    id: 'NET-DHCP-PRIMARY',
    title: 'Primary interface eth0 not configured for DHCP',
    severity: 'error',
    appliesTo: 'both',
    symptom: 'Azure hands out the VM address by DHCP only; with a static or missing IPv4 configuration eth0 gets no working address, the agent cannot reach the wireserver (168.63.129.16) and a generalized image ends in OSProvisioningTimedOut, a specialized one in an unreachable VM.',
    fix: 'Configure eth0 (or a match on driver hv_netvsc) for DHCPv4 in the stack the image runs: netplan `dhcp4: true`, ifcfg `BOOTPROTO=dhcp`, ENI `iface eth0 inet dhcp`, NetworkManager `[ipv4] method=auto`, networkd `DHCP=ipv4`; or leave network configuration to cloud-init.',
    needs: ['network'],
    applies: anyOsState,
    check(ctx) {
        const network = networkOf(ctx);
        const findings = [];
        for (const config of network.interfaces) {
            // A bond or bridge port carries no address of its own; its master's addressing is judged below.
            if (!config.azure.appliesToEth0 || config.ipv4 === 'dhcp' || config.memberOf)
                continue;
            const { severity, because } = judgedSeverity(config);
            const what = config.ipv4 === 'static'
                ? `static IPv4 ${config.staticIpv4.join(', ')} instead of DHCP`
                : `IPv4 method "${config.ipv4}" (no DHCP)`;
            findings.push({
                severity,
                message: withBecause(`${describeConfig(config)} gives eth0 ${what}`, because),
                evidence: [config.ipv4Line ? lineEvidence(config, config.ipv4Line) : configEvidence(config)],
            });
        }
        findings.push(...portFindings(network));
        for (const config of network.interfaces) {
            if (!config.dhcp6 || !config.azure.appliesToEth0 || judgedSeverity(config).severity !== 'error')
                continue;
            // [inf] Azure's DHCPv6 answers only on subnets with IPv6; its own IPv6 guide uses `inet6 auto` + `dhclient -6 ... || true`.
            findings.push({
                severity: 'warning',
                message: `${describeConfig(config)} asks DHCPv6 for eth0 (${config.dhcp6.excerpt}): ifup waits for dhclient -6 to get a lease, which Azure gives only on subnets with IPv6, so elsewhere bringing eth0 up stalls until dhclient gives up and networking.service (or ifup@eth0) fails`,
                evidence: [lineEvidence(config, config.dhcp6)],
            });
        }
        // A definition that is not in force (a warning above) does not bring eth0 up either.
        if (findings.some((f) => f.severity === 'error') || eth0GetsDhcp(network))
            return findings;
        // Nothing configures eth0 at all: report it only when the image runs a stack and no
        // other NET rule explains why (MAC-bound or ens*-only definitions are theirs).
        const running = network.stacks.filter((s) => s.active === true);
        const explained = network.interfaces.some((c) => c.inForce.inForce && (c.azure.macBound || c.azure.namesOnlyAbsent));
        if (running.length === 0 || explained)
            return findings;
        // DHCP definitions for eth0 that are read but never brought up (ONBOOT=no, autoconnect=false ...) are why, when present.
        const idle = network.interfaces.filter((c) => c.azure.appliesToEth0 && c.ipv4 === 'dhcp' && !c.inForce.inForce);
        const idleText = idle.map((c) => `; ${describeConfig(c)} is not in force (${c.inForce.reason})`).join('');
        // NetworkManager would have covered eth0 with its automatic profile; say what stops it.
        const nmRuns = running.some((s) => s.id === 'NetworkManager');
        const nm = network.nmAutoDefault;
        const nmText = nmRuns ? `; NetworkManager creates no automatic profile for eth0: ${nm.reason}` : '';
        findings.push({
            message: `no configuration brings up eth0 with DHCP in the network stack that runs (${running.map((s) => s.id).join(', ')}), and cloud-init does not write one (${network.cloudInit.reason})${idleText}${nmText}`,
            evidence: [
                ...running.map((s) => ({ detail: `${s.id}: ${s.reason}` })),
                ...idle.map((c) => (c.bootSwitch ? lineEvidence(c, c.bootSwitch) : configEvidence(c))),
                ...(nmRuns && nm.at && !idle.some((c) => c.path === nm.at.path) ? [nm.at] : []),
            ],
        });
        return findings;
    },
};

/** Configuration bound to, or forcing, the build machine's MAC address. */
const NET_MAC_BOUND = {
    id: 'NET-MAC-BOUND',
    title: 'Network configuration bound to a MAC address',
    severity: 'error',
    appliesTo: 'both',
    symptom: 'Every Azure VM gets a new MAC address: configuration matched to the old MAC never applies, so eth0 stays unconfigured (no DHCP, no wireserver, OSProvisioningTimedOut or an unreachable VM); a MAC forced onto the NIC is dropped by the Azure fabric.',
    fix: 'Match the primary interface by name (eth0) or driver (hv_netvsc) instead of MAC: remove netplan `match: macaddress`, ifcfg `HWADDR=`/`MACADDR=`, NetworkManager `mac-address=`/`cloned-mac-address=`, networkd `MACAddress=`, ENI `hwaddress`; or let cloud-init write the configuration (it regenerates its own MAC-bound files for each instance).',
    needs: ['network'],
    applies: anyOsState,
    check(ctx) {
        const network = networkOf(ctx);
        const covered = eth0GetsDhcp(network);
        const findings = [];
        for (const config of network.interfaces) {
            const judged = judgedSeverity(config);
            if (config.azure.macBound && config.match.macLine) {
                // A dead MAC match is harmless when something else still brings eth0 up.
                const harmless = judged.severity === 'error' && covered ? `it never applies on Azure, but ${covered}` : undefined;
                findings.push({
                    severity: harmless ? 'warning' : judged.severity,
                    message: withBecause(`${describeConfig(config)} matches MAC ${config.match.macs.join(', ')} of the build machine's NIC`, judged.because ?? harmless),
                    evidence: [lineEvidence(config, config.match.macLine)],
                });
            }
            if (config.setsMac && (config.azure.appliesToEth0 || config.azure.macBound)) {
                findings.push({
                    severity: judged.severity,
                    message: withBecause(`${describeConfig(config)} forces MAC ${config.setsMac.mac} onto the interface`, judged.because),
                    evidence: [lineEvidence(config, config.setsMac)],
                });
            }
        }
        const link = network.azureLink;
        if (link?.setsMac) {
            findings.push({
                message: `${link.path} forces MAC ${link.setsMac.mac} onto Azure's NIC (it is the first .link file whose [Match] fits an hv_netvsc eth0)`,
                evidence: [{ path: link.path, line: link.setsMac.line, excerpt: link.setsMac.excerpt }],
            });
        }
        for (const binding of network.persistentNames) {
            if (binding.kind !== 'link-file')
                continue;
            findings.push({
                severity: 'warning',
                message: `${binding.path} names the NIC with MAC ${binding.mac} "${binding.name}"; on Azure the new NIC does not match it and keeps its kernel name`,
                evidence: [{ path: binding.path, line: binding.line, excerpt: binding.excerpt }],
            });
        }
        return findings;
    },
};

/** Configuration only for interface names Azure's VM will not have (ens*, enp*, eno* ...). */
const NET_IFNAME = {
    id: 'NET-IFNAME',
    title: 'Network configured only for interface names that do not exist on Azure',
    severity: 'error',
    appliesTo: 'both',
    symptom: "Azure's NIC is a VMBus device named eth0; configuration written for the build VM's ens*/enp*/eno* name never applies, eth0 stays down, and cloud-init reports failure to find the primary DHCP interface (provisioning timeout, unreachable VM).",
    fix: 'Configure eth0 (or match driver hv_netvsc) instead of the build-time name, add `net.ifnames=0` to the kernel command line if the image depends on ethN names, or let cloud-init write the network configuration.',
    needs: ['network'],
    applies: anyOsState,
    check(ctx) {
        const network = networkOf(ctx);
        const findings = [];
        const link = network.azureLink;
        if (link?.name && link.name !== 'eth0' && link.nameLine) {
            // [inf] cloud-init's Azure datasource expects the primary NIC to stay eth0; whether the renamed NIC still works depends on its own configuration.
            findings.push({
                severity: 'warning',
                message: `${link.path} renames Azure's NIC to "${link.name}" (first .link file whose [Match] fits an hv_netvsc eth0); cloud-init on Azure expects the primary interface to be eth0 and not renamed`,
                evidence: [{ path: link.path, line: link.nameLine.line, excerpt: link.nameLine.excerpt }],
            });
        }
        const absent = network.interfaces.filter((c) => c.azure.namesOnlyAbsent);
        if (absent.length === 0)
            return findings;
        const inForce = absent.filter((c) => judgedSeverity(c).severity === 'error');
        const forEth0 = network.interfaces.some((c) => c.inForce.inForce && c.azure.appliesToEth0);
        if (inForce.length > 0 && !forEth0) {
            const covered = eth0GetsDhcp(network);
            const names = [...new Set(inForce.flatMap((c) => c.match.names ?? []))].join(', ');
            findings.push({
                severity: covered ? 'warning' : 'error',
                message: withBecause(`network configuration in force names only ${names} and nothing configures eth0`, covered),
                evidence: inForce.map((c) => configEvidence(c)),
            });
        }
        for (const config of absent) {
            const { severity, because } = judgedSeverity(config);
            if (severity === 'error')
                continue;
            findings.push({
                severity,
                message: withBecause(`${describeConfig(config)} names ${config.match.names.join(', ')}, which Azure's VM will not have`, because),
                evidence: [configEvidence(config)],
            });
        }
        return findings;
    },
};

/** udev persistent-net rules that pin eth0 to the build machine's MAC, and the generator that writes them. */
const NET_UDEV_PERSISTENT = {
    id: 'NET-UDEV-PERSISTENT',
    title: 'Persistent-net udev rules bind interface names to old MAC addresses',
    severity: 'error',
    appliesTo: 'both',
    symptom: "70-persistent-net.rules keeps eth0 for the build machine's MAC; with the persistent-net generator active the new Azure NIC is named eth1, the eth0 configuration is unused and the VM has no network (provisioning timeout, unreachable VM). waagent only moves the file away once it runs, after early networking. Without the generator the stale rule matches nothing and renames nothing.",
    fix: 'Before capture: `rm -f /etc/udev/rules.d/70-persistent-net.rules` and mask the generator with `ln -s /dev/null /etc/udev/rules.d/75-persistent-net-generator.rules` (as the Azure preparation guides do).',
    needs: ['network'],
    applies: anyOsState,
    check(ctx) {
        const network = networkOf(ctx);
        const findings = [];
        const byFile = new Map();
        for (const b of network.persistentNames) {
            if (b.kind !== 'udev-rule')
                continue;
            byFile.set(b.path, [...(byFile.get(b.path) ?? []), b]);
        }
        const generator = network.generator;
        // A rule for the old MAC never matches the new NIC: only the generator, which reserves eth0 for
        // the old MAC and writes the next free name (eth1) for the new one, makes it rename anything.
        const renamer = generator?.writes ? `the persistent-net generator (${generator.path}) names the new NIC eth1` : undefined;
        for (const [path, bindings] of byFile) {
            const regenerated = bindings.every((b) => b.cloudInit.regenerated);
            const eth0 = bindings.filter((b) => b.name === 'eth0');
            const names = bindings.map((b) => `${b.name} → ${b.mac}`).join(', ');
            const because = regenerated
                ? 'cloud-init generated these rules and rewrites them for the new instance (its network configuration is not disabled)'
                : eth0.length > 0 && !renamer
                    ? `it renames nothing on Azure: the new NIC does not match the old MAC and keeps the kernel name eth0 (${noGenerator(generator)})`
                    : renamer;
            findings.push({
                severity: eth0.length > 0 && !regenerated && renamer ? 'error' : 'warning',
                message: withBecause(eth0.length > 0 ? `${path} binds eth0 to the build machine's MAC (${names})` : `${path} binds interface names to old MACs (${names})`, because),
                evidence: bindings.map((b) => ({ path, line: b.line, excerpt: b.excerpt })),
            });
        }
        if (generator?.writes) {
            findings.push({
                severity: 'warning',
                message: `${generator.path} (the persistent-net generator) is active and will write new bindings on the first boot`,
                evidence: [{ path: generator.path }],
            });
        }
        return findings;
    },
};
/** Why no persistent-net generator runs, for the message. */
function noGenerator(generator) {
    if (!generator)
        return 'no 75-persistent-net-generator.rules';
    if (generator.masked)
        return `the persistent-net generator is masked by ${generator.path}`;
    return `${generator.path} is present but write_net_rules, the program it runs, is not`;
}

/**
 * Every rule, in report order. One explicit array: adding a rule means adding it here,
 * its docs page (docs/rules/<ID>.md) and its table test; the meta-test checks all three.
 */
const rules = [
    // --- whether the image could be judged at all: first, so it leads its severity group ---
    IMAGE_UNREADABLE,
    // --- disk and boot (A, B) ---
    DISK_VHD_COOKIE,
    DISK_VHD_CHECKSUM,
    DISK_VHD_FIXED,
    DISK_VHD_SIZE_ALIGN,
    DISK_VHD_MIN_SIZE,
    BOOT_GEN2_GPT,
    BOOT_GEN2_ESP,
    BOOT_GEN1_BIOS,
    BOOT_HYBRID,
    DISK_BLOB_TYPE,
    // --- provisioning agents (D) ---
    PA_ANY,
    PA_WAAGENT_MODE,
    PA_CI_ENABLED,
    PA_CI_DATASOURCE,
    PA_CI_STALE_SEED,
    PA_CI_INSTALLER_CFG,
    PA_WAAGENT_DEAD_KEYS,
    SPEC_AGENT_MODE,
    // --- deprovision traces and specialized readiness (E, F) ---
    GEN_WAAGENT_MARKER,
    GEN_WAAGENT_STATE,
    GEN_USER_ACCOUNTS,
    GEN_AUTHORIZED_KEYS,
    GEN_ROOT_PASSWORD,
    GEN_SSH_HOSTKEYS,
    GEN_MACHINE_ID,
    GEN_CLOUDINIT_STATE,
    GEN_DHCP_LEASES,
    GEN_HISTORY,
    GEN_LOGS,
    SPEC_LOGIN_PATH,
    SPEC_SSHD_ENABLED,
    SPEC_SSHD_KEYGEN,
    SPEC_NOT_DEPROVISIONED,
    // --- network (G) ---
    NET_DHCP_PRIMARY,
    NET_MAC_BOUND,
    NET_IFNAME,
    NET_UDEV_PERSISTENT,
];

/**
 * Cheap recognition of a FAT boot sector (the volume boot record of FAT12/16/32), used to tell
 * whether an EFI System Partition holds something UEFI firmware can read, and to tell a
 * whole-disk FAT filesystem from an MBR. Never throws; the FAT reader proper lives in fs/.
 */
function sniffFatBootSector(sector) {
    if (sector.length < 512 || sector[0x1fe] !== 0x55 || sector[0x1ff] !== 0xaa)
        return undefined;
    if (!(sector[0x00] === 0xeb || sector[0x00] === 0xe9))
        return undefined; // BS_jmpBoot
    const text = (from, length) => String.fromCharCode(...sector.subarray(from, from + length));
    if (text(0x03, 8) === 'EXFAT   ' || text(0x03, 8) === 'NTFS    ')
        return undefined; // BS_OEMName of non-FAT filesystems
    const bytesPerSector = sector[0x0b] | (sector[0x0c] << 8); // BPB_BytsPerSec
    const sectorsPerCluster = sector[0x0d]; // BPB_SecPerClus
    const reservedSectors = sector[0x0e] | (sector[0x0f] << 8); // BPB_RsvdSecCnt
    const fatCount = sector[0x10]; // BPB_NumFATs
    const bpbSane = [512, 1024, 2048, 4096].includes(bytesPerSector) &&
        sectorsPerCluster > 0 &&
        (sectorsPerCluster & (sectorsPerCluster - 1)) === 0 &&
        reservedSectors > 0 &&
        fatCount >= 1 &&
        fatCount <= 2;
    if (!bpbSane)
        return undefined;
    const fat16Label = text(0x36, 8); // BS_FilSysType (FAT12/16)
    const fat32Label = text(0x52, 8); // BS_FilSysType (FAT32)
    if (fat32Label.startsWith('FAT32'))
        return 'FAT32';
    if (fat16Label.startsWith('FAT12'))
        return 'FAT12';
    if (fat16Label.startsWith('FAT16'))
        return 'FAT16';
    return 'FAT';
}

/**
 * CRC-32 (IEEE 802.3, the one GPT uses for its header and entry array). Node 20.15+ ships it in
 * zlib; the engines field requires Node 20 and CI runs 20.20, so no table of our own is needed.
 */
function crc32(bytes) {
    return crc32$1(bytes) >>> 0;
}

/**
 * A GUID as stored by UEFI (GPT type, partition and disk GUIDs): the first three fields are
 * little-endian, the last eight bytes are in order ("mixed-endian"). Returns lower-case
 * canonical form, as blkid and sfdisk print it.
 */
function guidFromBytes(b) {
    const h = (i) => b[i].toString(16).padStart(2, '0');
    const run = (indexes) => indexes.map(h).join('');
    return `${run([3, 2, 1, 0])}-${run([5, 4])}-${run([7, 6])}-${run([8, 9])}-${run([10, 11, 12, 13, 14, 15])}`;
}
/** True when all 16 bytes are zero: an unused GPT entry. */
function isNullGuid(b) {
    return b.every((x) => x === 0);
}

/** Parses the used entries (non-zero type GUID) of an entry array. Pure. */
function parseGptEntries(array, entryCount, entrySize) {
    const entries = [];
    for (let i = 0; i < entryCount; i++) {
        const e = array.subarray(i * entrySize, i * entrySize + entrySize);
        if (e.length < 128 || isNullGuid(e.subarray(0x00, 0x10)))
            continue;
        const view = new DataView(e.buffer, e.byteOffset, e.byteLength);
        const lba = (at) => {
            const v = view.getBigUint64(at, true);
            return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
        };
        entries.push({
            number: i + 1,
            typeGuid: guidFromBytes(e.subarray(0x00, 0x10)), // PartitionTypeGUID
            uniqueGuid: guidFromBytes(e.subarray(0x10, 0x20)), // UniquePartitionGUID
            firstLba: lba(0x20), // StartingLBA
            lastLba: lba(0x28), // EndingLBA
            attributes: `0x${view.getBigUint64(0x30, true).toString(16)}`, // Attributes
            name: utf16Name(e.subarray(0x38, 0x80)), // PartitionName
        });
    }
    return entries;
}
function utf16Name(bytes) {
    const units = [];
    for (let i = 0; i + 1 < bytes.length; i += 2) {
        const unit = bytes[i] | (bytes[i + 1] << 8);
        if (unit === 0)
            break;
        units.push(unit);
    }
    return String.fromCharCode(...units);
}

/** "EFI PART", the GPT header signature at offset 0. */
const GPT_SIGNATURE = 'EFI PART';
/** Entry counts and sizes beyond these are hostile or corrupt (every real tool writes 128 × 128 bytes). */
const MAX_GPT_ENTRIES = 4096;
const MAX_GPT_ENTRY_SIZE = 4096;
/** The whole entry array we are willing to read. */
const MAX_GPT_ARRAY_BYTES = 1024 * 1024;
/**
 * Parses and validates one GPT header sector found at `lba` of a disk with `diskSectors` sectors:
 * signature, header size, header CRC32 (computed with the CRC field zeroed), MyLBA, and entry
 * count/size/location bounds. The entry array's own CRC is checked by the caller.
 */
function parseGptHeader(sector, lba, diskSectors) {
    const view = new DataView(sector.buffer, sector.byteOffset, sector.byteLength);
    const u64 = (at) => {
        const v = view.getBigUint64(at, true);
        return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
    };
    if (String.fromCharCode(...sector.subarray(0, 8)) !== GPT_SIGNATURE)
        return { problem: 'no "EFI PART" signature', fieldOffset: 0x00 };
    const headerSize = view.getUint32(0x0c, true); // HeaderSize
    if (headerSize < 92 || headerSize > sector.length)
        return { problem: `header size ${headerSize} (offset 0x0c) is outside 92-${sector.length}`, fieldOffset: 0x0c };
    const storedCrc = view.getUint32(0x10, true); // HeaderCRC32
    // A real copy: a Node Buffer's slice() shares memory, and zeroing the CRC field must not touch the caller's bytes.
    const copy = Uint8Array.prototype.slice.call(sector, 0, headerSize);
    copy.fill(0, 0x10, 0x14);
    const computedCrc = crc32(copy);
    if (computedCrc !== storedCrc) {
        return { problem: `header CRC32 mismatch (stored 0x${storedCrc.toString(16)}, computed 0x${computedCrc.toString(16)})`, fieldOffset: 0x10 };
    }
    const header = {
        myLba: u64(0x18), // MyLBA
        alternateLba: u64(0x20), // AlternateLBA
        firstUsableLba: u64(0x28), // FirstUsableLBA
        lastUsableLba: u64(0x30), // LastUsableLBA
        diskGuid: guidFromBytes(sector.subarray(0x38, 0x48)), // DiskGUID
        entriesLba: u64(0x48), // PartitionEntryLBA
        entryCount: view.getUint32(0x50, true), // NumberOfPartitionEntries
        entrySize: view.getUint32(0x54, true), // SizeOfPartitionEntry
        entriesCrc32: view.getUint32(0x58, true), // PartitionEntryArrayCRC32
    };
    if (header.myLba !== lba)
        return { problem: `MyLBA is ${header.myLba} (offset 0x18), expected ${lba}`, fieldOffset: 0x18 };
    if (header.entryCount > MAX_GPT_ENTRIES)
        return { problem: `${header.entryCount} partition entries (offset 0x50), more than ${MAX_GPT_ENTRIES}`, fieldOffset: 0x50 };
    if (header.entrySize < 128 || header.entrySize > MAX_GPT_ENTRY_SIZE || header.entrySize % 8 !== 0) {
        return { problem: `partition entry size ${header.entrySize} (offset 0x54) is not a multiple of 8 between 128 and ${MAX_GPT_ENTRY_SIZE}`, fieldOffset: 0x54 };
    }
    const arrayBytes = header.entryCount * header.entrySize;
    const arraySectors = Math.ceil(arrayBytes / 512);
    if (arrayBytes > MAX_GPT_ARRAY_BYTES)
        return { problem: `partition entry array of ${arrayBytes} bytes is larger than ${MAX_GPT_ARRAY_BYTES}`, fieldOffset: 0x50 };
    if (!Number.isSafeInteger(header.entriesLba) || header.entriesLba < 1 || header.entriesLba + arraySectors > diskSectors) {
        return { problem: `partition entry array at LBA ${header.entriesLba} (offset 0x48, ${arraySectors} sectors) lies outside the disk (${diskSectors} sectors)`, fieldOffset: 0x48 };
    }
    return { header };
}

/**
 * Human names for partition types, as fdisk/sfdisk print them (with "extended" for 0x05, as
 * the volumes contract names it). Unknown types are named by their code.
 */
const gptNames = {
    'c12a7328-f81f-11d2-ba4b-00a0c93ec93b': 'EFI System',
    '21686148-6449-6e6f-744e-656564454649': 'BIOS boot',
    '0fc63daf-8483-4772-8e79-3d69d8477de4': 'Linux filesystem',
    'e6d6d379-f507-44c2-a23c-238f2a3df928': 'Linux LVM',
    '0657fd6d-a4ab-43c4-84e5-0933c84b4f4f': 'Linux swap',
    'a19d880f-05fc-4d3b-a006-743f0f84911e': 'Linux RAID',
    '933ac7e1-2eb4-4f13-b844-0e14e2aef915': 'Linux home',
    '4f68bce3-e8cd-4db1-96e7-fbcaf984b709': 'Linux root (x86-64)',
    'b921b045-1df0-41c3-af44-4c6f280d3fae': 'Linux root (ARM-64)',
    '8484680c-9521-48c6-9c11-b0720656f69e': 'Linux /usr (x86-64)',
    'b0e01050-ee5f-4390-949a-9101b17104e9': 'Linux /usr (ARM-64)',
    'bc13c2ff-59e6-4262-a352-b275fd6f7172': 'Linux extended boot',
    '8da63339-0007-60c0-c436-083ac8230908': 'Linux reserved',
    'ca7d7ccb-63ed-4c53-861c-1742536059cc': 'Linux LUKS',
    'ebd0a0a2-b9e5-4433-87c0-68b6b72699c7': 'Microsoft basic data',
    'e3c9e316-0b5c-4db8-817d-f92df00215ae': 'Microsoft reserved',
    'de94bba4-06d1-4d40-a16a-bfd50179d6ac': 'Windows recovery environment',
    '516e7cb4-6ecf-11d6-8ff8-00022d09712b': 'FreeBSD data',
    '6a898cc3-1dd2-11b2-99a6-080020736631': 'Solaris /usr & Apple ZFS',
};
const mbrNames = {
    0x01: 'FAT12',
    0x04: 'FAT16 <32M',
    0x05: 'extended',
    0x06: 'FAT16',
    0x07: 'HPFS/NTFS/exFAT',
    0x0b: 'W95 FAT32',
    0x0c: 'W95 FAT32 (LBA)',
    0x0e: 'W95 FAT16 (LBA)',
    0x0f: "W95 Ext'd (LBA)",
    0x82: 'Linux swap / Solaris',
    0x83: 'Linux',
    0x85: 'Linux extended',
    0x8e: 'Linux LVM',
    0xa5: 'FreeBSD',
    0xa6: 'OpenBSD',
    0xa9: 'NetBSD',
    0xee: 'GPT',
    0xef: 'EFI (FAT-12/16/32)',
    0xfd: 'Linux raid autodetect',
};
/** MBR types whose partition holds a chain of EBRs (logical partitions). */
const MBR_EXTENDED_TYPES = new Set([0x05, 0x0f, 0x85]);
/** The GPT protective-MBR type. */
const MBR_PROTECTIVE_TYPE = 0xee;
/** MBR type byte as the contract spells it: "0x83". */
function mbrTypeCode(type) {
    return `0x${type.toString(16).padStart(2, '0')}`;
}
function mbrTypeName(type) {
    return mbrNames[type] ?? `unknown (${mbrTypeCode(type)})`;
}
function gptTypeName(guid) {
    return gptNames[guid] ?? `unknown (${guid})`;
}

/** Sector size of every disk we read (Azure disks are 512e). */
const SECTOR = 512;
/**
 * Turns a table's (first LBA, sector count) into a byte range inside the disk. A partition that
 * starts outside the disk is dropped and one that runs past the end is cut at the end, as Linux
 * does; either way a note says so. Returns undefined for dropped or empty partitions.
 */
function partitionExtent(diskSize, firstLba, sectors, what, notes) {
    const start = firstLba * SECTOR;
    const size = sectors * SECTOR;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(size) || sectors <= 0) {
        notes.push(`${what}: unusable extent (first LBA ${firstLba}, ${sectors} sectors); ignored`);
        return undefined;
    }
    if (start >= diskSize) {
        notes.push(`${what}: starts at ${hex(start)}, beyond the end of the disk (size ${diskSize}); ignored`);
        return undefined;
    }
    if (start + size > diskSize) {
        notes.push(`${what}: runs ${start + size - diskSize} bytes past the end of the disk (size ${diskSize}); cut at the end`);
        return { start, size: diskSize - start };
    }
    return { start, size };
}

/**
 * Reads the GPT: the primary header at LBA 1 with its entry array, both CRC32-checked; when
 * either fails, the backup header at the last LBA of the (virtual) disk, with a note saying
 * so. A bad backup next to a good primary is noted too. Throws VolumeError 'corrupt' only when
 * neither header can be used.
 */
async function readGpt(disk, notes) {
    const diskSectors = Math.floor(disk.size / SECTOR);
    const lastLba = diskSectors - 1;
    const primary = await tryHeader(disk, 1, diskSectors);
    const backup = lastLba > 1 ? await tryHeader(disk, lastLba, diskSectors) : { problem: 'the disk has no room for a backup header', offset: 0 };
    if ('header' in primary) {
        if ('problem' in backup) {
            const moved = primary.header.alternateLba !== lastLba
                ? ` (the primary header places it at LBA ${primary.header.alternateLba}: the disk was resized after partitioning)`
                : '';
            notes.push(`backup GPT header at LBA ${lastLba} (${hex(lastLba * SECTOR)}) is unusable: ${backup.problem}${moved}`);
        }
        return { header: primary.header, used: 'primary', partitions: toPartitions(disk, primary.entries, notes) };
    }
    if ('header' in backup) {
        notes.push(`primary GPT header at LBA 1 is unusable (${primary.problem} at ${hex(primary.offset)}): using the backup header at LBA ${lastLba} (${hex(lastLba * SECTOR)})`);
        return { header: backup.header, used: 'backup', partitions: toPartitions(disk, backup.entries, notes) };
    }
    throw new VolumeError('corrupt', `the protective MBR announces a GPT, but neither GPT header can be used: primary at LBA 1: ${primary.problem}; backup at LBA ${lastLba}: ${backup.problem}`, { offset: primary.offset });
}
/** A header whose sectors the container cannot deliver (a dynamic VHD block past the end of a cut file) is unusable, like a bad one: the other header may still be good. */
async function tryHeader(disk, lba, diskSectors) {
    try {
        return await readHeader(disk, lba, diskSectors);
    }
    catch (error) {
        return { problem: `it cannot be read (${describeRecord(toleratedError(error))})`, offset: lba * SECTOR };
    }
}
async function readHeader(disk, lba, diskSectors) {
    const at = lba * SECTOR;
    const parsed = parseGptHeader(await disk.read(at, SECTOR), lba, diskSectors);
    if ('problem' in parsed)
        return { problem: parsed.problem, offset: at + parsed.fieldOffset };
    const { header } = parsed;
    const array = await disk.read(header.entriesLba * SECTOR, header.entryCount * header.entrySize);
    const computed = crc32(array);
    if (computed !== header.entriesCrc32) {
        return {
            problem: `partition entry array CRC32 mismatch (stored 0x${header.entriesCrc32.toString(16)} at offset 0x58 of the header, computed 0x${computed.toString(16)})`,
            offset: header.entriesLba * SECTOR,
        };
    }
    return { header, entries: parseGptEntries(array, header.entryCount, header.entrySize) };
}
function toPartitions(disk, entries, notes) {
    const partitions = [];
    for (const entry of entries) {
        const what = `GPT partition ${entry.number}`;
        if (!(entry.lastLba >= entry.firstLba)) {
            notes.push(`${what}: last LBA ${entry.lastLba} is before first LBA ${entry.firstLba}; ignored`);
            continue;
        }
        const extent = partitionExtent(disk.size, entry.firstLba, entry.lastLba - entry.firstLba + 1, what, notes);
        if (!extent)
            continue;
        partitions.push({
            number: entry.number,
            ...extent,
            type: entry.typeGuid,
            typeName: gptTypeName(entry.typeGuid),
            label: entry.name,
            partUuid: entry.uniqueGuid,
            source: slice(disk, extent.start, extent.size, `partition ${entry.number}`),
        });
    }
    return partitions;
}

/** Parses a 512-byte MBR or EBR sector. Pure. */
function parseMbr(sector) {
    if (sector.length < 512)
        throw new RangeError(`an MBR is 512 bytes, got ${sector.length}`);
    const view = new DataView(sector.buffer, sector.byteOffset, 512);
    const entries = [0, 1, 2, 3].map((index) => {
        const at = 0x1be + 16 * index;
        return {
            index,
            status: sector[at], // boot indicator
            type: sector[at + 0x04], // partition type
            firstLba: view.getUint32(at + 0x08, true), // starting LBA
            sectors: view.getUint32(at + 0x0c, true), // size in sectors
        };
    });
    return {
        signatureValid: sector[0x1fe] === 0x55 && sector[0x1ff] === 0xaa,
        bootCode: sector.subarray(0, 0x1b8).some((b) => b !== 0),
        diskSignature: view.getUint32(0x1b8, true),
        entries,
    };
}
/** An entry is in use when it has a type and a size. */
function isUsed(entry) {
    return entry.type !== 0 && entry.sectors !== 0;
}
/** Every boot indicator is 0x00 or 0x80: otherwise sector 0 is not a partition table (a VBR, garbage). */
function statusBytesValid(mbr) {
    return mbr.entries.every((e) => e.status === 0x00 || e.status === 0x80);
}
/** Linux's MBR PARTUUID: "<disk signature, 8 hex>-<partition number, 2 hex>". */
function mbrPartUuid(diskSignature, partitionNumber) {
    return `${diskSignature.toString(16).padStart(8, '0')}-${partitionNumber.toString(16).padStart(2, '0')}`;
}

/** Linux stops at 256 partitions per disk; more logical partitions than that is a corrupt chain. */
const MAX_LOGICAL = 252;
/** EBRs we are willing to read in one chain, data partitions or not (Linux gives up after 100 empty ones). */
const MAX_EBRS = 512;
/**
 * The partitions of an MBR disk: primaries 1-4 as listed (the extended one included, as Linux
 * lists it), then the logical partitions of the first extended partition, numbered from 5 by
 * walking its chain of EBRs. Loops, links out of the extended partition and absurd chains
 * stop the walk with a note; what was found until then is kept.
 */
async function readMbrPartitions(disk, mbr, notes) {
    const partitions = [];
    let extended;
    for (const entry of mbr.entries) {
        if (!isUsed(entry))
            continue;
        const number = entry.index + 1;
        const partition = makePartition(disk, mbr.diskSignature, number, entry, entry.firstLba, notes);
        if (partition)
            partitions.push(partition);
        if (MBR_EXTENDED_TYPES.has(entry.type)) {
            if (extended)
                notes.push(`MBR partition ${number} is a second extended partition; only partition ${extended.number}'s logical partitions are read, as Linux does`);
            else
                extended = { entry, number };
        }
    }
    if (extended)
        partitions.push(...(await readLogical(disk, mbr.diskSignature, extended.entry, notes)));
    return partitions;
}
async function readLogical(disk, diskSignature, ext, notes) {
    const logical = [];
    const extStart = ext.firstLba;
    const extEnd = ext.firstLba + ext.sectors;
    const visited = new Set();
    let ebrLba = extStart;
    let ebrSectors = ext.sectors;
    let nextNumber = 5;
    for (let reads = 0;; reads++) {
        if (reads >= MAX_EBRS) {
            notes.push(`MBR extended partition: stopped after ${MAX_EBRS} EBRs; the chain is corrupt`);
            break;
        }
        if (visited.has(ebrLba)) {
            notes.push(`MBR extended partition: EBR chain loops back to LBA ${ebrLba} (${hex(ebrLba * SECTOR)}); stopped after ${logical.length} logical partition(s)`);
            break;
        }
        visited.add(ebrLba);
        if ((ebrLba + 1) * SECTOR > disk.size) {
            notes.push(`MBR extended partition: EBR at LBA ${ebrLba} lies beyond the end of the disk; stopped`);
            break;
        }
        const ebr = parseMbr(await disk.read(ebrLba * SECTOR, SECTOR));
        if (!ebr.signatureValid) {
            notes.push(`MBR extended partition: no 0x55AA signature in the EBR at ${hex(ebrLba * SECTOR + 0x1fe)}; stopped after ${logical.length} logical partition(s)`);
            break;
        }
        for (const entry of ebr.entries) {
            if (!isUsed(entry) || MBR_EXTENDED_TYPES.has(entry.type))
                continue;
            // Entries 3 and 4 of an EBR are often garbage: Linux takes them only when they fit this EBR's window.
            if (entry.index >= 2 && entry.firstLba + entry.sectors > ebrSectors)
                continue;
            if (nextNumber - 5 >= MAX_LOGICAL) {
                notes.push(`MBR extended partition: more than ${MAX_LOGICAL} logical partitions; the rest are ignored`);
                return logical;
            }
            const number = nextNumber++; // a dropped partition still uses its number, as in Linux
            const partition = makePartition(disk, diskSignature, number, entry, ebrLba + entry.firstLba, notes);
            if (partition)
                logical.push(partition);
        }
        const link = ebr.entries.find((e) => isUsed(e) && MBR_EXTENDED_TYPES.has(e.type));
        if (!link)
            break;
        const next = extStart + link.firstLba; // EBR links are relative to the start of the extended partition
        if (next < extStart || next >= extEnd) {
            notes.push(`MBR extended partition: EBR at LBA ${ebrLba} links to LBA ${next}, outside the extended partition (LBA ${extStart}-${extEnd - 1}); stopped`);
            break;
        }
        ebrLba = next;
        ebrSectors = link.sectors;
    }
    return logical;
}
function makePartition(disk, diskSignature, number, entry, firstLba, notes) {
    const extent = partitionExtent(disk.size, firstLba, entry.sectors, `MBR partition ${number}`, notes);
    if (!extent)
        return undefined;
    return {
        number,
        ...extent,
        type: mbrTypeCode(entry.type),
        typeName: mbrTypeName(entry.type),
        partUuid: mbrPartUuid(diskSignature, number),
        bootable: entry.status === 0x80,
        source: slice(disk, extent.start, extent.size, `partition ${number}`),
    };
}

/**
 * Reads the partition table of a virtual disk: GPT when sector 0 is a (protective or hybrid)
 * MBR with a 0xEE entry, MBR otherwise, and scheme 'none' (no partitions: the caller probes the
 * whole disk) when sector 0 is no partition table at all. Throws VolumeError only when a GPT is
 * announced and neither of its headers can be used.
 */
async function readPartitionTable(disk) {
    const notes = [];
    const none = (note) => ({ scheme: 'none', mbrBootCode: false, notes: note ? [note] : [], partitions: [] });
    if (disk.size < SECTOR)
        return none(`the disk is ${disk.size} bytes, smaller than one sector`);
    const sector0 = await disk.read(0, SECTOR);
    const mbr = parseMbr(sector0);
    if (!mbr.signatureValid)
        return none();
    const fat = sniffFatBootSector(sector0);
    if (fat)
        return none(`sector 0 is a ${fat} boot sector: a filesystem on the whole disk, not a partition table`);
    if (!statusBytesValid(mbr))
        return none('sector 0 ends in 0x55AA but its partition entries have invalid boot indicators: not a partition table');
    const used = mbr.entries.filter(isUsed);
    if (used.length === 0)
        return none('sector 0 has the 0x55AA signature but lists no partitions');
    const mbrBootCode = mbr.bootCode;
    if (used.some((e) => e.type === MBR_PROTECTIVE_TYPE)) {
        const gpt = await readGpt(disk, notes);
        const hybridMbr = used.some((e) => e.type !== MBR_PROTECTIVE_TYPE);
        await markEsps(gpt.partitions);
        return {
            scheme: 'gpt',
            diskId: gpt.header.diskGuid,
            mbrBootCode,
            gptHeader: gpt.used,
            hybridMbr,
            notes,
            partitions: gpt.partitions,
        };
    }
    const partitions = await readMbrPartitions(disk, mbr, notes);
    if (partitions.some((p) => p.type === '0xa5' || p.type === '0xa6' || p.type === '0xa9')) {
        notes.push('a BSD partition (0xa5/0xa6/0xa9) may hold a nested BSD disklabel; its slices are not read');
    }
    await markEsps(partitions);
    return {
        scheme: 'mbr',
        diskId: mbr.diskSignature.toString(16).padStart(8, '0'),
        mbrBootCode,
        notes,
        partitions,
    };
}
/** Reads the first sector of every EFI System partition to say whether a FAT filesystem is there. */
async function markEsps(partitions) {
    for (const p of partitions) {
        if (p.type !== PartitionTypes.gptEsp && p.type !== PartitionTypes.mbrEsp)
            continue;
        p.espFat = p.size >= SECTOR ? (sniffFatBootSector(await p.source.read(0, SECTOR)) ?? 'none') : 'none';
    }
}

/** Deepest section nesting accepted: VG metadata uses 4 (vg > logical_volumes > lv > segment). */
const MAX_CONFIG_DEPTH = 16;
/** Most items in one list (a raid LV with 64 images has 128; stripes lists a PV and extent per stripe). */
const MAX_LIST_ITEMS = 65536;
const PUNCT = '={}[],';
/**
 * Parses LVM's config text (lib/config/config.c grammar, as written by vgcfgbackup and kept in
 * the metadata area): `name = value`, `name { ... }`, values "strings" (with \" and \\
 * escapes), integers, reals and [lists], # comments. Throws VolumeError naming the line on any
 * syntax error; depth and list size are bounded, and each step consumes input, so it always ends.
 * Settings, sections and list items together are bounded by limits.lvmMetadataNodes (a
 * LimitError past it): 16 MiB of "a{}" would otherwise become millions of Maps, over a GiB.
 * `base` is the byte offset of the text on the PV, for messages.
 */
function parseConfigText(text, base = 0) {
    const lexer = new Lexer(text, base);
    const root = parseEntries(lexer, 0, true);
    return root;
}
function parseEntries(lexer, depth, top) {
    const section = { entries: new Map() };
    for (;;) {
        const token = lexer.next();
        lexer.countNode(token.at);
        if (token.kind === 'end') {
            if (!top)
                throw lexer.error(token.at, 'the text ends inside a section (missing "}")');
            return section;
        }
        if (token.kind === 'punct' && token.text === '}') {
            if (top)
                throw lexer.error(token.at, 'unbalanced "}"');
            return section;
        }
        // A name made only of digits ("1 { ... }", an LV called 1) lexes as a number: it is still a name here.
        if (token.kind !== 'name' && token.kind !== 'number')
            throw lexer.error(token.at, `expected a setting or section name, found ${describe(token)}`);
        if (section.entries.has(token.text))
            throw lexer.error(token.at, `"${token.text}" is defined twice`);
        const after = lexer.next();
        if (after.kind === 'punct' && after.text === '{') {
            if (depth + 1 > MAX_CONFIG_DEPTH)
                throw lexer.error(after.at, `sections nest deeper than ${MAX_CONFIG_DEPTH}`);
            section.entries.set(token.text, parseEntries(lexer, depth + 1, false));
        }
        else if (after.kind === 'punct' && after.text === '=') {
            section.entries.set(token.text, parseValue(lexer));
        }
        else {
            throw lexer.error(after.at, `expected "=" or "{" after "${token.text}", found ${describe(after)}`);
        }
    }
}
function parseValue(lexer) {
    const token = lexer.next();
    if (token.kind === 'string')
        return token.text;
    if (token.kind === 'number')
        return token.value;
    if (token.kind === 'punct' && token.text === '[') {
        const items = [];
        for (;;) {
            const item = lexer.next();
            if (item.kind === 'punct' && item.text === ']')
                return items;
            if (item.kind === 'punct' && item.text === ',' && items.length > 0)
                continue;
            if (item.kind === 'string')
                items.push(item.text);
            else if (item.kind === 'number')
                items.push(item.value);
            else
                throw lexer.error(item.at, `expected a string, number or "]" in a list, found ${describe(item)}`);
            if (items.length > MAX_LIST_ITEMS)
                throw lexer.error(item.at, `a list holds more than ${MAX_LIST_ITEMS} items`);
            lexer.countNode(item.at);
        }
    }
    throw lexer.error(token.at, `expected a value, found ${describe(token)}`);
}
function describe(token) {
    switch (token.kind) {
        case 'end':
            return 'the end of the text';
        case 'number':
            return `the number ${token.value}`;
        case 'string':
            return 'a string';
        default:
            return `"${token.text}"`;
    }
}
/** Splits the text into tokens, skipping whitespace and # comments. */
class Lexer {
    text;
    base;
    pos = 0;
    nodes = 0;
    constructor(text, base) {
        this.text = text;
        this.base = base;
    }
    error(at, what) {
        const line = countLines(this.text, at);
        return new VolumeError('corrupt', `LVM metadata text line ${line}: ${what}`, { offset: this.base + at });
    }
    /** Counts one setting, section or list item against limits.lvmMetadataNodes. */
    countNode(at) {
        enforceBudget('volume', 'lvmMetadataNodes', ++this.nodes, (limit) => `LVM metadata text line ${countLines(this.text, at)}: more than ${limit} settings, sections and list items`, {
            offset: this.base + at,
        });
    }
    next() {
        const t = this.text;
        for (;;) {
            while (this.pos < t.length && /\s/.test(t[this.pos]))
                this.pos++;
            if (t[this.pos] !== '#')
                break;
            while (this.pos < t.length && t[this.pos] !== '\n')
                this.pos++;
        }
        const at = this.pos;
        if (at >= t.length)
            return { kind: 'end', at };
        const c = t[at];
        if (PUNCT.includes(c)) {
            this.pos++;
            return { kind: 'punct', text: c, at };
        }
        if (c === '"' || c === "'")
            return this.quoted(c, at);
        let end = at;
        while (end < t.length && !/[\s#"'={}[\],]/.test(t[end]))
            end++;
        this.pos = end;
        const word = t.slice(at, end);
        if (/^[+-]?\d+$/.test(word)) {
            const value = Number(word);
            if (!Number.isSafeInteger(value))
                throw this.error(at, `the integer ${word} is out of range`);
            return { kind: 'number', value, text: word, at };
        }
        if (/^[+-]?\d+\.\d*$/.test(word))
            return { kind: 'number', value: Number(word), text: word, at };
        return { kind: 'name', text: word, at };
    }
    /** A quoted string; a backslash makes the next character literal (\" and \\). */
    quoted(quote, at) {
        const t = this.text;
        // Runs between escapes are sliced, not built a character at a time.
        let out = '';
        let from = at + 1;
        let i = from;
        for (;;) {
            if (i >= t.length)
                throw this.error(at, 'a string is not closed');
            const c = t[i];
            if (c === quote)
                break;
            if (c === '\\') {
                if (i + 1 >= t.length)
                    throw this.error(at, 'a string is not closed');
                out += t.slice(from, i) + t[i + 1];
                i += 2;
                from = i;
                continue;
            }
            i++;
        }
        out += t.slice(from, i);
        this.pos = i + 1;
        return { kind: 'string', text: out, at };
    }
}
function countLines(text, at) {
    let line = 1;
    for (let i = 0; i < at && i < text.length; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}

/** Little-endian u32 at `at` of `bytes`. */
function u32(bytes, at) {
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
}
/**
 * Little-endian u64 at `at`, as a number; a value past 2^53 cannot be a real offset or size on
 * any disk we read, so it is corrupt (reported at `base + at`, the offset in the PV).
 */
function u64(bytes, at, field, base) {
    const value = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(at, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new VolumeError('corrupt', `LVM2 ${field} ${hex(value)} is beyond any disk size`, { offset: base + at });
    }
    return Number(value);
}
/** Bytes as Latin-1 text (labels and magics are ASCII). */
function ascii(bytes, at, length) {
    return String.fromCharCode(...bytes.subarray(at, at + length));
}

/**
 * LVM's calc_crc: the reflected CRC-32 polynomial with seed 0xf597a6cf and no final inversion.
 * zlib's crc32 inverts on entry and exit, so inverting around it gives the raw update.
 */
function lvmCrc(bytes) {
    return ~crc32$1(bytes, 174610736 >>> 0) >>> 0;
}

/** mda_header size: the text ring starts right after it. */
const MDA_HEADER_SIZE = 512;
/** mda_header.magic (lib/format_text/layout.h FMTT_MAGIC). */
const FMTT_MAGIC = ' LVM2 x[5A%r0N*>';
/** Largest metadata text we read: LVM's own default area is 1 MiB; 16 MiB is far beyond any real VG. */
const MAX_METADATA_TEXT = 16 * 1024 * 1024;
/** raw_locn.flags bit: this copy is to be ignored (pvchange --metadataignore). */
const RAW_LOCN_IGNORED = 0x1;
/**
 * Reads the mda_header at `area.offset` of the PV and the metadata text its first raw_locn
 * points at (the committed copy), following it round the circular buffer when it wraps.
 * Returns undefined when the area holds no metadata (a fresh PV, or a copy marked ignored).
 */
async function readMetadataArea(pv, area) {
    if (area.size < MDA_HEADER_SIZE * 2 || area.offset + area.size > pv.size) {
        throw new VolumeError('corrupt', `LVM metadata area ${hex(area.offset)}+${area.size} does not fit a header and text inside the PV (size ${pv.size})`, { offset: area.offset });
    }
    const h = await pv.read(area.offset, MDA_HEADER_SIZE);
    const at = area.offset;
    if (ascii(h, 0x04, 16) !== FMTT_MAGIC) {
        throw new VolumeError('corrupt', 'LVM mda_header.magic is not " LVM2 x[5A%r0N*>"', { offset: at + 0x04 });
    }
    const checksum = u32(h, 0x00); // mda_header.checksum_xl over the rest of the header
    const computed = lvmCrc(h.subarray(0x04));
    if (checksum !== computed) {
        throw new VolumeError('corrupt', `LVM mda_header checksum ${hex(checksum)} does not match the computed ${hex(computed)}`, { offset: at });
    }
    const version = u32(h, 0x14);
    if (version !== 1)
        throw new VolumeError('unsupported', `LVM mda_header.version ${version} (only 1 is known)`, { offset: at + 0x14 });
    const start = u64(h, 0x18, 'mda_header.start', at);
    const size = u64(h, 0x20, 'mda_header.size', at);
    if (start !== area.offset || size !== area.size) {
        throw new VolumeError('corrupt', `LVM mda_header says the area is ${hex(start)}+${size}, the pv_header says ${hex(area.offset)}+${area.size}`, { offset: at + 0x18 });
    }
    // raw_locn[0] (offset u64, size u64, checksum u32, flags u32) at 0x28 is the committed copy.
    const offset = u64(h, 0x28, 'raw_locn.offset', at);
    const length = u64(h, 0x30, 'raw_locn.size', at);
    const textChecksum = u32(h, 0x38);
    const flags = u32(h, 0x3c);
    if (offset === 0 || (flags & RAW_LOCN_IGNORED) !== 0)
        return undefined;
    const ring = size - MDA_HEADER_SIZE;
    if (offset < MDA_HEADER_SIZE || offset >= size) {
        throw new VolumeError('corrupt', `LVM raw_locn.offset ${hex(offset)} lies outside the metadata ring ${hex(MDA_HEADER_SIZE)}..${hex(size)}`, { offset: at + 0x28 });
    }
    if (length === 0 || length > ring || length > MAX_METADATA_TEXT) {
        throw new VolumeError('corrupt', `LVM raw_locn.size ${length} does not fit the ${ring}-byte metadata ring`, { offset: at + 0x30 });
    }
    // The text may wrap: what does not fit before the end of the area continues right after the header.
    const first = Math.min(length, size - offset);
    const bytes = new Uint8Array(length);
    bytes.set(await pv.read(start + offset, first), 0);
    if (first < length)
        bytes.set(await pv.read(start + MDA_HEADER_SIZE, length - first), first);
    const sum = lvmCrc(bytes);
    if (sum !== textChecksum) {
        throw new VolumeError('corrupt', `LVM metadata text checksum ${hex(sum)} does not match raw_locn.checksum ${hex(textChecksum)}`, { offset: start + offset });
    }
    const nul = bytes.indexOf(0);
    return { text: new TextDecoder('utf-8').decode(nul < 0 ? bytes : bytes.subarray(0, nul)), offset: start + offset };
}

/** LVM's sector size: every *_xl "sector" field and label offset counts these. */
const LVM_SECTOR = 512;
/** The label is looked for in the first four sectors (lib/label/label.h LABEL_SCAN_SECTORS). */
const LABEL_SCAN_SECTORS = 4;
/**
 * Finds and parses the PV label in `head` (the first four sectors of the PV). Returns undefined
 * when no sector carries "LABELONE" + "LVM2 001"; throws VolumeError when one does but its CRC,
 * self-reference or pv_header is wrong.
 */
function parsePvLabel(head) {
    for (let sector = 0; sector < LABEL_SCAN_SECTORS && (sector + 1) * LVM_SECTOR <= head.length; sector++) {
        const base = sector * LVM_SECTOR;
        const b = head.subarray(base, base + LVM_SECTOR);
        if (ascii(b, 0x00, 8) !== 'LABELONE')
            continue; // label_header.id
        if (ascii(b, 0x18, 8) !== 'LVM2 001') {
            throw new VolumeError('unsupported', `LVM label type "${ascii(b, 0x18, 8)}" is not "LVM2 001"`, { offset: base + 0x18 });
        }
        const sectorXl = u64(b, 0x08, 'label_header.sector_xl', base);
        if (sectorXl !== sector) {
            throw new VolumeError('corrupt', `LVM label in sector ${sector} says it is in sector ${sectorXl}`, { offset: base + 0x08 });
        }
        const crc = u32(b, 0x10); // label_header.crc_xl covers offset_xl to the end of the sector
        const computed = lvmCrc(b.subarray(0x14));
        if (crc !== computed) {
            throw new VolumeError('corrupt', `LVM label CRC ${hex(crc)} does not match the computed ${hex(computed)}`, { offset: base + 0x10 });
        }
        const offsetXl = u32(b, 0x14); // label_header.offset_xl: where pv_header starts in this sector
        if (offsetXl < 0x20 || offsetXl + 0x28 + 32 > LVM_SECTOR) {
            throw new VolumeError('corrupt', `LVM label offset_xl ${hex(offsetXl)} puts the pv_header outside its sector`, { offset: base + 0x14 });
        }
        const pvUuid = ascii(b, offsetXl, 32); // pv_header.pv_uuid
        if (!/^[A-Za-z0-9!#]{32}$/.test(pvUuid)) {
            throw new VolumeError('corrupt', 'LVM pv_header.pv_uuid is not 32 ID characters', { offset: base + offsetXl });
        }
        const deviceSize = u64(b, offsetXl + 0x20, 'pv_header.device_size_xl', base);
        let at = offsetXl + 0x28;
        const dataAreas = readLocnList(b, at, base, 'data');
        at += (dataAreas.length + 1) * 16;
        const metadataAreas = readLocnList(b, at, base, 'metadata');
        return { sector, pvUuid, deviceSize, dataAreas, metadataAreas };
    }
    return undefined;
}
/** A disk_locn list (offset u64, size u64 per entry) ended by an entry whose offset is 0. */
function readLocnList(b, start, base, what) {
    const list = [];
    for (let at = start;; at += 16) {
        if (at + 16 > b.length) {
            throw new VolumeError('corrupt', `LVM pv_header ${what}-area list runs past its sector without a terminating entry`, { offset: base + at });
        }
        const offset = u64(b, at, `pv_header ${what} area offset`, base);
        if (offset === 0)
            return list;
        list.push({ offset, size: u64(b, at + 8, `pv_header ${what} area size`, base) });
    }
}

/**
 * A ByteSource made of segments laid end to end, each linear or striped: an LVM logical
 * volume. The segments must cover [0, size) without gaps or overlaps, and each stripe area must
 * lie inside its PV; otherwise VolumeError (corrupt) names the segment.
 */
function segmentedSource(name, size, segments) {
    let expected = 0;
    for (const [i, s] of segments.entries()) {
        const where = `${name} segment ${i + 1}`;
        if (s.start !== expected || s.size <= 0)
            throw new VolumeError('corrupt', `${where} starts at ${hex(s.start)}, expected ${hex(expected)}`, { offset: s.start });
        const n = s.stripes.length;
        if (n === 0)
            throw new VolumeError('corrupt', `${where} has no stripes`, { offset: s.start });
        const width = s.size / n;
        if (n > 1 && (s.chunk <= 0 || !Number.isInteger(width) || width % s.chunk !== 0)) {
            throw new VolumeError('corrupt', `${where}: ${s.size} bytes do not split into ${n} stripes of whole ${s.chunk}-byte chunks`, { offset: s.start });
        }
        for (const area of s.stripes) {
            if (area.offset < 0 || area.offset + width > area.source.size) {
                throw new VolumeError('corrupt', `${where}: stripe ${hex(area.offset)}+${width} lies outside ${area.source.name} (size ${area.source.size})`, { offset: area.offset });
            }
        }
        expected += s.size;
    }
    if (expected !== size)
        throw new VolumeError('corrupt', `${name}: segments cover ${expected} bytes, the volume has ${size}`, { offset: expected });
    /** The segment holding LV byte `at` (binary search: segments are sorted and contiguous). */
    const find = (at) => {
        let lo = 0;
        let hi = segments.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (segments[mid].start <= at)
                lo = mid;
            else
                hi = mid - 1;
        }
        return segments[lo];
    };
    return {
        name,
        size,
        async read(offset, length) {
            checkRange({ name, size }, offset, length);
            const out = new Uint8Array(length);
            let at = offset;
            while (at < offset + length) {
                const s = find(at);
                const rel = at - s.start;
                let area;
                let pos;
                let run;
                if (s.stripes.length === 1) {
                    area = s.stripes[0];
                    pos = area.offset + rel;
                    run = s.size - rel;
                }
                else {
                    // Chunk k goes to stripe k mod n, as row floor(k / n) of that stripe.
                    const chunk = Math.floor(rel / s.chunk);
                    const within = rel % s.chunk;
                    area = s.stripes[chunk % s.stripes.length];
                    pos = area.offset + Math.floor(chunk / s.stripes.length) * s.chunk + within;
                    run = s.chunk - within;
                }
                const take = Math.min(run, offset + length - at);
                out.set(await area.source.read(pos, take), at - offset);
                at += take;
            }
            return out;
        },
    };
}

/** Reads typed fields out of a parsed section, naming the path on a mismatch. */
class Fields {
    section;
    where;
    offset;
    constructor(section, where, offset) {
        this.section = section;
        this.where = where;
        this.offset = offset;
    }
    corrupt(what) {
        return new VolumeError('corrupt', `LVM metadata ${this.where}: ${what}`, { offset: this.offset });
    }
    get(name) {
        const value = this.section.entries.get(name);
        if (value === undefined)
            throw this.corrupt(`"${name}" is missing`);
        return value;
    }
    int(name, min = 0) {
        const value = this.get(name);
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
            throw this.corrupt(`"${name}" is not an integer >= ${min}`);
        return value;
    }
    string(name) {
        const value = this.get(name);
        if (typeof value !== 'string')
            throw this.corrupt(`"${name}" is not a string`);
        return value;
    }
    list(name) {
        const value = this.section.entries.get(name) ?? [];
        if (!Array.isArray(value))
            throw this.corrupt(`"${name}" is not a list`);
        return value;
    }
    sections(name) {
        const value = this.section.entries.get(name);
        if (value === undefined)
            return [];
        if (!isSection(value))
            throw this.corrupt(`"${name}" is not a section`);
        return [...value.entries].map(([key, v]) => {
            if (!isSection(v))
                throw this.corrupt(`"${name}.${key}" is not a section`);
            return [key, v];
        });
    }
    child(section, where) {
        return new Fields(section, `${this.where} ${where}`, this.offset);
    }
}
function isSection(value) {
    return typeof value === 'object' && !Array.isArray(value);
}
/**
 * Interprets parsed metadata text: the one top-level section is the VG (the other top-level
 * entries are contents, version, description, creation_host/time). `offset` is where the text
 * is on the PV, for messages.
 */
function interpretVg(root, offset) {
    const vgs = [...root.entries].filter((e) => isSection(e[1]));
    if (vgs.length !== 1) {
        throw new VolumeError('corrupt', `LVM metadata text holds ${vgs.length} volume group sections (expected 1)`, { offset });
    }
    const [name, section] = vgs[0];
    const vg = new Fields(section, `VG ${name}`, offset);
    const pvs = vg.sections('physical_volumes').map(([key, s]) => {
        const f = vg.child(s, `PV ${key}`);
        return { key, uuid: f.string('id').replace(/-/g, ''), peStart: f.int('pe_start'), peCount: f.int('pe_count') };
    });
    const lvs = vg.sections('logical_volumes').map(([lvName, s]) => {
        const f = vg.child(s, `LV ${lvName}`);
        const status = f.list('status');
        const count = f.int('segment_count', 1);
        const segments = [];
        for (let i = 1; i <= count; i++) {
            const segment = s.entries.get(`segment${i}`);
            if (segment === undefined || !isSection(segment))
                throw f.corrupt(`segment${i} of ${count} is missing`);
            segments.push(readSegment(f.child(segment, `segment${i}`)));
        }
        return { name: lvName, id: f.string('id'), visible: status.includes('VISIBLE'), segments };
    });
    return { name, id: vg.string('id'), seqno: vg.int('seqno'), extentSize: vg.int('extent_size', 1), pvs, lvs };
}
function readSegment(f) {
    const type = f.string('type');
    const segment = { startExtent: f.int('start_extent'), extentCount: f.int('extent_count', 1), type, stripes: [] };
    if (type !== 'striped')
        return segment; // other kinds are named as unsupported by the caller
    const count = f.int('stripe_count', 1);
    const list = f.list('stripes');
    if (list.length !== count * 2)
        throw f.corrupt(`stripes lists ${list.length / 2} areas, stripe_count says ${count}`);
    for (let i = 0; i < list.length; i += 2) {
        const pv = list[i];
        const extent = list[i + 1];
        if (typeof pv !== 'string' || typeof extent !== 'number' || !Number.isSafeInteger(extent) || extent < 0) {
            throw f.corrupt(`stripes entry ${i / 2} is not "pvN", first extent`);
        }
        segment.stripes.push({ pv, extent });
    }
    if (count > 1)
        segment.stripeSize = f.int('stripe_size', 1);
    return segment;
}

/** Formats a 32-character PV/VG id as LVM prints it (6-4-4-4-4-4-6). */
function lvmId(raw) {
    return [raw.slice(0, 6), raw.slice(6, 10), raw.slice(10, 14), raw.slice(14, 18), raw.slice(18, 22), raw.slice(22, 26), raw.slice(26)].join('-');
}
/**
 * Finds LVM2 PVs among the candidates, reads each VG's newest metadata and maps every visible
 * LV onto the PVs present. Throws only when the medium fails: what cannot be read is a note, and the
 * other VGs and LVs are still returned.
 */
async function readLvm(candidates) {
    const scan = { pvs: [], vgs: [], volumes: [], notes: [] };
    const onDisk = new Map();
    const newest = new Map();
    for (const candidate of candidates) {
        const label = await noted(scan.notes, candidate.name, () => readLabel(candidate.source));
        if (!label)
            continue;
        scan.pvs.push({ name: candidate.name, label });
        onDisk.set(label.pvUuid, candidate.source);
        for (const area of label.metadataAreas) {
            const vg = await noted(scan.notes, `${candidate.name} (LVM PV ${lvmId(label.pvUuid)})`, async () => {
                const found = await readMetadataArea(candidate.source, area);
                return found && interpretVg(parseConfigText(found.text, found.offset), found.offset);
            });
            const seen = vg && newest.get(vg.id);
            if (vg && (!seen || vg.seqno > seen.seqno))
                newest.set(vg.id, vg);
        }
    }
    for (const vg of newest.values()) {
        scan.vgs.push(vg);
        const missing = vg.pvs.filter((pv) => !onDisk.has(pv.uuid));
        if (missing.length) {
            scan.notes.push(`LVM VG ${vg.name}: ${missing.map((pv) => `PV ${lvmId(pv.uuid)} (${pv.key})`).join(', ')} not on this disk`);
        }
        for (const lv of vg.lvs.filter((l) => l.visible)) {
            const source = await noted(scan.notes, `LV ${vg.name}/${lv.name}`, async () => mapLv(vg, lv, onDisk, scan.notes));
            if (source)
                scan.volumes.push({ vg: vg.name, lv: lv.name, source });
        }
    }
    return scan;
}
/** The PV label, if the source is long enough to hold one. */
async function readLabel(source) {
    if (source.size < LABEL_SCAN_SECTORS * LVM_SECTOR)
        return undefined;
    return parsePvLabel(await source.read(0, LABEL_SCAN_SECTORS * LVM_SECTOR));
}
/** Runs `step`; a tolerated GateError becomes a note "<name>: <description>" and the result undefined. */
async function noted(notes, name, step) {
    try {
        return await step();
    }
    catch (error) {
        notes.push(`${name}: ${describeRecord(toleratedError(error))}`);
        return undefined;
    }
}
/** Maps the LV's segments onto PV byte ranges; an unsupported kind or absent PV is a note. */
function mapLv(vg, lv, onDisk, notes) {
    const name = `LV ${vg.name}/${lv.name}`;
    const kinds = [...new Set(lv.segments.map((s) => s.type).filter((t) => t !== 'striped'))];
    if (kinds.length) {
        notes.push(`${name}: segment type ${kinds.join(', ')} is not read (only linear and striped LVs are)`);
        return undefined;
    }
    const extentBytes = vg.extentSize * LVM_SECTOR;
    const absent = new Set();
    const segments = [];
    const sorted = [...lv.segments].sort((a, b) => a.startExtent - b.startExtent);
    // By key once, not a search per stripe: hostile metadata may list many PVs and stripes.
    const pvByKey = new Map(vg.pvs.map((p) => [p.key, p]));
    for (const segment of sorted) {
        const perStripe = segment.extentCount / segment.stripes.length;
        const stripes = segment.stripes.map((stripe) => {
            const pv = pvByKey.get(stripe.pv);
            const source = pv && onDisk.get(pv.uuid);
            if (!pv || !source) {
                absent.add(pv ? `PV ${lvmId(pv.uuid)} (${pv.key})` : `"${stripe.pv}" (not among the VG's PVs)`);
                return undefined;
            }
            if (!Number.isInteger(perStripe) || stripe.extent + perStripe > pv.peCount) {
                throw new VolumeError('corrupt', `${name}: a segment of ${segment.extentCount} extents in ${segment.stripes.length} stripes from extent ${stripe.extent} does not fit ${pv.key} (pe_count ${pv.peCount})`, { offset: pv.peStart * LVM_SECTOR });
            }
            return { source, offset: pv.peStart * LVM_SECTOR + stripe.extent * extentBytes };
        });
        if (stripes.every((s) => s !== undefined)) {
            segments.push({ start: segment.startExtent * extentBytes, size: segment.extentCount * extentBytes, stripes, chunk: (segment.stripeSize ?? 0) * LVM_SECTOR });
        }
    }
    if (absent.size) {
        notes.push(`${name}: needs ${[...absent].join(', ')}, not on this disk`);
        return undefined;
    }
    const size = lv.segments.reduce((sum, s) => sum + s.extentCount, 0) * extentBytes;
    return segmentedSource(name, size, segments);
}

/** MBR types that are containers of other partitions, not volumes. */
const extendedTypes = new Set(['0x05', '0x0f', '0x85']);
/**
 * Reads the image and everything in it that the checks need, independent of intent.
 * Throws a GateError when the image itself cannot be read (missing file, unsupported or
 * corrupt container) and whenever the medium fails (an IoError of kind "io" anywhere: a blob
 * 5xx after retries, a short read): a partial read is never judged. A bad partition table,
 * filesystem or guest is recorded instead, so the layers that can be read are still reported.
 */
async function inspectImage(settings) {
    const started = process.hrtime.bigint();
    // A local file or a blob, behind the one block cache.
    const file = await openImageSource(settings.image, settings.blob);
    try {
        return await inspectSource(file, started);
    }
    finally {
        await file.close();
    }
}
/** inspectImage on an image already opened (tests put a failing medium under the cache here); the caller closes it. */
async function inspectSource(file, started = process.hrtime.bigint()) {
    const meter = new LayerMeter(file.stats);
    const { disk, info: container } = await openContainer(file.source);
    meter.mark('container');
    const problems = [...container.notes];
    const partitionTable = await readTableOrNone(disk, problems);
    problems.push(...partitionTable.notes.filter((n) => !problems.includes(n)));
    meter.mark('partition-table');
    const volumes = await openVolumes(disk, partitionTable, problems);
    // The ESP is read directly (not through the guest's fstab): UEFI firmware does the same.
    const esp = await readEspLoaders(espPartitions(partitionTable).map((p) => p.number), volumes);
    meter.mark('filesystems');
    let opened;
    let guestError;
    try {
        opened = await openGuest(volumes);
    }
    catch (error) {
        guestError = toleratedError(error);
    }
    meter.mark('guest');
    const facts = opened && (await collectFacts(opened.guest));
    meter.mark('facts');
    if (opened) {
        problems.push(...opened.plan.notes);
        for (const u of opened.plan.unresolved)
            problems.push(`/etc/fstab line ${u.entry.line} (${u.entry.file}): ${u.reason}`);
    }
    // Readers record what they tolerated while reading (bad CRCs): only known once facts are collected.
    problems.push(...readerWarnings(volumes));
    const image = {
        source: file.name,
        container,
        partitionTable,
        filesystems: volumes.map((v) => summarise(v, opened)),
        mounts: (opened?.plan.mounts ?? []).map((m) => ({ mountPoint: m.mountPoint, volume: m.volume.name, fsType: m.volume.fs.type })),
        problems,
        ...(esp ? { esp } : {}),
        ...(file.blob ? { blob: file.blob } : {}),
    };
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { image, facts, guestError, detected: detectOsState(facts), io: { ...file.stats(), seconds, layers: meter.layers() } };
}
/** Inspects, then runs every rule that applies to the intent. */
async function checkImage(settings) {
    return judge(await inspectImage(settings), settings);
}
/** Runs the rules on what inspection read and gives the verdict. */
function judge(inspected, settings) {
    const { findings, notRun } = runRules(rules, { image: inspected.image, facts: inspected.facts, intent: settings.intent }, { docsUrl: settings.docsUrl });
    const failing = findings.some((f) => f.severity === 'error' || (settings.failOn === 'warning' && f.severity === 'warning'));
    // An unreadable guest (encrypted, unsupported or corrupt root) means the OS-state checks could
    // not run: that is "could not inspect" (exit 2) even when disk-level findings failed too.
    const verdict = !inspected.facts ? 'error' : failing ? 'fail' : 'pass';
    return { ...inspected, intent: settings.intent, findings, notRun, verdict };
}
/** A corrupt partition table is reported, and the disk is then probed as a single volume. */
async function readTableOrNone(disk, problems) {
    try {
        return await readPartitionTable(disk);
    }
    catch (error) {
        const why = describeRecord(toleratedError(error));
        problems.push(why);
        return { scheme: 'none', mbrBootCode: false, notes: [why], partitions: [] };
    }
}
/**
 * Identifies and, where we have a reader, opens what is on each partition (or the whole disk),
 * then each LVM logical volume on the PVs among them; LVM notes (missing PVs, LV kinds not read)
 * go to `problems`.
 */
async function openVolumes(disk, table, problems) {
    const volumes = table.partitions.length
        ? table.partitions
            .filter((p) => !extendedTypes.has(p.type))
            .map((p) => ({
            name: `partition ${p.number}`,
            source: p.source,
            partitionNumber: p.number,
            partUuid: p.partUuid,
            partLabel: p.label,
            identity: {},
        }))
        : [{ name: 'disk', source: disk, identity: {} }];
    for (const volume of volumes)
        await identifyAndOpen(volume);
    const lvm = await readLvm(volumes.filter((v) => v.fsType === 'LVM2_member'));
    problems.push(...lvm.notes);
    for (const { vg, lv, source } of lvm.volumes) {
        const volume = { name: `LV ${vg}/${lv}`, source, lvm: { vg, lv }, identity: {} };
        await identifyAndOpen(volume);
        volumes.push(volume);
    }
    return volumes;
}
async function identifyAndOpen(volume) {
    const found = await identifyVolume(volume.source);
    volume.fsType = found?.type;
    volume.identity = { uuid: found?.uuid, label: found?.label };
    try {
        volume.fs = await openFilesystem(volume.source);
        if (volume.fs)
            volume.identity = volume.fs.identity;
    }
    catch (error) {
        volume.error = toleratedError(error);
    }
}
/** Most reader warnings reported per volume; the rest are counted. */
const MAX_WARNINGS_PER_VOLUME = 10;
function readerWarnings(volumes) {
    return volumes.flatMap((v) => {
        const warnings = [...new Set(v.fs?.warnings ?? [])];
        const shown = warnings.slice(0, MAX_WARNINGS_PER_VOLUME).map((w) => `${v.name} (${v.fs.type}): ${w}`);
        if (warnings.length > shown.length)
            shown.push(`${v.name} (${v.fs.type}): ${warnings.length - shown.length} more warnings`);
        return shown;
    });
}
function summarise(volume, opened) {
    const mount = opened?.plan.mounts.find((m) => m.volume === volume);
    return {
        volume: volume.name,
        ...(volume.partitionNumber !== undefined ? { partition: volume.partitionNumber } : {}),
        type: volume.fs?.type ?? volume.fsType ?? 'unknown',
        ...(volume.identity.uuid ? { uuid: volume.identity.uuid } : {}),
        ...(volume.identity.label ? { label: volume.identity.label } : {}),
        size: volume.source.size,
        ...(mount ? { mountPoint: mount.mountPoint } : {}),
        ...(volume.error ? { error: volume.error } : {}),
    };
}

/**
 * Image content is attacker-controlled: a user name, a path, a file excerpt or a filesystem
 * label can carry text that a CI runner or a terminal would act on. Every reporter runs what it
 * prints through these functions, so nothing from the image can
 *
 * - start a GitHub workflow command: the runner (actions/runner ActionCommandManager) reads a
 *   line whose text, after leading whitespace, starts with `::` (`::error::`, `::add-mask::`,
 *   `::stop-commands::`), and the older `##[command]` form anywhere in a line;
 * - run an Azure Pipelines logging command: the agent (microsoft/azure-pipelines-agent
 *   Command.TryParse) finds `##vso[` anywhere in a line, and shows `##[group]`/`##[error]` lines
 *   specially;
 * - drive the terminal: ESC/CSI/OSC sequences (clear screen, hyperlinks, title), C1 controls,
 *   carriage return and backspace (overwrite what was printed), bidirectional overrides (show
 *   text in another order than it is).
 *
 * Such characters are shown visibly (`\x1b`, `\r`, `\u202e`), never dropped, so the report still
 * says what the image holds. JSON reports keep every string exact: there the same characters
 * are written as JSON escapes (`\u001b`, `\u005b`), which parse back to the original text.
 */
/**
 * Characters never printed raw: C0 controls (tab and newline included: image text is always
 * one line in a report), DEL and C1 controls, bidi marks, embeddings, overrides and isolates,
 * zero-width and invisible characters, line/paragraph separators, the BOM, interlinear
 * annotation marks, and lone surrogates.
 */
const unsafe = /[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** The same set without newline and tab: what a whole report may contain only as escapes. */
const unsafeInOutput = new RegExp(unsafe.source.replace('\\x00-\\x1f', '\\x00-\\x08\\x0b-\\x1f'), 'g');
const named = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** `\r`, `\x1b`, `\u202e`: how an unsafe character is shown. */
function visible(ch) {
    const code = ch.charCodeAt(0);
    return named[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}
/**
 * `##vso[` and `##[` (any case) anywhere, and `::` at a line start after optional whitespace:
 * the runner-command prefixes. The `[` or the first `:` is shown as `\x5b` / `\x3a`.
 */
const vsoOrLegacyPrefix = /##(vso)?\[/gi;
const workflowCommandStart = /^(\s*):(?=:)/gm;
/**
 * Image text for one line of a report: every unsafe character shown visibly (newlines too, so
 * it cannot start a line) and runner-command prefixes broken.
 */
function oneLine(text) {
    return neutraliseCommands(text.replace(unsafe, visible));
}
/**
 * A whole report, log line or message before it is printed: newlines and tabs stay, every other
 * unsafe character is shown visibly, and no line can run a runner command. Reporters apply it
 * to their final output, so text added to a report later is covered as well.
 */
function neutraliseOutput(text) {
    return neutraliseCommands(text.replace(unsafeInOutput, visible));
}
function neutraliseCommands(text) {
    return text.replace(vsoOrLegacyPrefix, (_m, vso) => `##${vso ?? ''}\\x5b`).replace(workflowCommandStart, '$1\\x3a');
}
/**
 * Serialised JSON, kept exact: unsafe characters JSON.stringify leaves raw (DEL, C1, bidi,
 * U+2028/9) and the `[` of a runner-command prefix become `\uXXXX` escapes inside their
 * strings. `JSON.parse` gives back the same values; no line of the text runs a command.
 */
function neutraliseJson(json) {
    const escape = (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    return json.replace(unsafeInOutput, escape).replace(vsoOrLegacyPrefix, (m) => `${m.slice(0, -1)}\\u005b`);
}

/** Severities from most to least severe: the order every report groups findings in. */
const severities = ['error', 'warning', 'info'];
/** Headings for each severity group. */
const severityTitle = { error: 'Errors', warning: 'Warnings', info: 'Info' };
/**
 * Heading of image.problems in the reports: what the readers read past (a bad backup GPT, XFS
 * CRC mismatches, an fstab line that matches no volume). The verdict stands, but a user should
 * know the image is not clean.
 */
const toleratedTitle = 'Problems the readers tolerated';
/** Findings of one severity, in the order the engine produced them. */
function bySeverity(findings, severity) {
    return findings.filter((f) => f.severity === severity);
}
/** "2 errors, 1 warning, 0 info". */
function countLine(findings) {
    const n = (s) => bySeverity(findings, s).length;
    const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;
    return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${n('info')} info`;
}
/** Plain one-line text (terminal, log, annotation, logging command): unsafe characters shown visibly. */
const plainStyle = { text: oneLine, code: (text) => `\`${oneLine(text)}\`` };
/** One line for one piece of evidence: "/etc/waagent.conf:12 `Provisioning.Agent=auto`", or its detail. */
function evidenceLine(evidence, style = plainStyle) {
    const parts = [];
    if (evidence.path)
        parts.push(style.text(evidence.line === undefined ? evidence.path : `${evidence.path}:${evidence.line}`));
    if (evidence.excerpt)
        parts.push(style.code(evidence.excerpt));
    if (evidence.detail)
        parts.push(style.text(evidence.detail));
    return parts.join(' ');
}
/** Bytes as "1.5 MiB" (binary units, one decimal). */
function humanBytes(bytes) {
    const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit += 1;
    }
    return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Display order and names of intent fields in every report. */
const intentFields = [
    'osState',
    'hyperVGeneration',
    'architecture',
    'securityType',
    'acceleratedNetworking',
    'diskControllerTypes',
];
/** The value of one intent field as text, or undefined when it is not set. */
function intentValue(intent, field) {
    const value = intent[field];
    if (value === undefined)
        return undefined;
    if (Array.isArray(value))
        return value.join(', ');
    return String(value);
}
/** "osState generalized (--os-state)" for every set field, in display order. */
function intentSummary(intent) {
    return intentFields.flatMap((field) => {
        const value = intentValue(intent, field);
        if (value === undefined)
            return [];
        const source = intent.sources[field];
        return [`${field} ${value}${source ? ` (${source})` : ''}`];
    });
}
/** " (differs from the intended generalized)" when the image clearly looks like the other OS state; else "". */
function osStateMismatch(intent, detected) {
    if (detected === 'unclear' || intent.osState === undefined || intent.osState === detected)
        return '';
    return ` (differs from the intended ${intent.osState})`;
}

/**
 * Console report of a check: verdict, intent vs detected, findings by severity, rules not run,
 * problems the readers tolerated, I/O.
 * Text that may come from the image is put on its line by `oneLine`; the whole report then goes
 * through `neutraliseOutput` (report/neutralise.ts), so no line of it can run a runner command.
 */
function renderCheckText(result, options) {
    const lines = [];
    lines.push(`vhd-gate check ${oneLine(result.image.source)}: ${verdictWord(result.verdict)} (${countLine(result.findings)}; fails on ${options.failOn})`);
    if (result.guestError) {
        lines.push(`  could not read the guest: ${oneLine(describeRecord(result.guestError))}`);
    }
    lines.push('');
    lines.push(`Intent:   ${oneLine(intentSummary(result.intent).join('; ')) || '(none)'}`);
    for (const note of result.intent.notes ?? [])
        lines.push(`          note: ${oneLine(note)}`);
    lines.push(`Detected: ${result.detected.osState}${osStateMismatch(result.intent, result.detected.osState)}`);
    for (const evidence of result.detected.evidence)
        lines.push(`  - ${oneLine(evidence)}`);
    for (const severity of severities) {
        const group = bySeverity(result.findings, severity);
        if (group.length === 0)
            continue;
        lines.push('', `${severityTitle[severity]} (${group.length})`);
        group.forEach((finding, i) => {
            // Findings of one rule that share symptom and fix (one per history file, say) print them once, after the last.
            const next = group[i + 1];
            const sameAsNext = next !== undefined && next.ruleId === finding.ruleId && next.symptom === finding.symptom && next.fix === finding.fix;
            lines.push(...findingLines(finding, !sameAsNext));
        });
    }
    if (result.notRun.length > 0) {
        lines.push('', `Not run (${result.notRun.length})`);
        for (const n of result.notRun)
            lines.push(`  ${n.ruleId}: ${oneLine(n.reason)}`);
    }
    if (result.image.problems.length > 0) {
        lines.push('', `${toleratedTitle} (${result.image.problems.length})`);
        for (const problem of result.image.problems)
            lines.push(`  ${oneLine(problem)}`);
    }
    lines.push('', ioLine(result.io));
    return neutraliseOutput(redact(lines.join('\n') + '\n'));
}
/** The one line printed when the image could not be inspected at all (exit 2). */
function renderErrorText(source, record) {
    return neutraliseOutput(redact(`vhd-gate: cannot inspect ${oneLine(source)}: ${oneLine(describeRecord(record))}\n`));
}
function verdictWord(verdict) {
    return verdict === 'pass' ? 'PASS' : verdict === 'fail' ? 'FAIL' : 'ERROR';
}
function findingLines(finding, withAdvice) {
    // Symptom and fix may span lines on purpose; each line is still shown as one line of text.
    const field = (name, text) => `      ${`${name}:`.padEnd(10)}${text.split(/\r?\n/).map(oneLine).join(`\n${' '.repeat(16)}`)}`;
    const lines = [`  [${finding.severity}] ${finding.ruleId}: ${oneLine(finding.message)}`];
    for (const evidence of finding.evidence)
        lines.push(field('evidence', evidenceLine(evidence)));
    if (!withAdvice)
        return lines;
    lines.push(field('symptom', finding.symptom));
    lines.push(field('fix', finding.fix));
    lines.push(field('docs', oneLine(finding.docs)));
    return lines;
}
/** "I/O: read 1.5 MiB (1572864 bytes) in 42 reads, 0.31 s". */
function ioLine(io) {
    const total = `I/O: read ${humanBytes(io.bytesRead)}${io.bytesRead >= 1024 ? ` (${io.bytesRead} bytes)` : ''} in ${io.reads} reads, ${io.seconds.toFixed(2)} s`;
    if (!io.layers?.length)
        return total;
    const split = io.layers.map((l) => `${l.layer} ${humanBytes(l.bytesRead)}/${l.reads} reads/${l.seconds.toFixed(2)} s`).join(', ');
    return `${total}\n     by layer: ${split}`;
}

const maxDepth = 12;
function plain(value, depth = 0) {
    if (value === undefined || value === null)
        return null;
    if (typeof value === 'boolean' || typeof value === 'string')
        return value;
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : String(value);
    if (typeof value === 'bigint')
        return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol')
        return null;
    if (depth >= maxDepth)
        return '(nested too deep)';
    if (value instanceof Uint8Array)
        return `(${value.length} bytes)`;
    if (Array.isArray(value))
        return value.map((v) => plain(v, depth + 1));
    if (value instanceof Set)
        return [...value].map((v) => plain(v, depth + 1));
    if (value instanceof Map)
        return ordered(Object.fromEntries(value), [], depth + 1);
    if (isByteSource(value))
        return `(byte source, ${value.size} bytes)`;
    return ordered(value, [], depth + 1);
}
/** An object with `first` keys in that order (null when absent), then the rest; undefined and function values dropped. */
function ordered(obj, first, depth = 0, omit = []) {
    const out = {};
    for (const key of first)
        out[key] = plain(obj[key], depth + 1);
    for (const [key, value] of Object.entries(obj)) {
        if (key in out || omit.includes(key) || value === undefined || typeof value === 'function')
            continue;
        if (isByteSource(value))
            continue;
        out[key] = plain(value, depth + 1);
    }
    return out;
}
function isByteSource(value) {
    return typeof value === 'object' && value !== null && typeof value.read === 'function' && typeof value.size === 'number';
}

/**
 * The JSON report: one object, keys in a fixed order, documented field by field in
 * docs/json-report.md. Bump `schemaVersion` on any incompatible change.
 */
const schemaVersion = 2;
/** Report of `vhd-gate check` (and the action's `report` output). */
function checkReport(result) {
    return {
        schemaVersion,
        verdict: result.verdict,
        intent: intentJson(result.intent),
        detected: detectedJson(result),
        image: imageJson(result.image),
        guestError: result.guestError ? errorJson(result.guestError) : null,
        findings: result.findings.map((f) => ({
            ruleId: f.ruleId,
            severity: f.severity,
            message: f.message,
            evidence: f.evidence.map((e) => ordered({ ...e }, ['path', 'line', 'excerpt', 'detail'])),
            symptom: f.symptom,
            fix: f.fix,
            docs: f.docs,
        })),
        notRun: result.notRun.map((n) => ({ ruleId: n.ruleId, reason: n.reason, subjects: n.unavailable.map((u) => u.subject) })),
        io: ioJson(result.io),
        ...(result.verdict === 'error' && result.guestError ? { error: errorJson(result.guestError) } : {}),
    };
}
/** Report of `vhd-gate inspect`: what the gate sees, no intent and no verdict. */
function inspectReport(result) {
    return {
        schemaVersion,
        detected: detectedJson(result),
        image: imageJson(result.image),
        guestError: result.guestError ? errorJson(result.guestError) : null,
        facts: result.facts ? withoutSecrets(factsJson(result.facts)) : null,
        io: ioJson(result.io),
    };
}
/** Report when the image could not be inspected at all (exit 2). */
function errorReport(source, record, intent) {
    return {
        schemaVersion,
        verdict: 'error',
        intent: intent ? intentJson(intent) : null,
        image: { source },
        error: errorJson(record),
    };
}
/**
 * Serialises a report: two-space indentation, trailing newline, secrets redacted, and characters
 * a terminal or CI runner would act on written as JSON escapes (values unchanged; report/neutralise.ts).
 */
function renderJson(report) {
    return neutraliseJson(redact(JSON.stringify(report, null, 2) + '\n'));
}
/**
 * Facts keep some image text as it is (a kernel command line, a waagent setting's value, every
 * os-release field); before they are dumped, secrets are masked (facts/secrets.ts): every string
 * through `maskSecrets`; a string under a secret-named key (`fields.BUILD_TOKEN`, an image map's
 * `PASSWORD`); and the value of an image setting whose key or name is a secret
 * (`{name: "password", value, raw}`). Our own fact fields whose names contain such a word hold no
 * secret and are listed in `factFieldNames`.
 */
function withoutSecrets(value, under = '') {
    if (typeof value === 'string')
        return isSecretKey(under) && !factFieldNames.has(under) ? hiddenValue : maskSecrets(value);
    if (Array.isArray(value))
        return value.map((v) => withoutSecrets(v));
    if (value === null || typeof value !== 'object')
        return value;
    const named = typeof value.key === 'string' ? value.key : typeof value.name === 'string' ? value.name : undefined;
    const secretSetting = named !== undefined && isSecretKey(named);
    const out = {};
    for (const [key, v] of Object.entries(value))
        out[maskSecrets(key)] = secretSetting && ['value', 'values', 'raw'].includes(key) ? hiddenValue : withoutSecrets(v, key);
    return out;
}
/** Fact fields (src/facts types) whose names contain a secret word but whose string values are not secrets. */
const factFieldNames = new Set(['key', 'keyword', 'keyGenerator', 'passwordSource']);
function intentJson(intent) {
    const out = {};
    for (const field of intentFields)
        out[field] = plain(intent[field]);
    const sources = {};
    for (const field of intentFields)
        if (intent.sources[field] !== undefined)
            sources[field] = intent.sources[field];
    out.sources = sources;
    out.notes = [...(intent.notes ?? [])];
    return out;
}
function detectedJson(result) {
    return { osState: result.detected.osState, evidence: [...result.detected.evidence] };
}
function imageJson(image) {
    const table = image.partitionTable;
    return {
        source: image.source,
        ...(image.blob ? { blob: { blobType: image.blob.blobType } } : {}),
        container: ordered({ ...image.container }, ['format', 'virtualSize', 'fileSize', 'footer', 'notes']),
        partitionTable: {
            ...ordered({ ...table }, ['scheme', 'diskId', 'mbrBootCode', 'gptHeader', 'hybridMbr', 'notes'], 0, ['partitions']),
            partitions: table.partitions.map((p) => ordered({ ...p }, ['number', 'start', 'size', 'type', 'typeName', 'label', 'partUuid', 'bootable'], 0, ['source'])),
        },
        filesystems: image.filesystems.map((f) => ({
            ...ordered({ ...f }, ['volume', 'partition', 'type', 'uuid', 'label', 'size', 'mountPoint'], 0, ['error']),
            error: f.error ? errorJson(f.error) : null,
        })),
        mounts: image.mounts.map((m) => ({ mountPoint: m.mountPoint, volume: m.volume, fsType: m.fsType })),
        problems: [...image.problems],
    };
}
function ioJson(io) {
    return {
        bytesRead: io.bytesRead,
        reads: io.reads,
        ...(io.cacheHits !== undefined ? { cacheHits: io.cacheHits } : {}),
        ...(io.retries !== undefined ? { retries: io.retries } : {}),
        seconds: Math.round(io.seconds * 1000) / 1000,
        ...(io.layers
            ? { layers: io.layers.map((l) => ({ layer: l.layer, bytesRead: l.bytesRead, reads: l.reads, seconds: Math.round(l.seconds * 1000) / 1000 })) }
            : {}),
    };
}
/** Guest facts as collected; each unavailable subject carries its error record and, for older readers, the one-line reason. */
function factsJson(facts) {
    const { unavailable, ...subjects } = facts;
    return {
        ...plain(subjects),
        unavailable: unavailable.map((u) => ({ subject: u.subject, reason: describeRecord(u.error), error: errorJson(u.error) })),
    };
}
/** An error record: where (layer, offset, guest path), what kind, the budget for a limit, and the message. */
function errorJson(record) {
    return {
        layer: record.layer,
        kind: record.kind,
        offset: record.offset,
        path: record.path,
        budget: record.budget ? { name: record.budget.name, limit: record.budget.limit } : null,
        message: record.message,
    };
}

/**
 * The parts of an ARM template vhd-gate reads: the Microsoft.Compute/galleries/images
 * resource (top level, nested under its gallery, or inside a nested deployment) and the
 * simple expressions its properties use. We do not evaluate ARM expressions in general:
 * only `[parameters('x')]` and `[variables('x')]`, resolved from the template's own
 * defaultValue / variables. Anything else is reported as unresolved, never guessed.
 */
const galleryImageType = 'microsoft.compute/galleries/images';
/** Bounds parameter -> variable -> parameter chains; a template cannot make us loop. */
const maxResolveDepth = 8;
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** An ARM template has a deploymentTemplate $schema or a `resources` list/map. */
function isArmTemplate(doc) {
    const schema = typeof doc.$schema === 'string' ? doc.$schema.toLowerCase() : '';
    return schema.includes('deploymenttemplate') || Array.isArray(doc.resources) || (isObject(doc.resources) && 'contentVersion' in doc);
}
/** Gets `key` from an object ignoring case: ARM property and parameter names are case-insensitive. */
function getIgnoreCase(obj, key) {
    if (key in obj)
        return obj[key];
    const lower = key.toLowerCase();
    const found = Object.keys(obj).find((k) => k.toLowerCase() === lower);
    return found === undefined ? undefined : obj[found];
}
/** Resources as an array: templates list them in an array; Bicep's languageVersion 2.0 output uses a symbolic-name map. */
function resourceList(resources) {
    if (Array.isArray(resources))
        return resources.filter(isObject);
    if (isObject(resources))
        return Object.values(resources).filter(isObject);
    return [];
}
/** Every gallery image resource in the template, including nested child resources and nested deployments. */
function findGalleryImages(template) {
    const found = [];
    const walk = (resources, parentType, scope, depth) => {
        if (depth > maxResolveDepth)
            return;
        for (const resource of resourceList(resources)) {
            const ownType = typeof resource.type === 'string' ? resource.type : '';
            // A child declared inside its parent's `resources` may use the short type ("images").
            const type = parentType && !ownType.includes('/') ? `${parentType}/${ownType}` : ownType;
            const properties = resource.properties;
            if (type.toLowerCase() === galleryImageType && isObject(properties)) {
                found.push({ name: typeof resource.name === 'string' ? resource.name : '(unnamed)', properties, template: scope });
            }
            if (type.toLowerCase() === 'microsoft.resources/deployments' && isObject(properties) && isObject(properties.template)) {
                walk(properties.template.resources, '', properties.template, depth + 1);
            }
            walk(resource.resources, type, scope, depth + 1);
        }
    };
    walk(template.resources, '', template, 0);
    return found;
}
/**
 * Resolves one property value. Strings in brackets are ARM expressions; "[[" escapes a
 * literal bracket. Non-strings are returned as they are.
 */
function resolveArmValue(value, template, depth = 0) {
    if (typeof value !== 'string' || !value.startsWith('[') || !value.endsWith(']'))
        return { value };
    if (value.startsWith('[['))
        return { value: value.slice(1) };
    if (depth >= maxResolveDepth)
        return { unresolved: `${value} (expressions nest deeper than ${maxResolveDepth} levels)` };
    const reference = /^\[\s*(parameters|variables)\(\s*'([^']*)'\s*\)\s*\]$/i.exec(value);
    if (!reference)
        return { unresolved: `${value} is an ARM expression vhd-gate does not evaluate` };
    const kind = reference[1].toLowerCase();
    const name = reference[2];
    if (kind === 'parameters') {
        const parameters = isObject(template.parameters) ? template.parameters : {};
        const parameter = getIgnoreCase(parameters, name);
        if (!isObject(parameter))
            return { unresolved: `${value}: the template declares no parameter "${name}"` };
        if (!('defaultValue' in parameter))
            return { unresolved: `${value}: parameter "${name}" has no defaultValue` };
        return chain(value, resolveArmValue(parameter.defaultValue, template, depth + 1));
    }
    const variables = isObject(template.variables) ? template.variables : {};
    const variable = getIgnoreCase(variables, name);
    if (variable === undefined)
        return { unresolved: `${value}: the template declares no variable "${name}"` };
    return chain(value, resolveArmValue(variable, template, depth + 1));
}
/** Prefixes an inner failure with the outer expression, so the user sees the whole chain. */
function chain(outer, inner) {
    return 'unresolved' in inner ? { unresolved: `${outer} -> ${inner.unresolved}` } : inner;
}

/**
 * Value parsers for intended settings. Azure compares these enum values case-insensitively
 * ("generalized", "Generalized" and "GENERALIZED" all create the same definition), so we do
 * too, and return the canonical spelling. `origin` names where the value came from
 * ("--os-state", "osState in def.json") so the error tells the user what to fix.
 */
/** Canonical security types used by gallery image definitions (see RULES.md section 0). */
const securityTypes = [
    'Standard',
    'TrustedLaunch',
    'TrustedLaunchSupported',
    'ConfidentialVM',
    'ConfidentialVMSupported',
    'TrustedLaunchAndConfidentialVmSupported',
];
const diskControllerTypes = ['SCSI', 'NVMe'];
/** Finds `raw` among `allowed` ignoring case, or throws an IntentError listing the allowed values. */
function oneOf$1(raw, allowed, what, origin) {
    const text = typeof raw === 'string' ? raw.trim() : raw;
    const match = typeof text === 'string' ? allowed.find((a) => a.toLowerCase() === text.toLowerCase()) : undefined;
    if (match === undefined) {
        const article = /^[aeiouAEIOU]/.test(what) ? 'an' : 'a';
        throw new IntentError(`${origin}: ${JSON.stringify(text)} is not ${article} ${what}; expected ${allowed.join(' or ')}`);
    }
    return match;
}
function parseOsState(raw, origin) {
    return oneOf$1(raw, ['Generalized', 'Specialized'], 'OS state', origin).toLowerCase();
}
function parseHyperVGeneration(raw, origin) {
    return oneOf$1(raw, ['V1', 'V2'], 'Hyper-V generation', origin);
}
function parseArchitecture(raw, origin) {
    return oneOf$1(raw, ['x64', 'Arm64'], 'architecture', origin);
}
function parseSecurityType(raw, origin) {
    return oneOf$1(raw, securityTypes, 'security type', origin);
}
/** `IsAcceleratedNetworkSupported` is a string feature ("True"/"False"); ARM templates may also use a JSON boolean. */
function parseBoolean(raw, origin) {
    if (typeof raw === 'boolean')
        return raw;
    return oneOf$1(raw, ['True', 'False'], 'boolean', origin) === 'True';
}
/** `DiskControllerTypes` is one comma-separated string feature: "SCSI, NVMe", "NVMe,SCSI". */
function parseDiskControllerTypes(raw, origin) {
    if (typeof raw !== 'string' || raw.trim() === '') {
        throw new IntentError(`${origin}: ${JSON.stringify(raw)} is not a list of disk controller types; expected e.g. "SCSI, NVMe"`);
    }
    return raw.split(',').map((part) => oneOf$1(part, diskControllerTypes, 'disk controller type', origin));
}

/** Field name in the definition -> intent field and parser. */
const topLevelFields = {
    osState: { field: 'osState', parse: parseOsState },
    hyperVGeneration: { field: 'hyperVGeneration', parse: parseHyperVGeneration },
    architecture: { field: 'architecture', parse: parseArchitecture },
};
/** `features[].name` (case-insensitive) -> intent field and parser. */
const featureFields = {
    securitytype: { field: 'securityType', parse: parseSecurityType },
    isacceleratednetworksupported: { field: 'acceleratedNetworking', parse: parseBoolean },
    diskcontrollertypes: { field: 'diskControllerTypes', parse: parseDiskControllerTypes },
};
/**
 * Parses an image-definition file: the JSON `az sig image-definition show` prints, the
 * REST API body (fields under `properties`), or an ARM template with one
 * Microsoft.Compute/galleries/images resource. `label` names the file in messages.
 */
function parseImageDefinition(text, label) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (cause) {
        throw new IntentError(`cannot read ${label} as JSON: ${cause.message}`, { cause });
    }
    if (!isObject(doc))
        throw new IntentError(`${label} is not a JSON object; expected an image definition or an ARM template`);
    if (isArmTemplate(doc)) {
        const images = findGalleryImages(doc);
        if (images.length === 0) {
            throw new IntentError(`${label} is an ARM template without a Microsoft.Compute/galleries/images resource`);
        }
        if (images.length > 1) {
            throw new IntentError(`${label} defines ${images.length} gallery image definitions (${images.map((i) => i.name).join(', ')}); pass a file with one`);
        }
        const image = images[0];
        return readProperties(image.properties, label, 'arm-template', (v) => resolveArmValue(v, image.template));
    }
    const properties = getIgnoreCase(doc, 'properties');
    if (isObject(properties) && getIgnoreCase(doc, 'osState') === undefined) {
        return readProperties(properties, label, 'rest-api', (value) => ({ value }));
    }
    return readProperties(doc, label, 'az-cli', (value) => ({ value }));
}
function readProperties(properties, label, shape, resolve) {
    const result = { shape, values: {}, notes: [] };
    const take = (field, where, raw, parse) => {
        if (raw === undefined || raw === null)
            return;
        const resolved = resolve(raw);
        if ('unresolved' in resolved) {
            result.notes.push(`${where} in ${label} is not known: ${resolved.unresolved}`);
            return;
        }
        const value = parse(resolved.value, `${where} in ${label}`);
        result.values[field] = { value, raw: String(resolved.value), field: where };
    };
    for (const [name, { field, parse }] of Object.entries(topLevelFields)) {
        take(field, name, getIgnoreCase(properties, name), parse);
    }
    const features = getIgnoreCase(properties, 'features');
    if (Array.isArray(features)) {
        for (const feature of features) {
            if (!isObject(feature))
                continue;
            const name = resolve(feature.name);
            if (!('value' in name) || typeof name.value !== 'string')
                continue;
            const known = featureFields[name.value.toLowerCase()];
            if (known)
                take(known.field, `features[${name.value}]`, feature.value, known.parse);
        }
    }
    return result;
}

/**
 * Combines caller-given values with a definition file. A given value that agrees with the
 * file is fine (both are named as sources); one that differs is the caller's mistake and
 * throws, because silently preferring either would gate against the wrong definition.
 */
function buildIntent(inputs) {
    const intent = { sources: {} };
    const definition = inputs.definition;
    if (definition) {
        for (const [field, fileValue] of Object.entries(definition.file.values)) {
            intent[field] = fileValue.value;
            intent.sources[field] = definition.label;
        }
        if (definition.file.notes.length > 0)
            intent.notes = [...definition.file.notes];
    }
    const given = [
        { field: 'osState', input: inputs.osState, parse: parseOsState },
        { field: 'hyperVGeneration', input: inputs.hyperVGeneration, parse: parseHyperVGeneration },
    ];
    for (const { field, input, parse } of given) {
        if (!input || input.value.trim() === '')
            continue;
        const value = parse(input.value, input.label);
        const fromFile = definition?.file.values[field];
        if (fromFile && fromFile.value !== value) {
            throw new IntentError(`${input.label} ${input.value.trim()} contradicts ${fromFile.field} ${fromFile.raw} in ${definition.label}`);
        }
        intent[field] = value;
        intent.sources[field] = fromFile ? `${input.label}, ${definition.label}` : input.label;
    }
    return intent;
}
/** Reads and parses an image-definition file; a missing or unreadable file is the caller's mistake. */
async function loadImageDefinition(path) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch (cause) {
        const code = cause.code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : cause.message;
        throw new IntentError(`cannot read image definition ${path}: ${why}`, { cause });
    }
    return { file: parseImageDefinition(text, path), label: path };
}

/** A caller mistake outside the intent (unknown command, bad --format, missing image). */
class SettingsError extends Error {
    constructor(message) {
        super(message);
        this.name = 'SettingsError';
    }
}
const cliInputNames = {
    image: 'IMAGE',
    osState: '--os-state',
    hyperVGeneration: '--hyper-v-generation',
    imageDefinition: '--image-definition',
    failOn: '--fail-on',
    docsUrl: '--docs-url',
};
const actionInputNames = {
    image: 'input image',
    osState: 'input os-state',
    hyperVGeneration: 'input hyper-v-generation',
    imageDefinition: 'input image-definition',
    failOn: 'input fail-on',
    docsUrl: 'input docs-url',
};
/** Settings of `vhd-gate check` / the action: image, intent, threshold. */
async function buildCheckSettings(raw, names, env = {}) {
    const image = requireImage(raw.image, names);
    const failOn = oneOf(raw.failOn, ['error', 'warning'], names.failOn, 'error');
    const given = (value, label) => (present(value) ? { value: value.trim(), label } : undefined);
    const definition = present(raw.imageDefinition) ? await loadImageDefinition(raw.imageDefinition.trim()) : undefined;
    const intent = buildIntent({
        osState: given(raw.osState, names.osState),
        hyperVGeneration: given(raw.hyperVGeneration, names.hyperVGeneration),
        definition,
    });
    if (intent.osState === undefined) {
        const why = (intent.notes ?? []).filter((n) => n.startsWith('osState'));
        throw new IntentError(`check needs ${names.osState} or an image definition with osState${why.length ? ` (${why.join('; ')})` : ''}; ` +
            'run `vhd-gate inspect IMAGE` to see what the image looks like');
    }
    return { image, intent, failOn, docsUrl: docsUrl(raw.docsUrl, env, names), ...blobSettings(image, raw, names) };
}
/** Settings of `vhd-gate inspect`. */
function buildInspectSettings(raw, names) {
    const image = requireImage(raw.image, names);
    return { image, ...blobSettings(image, raw, names) };
}
/** CLI flag / action input names of the blob options, for messages. */
const blobInputNames = {
    cli: { connectionString: '--connection-string', blobEndpoint: '--blob-endpoint' },
    action: { connectionString: 'input connection-string', blobEndpoint: 'input blob-endpoint' },
};
/**
 * The blob options, only for a blob IMAGE: given with a local path they would be ignored
 * silently, which hides a typo in the URL, so they are refused. The endpoint must be a URL.
 */
function blobSettings(image, raw, names) {
    const kind = names.image === cliInputNames.image ? blobInputNames.cli : blobInputNames.action;
    const connectionString = present(raw.connectionString) ? raw.connectionString.trim() : undefined;
    const blobEndpoint = present(raw.blobEndpoint) ? raw.blobEndpoint.trim() : undefined;
    if (!connectionString && !blobEndpoint)
        return {};
    if (!isBlobUrl(image)) {
        const given = connectionString ? kind.connectionString : kind.blobEndpoint;
        throw new SettingsError(`${given} applies only when ${names.image} is a blob URL (https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB)`);
    }
    if (blobEndpoint && !isBlobUrl(blobEndpoint))
        throw new SettingsError(`${kind.blobEndpoint}: expected an http(s) URL such as http://127.0.0.1:10000/devstoreaccount1`);
    return { blob: { ...(connectionString ? { connectionString } : {}), ...(blobEndpoint ? { blobEndpoint } : {}) } };
}
/**
 * The rule pages' base URL: the flag or input, else VHD_GATE_DOCS_URL, else the project's. It must
 * be an absolute http(s) URL: it is printed as a link in every report.
 */
function docsUrl(given, env, names) {
    const [value, name] = present(given) ? [given.trim(), names.docsUrl] : present(env.VHD_GATE_DOCS_URL) ? [env.VHD_GATE_DOCS_URL.trim(), 'VHD_GATE_DOCS_URL'] : [defaultDocsUrl, ''];
    let url;
    try {
        url = new URL(value.split('{id}').join('ID'));
    }
    catch {
        url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new SettingsError(`${name}: expected an http(s) URL of the rule pages, such as ${defaultDocsUrl}`);
    }
    return value;
}
/** `--format` value (default text). */
function parseFormat(value, name = '--format') {
    return oneOf(value, ['text', 'json'], name, 'text');
}
/** Where the action writes its JSON report: the runner's temp dir, else the workspace, else the current dir. */
function actionReportPath(env) {
    const dir = env.RUNNER_TEMP || env.GITHUB_WORKSPACE || process.cwd();
    return path.join(dir, 'vhd-gate-report.json');
}
function present(value) {
    return value !== undefined && value.trim() !== '';
}
function requireImage(value, names) {
    if (!present(value))
        throw new SettingsError(`${names.image} is required: the path or blob URL of the disk image to check`);
    return value.trim();
}
function oneOf(value, allowed, name, fallback) {
    if (!present(value))
        return fallback;
    const match = allowed.find((a) => a === value.trim().toLowerCase());
    if (!match)
        throw new SettingsError(`${name}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
    return match;
}

export { intentValue as A, osStateMismatch as B, evidenceLine as C, severityTitle as D, toleratedTitle as E, actionInputNames as F, GateError as G, actionReportPath as H, IoCounter as I, redactBlobUrl as J, IoError as K, checkRange as L, parseBlobUrl as M, SettingsError as S, describeRecord as a, humanBytes as b, hex as c, describeCredentials as d, buildCheckSettings as e, cliInputNames as f, checkImage as g, hasCredentials as h, ioLine as i, renderCheckText as j, renderJson as k, checkReport as l, buildInspectSettings as m, neutraliseOutput as n, oneLine as o, parseFormat as p, inspectImage as q, redact as r, inspectReport as s, errorRecord as t, renderErrorText as u, errorReport as v, severities as w, bySeverity as x, countLine as y, intentFields as z };
