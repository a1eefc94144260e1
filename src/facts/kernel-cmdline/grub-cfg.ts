import { parseKernelArgs, type KernelArg } from './args.js';

/** A `linux` line inside a menuentry of a generated grub.cfg. */
export interface GrubMenuEntry {
  /** Menuentry title. */
  title: string;
  /** Titles of enclosing submenus ("Advanced options for Ubuntu"). */
  submenus: string[];
  /** 1-based line of the linux/linuxefi/linux16 command. */
  line: number;
  /** Kernel image path. */
  kernel: string;
  /** Arguments after the kernel path. */
  args: KernelArg[];
  /** The arguments as written. */
  text: string;
}

/** What a generated grub.cfg boots. */
export interface GrubCfg {
  /** Every menuentry with a linux command, in file order. */
  entries: GrubMenuEntry[];
  /** The entry GRUB boots by default: `set default=N` (top-level index) or a title; undefined when it depends on grubenv. */
  defaultEntry?: GrubMenuEntry;
  /** The `set default=` value as written. */
  defaultSetting?: string;
  /** True when the config is a BLS stub (`blscfg`): entries come from /boot/loader/entries. */
  usesBls: boolean;
}

/** First word of a grub script line with its quotes resolved ('Title' or "Title"). */
function quotedTitle(rest: string): string {
  const m = /^\s*(?:'([^']*)'|"([^"]*)"|(\S+))/.exec(rest);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
}

/**
 * Parses a grub.cfg as grub-mkconfig writes it: `menuentry`/`submenu` blocks delimited by
 * braces on their own lines, `linux` (or linuxefi/linux16) commands inside. Not a full
 * GRUB script interpreter: conditionals are read through, which is how grub-mkconfig output is laid out.
 */
export function parseGrubCfg(text: string): GrubCfg {
  const entries: GrubMenuEntry[] = [];
  const topLevel: (GrubMenuEntry | undefined)[] = [];
  const stack: { kind: 'menuentry' | 'submenu' | 'other'; title: string; entry?: GrubMenuEntry }[] = [];
  let defaultSetting: string | undefined;
  let usesBls = false;
  const lines = text.split('\n');
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line.startsWith('#') || line === '') return;
    // [\s\S]: junk may hold \r or U+2028 mid-line, which `.` does not match.
    const word = /^(\S+)\s*([\s\S]*)$/.exec(line)!;
    const [command, rest] = [word[1]!, word[2]!];
    if (command === 'menuentry' || command === 'submenu') {
      stack.push({ kind: command, title: quotedTitle(rest) });
      if (command === 'menuentry' && !stack.some((s) => s.kind === 'submenu')) topLevel.push(undefined);
      return;
    }
    if (line.endsWith('{')) stack.push({ kind: 'other', title: '' });
    if (line === '}' || line.startsWith('}')) {
      stack.pop();
      return;
    }
    if (command === 'blscfg') usesBls = true;
    const setDefault = /^set\s+default=(?:"([^"]*)"|'([^']*)'|(\S*))/.exec(line);
    if (setDefault && stack.length === 0) defaultSetting = setDefault[1] ?? setDefault[2] ?? setDefault[3];
    if (/^(linux|linuxefi|linux16)$/.test(command)) {
      const menu = [...stack].reverse().find((s) => s.kind === 'menuentry');
      if (!menu || menu.entry) return;
      const kernelMatch = /^(\S+)\s*([\s\S]*)$/.exec(rest);
      const entry: GrubMenuEntry = {
        title: menu.title,
        submenus: stack.filter((s) => s.kind === 'submenu').map((s) => s.title),
        line: index + 1,
        kernel: kernelMatch?.[1] ?? '',
        args: parseKernelArgs(kernelMatch?.[2] ?? ''),
        text: kernelMatch?.[2]?.trim() ?? '',
      };
      menu.entry = entry;
      entries.push(entry);
      if (entry.submenus.length === 0) topLevel[topLevel.length - 1] = entry;
    }
  });
  return { entries, defaultEntry: pickDefault(defaultSetting, topLevel, entries), defaultSetting, usesBls };
}

function pickDefault(setting: string | undefined, topLevel: (GrubMenuEntry | undefined)[], entries: GrubMenuEntry[]): GrubMenuEntry | undefined {
  const value = setting ?? '0';
  if (/^\d+$/.test(value)) return topLevel[Number(value)];
  if (value.includes('$')) return undefined;
  return entries.find((e) => e.title === value);
}
