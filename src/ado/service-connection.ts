import type { TokenCredential } from '@azure/core-auth';
import { SettingsError } from '../settings.js';

/**
 * An Azure Resource Manager service connection (task input of type `connectedService:AzureRM`)
 * as the agent hands it to a task: the input's value is the connection's ID, and the
 * connection's fields arrive as environment variables, read here the way azure-pipelines-task-lib
 * reads them (node/task.ts): `ENDPOINT_AUTH_SCHEME_<id>`, `ENDPOINT_AUTH_PARAMETER_<id>_<KEY>`
 * (key upper-cased, the ID verbatim) and `ENDPOINT_DATA_<id>_<KEY>`.
 */

/** How the connection authenticates, with what the credential needs. */
export type ConnectionAuth =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string; authorityHost?: string }
  | { kind: 'client-certificate'; tenantId: string; clientId: string; certificatePem: string; authorityHost?: string }
  | { kind: 'workload-identity-federation'; tenantId: string; clientId: string; connectionId: string; systemAccessToken: string; authorityHost?: string }
  | { kind: 'managed-identity'; clientId?: string };

/** Reads the service connection `id` from the agent's environment; a missing field is the pipeline author's mistake. */
export function readServiceConnection(id: string, env: NodeJS.ProcessEnv): ConnectionAuth {
  const scheme = env[`ENDPOINT_AUTH_SCHEME_${id}`]?.trim();
  const param = (key: string) => env[`ENDPOINT_AUTH_PARAMETER_${id}_${key.toUpperCase()}`]?.trim() || undefined;
  const data = (key: string) => env[`ENDPOINT_DATA_${id}_${key.toUpperCase()}`]?.trim() || undefined;
  const need = (key: string) => {
    const value = param(key);
    if (!value) throw new SettingsError(`input azureSubscription: service connection ${id} has no ${key} (scheme ${scheme})`);
    return value;
  };
  // The sovereign cloud's Entra endpoint, e.g. https://login.microsoftonline.us/ (AzureUSGovernment).
  const authorityHost = data('environmentAuthorityUrl');
  const authority = authorityHost ? { authorityHost } : {};
  if (!scheme) throw new SettingsError(`input azureSubscription: no service connection ${id} in this job (ENDPOINT_AUTH_SCHEME_${id} is not set): is it authorised for this pipeline?`);
  switch (scheme.toLowerCase()) {
    case 'serviceprincipal': {
      const tenantId = need('tenantid');
      const clientId = need('serviceprincipalid');
      if ((param('authenticationType') ?? 'spnKey').toLowerCase() === 'spncertificate') {
        return { kind: 'client-certificate', tenantId, clientId, certificatePem: need('servicePrincipalCertificate'), ...authority };
      }
      return { kind: 'client-secret', tenantId, clientId, clientSecret: need('serviceprincipalkey'), ...authority };
    }
    case 'workloadidentityfederation': {
      // The job's own token asks Azure DevOps for an OIDC token for this connection.
      const systemAccessToken = env.ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN?.trim() || env.SYSTEM_ACCESSTOKEN?.trim();
      if (!systemAccessToken) throw new SettingsError('input azureSubscription: workload identity federation needs the job access token (System.AccessToken), which the agent did not pass');
      if (!env.SYSTEM_OIDCREQUESTURI?.trim()) throw new SettingsError('input azureSubscription: workload identity federation needs SYSTEM_OIDCREQUESTURI, which this agent did not set');
      return { kind: 'workload-identity-federation', tenantId: need('tenantid'), clientId: need('serviceprincipalid'), connectionId: id, systemAccessToken, ...authority };
    }
    case 'managedserviceidentity':
      return { kind: 'managed-identity', ...(param('serviceprincipalid') ? { clientId: param('serviceprincipalid') } : {}) };
    default:
      throw new SettingsError(`input azureSubscription: service connection scheme ${scheme} is not supported (ServicePrincipal, WorkloadIdentityFederation or ManagedServiceIdentity)`);
  }
}

/** The secrets a connection carries, for `task.setsecret`. */
export function connectionSecrets(auth: ConnectionAuth): string[] {
  if (auth.kind === 'client-secret') return [auth.clientSecret];
  if (auth.kind === 'client-certificate') return [auth.certificatePem];
  if (auth.kind === 'workload-identity-federation') return [auth.systemAccessToken];
  return [];
}

/** The @azure/identity credential for a connection (imported only when a connection is used). */
export async function connectionCredential(auth: ConnectionAuth): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  const authority = 'authorityHost' in auth && auth.authorityHost ? { authorityHost: auth.authorityHost } : {};
  switch (auth.kind) {
    case 'client-secret':
      return new identity.ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret, authority);
    case 'client-certificate':
      return new identity.ClientCertificateCredential(auth.tenantId, auth.clientId, { certificate: auth.certificatePem }, authority);
    case 'workload-identity-federation':
      // POSTs to SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=<id> with the job token,
      // then trades the OIDC token for an Entra token as a client assertion.
      return new identity.AzurePipelinesCredential(auth.tenantId, auth.clientId, auth.connectionId, auth.systemAccessToken, authority);
    case 'managed-identity':
      return auth.clientId ? new identity.ManagedIdentityCredential({ clientId: auth.clientId }) : new identity.ManagedIdentityCredential();
  }
}
