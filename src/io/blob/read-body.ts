/**
 * Reads a ranged response body into memory, never more than `expected` bytes (a server that
 * sends more is cut off), and gives up when `signal` aborts (per-request timeout): a stalled
 * body rejects instead of hanging the gate.
 */
export async function readBody(body: NodeJS.ReadableStream | undefined, expected: number, signal: AbortSignal): Promise<Uint8Array> {
  if (!body) throw new Error('the response had no body');
  const out = new Uint8Array(expected);
  let filled = 0;
  await new Promise<void>((resolve, reject) => {
    const stream = body as NodeJS.ReadableStream & { destroy?: (error?: Error) => void };
    const fail = (error: Error) => {
      cleanup();
      stream.destroy?.();
      reject(error);
    };
    const onAbort = () => fail(new Error(`the response body stalled after ${filled} of ${expected} bytes`));
    const onData = (chunk: Buffer) => {
      const take = Math.min(chunk.length, expected - filled);
      out.set(chunk.subarray(0, take), filled);
      filled += take;
      if (chunk.length > take) fail(new Error(`the response body is longer than the ${expected} bytes asked for`));
    };
    const onEnd = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => fail(error);
    const cleanup = () => {
      signal.removeEventListener('abort', onAbort);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
  return out.subarray(0, filled);
}
