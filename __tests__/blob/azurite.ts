import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const devAccount = 'devstoreaccount1';
export const devAccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite blob service, private to one test file. */
export interface Azurite {
  /** Blob endpoint of the dev account: http://127.0.0.1:PORT/devstoreaccount1. */
  endpoint: string;
  /** Port it listens on. */
  port: number;
  /** Connection string for the dev account (holds the account key). */
  connectionString: string;
  /** Service client on that connection string. */
  service: BlobServiceClient;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts Azurite's blob service in memory on a free loopback port (port 0: the kernel picks,
 * Azurite prints the one it got), telemetry off, nothing written to disk; resolves once it
 * listens.
 */
export async function startAzurite(): Promise<Azurite> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const child = spawn(
    process.execPath,
    [main, '--inMemoryPersistence', '--extentMemoryLimit', '512', '--skipApiVersionCheck', '--loose', '--disableTelemetry', '--blobHost', '127.0.0.1', '--blobPort', '0'],
    { cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AZURITE_DISABLE_TELEMETRY: 'true' } },
  );
  const port = await waitForPort(child);
  const endpoint = `http://127.0.0.1:${port}/${devAccount}`;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${devAccount};AccountKey=${devAccountKey};BlobEndpoint=${endpoint};`;
  return {
    endpoint,
    port,
    connectionString,
    service: BlobServiceClient.fromConnectionString(connectionString),
    stop: () => stopChild(child),
  };
}

/** Creates a container with a fresh name. */
export async function freshContainer(azurite: Azurite, prefix: string): Promise<ContainerClient> {
  const container = azurite.service.getContainerClient(`${prefix}-${process.pid}-${Math.floor(Math.random() * 1e9)}`);
  await container.create();
  return container;
}

/** A blob name for a local path. */
export function blobNameOf(file: string): string {
  return path.basename(file);
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.removeListener('data', onData);
        child.stdout!.resume(); // keep draining so Azurite never blocks on a full pipe
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code}) before listening:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
