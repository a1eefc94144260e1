import { BinaryError, hex } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { enforceBudget } from '../limits.js';
import { checkInside, hasMagic, readField, u16, u32 } from './fields.js';
import { peMachine, type Machine } from './machine.js';

/** One section header (PE Format, "Section Table"). */
export interface PeSection {
  /** Name as stored (".text", ".sbat", ".vendor_cert"); "/4"-style long names are left as they are. */
  name: string;
  virtualSize: number;
  /** SizeOfRawData and PointerToRawData: where the section's bytes are in the file. */
  rawSize: number;
  rawOffset: number;
}

/** The parts of a PE/COFF image header the boot-chain checks need. */
export interface PeHeader {
  /** COFF Machine as stored (0x8664 AMD64, 0xAA64 ARM64, 0x14C i386). */
  coffMachine: number;
  machine: Machine;
  /** Optional-header Magic: PE32 (0x10b) or PE32+ (0x20b). */
  format: 'PE32' | 'PE32+';
  /** Subsystem: 10 EFI application, 11 EFI boot service driver, 12 EFI runtime driver. */
  subsystem: number;
  /** Subsystem is 10, IMAGE_SUBSYSTEM_EFI_APPLICATION: what UEFI firmware starts as a boot loader. */
  efiApplication: boolean;
  sections: PeSection[];
  /**
   * Data directory 4, IMAGE_DIRECTORY_ENTRY_SECURITY: the Authenticode certificate table. Unlike
   * every other directory its address is a file offset, not an RVA. Absent when the entry is zero.
   */
  certificateTable?: { offset: number; size: number };
}

/** Offset of e_lfanew in the DOS header. */
const E_LFANEW = 0x3c;
const COFF_HEADER_SIZE = 20;
const SECTION_HEADER_SIZE = 40;
/** The PE loader's own cap on sections (PE Format: "the Windows loader limits the number of sections to 96"). */
const MAX_SECTIONS = 96;
const SECURITY_DIRECTORY = 4;
/** Size of one COFF symbol record; the string table follows the symbol table. */
const SYMBOL_SIZE = 18;
/** Longest long section name read from the string table (".vendor_cert" is 12). */
const MAX_LONG_NAME = 64;
const EFI_APPLICATION = 10;

/** Whether the bytes start with the DOS "MZ" signature (a PE image, or an EFI-stub kernel). */
export function isMz(head: Uint8Array): boolean {
  return hasMagic(head, 0, 'MZ');
}

/**
 * Reads the DOS header, the "PE\0\0" signature at e_lfanew, the COFF header, the optional
 * header's subsystem and data directories, and the section table. Every offset is checked
 * against the file's size first; an inconsistent header is a BinaryError naming the field.
 */
export async function readPeHeader(source: ByteSource): Promise<PeHeader> {
  const dos = await readField(source, 0, 0x40, 'DOS header');
  if (!isMz(dos)) throw new BinaryError('corrupt', `${source.name}: no "MZ" DOS signature at offset 0`, { offset: 0 });
  const e_lfanew = u32(dos, E_LFANEW);
  const coff = await readField(source, e_lfanew, 4 + COFF_HEADER_SIZE, `PE signature and COFF header at e_lfanew ${hex(e_lfanew)}`, E_LFANEW);
  if (!hasMagic(coff, 0, 'PE\0\0')) {
    throw new BinaryError('corrupt', `${source.name}: no "PE\\0\\0" signature at e_lfanew ${hex(e_lfanew)}`, { offset: e_lfanew });
  }
  const coffMachine = u16(coff, 4);
  const numberOfSections = u16(coff, 6);
  const sizeOfOptionalHeader = u16(coff, 20);
  if (numberOfSections > MAX_SECTIONS) {
    throw new BinaryError('corrupt', `${source.name}: NumberOfSections ${numberOfSections} exceeds the PE limit of ${MAX_SECTIONS}`, { offset: e_lfanew + 6 });
  }
  const optOffset = e_lfanew + 4 + COFF_HEADER_SIZE;
  const opt = await readField(source, optOffset, sizeOfOptionalHeader, `optional header (SizeOfOptionalHeader ${sizeOfOptionalHeader})`, e_lfanew + 20);
  if (opt.length < 2) throw new BinaryError('corrupt', `${source.name}: SizeOfOptionalHeader ${sizeOfOptionalHeader} leaves no room for its Magic`, { offset: e_lfanew + 20 });
  const magic = u16(opt, 0);
  if (magic !== 0x10b && magic !== 0x20b) {
    throw new BinaryError('corrupt', `${source.name}: optional header Magic ${hex(magic)} is neither 0x10b (PE32) nor 0x20b (PE32+)`, { offset: optOffset });
  }
  const plus = magic === 0x20b;
  // Offsets within the optional header (PE Format, "Optional Header Windows-Specific Fields").
  const subsystemAt = 68;
  const rvaCountAt = plus ? 108 : 92;
  const directoriesAt = plus ? 112 : 96;
  if (opt.length < rvaCountAt + 4) {
    throw new BinaryError('corrupt', `${source.name}: SizeOfOptionalHeader ${sizeOfOptionalHeader} is too small for the ${plus ? 'PE32+' : 'PE32'} Windows-specific fields (${rvaCountAt + 4} bytes)`, {
      offset: e_lfanew + 20,
    });
  }
  const subsystem = u16(opt, subsystemAt);
  const rvaCount = u32(opt, rvaCountAt);
  let certificateTable: PeHeader['certificateTable'];
  if (rvaCount > SECURITY_DIRECTORY && opt.length >= directoriesAt + (SECURITY_DIRECTORY + 1) * 8) {
    const at = directoriesAt + SECURITY_DIRECTORY * 8;
    const offset = u32(opt, at);
    const size = u32(opt, at + 4);
    if (offset !== 0 || size !== 0) {
      checkInside(source, offset, size, 'certificate table (data directory 4, IMAGE_DIRECTORY_ENTRY_SECURITY)', optOffset + at);
      certificateTable = { offset, size };
    }
  }
  const sectionsAt = optOffset + sizeOfOptionalHeader;
  const table = await readField(source, sectionsAt, numberOfSections * SECTION_HEADER_SIZE, `section table (${numberOfSections} sections)`, e_lfanew + 6);
  const stringTable = u32(coff, 4 + 8) + u32(coff, 4 + 12) * SYMBOL_SIZE; // PointerToSymbolTable + NumberOfSymbols x 18
  const sections: PeSection[] = [];
  for (let i = 0; i < numberOfSections; i++) {
    const s = table.subarray(i * SECTION_HEADER_SIZE, (i + 1) * SECTION_HEADER_SIZE);
    sections.push({
      name: await sectionName(source, s.subarray(0, 8), stringTable),
      virtualSize: u32(s, 8),
      rawSize: u32(s, 16),
      rawOffset: u32(s, 20),
    });
  }
  return { coffMachine, machine: peMachine(coffMachine), format: plus ? 'PE32+' : 'PE32', subsystem, efiApplication: subsystem === EFI_APPLICATION, sections, certificateTable };
}

/**
 * A section's name: eight bytes padded with NULs, or "/<decimal>" naming an offset into the
 * COFF string table, as GNU ld writes names longer than eight bytes (".vendor_cert"). A long
 * name that cannot be read is kept as stored.
 */
async function sectionName(source: ByteSource, field: Uint8Array, stringTable: number): Promise<string> {
  const end = field.indexOf(0);
  const short = latin1(field.subarray(0, end < 0 ? 8 : end));
  const long = /^\/(\d+)$/.exec(short);
  if (!long || stringTable === 0) return short;
  const at = stringTable + Number(long[1]);
  if (at >= source.size) return short;
  const bytes = await source.read(at, Math.min(MAX_LONG_NAME, source.size - at));
  const nul = bytes.indexOf(0);
  return nul < 0 ? short : latin1(bytes.subarray(0, nul));
}

function latin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}

/**
 * The file bytes of a named section (VirtualSize of them when smaller than SizeOfRawData, which
 * includes alignment padding): undefined when the image has no such section. Its raw extent must
 * lie inside the file, and it is read whole or refused (peSectionBytes).
 */
export async function readSection(source: ByteSource, pe: PeHeader, name: string): Promise<Uint8Array | undefined> {
  const section = pe.sections.find((s) => s.name === name);
  if (!section) return undefined;
  checkInside(source, section.rawOffset, section.rawSize, `section ${name} (PointerToRawData ${hex(section.rawOffset)}, SizeOfRawData ${section.rawSize})`);
  const stored = section.virtualSize > 0 ? Math.min(section.virtualSize, section.rawSize) : section.rawSize;
  enforceBudget('binary', 'peSectionBytes', stored, (limit) => `${source.name}: section ${name} of ${stored} bytes exceeds the peSectionBytes budget of ${limit}`, {
    offset: section.rawOffset,
  });
  return source.read(section.rawOffset, stored);
}
