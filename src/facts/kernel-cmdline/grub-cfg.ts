import { parseKernelArgs, type KernelArg } from './args.js';

/** A `linux` line inside a menuentry of a generated grub.cfg. */
export interface GrubMenuEntry {
  /** Menuentry title. */
  title: string;
  /** The entry's id (`$menuentry_id_option 'gnulinux-simple-…'` or `--id …`), which `set default` and saved_entry may name. */
  id?: string;
  /** Titles of enclosing submenus ("Advanced options for Ubuntu"). */
  submenus: string[];
  /** Ids of enclosing submenus, parallel to `submenus` (undefined where a submenu has none). */
  submenuIds: (string | undefined)[];
  /** Index of the entry at each menu level, outermost first: [1, 0] is the first entry of the second top-level item. */
  position: number[];
  /** 1-based line of the linux/linuxefi/linux16 command. */
  line: number;
  /** Kernel image path, as GRUB reads it (relative to the filesystem GRUB's `root` is set to). */
  kernel: string;
  /** initrd images of the entry's `initrd` (initrdefi, initrd16) command, in load order. */
  initrds: string[];
  /** Arguments after the kernel path. */
  args: KernelArg[];
  /** The arguments as written. */
  text: string;
}

/** What a generated grub.cfg boots. */
export interface GrubCfg {
  /** Every menuentry with a linux command, in file order. */
  entries: GrubMenuEntry[];
  /** The entry GRUB boots by default from `set default=` alone; undefined when it depends on grubenv (`${saved_entry}`). */
  defaultEntry?: GrubMenuEntry;
  /** The `set default=` value in force at the end of the top level, as written. */
  defaultSetting?: string;
  /** True when the config is a BLS stub (`blscfg`): entries come from /boot/loader/entries. */
  usesBls: boolean;
}

/** First word of a grub script line with its quotes resolved ('Title' or "Title"). */
function quotedTitle(rest: string): string {
  const m = /^\s*(?:'([^']*)'|"([^"]*)"|(\S+))/.exec(rest);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
}

/** The id grub-mkconfig writes after `$menuentry_id_option` (or `--id`). */
function menuId(rest: string): string | undefined {
  const m = /(?:\$menuentry_id_option|--id)\s+(?:'([^']*)'|"([^"]*)"|(\S+))/.exec(rest);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/**
 * Menu levels recorded. grub-mkconfig writes one submenu level; a deeper entry cannot be a
 * default anyone chose, and recording each one's path would make a hostile file quadratic.
 */
const MAX_MENU_DEPTH = 8;

interface Block {
  kind: 'menuentry' | 'submenu' | 'other';
  title: string;
  id?: string;
  /** For menu blocks: index among the items of the enclosing menu. */
  index: number;
  /** For submenus: items seen so far inside. */
  items: number;
  entry?: GrubMenuEntry;
}

/**
 * Parses a grub.cfg as grub-mkconfig writes it: `menuentry`/`submenu` blocks delimited by
 * braces on their own lines, `linux` (or linuxefi/linux16) and `initrd` commands inside. Not a
 * full GRUB script interpreter: conditionals are read through, which is how grub-mkconfig
 * output is laid out (its `if [ "${next_entry}" ] … else set default="0" fi` leaves the
 * else-branch value in force, which is what a first boot without next_entry uses).
 */
export function parseGrubCfg(text: string): GrubCfg {
  const entries: GrubMenuEntry[] = [];
  const stack: Block[] = [];
  // The menu blocks of `stack` alone, kept alongside so no line walks the whole stack
  // (a hostile file can nest braces millions deep).
  const menus: Block[] = [];
  let topItems = 0;
  let defaultSetting: string | undefined;
  let usesBls = false;
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line.startsWith('#') || line === '') return;
    // [\s\S]: junk may hold \r or U+2028 mid-line, which `.` does not match.
    const word = /^(\S+)\s*([\s\S]*)$/.exec(line)!;
    const [command, rest] = [word[1]!, word[2]!];
    if (command === 'menuentry' || command === 'submenu') {
      const parent = menus.at(-1);
      // A menuentry nested in a menuentry is not a menu item grub-mkconfig writes; count it in its parent anyway.
      const itemIndex = parent ? parent.items++ : topItems++;
      const block: Block = { kind: command, title: quotedTitle(rest), id: menuId(rest), index: itemIndex, items: 0 };
      stack.push(block);
      menus.push(block);
      return;
    }
    if (line.endsWith('{')) stack.push({ kind: 'other', title: '', index: 0, items: 0 });
    if (line === '}' || line.startsWith('}')) {
      if (stack.pop() === menus.at(-1)) menus.pop();
      return;
    }
    if (command === 'blscfg') usesBls = true;
    const setDefault = /^set\s+default=(?:"([^"]*)"|'([^']*)'|(\S*))/.exec(line);
    if (setDefault && menus.length === 0) defaultSetting = setDefault[1] ?? setDefault[2] ?? setDefault[3];
    const menu = menus.at(-1);
    if (menu?.kind !== 'menuentry') return;
    if (/^(linux|linuxefi|linux16)$/.test(command) && !menu.entry && menus.length <= MAX_MENU_DEPTH) {
      const kernelMatch = /^(\S+)\s*([\s\S]*)$/.exec(rest);
      const submenus = menus.slice(0, -1);
      menu.entry = {
        title: menu.title,
        id: menu.id,
        submenus: submenus.map((s) => s.title),
        submenuIds: submenus.map((s) => s.id),
        position: menus.map((s) => s.index),
        line: index + 1,
        kernel: kernelMatch?.[1] ?? '',
        initrds: [],
        args: parseKernelArgs(kernelMatch?.[2] ?? ''),
        text: kernelMatch?.[2]?.trim() ?? '',
      };
      entries.push(menu.entry);
    } else if (/^(initrd|initrdefi|initrd16)$/.test(command) && menu.entry && menu.entry.initrds.length === 0) {
      menu.entry.initrds = rest.split(/\s+/).filter((p) => p !== '' && !p.startsWith('$'));
    }
  });
  const defaultEntry = defaultSetting === undefined ? resolveGrubDefault(entries, '0') : resolveGrubDefault(entries, defaultSetting);
  return { entries, defaultEntry, defaultSetting, usesBls };
}

/**
 * The entry a GRUB `default` value names, as GRUB's menu code reads it: an empty value is
 * entry 0; each `>`-separated part is an index, a title or an id at that menu level.
 * A value holding a variable (`${saved_entry}`) is unknown here: the caller substitutes grubenv.
 */
export function resolveGrubDefault(entries: readonly GrubMenuEntry[], value: string): GrubMenuEntry | undefined {
  if (value.includes('$')) return undefined;
  const parts = (value === '' ? '0' : value).split('>');
  return entries.find(
    (e) =>
      e.position.length === parts.length &&
      parts.every((part, level) => {
        const isLast = level === parts.length - 1;
        const title = isLast ? e.title : e.submenus[level];
        const id = isLast ? e.id : e.submenuIds[level];
        return (/^\d+$/.test(part) && Number(part) === e.position[level]) || part === title || (id !== undefined && part === id);
      }),
  );
}
