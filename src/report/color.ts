/**
 * Colour for the text report on a terminal, and nowhere else: not in files (--output), not in
 * JSON, not in a pipe or a CI log unless asked for. The convention most CLIs follow:
 * FORCE_COLOR (set, and not "0" or "false") turns it on, else NO_COLOR (set and non-empty,
 * no-color.org) turns it off, else a TTY that is not TERM=dumb has it. Node's own colour
 * detection gives FORCE_COLOR the same precedence over NO_COLOR.
 */
export function wantsColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

const sgr = (code: string) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;
const red = sgr('31');
const yellow = sgr('33');
const cyan = sgr('36');
const green = sgr('32');
const dim = sgr('2');
const bold = sgr('1');

/**
 * Colours a rendered text report line by line. The report is already neutralised (no escape
 * character from the image survives it), and every line this matches by its start was written
 * by the renderer: image text never begins a line.
 */
export function colorizeText(report: string): string {
  let waivedSection = false;
  return report
    .split('\n')
    .map((line, i) => {
      if (i === 0) return verdictColor(line);
      if (/^[A-Z][A-Za-z ,]+ \(\d+\)$/.test(line)) {
        waivedSection = line.startsWith('Waived (');
        return bold(line);
      }
      if (waivedSection && /^ {2}\[/.test(line)) return dim(line);
      if (/^ {2}\[error\] /.test(line)) return red(line);
      if (/^ {2}\[warning\] /.test(line)) return yellow(line);
      if (/^ {2}\[info\] /.test(line)) return cyan(line);
      return line;
    })
    .join('\n');
}

function verdictColor(line: string): string {
  if (line.startsWith('PASS')) return bold(green(line));
  if (line.startsWith('FAIL')) return bold(red(line));
  if (line.startsWith('ERROR')) return bold(red(line));
  return line;
}
