import { qemuToFixedVhd, type QemuFormat } from './conversion.js';

/** A container format we recognise but do not read. */
export interface UnsupportedFormat {
  /** What to call it in a message: "VHDX", "qcow2". */
  name: string;
  /** qemu-img's -f name, for the conversion command. */
  qemuFormat: QemuFormat;
  /** Usual file extension, for the example command. */
  extension: string;
}

const signatures: { magic: Uint8Array; offset: number; format: UnsupportedFormat }[] = [
  // VHDX: "File Type Identifier" signature "vhdxfile" at 0 (MS-VHDX 2.2.1).
  { magic: ascii('vhdxfile'), offset: 0, format: { name: 'VHDX', qemuFormat: 'vhdx', extension: 'vhdx' } },
  // qcow/qcow2: magic "QFI\xfb" at 0.
  { magic: Uint8Array.of(0x51, 0x46, 0x49, 0xfb), offset: 0, format: { name: 'qcow2', qemuFormat: 'qcow2', extension: 'qcow2' } },
  // VMDK hosted sparse extent (also streamOptimized): "KDMV" at 0.
  { magic: ascii('KDMV'), offset: 0, format: { name: 'VMDK (sparse extent)', qemuFormat: 'vmdk', extension: 'vmdk' } },
  // VMDK ESX sparse extent (COWD).
  { magic: ascii('COWD'), offset: 0, format: { name: 'VMDK (ESX sparse extent)', qemuFormat: 'vmdk', extension: 'vmdk' } },
  // VMDK text descriptor (monolithicFlat, twoGbMaxExtent...).
  { magic: ascii('# Disk DescriptorFile'), offset: 0, format: { name: 'VMDK (text descriptor)', qemuFormat: 'vmdk', extension: 'vmdk' } },
  // VirtualBox VDI: image signature 0xbeda107f (little-endian) at 0x40.
  { magic: Uint8Array.of(0x7f, 0x10, 0xda, 0xbe), offset: 0x40, format: { name: 'VDI (VirtualBox)', qemuFormat: 'vdi', extension: 'vdi' } },
];

/** Recognises VHDX, qcow2, VMDK and VDI by their signature in the first bytes of the file. Never throws. */
export function sniffUnsupported(head: Uint8Array): UnsupportedFormat | undefined {
  return signatures.find(({ magic, offset }) => magic.every((b, i) => head[offset + i] === b))?.format;
}

/** The message for an unsupported container: what it is and the exact command that converts it. */
export function unsupportedMessage(sourceName: string, format: UnsupportedFormat): string {
  return (
    `${sourceName} is a ${format.name} image; Azure accepts only a fixed VHD. ` +
    `Convert it first: ${qemuToFixedVhd(format.qemuFormat, `in.${format.extension}`)}`
  );
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
