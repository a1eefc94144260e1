/**
 * The exact commands that turn an image into what Azure accepts (a fixed VHD whose virtual size
 * is a whole number of MiB). Shared by the container errors and the DISK-* rules so every
 * message gives the same, copy-pasteable advice.
 */

/** qemu-img's name for each input format we can name. */
export type QemuFormat = 'raw' | 'vpc' | 'vhdx' | 'qcow2' | 'vmdk' | 'vdi';

/** `qemu-img convert` to a fixed VHD; `force_size` keeps the exact virtual size instead of rounding it to CHS geometry. */
export function qemuToFixedVhd(format: QemuFormat, input: string, output = 'out.vhd'): string {
  return `qemu-img convert -f ${format} -O vpc -o subformat=fixed,force_size ${input} ${output}`;
}

/** The Hyper-V PowerShell equivalent (also merges a differencing chain). */
export function convertVhdToFixed(input = 'in.vhd', output = 'out.vhd'): string {
  return `Convert-VHD -Path ${input} -DestinationPath ${output} -VHDType Fixed`;
}

/** Bytes in a MiB: Azure requires the virtual size to be a whole number of them. */
export const MIB = 1024 * 1024;

/** The smallest whole-MiB size not below `bytes`. */
export function nextWholeMib(bytes: number): number {
  return Math.ceil(bytes / MIB) * MIB;
}

/** The three commands that make a VHD's virtual size a whole number of MiB. */
export function resizeToWholeMibCommands(virtualSize: number, input = 'disk.vhd'): string[] {
  const mib = nextWholeMib(virtualSize) / MIB;
  return [
    `qemu-img convert -f vpc -O raw ${input} disk.raw`,
    `qemu-img resize -f raw disk.raw ${mib}M`,
    qemuToFixedVhd('raw', 'disk.raw', 'disk-fixed.vhd'),
  ];
}
