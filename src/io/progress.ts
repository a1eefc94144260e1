import type { IoStats } from './io-stats.js';

/** Where progress goes (stderr) and whether it is a terminal, which may redraw one line. */
export interface ProgressSink {
  write: (text: string) => void;
  isTTY: boolean;
}

/** When progress starts and how often it is repeated. */
export interface ProgressTiming {
  /** Reads quicker than this print nothing (ms). */
  delayMs: number;
  /** Redraw interval on a terminal (ms). */
  ttyIntervalMs: number;
  /** Interval between plain lines in a log (ms): a CI log gets a line now and then, not a flood. */
  lineIntervalMs: number;
}

export const defaultProgressTiming: ProgressTiming = { delayMs: 1000, ttyIntervalMs: 250, lineIntervalMs: 5000 };

/**
 * Reports a slow read: once it has taken longer than `delayMs`, the bytes and requests so far,
 * redrawn in place (`\r`) on a terminal, as plain lines otherwise. Returns the function that
 * stops it; on a terminal that also clears the line, so what follows starts clean. Only ever
 * writes to the sink (stderr): stdout, and so a JSON or SARIF report, never sees it.
 */
export function startProgress(name: string, stats: () => IoStats, sink: ProgressSink, timing: ProgressTiming = defaultProgressTiming): () => void {
  const started = Date.now();
  let drawn = false;
  let interval: NodeJS.Timeout | undefined;
  const draw = () => {
    const line = progressLine(name, stats(), (Date.now() - started) / 1000);
    sink.write(sink.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
    drawn = true;
  };
  const delay = setTimeout(() => {
    draw();
    interval = setInterval(draw, sink.isTTY ? timing.ttyIntervalMs : timing.lineIntervalMs);
    interval.unref();
  }, timing.delayMs);
  delay.unref();
  return () => {
    clearTimeout(delay);
    if (interval) clearInterval(interval);
    if (drawn && sink.isTTY) sink.write('\r\x1b[K');
  };
}

/** "vhd-gate: reading NAME: 3.1 MiB in 42 requests (2.0 s)". */
export function progressLine(name: string, io: IoStats, seconds: number): string {
  return `vhd-gate: reading ${name}: ${formatBytes(io.bytesRead)} in ${io.reads} request${io.reads === 1 ? '' : 's'}${io.retries ? ` (${io.retries} retried)` : ''}, ${seconds.toFixed(1)} s`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
