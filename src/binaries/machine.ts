/**
 * CPU architecture of a binary, in the image definition's terms where it has one (x64, Arm64).
 * i386 and arm (32-bit) are named because Azure runs neither: they are a mismatch with any
 * definition. `other` carries the raw machine number in the binary's own field.
 */
export type Machine = 'x64' | 'Arm64' | 'i386' | 'arm' | 'other';

/** ELF e_machine values (System V ABI, elf.h EM_*). */
const ELF_MACHINES: Record<number, Machine> = {
  3: 'i386', // EM_386
  40: 'arm', // EM_ARM
  62: 'x64', // EM_X86_64
  183: 'Arm64', // EM_AARCH64
};

/** PE/COFF Machine values (PE Format, "Machine Types"). */
const PE_MACHINES: Record<number, Machine> = {
  0x14c: 'i386', // IMAGE_FILE_MACHINE_I386
  0x1c2: 'arm', // IMAGE_FILE_MACHINE_THUMB
  0x1c4: 'arm', // IMAGE_FILE_MACHINE_ARMNT
  0x8664: 'x64', // IMAGE_FILE_MACHINE_AMD64
  0xaa64: 'Arm64', // IMAGE_FILE_MACHINE_ARM64
};

export function elfMachine(e_machine: number): Machine {
  return ELF_MACHINES[e_machine] ?? 'other';
}

export function peMachine(machine: number): Machine {
  return PE_MACHINES[machine] ?? 'other';
}
