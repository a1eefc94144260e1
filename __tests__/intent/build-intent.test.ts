import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntentError } from '../../src/errors.js';
import { buildIntent, loadImageDefinition, type IntentInputs } from '../../src/intent/build-intent.js';
import { parseImageDefinition } from '../../src/intent/definition-file.js';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data/intent');
const data = (name: string): string => path.join(dataDir, name);

describe('image-definition files (real shapes)', () => {
  it.each([
    [
      'az-show-specialized.json',
      'az-cli',
      { osState: 'specialized', hyperVGeneration: 'V1' },
    ],
    [
      'rest-get-generalized.json',
      'rest-api',
      { osState: 'generalized', hyperVGeneration: 'V1' },
    ],
    [
      'az-show-generalized-features.json',
      'az-cli',
      {
        osState: 'generalized',
        hyperVGeneration: 'V2',
        architecture: 'x64',
        securityType: 'TrustedLaunchSupported',
        acceleratedNetworking: true,
        diskControllerTypes: ['SCSI', 'NVMe'],
      },
    ],
    [
      'flatcar-gallery-image-template.json',
      'arm-template',
      {
        osState: 'generalized',
        hyperVGeneration: 'V2',
        architecture: 'x64',
        acceleratedNetworking: true,
        diskControllerTypes: ['NVMe', 'SCSI'],
      },
    ],
  ])('%s is read as %s', async (file, shape, expected) => {
    const loaded = await loadImageDefinition(data(file));
    expect(loaded.file.shape).toBe(shape);
    const intent = buildIntent({ definition: loaded });
    const { sources, notes, ...values } = intent;
    expect(values).toEqual(expected);
    for (const field of Object.keys(expected)) expect(sources[field as keyof typeof sources]).toBe(data(file));
    void notes;
  });

  it('says which ARM value it could not resolve (Flatcar SecurityType is an if() expression)', async () => {
    const intent = buildIntent({ definition: await loadImageDefinition(data('flatcar-gallery-image-template.json')) });
    expect(intent.securityType).toBeUndefined();
    expect(intent.notes).toHaveLength(1);
    expect(intent.notes![0]).toContain('features[SecurityType]');
    expect(intent.notes![0]).toContain("[if(equals(parameters('hyperVGeneration'), 'V2')");
    expect(intent.notes![0]).toContain('does not evaluate');
  });
});

describe('ARM template shapes', () => {
  const template = (resources: unknown, extra: object = {}): string =>
    JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      ...extra,
      resources,
    });
  const image = (properties: object, type = 'Microsoft.Compute/galleries/images') => ({ type, name: 'g/img', properties });

  it.each([
    ['top-level resource', template([image({ osState: 'Specialized' })]), 'specialized'],
    [
      'child nested under its gallery with the short type',
      template([{ type: 'Microsoft.Compute/galleries', name: 'g', properties: {}, resources: [image({ osState: 'generalized' }, 'images')] }]),
      'generalized',
    ],
    [
      'nested deployment',
      template([
        {
          type: 'Microsoft.Resources/deployments',
          name: 'inner',
          properties: { mode: 'Incremental', template: { resources: [image({ osState: 'SPECIALIZED' })] } },
        },
      ]),
      'specialized',
    ],
    [
      'Bicep languageVersion 2.0 symbolic-name map',
      JSON.stringify({ $schema: 'x/deploymentTemplate.json#', languageVersion: '2.0', contentVersion: '1.0.0.0', resources: { img: image({ osState: 'Generalized' }) } }),
      'generalized',
    ],
    [
      'parameter default',
      template([image({ osState: "[parameters('state')]" })], { parameters: { state: { type: 'string', defaultValue: 'Specialized' } } }),
      'specialized',
    ],
    [
      'parameter name in another case, default from a variable',
      template([image({ osState: "[parameters('STATE')]" })], {
        parameters: { state: { type: 'string', defaultValue: "[variables('s')]" } },
        variables: { s: 'Generalized' },
      }),
      'generalized',
    ],
  ])('finds osState in a %s', (_name, text, expected) => {
    const file = parseImageDefinition(text, 'def.json');
    expect(file.shape).toBe('arm-template');
    expect(file.values.osState?.value).toBe(expected);
  });

  it.each([
    ['a parameter without defaultValue', { parameters: { state: { type: 'string' } } }, 'parameter "state" has no defaultValue'],
    ['an undeclared parameter', {}, 'declares no parameter "state"'],
  ])('notes an osState from %s instead of guessing', (_name, extra, reason) => {
    const text = JSON.stringify({ $schema: 'x/deploymentTemplate.json#', ...extra, resources: [image({ osState: "[parameters('state')]" })] });
    const file = parseImageDefinition(text, 'def.json');
    expect(file.values.osState).toBeUndefined();
    expect(file.notes).toEqual([expect.stringContaining(reason)]);
    expect(file.notes[0]).toContain('osState in def.json');
  });

  it('stops on a parameter that refers to itself', () => {
    const text = JSON.stringify({
      $schema: 'x/deploymentTemplate.json#',
      parameters: { a: { defaultValue: "[parameters('a')]" } },
      resources: [image({ osState: "[parameters('a')]" })],
    });
    expect(parseImageDefinition(text, 'def.json').notes[0]).toContain('nest deeper');
  });

  it.each([
    ['no gallery image resource', template([{ type: 'Microsoft.Compute/galleries', name: 'g', properties: {} }]), 'without a Microsoft.Compute/galleries/images resource'],
    ['two gallery image resources', template([image({}), { ...image({}), name: 'g/other' }]), 'defines 2 gallery image definitions (g/img, g/other)'],
  ])('rejects a template with %s', (_name, text, message) => {
    expect(() => parseImageDefinition(text, 'def.json')).toThrow(message);
  });
});

describe('flags and files together', () => {
  const azGeneralized = async () => loadImageDefinition(data('az-show-generalized-features.json'));
  const label = data('az-show-generalized-features.json');

  it.each<[string, Omit<IntentInputs, 'definition'>, string]>([
    ['--os-state', { osState: { value: 'specialized', label: '--os-state' } }, `--os-state specialized contradicts osState Generalized in ${label}`],
    ['--hyper-v-generation', { hyperVGeneration: { value: 'v1', label: '--hyper-v-generation' } }, `--hyper-v-generation v1 contradicts hyperVGeneration V2 in ${label}`],
  ])('%s contradicting the file is an IntentError', async (_flag, given, message) => {
    const definition = await azGeneralized();
    expect(() => buildIntent({ ...given, definition })).toThrow(IntentError);
    expect(() => buildIntent({ ...given, definition })).toThrow(message);
  });

  it('a flag that agrees with the file (in another case) names both as the source', async () => {
    const intent = buildIntent({ osState: { value: 'GENERALIZED', label: '--os-state' }, definition: await azGeneralized() });
    expect(intent.osState).toBe('generalized');
    expect(intent.sources.osState).toBe(`--os-state, ${label}`);
    expect(intent.sources.securityType).toBe(label);
  });

  it('a flag fills in what an ARM template leaves unresolved', () => {
    const text = JSON.stringify({ $schema: 'x/deploymentTemplate.json#', resources: [{ type: 'Microsoft.Compute/galleries/images', name: 'i', properties: { osState: "[parameters('s')]" } }] });
    const intent = buildIntent({
      osState: { value: 'Specialized', label: '--os-state' },
      definition: { file: parseImageDefinition(text, 'def.json'), label: 'def.json' },
    });
    expect(intent.osState).toBe('specialized');
    expect(intent.sources.osState).toBe('--os-state');
  });

  it.each([
    [{ osState: { value: 'sysprepped', label: '--os-state' } }, '--os-state: "sysprepped" is not an OS state; expected Generalized or Specialized'],
    [{ hyperVGeneration: { value: 'V3', label: 'input hyper-v-generation' } }, 'input hyper-v-generation: "V3" is not a Hyper-V generation; expected V1 or V2'],
  ])('rejects a bad value %j', (given, message) => {
    expect(() => buildIntent(given)).toThrow(message);
  });

  it('flags alone', () => {
    expect(buildIntent({ osState: { value: 'Generalized', label: '--os-state' }, hyperVGeneration: { value: 'v2', label: '--hyper-v-generation' } })).toEqual({
      osState: 'generalized',
      hyperVGeneration: 'V2',
      sources: { osState: '--os-state', hyperVGeneration: '--hyper-v-generation' },
    });
  });

  it.each([
    ['not JSON', '{ "osState": ', 'cannot read def.json as JSON'],
    ['a JSON array', '[]', 'def.json is not a JSON object'],
    ['a bad feature value', JSON.stringify({ osState: 'Generalized', features: [{ name: 'IsAcceleratedNetworkSupported', value: 'maybe' }] }), 'features[IsAcceleratedNetworkSupported] in def.json: "maybe" is not a boolean'],
    ['a bad disk controller', JSON.stringify({ features: [{ name: 'DiskControllerTypes', value: 'SCSI, IDE' }] }), '"IDE" is not a disk controller type'],
  ])('rejects a file that is %s', (_name, text, message) => {
    expect(() => parseImageDefinition(text, 'def.json')).toThrow(message);
  });

  it('a missing file is an IntentError naming the path', async () => {
    await expect(loadImageDefinition(data('nope.json'))).rejects.toThrow(`cannot read image definition ${data('nope.json')}: no such file`);
  });
});
