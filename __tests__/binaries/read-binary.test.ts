import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readBinary } from '../../src/binaries/read-binary.js';
import { MemorySource } from '../../src/io/byte-source.js';
import { readReal } from './real-binaries.js';

describe('readBinary on real binaries', () => {
  it('reads this machine\'s /bin/ls as an ELF for its own CPU', async () => {
    const info = await readBinary(new MemorySource(readFileSync('/bin/ls'), '/bin/ls'));
    expect(info.format).toBe('ELF');
    expect(info.machine).toBe(process.arch === 'arm64' ? 'Arm64' : 'x64');
    expect(info.elf).toMatchObject({ bits: 64, endianness: 'little' });
  });

  it('reads the arm64 busybox as AArch64 (e_machine 183)', async () => {
    expect(await readReal('busybox-arm64')).toEqual({ format: 'ELF', machine: 'Arm64', elf: { bits: 64, endianness: 'little', e_machine: 183 } });
  });

  it('identifies Debian\'s shim: x64 EFI application signed through the Microsoft UEFI CAs, second stage grubx64.efi, Debian vendor certificate', async () => {
    const info = await readReal('shimx64.efi.signed');
    expect(info).toMatchObject({ format: 'PE', machine: 'x64', pe: { coffMachine: 0x8664, subsystem: 10, efiApplication: true } });
    expect(info.signature).toMatchObject({ signed: true, entries: 2, microsoftUefiCa: true });
    expect(info.signature!.signers[0]).toMatchObject({
      subject: { CN: 'Microsoft Windows UEFI Driver Publisher', O: 'Microsoft Corporation' },
      issuer: { CN: 'Microsoft Corporation UEFI CA 2011' },
    });
    expect(info.signature!.signers[0]!.chain.map((n) => n.CN)).toEqual(['Microsoft Corporation UEFI CA 2011', 'Microsoft Corporation Third Party Marketplace Root']);
    expect(info.signature!.signers[1]).toMatchObject({ subject: { CN: 'Microsoft UEFI CA 2023 signer' }, issuer: { CN: 'Microsoft UEFI CA 2023' } });
    expect(info.loader).toEqual({ sbat: ['shim', 'shim.debian'], secondStage: 'grubx64.efi', vendorCertificate: { CN: 'Debian Secure Boot CA' } });
  });

  it('identifies Debian\'s signed GRUB as signed by the Debian CA, not Microsoft', async () => {
    const info = await readReal('grubx64.efi.signed');
    expect(info.signature).toMatchObject({ signed: true, microsoftUefiCa: false });
    expect(info.signature!.signers).toEqual([{ subject: { CN: 'Debian Secure Boot Signer 2022 - grub2' }, issuer: { CN: 'Debian Secure Boot CA' }, chain: [{ CN: 'Debian Secure Boot CA' }] }]);
    expect(info.loader!.sbat).toEqual(['grub', 'grub.debian', 'grub.debian12']);
  });

  it('finds no signature on a grub-mkimage GRUB, and the self-signed key on its osslsigncode-signed copy', async () => {
    const unsigned = await readReal('grubx64-mkimage-unsigned.efi');
    expect(unsigned).toMatchObject({ format: 'PE', machine: 'x64', signature: { signed: false, entries: 0, signers: [] } });
    const custom = await readReal('grubx64-custom-signed.efi');
    expect(custom.signature).toMatchObject({ signed: true, microsoftUefiCa: false });
    expect(custom.signature!.signers[0]).toMatchObject({ subject: { CN: 'Example Custom Kernel Signing Key', O: 'Example Corp' }, issuer: { CN: 'Example Custom Kernel Signing Key' } });
  });

  it.each([
    ['an empty file', new Uint8Array(0)],
    ['text', new TextEncoder().encode('#!/bin/sh\necho hi\n')],
  ])('calls %s unknown', async (_what, bytes) => {
    expect(await readBinary(new MemorySource(bytes, 'x'))).toEqual({ format: 'unknown' });
  });
});
