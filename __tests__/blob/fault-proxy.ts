import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to a faulted response. */
export type Fault = 'drop' | 'stall' | 'truncate' | 'unavailable';

/** A loopback proxy in front of Azurite that breaks some ranged reads. */
export interface FaultProxy {
  /** Port it listens on. */
  port: number;
  /** Faults injected so far, by kind. */
  injected: Record<Fault, number>;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

/**
 * Forwards every request to 127.0.0.1:`targetPort` unchanged, except that every `every`-th
 * ranged GET (a blob read) is broken in turn: the connection dropped before any answer, the
 * answer stalled forever, the body cut off half way (headers promise the full length), or a
 * 503 Server Busy. Only GETs are faulted: the test is about reads. With `badByte`, instead, every
 * ranged GET that covers that byte of the blob is a 503 (a bad spot that no retry gets past).
 * With `slowMs`, every ranged GET is handled that much later (a slow link; `every` Infinity
 * for no faults).
 */
export async function startFaultProxy(targetPort: number, every = 3, badByte?: number, slowMs = 0): Promise<FaultProxy> {
  const kinds: Fault[] = ['drop', 'stall', 'truncate', 'unavailable'];
  const injected: Record<Fault, number> = { drop: 0, stall: 0, truncate: 0, unavailable: 0 };
  let reads = 0;
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const range = req.headers['x-ms-range'] ?? req.headers.range;
    const ranged = req.method === 'GET' && range !== undefined;
    const fault =
      badByte !== undefined
        ? ranged && covers(String(range), badByte) ? 'unavailable' : undefined
        : ranged && ++reads % every === 0 ? kinds[(reads / every) % kinds.length]! : undefined;
    if (fault) injected[fault]++;
    if (fault === 'drop') return void req.socket.destroy();
    if (fault === 'stall') return; // never answers; the gate's request timeout must give up
    if (fault === 'unavailable') {
      res.writeHead(503, { 'content-type': 'application/xml' });
      return void res.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>injected</Message></Error>');
    }
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (fault !== 'truncate') return void answer.pipe(res);
      const half = Math.floor(Number(answer.headers['content-length'] ?? 0) / 2);
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        if (sent >= half) return;
        const part = chunk.subarray(0, half - sent);
        sent += part.length;
        res.write(part);
        if (sent >= half) res.socket?.destroy();
      });
    });
    upstream.on('error', () => res.socket?.destroy());
    req.pipe(upstream);
  };
  const server = http.createServer((req, res) => {
    const ranged = req.method === 'GET' && (req.headers['x-ms-range'] ?? req.headers.range) !== undefined;
    if (ranged && slowMs > 0) setTimeout(() => handle(req, res), slowMs);
    else handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    injected,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether an HTTP range header ("bytes=START-END") covers `byte`. */
function covers(range: string, byte: number): boolean {
  const m = /bytes=(\d+)-(\d*)/.exec(range);
  return m !== null && Number(m[1]) <= byte && (m[2] === '' || byte <= Number(m[2]));
}
