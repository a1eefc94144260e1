/** Kernel command-line arguments (Documentation/admin-guide/kernel-parameters.rst): `name[=value]`, double quotes group spaces. */

/** One argument. */
export interface KernelArg {
  /** Text before the first '=' (the whole token when there is none). */
  name: string;
  /** Text after the first '=', quotes removed; undefined for a bare flag. */
  value?: string;
  /** The token as written. */
  raw: string;
}

/**
 * Splits a command line into arguments. Tokens that are unexpanded bootloader variables
 * (`$vt_handoff`, `${extra_cmdline}`) are dropped: their value is only known at boot.
 */
export function parseKernelArgs(text: string): KernelArg[] {
  const args: KernelArg[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let raw = '';
    let quoted = false;
    while (i < text.length && (quoted || !/\s/.test(text[i]!))) {
      if (text[i] === '"') quoted = !quoted;
      raw += text[i++];
    }
    if (/^\$(\w+|\{\w+\})$/.test(raw)) continue;
    const eq = raw.indexOf('=');
    const name = eq < 0 ? raw : raw.slice(0, eq);
    args.push(eq < 0 ? { name, raw } : { name, value: raw.slice(eq + 1).replace(/"/g, ''), raw });
  }
  return args;
}
