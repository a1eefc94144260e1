import { BinaryError, hex } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { checkInside, hasMagic, readField, u16, u32, u64 } from './fields.js';
import { elfMachine, type Machine } from './machine.js';

/** What the ELF header says about a binary (System V ABI, "ELF Header"). */
export interface ElfHeader {
  /** EI_CLASS: 32- or 64-bit. */
  bits: 32 | 64;
  /** EI_DATA: byte order. */
  endianness: 'little' | 'big';
  /** e_type: 2 ET_EXEC, 3 ET_DYN (PIE executables and shared objects). */
  e_type: number;
  /** e_machine as stored (62 x86-64, 183 AArch64, 3 i386, 40 ARM). */
  e_machine: number;
  machine: Machine;
}

const EI_CLASS = 4;
const EI_DATA = 5;
/** Largest ELF header (64-bit); a 32-bit one is 52 bytes. */
const EHDR_SIZE = { 32: 52, 64: 64 } as const;

/** Whether the bytes start with the ELF magic (0x7f 'E' 'L' 'F'). */
export function isElf(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x7f && hasMagic(head, 1, 'ELF');
}

/**
 * Reads and checks the ELF header: magic, class, byte order, and that the program-header
 * table it points at (e_phoff, e_phentsize x e_phnum) lies inside the file, so a truncated or
 * forged header is a BinaryError rather than a machine type read from garbage.
 */
export async function readElfHeader(source: ByteSource): Promise<ElfHeader> {
  const ident = await readField(source, 0, 16, 'ELF identification (e_ident)');
  if (!isElf(ident)) throw new BinaryError('corrupt', `${source.name}: no ELF magic at offset 0 (found ${hexBytes(ident.subarray(0, 4))})`, { offset: 0 });
  const ei_class = ident[EI_CLASS]!;
  const ei_data = ident[EI_DATA]!;
  if (ei_class !== 1 && ei_class !== 2) throw new BinaryError('corrupt', `${source.name}: EI_CLASS ${ei_class} is neither 1 (32-bit) nor 2 (64-bit)`, { offset: EI_CLASS });
  if (ei_data !== 1 && ei_data !== 2) throw new BinaryError('corrupt', `${source.name}: EI_DATA ${ei_data} is neither 1 (little-endian) nor 2 (big-endian)`, { offset: EI_DATA });
  const bits = ei_class === 1 ? 32 : 64;
  const le = ei_data === 1;
  const h = await readField(source, 0, EHDR_SIZE[bits], `${bits}-bit ELF header`);
  const e_type = u16(h, 0x10, le);
  const e_machine = u16(h, 0x12, le);
  const e_phoff = bits === 64 ? u64(h, 0x20, le) : u32(h, 0x1c, le);
  const e_phentsize = u16(h, bits === 64 ? 0x36 : 0x2a, le);
  const e_phnum = u16(h, bits === 64 ? 0x38 : 0x2c, le);
  if (e_phnum > 0) {
    const minimum = bits === 64 ? 56 : 32;
    if (e_phentsize < minimum) {
      throw new BinaryError('corrupt', `${source.name}: e_phentsize ${e_phentsize} is smaller than a ${bits}-bit program header (${minimum} bytes)`, {
        offset: bits === 64 ? 0x36 : 0x2a,
      });
    }
    checkInside(source, e_phoff, e_phentsize * e_phnum, `program header table (e_phoff ${hex(e_phoff === Infinity ? 0 : e_phoff)}, ${e_phnum} x ${e_phentsize} bytes)`, bits === 64 ? 0x20 : 0x1c);
  }
  return { bits, endianness: le ? 'little' : 'big', e_type, e_machine, machine: elfMachine(e_machine) };
}

function hexBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
