import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionInputNames, buildCheckSettings, cliInputNames, type RawCheckInputs } from '../../src/settings.js';
import { tempDir } from '../cli/entry-helpers.js';

/** The definition settings beyond OS state and generation, as CLI flags / action inputs (issue 8 point 3). */
const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data/intent');
const azShow = path.join(dataDir, 'az-show-generalized-features.json');
const base = { image: 'disk.vhd', osState: 'generalized' };

describe('intent flags', () => {
  it.each<[Partial<RawCheckInputs>, object]>([
    [{ architecture: 'x64' }, { architecture: 'x64' }],
    [{ architecture: 'ARM64' }, { architecture: 'Arm64' }],
    [{ securityType: 'trustedlaunch' }, { securityType: 'TrustedLaunch' }],
    [{ securityType: ' TrustedLaunchAndConfidentialVMSupported ' }, { securityType: 'TrustedLaunchAndConfidentialVmSupported' }],
    [{ securityType: 'confidentialvmsupported' }, { securityType: 'ConfidentialVMSupported' }],
    [{ securityType: 'Standard' }, { securityType: 'Standard' }],
    [{ diskControllerTypes: 'nvme' }, { diskControllerTypes: ['NVMe'] }],
    [{ diskControllerTypes: 'SCSI, NVMe' }, { diskControllerTypes: ['SCSI', 'NVMe'] }],
    [{ acceleratedNetworking: 'TRUE' }, { acceleratedNetworking: true }],
    [{ acceleratedNetworking: 'false' }, { acceleratedNetworking: false }],
    [{ architecture: '', securityType: '  ' }, {}],
  ])('%j is read case-insensitively into its canonical spelling', async (raw, expected) => {
    const { intent } = await buildCheckSettings({ ...base, ...raw }, cliInputNames);
    const { sources, osState, ...rest } = intent;
    expect(osState).toBe('generalized');
    expect(rest).toEqual(expected);
    for (const field of Object.keys(expected)) expect(sources[field as keyof typeof sources]).toBe(`--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  });

  it.each<[Partial<RawCheckInputs>, string]>([
    [{ architecture: 'arm' }, '--architecture: "arm" is not an architecture; expected x64 or Arm64'],
    [{ securityType: 'Trusted' }, '--security-type: "Trusted" is not a security type; expected Standard or TrustedLaunch or'],
    [{ diskControllerTypes: 'IDE' }, '--disk-controller-types: "IDE" is not a disk controller type; expected SCSI or NVMe'],
    [{ diskControllerTypes: 'SCSI,' }, '--disk-controller-types: "" is not a disk controller type'],
    [{ diskControllerTypes: 'NVMe,nvme' }, '--disk-controller-types: "NVMe,nvme" names NVMe twice'],
    [{ acceleratedNetworking: 'yes' }, '--accelerated-networking: "yes" is not a boolean; expected True or False'],
  ])('%j is refused naming the flag', async (raw, message) => {
    await expect(buildCheckSettings({ ...base, ...raw }, cliInputNames)).rejects.toThrow(message);
  });

  it('the action names its inputs in mistakes', async () => {
    await expect(buildCheckSettings({ ...base, securityType: 'SecureBoot' }, actionInputNames)).rejects.toThrow('input security-type: "SecureBoot" is not a security type');
    await expect(buildCheckSettings({ ...base, acceleratedNetworking: '1' }, actionInputNames)).rejects.toThrow('input accelerated-networking: "1" is not a boolean');
  });
});

describe('intent flags against an image definition (az sig image-definition show)', () => {
  it.each<[Partial<RawCheckInputs>, string]>([
    [{ architecture: 'Arm64' }, `--architecture Arm64 contradicts architecture x64 in ${azShow}`],
    [{ securityType: 'TrustedLaunch' }, `--security-type TrustedLaunch contradicts features[SecurityType] TrustedLaunchSupported in ${azShow}`],
    [{ diskControllerTypes: 'SCSI' }, `--disk-controller-types SCSI contradicts features[DiskControllerTypes] SCSI, NVMe in ${azShow}`],
    [{ acceleratedNetworking: 'false' }, `--accelerated-networking false contradicts features[IsAcceleratedNetworkSupported] True in ${azShow}`],
  ])('a flag that contradicts the file is refused: %j', async (raw, message) => {
    await expect(buildCheckSettings({ image: 'disk.vhd', imageDefinition: azShow, ...raw }, cliInputNames)).rejects.toThrow(message);
  });

  it('flags that agree (in any case and order) name both sources', async () => {
    const { intent } = await buildCheckSettings(
      { image: 'disk.vhd', imageDefinition: azShow, architecture: 'X64', securityType: 'trustedlaunchsupported', diskControllerTypes: 'NVMe,SCSI', acceleratedNetworking: 'true' },
      actionInputNames,
    );
    expect(intent.securityType).toBe('TrustedLaunchSupported');
    expect(intent.sources.securityType).toBe(`input security-type, ${azShow}`);
    expect(intent.sources.diskControllerTypes).toBe(`input disk-controller-types, ${azShow}`);
    expect(intent.sources.acceleratedNetworking).toBe(`input accelerated-networking, ${azShow}`);
    expect(intent.sources.architecture).toBe(`input architecture, ${azShow}`);
  });

  it('an ARM template with a JSON boolean feature and the flag agree', async () => {
    const file = path.join(tempDir('intent-flags'), 'template.json');
    const features = [{ name: 'IsAcceleratedNetworkSupported', value: true }, { name: 'DiskControllerTypes', value: "[parameters('controllers')]" }];
    const resource = { type: 'Microsoft.Compute/galleries/images', name: 'g/i', properties: { osState: 'Generalized', architecture: 'Arm64', features } };
    writeFileSync(file, JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', parameters: { controllers: { type: 'string', defaultValue: 'NVMe' } }, resources: [resource] }));
    const { intent } = await buildCheckSettings({ image: 'disk.vhd', imageDefinition: file, acceleratedNetworking: 'True', architecture: 'arm64' }, cliInputNames);
    expect(intent).toMatchObject({ architecture: 'Arm64', acceleratedNetworking: true, diskControllerTypes: ['NVMe'] });
    await expect(buildCheckSettings({ image: 'disk.vhd', imageDefinition: file, diskControllerTypes: 'SCSI,NVMe' }, cliInputNames)).rejects.toThrow(
      `--disk-controller-types SCSI,NVMe contradicts features[DiskControllerTypes] NVMe in ${file}`,
    );
  });
});
