import { describe, expect, it } from '@jest/globals';
import { connectionSecrets, readServiceConnection } from '../../src/ado/service-connection.js';
import { taskInput } from '../../src/ado/task.js';

/**
 * A service connection as the agent passes it to a task (the environment azure-pipelines-task-lib
 * reads: ENDPOINT_AUTH_SCHEME_<id>, ENDPOINT_AUTH_PARAMETER_<id>_<KEY>, ENDPOINT_DATA_<id>_<KEY>;
 * the ID verbatim, the key upper-cased).
 */
const id = 'a1b2c3d4-0000-4000-8000-00000000abcd';
const spn = {
  [`ENDPOINT_AUTH_SCHEME_${id}`]: 'ServicePrincipal',
  [`ENDPOINT_AUTH_PARAMETER_${id}_TENANTID`]: 'tenant-1',
  [`ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALID`]: 'client-1',
  [`ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALKEY`]: 'secret-1',
  [`ENDPOINT_AUTH_PARAMETER_${id}_AUTHENTICATIONTYPE`]: 'spnKey',
};

describe('readServiceConnection', () => {
  it('service principal with a secret; the sovereign cloud authority from the endpoint data', () => {
    expect(readServiceConnection(id, { ...spn, [`ENDPOINT_DATA_${id}_ENVIRONMENTAUTHORITYURL`]: 'https://login.microsoftonline.us/' })).toEqual({
      kind: 'client-secret', tenantId: 'tenant-1', clientId: 'client-1', clientSecret: 'secret-1', authorityHost: 'https://login.microsoftonline.us/',
    });
    expect(connectionSecrets(readServiceConnection(id, spn))).toEqual(['secret-1']);
  });

  it('service principal with a certificate', () => {
    const env = { ...spn, [`ENDPOINT_AUTH_PARAMETER_${id}_AUTHENTICATIONTYPE`]: 'spnCertificate', [`ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALCERTIFICATE`]: '-----BEGIN PRIVATE KEY-----' };
    expect(readServiceConnection(id, env)).toMatchObject({ kind: 'client-certificate', certificatePem: '-----BEGIN PRIVATE KEY-----' });
  });

  it('workload identity federation: the job token and the OIDC request URI are required', () => {
    const wif = { [`ENDPOINT_AUTH_SCHEME_${id}`]: 'WorkloadIdentityFederation', [`ENDPOINT_AUTH_PARAMETER_${id}_TENANTID`]: 't', [`ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALID`]: 'c' };
    expect(() => readServiceConnection(id, wif)).toThrow('needs the job access token (System.AccessToken)');
    const withToken = { ...wif, ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: 'job-token' };
    expect(() => readServiceConnection(id, withToken)).toThrow('needs SYSTEM_OIDCREQUESTURI');
    expect(readServiceConnection(id, { ...withToken, SYSTEM_OIDCREQUESTURI: 'https://dev.azure.com/org/_apis/oidc' })).toEqual({
      kind: 'workload-identity-federation', tenantId: 't', clientId: 'c', connectionId: id, systemAccessToken: 'job-token',
    });
  });

  it('a connection missing from the job, a missing field or an unknown scheme is the pipeline author\'s mistake', () => {
    expect(() => readServiceConnection(id, {})).toThrow(`no service connection ${id} in this job`);
    expect(() => readServiceConnection(id, { ...spn, [`ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALKEY`]: '' })).toThrow('has no serviceprincipalkey');
    expect(() => readServiceConnection(id, { [`ENDPOINT_AUTH_SCHEME_${id}`]: 'UsernamePassword' })).toThrow('scheme UsernamePassword is not supported');
    expect(readServiceConnection(id, { [`ENDPOINT_AUTH_SCHEME_${id}`]: 'ManagedServiceIdentity' })).toEqual({ kind: 'managed-identity' });
  });
});

describe('taskInput', () => {
  it('reads INPUT_<NAME upper-cased, spaces as _>', () => {
    expect(taskInput({ INPUT_HYPERVGENERATION: 'V2' }, 'hyperVGeneration')).toBe('V2');
    expect(taskInput({ INPUT_SOME_NAME: 'x' }, 'some name')).toBe('x');
    expect(taskInput({}, 'image')).toBe('');
  });
});
