import type { BinaryInfo } from '../../src/binaries/read-binary.js';
import type { BinariesFacts, EspLoader } from '../../src/facts/binaries.js';
import type { Intent } from '../../src/intent/types.js';
import type { RuleContext } from '../../src/rules/types.js';
import { readReal, type RealBinary } from '../binaries/real-binaries.js';
import { plainImage } from '../helpers/rule-context.js';

/** An ESP loader fact as collectBinaries makes it, from one of the real binaries. */
export async function loader(path: string, name: RealBinary): Promise<EspLoader> {
  return { path, info: await readReal(name) };
}

/** The ESP of collectBinaries: shim's next stage looked up beside it, as the collector does. */
export function esp(loaders: EspLoader[]): BinariesFacts['esp'] {
  for (const l of loaders) {
    const name = l.info?.loader?.sbat.includes('shim') ? l.info.loader.secondStage : undefined;
    if (!name) continue;
    const dir = l.path.slice(0, l.path.lastIndexOf('/') + 1);
    const beside = loaders.find((o) => o.path.toLowerCase() === `${dir}${name}`.toLowerCase());
    l.nextStage = { name, ...(beside ? { path: beside.path } : {}) };
  }
  return { partition: 1, loaders };
}

/** A rule context with binaries facts and an image whose ESP lists the same loaders. */
export function binariesContext(binaries: BinariesFacts, intent: Partial<Intent>): RuleContext {
  const image = plainImage(binaries.esp ? { esp: { partition: 1, loaders: binaries.esp.loaders.map((l) => l.path) } } : {});
  return { image, facts: { unavailable: [], binaries }, intent: { sources: {}, ...intent } };
}

export const elf = (machine: 'x64' | 'Arm64'): BinaryInfo => ({ format: 'ELF', machine, elf: { bits: 64, endianness: 'little', e_machine: machine === 'x64' ? 62 : 183 } });
