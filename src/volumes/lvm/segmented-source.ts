import { VolumeError, hex } from '../../errors.js';
import { checkRange, type ByteSource } from '../../io/byte-source.js';

/** Where one stripe of a segment lives: a byte offset in a PV. */
export interface StripeArea {
  /** The PV. */
  source: ByteSource;
  /** Byte offset in `source` of the stripe's first byte. */
  offset: number;
}

/** A run of the LV's bytes mapped onto one or more PV areas. */
export interface MappedSegment {
  /** Byte offset in the LV. */
  start: number;
  /** Bytes. */
  size: number;
  /** One area (linear) or several, filled round-robin in `chunk`-byte pieces (dm-stripe). */
  stripes: StripeArea[];
  /** Bytes per stripe chunk; ignored with one stripe. */
  chunk: number;
}

/**
 * A ByteSource made of segments laid end to end, each linear or striped: an LVM logical
 * volume. The segments must cover [0, size) without gaps or overlaps, and each stripe area must
 * lie inside its PV; otherwise VolumeError (corrupt) names the segment.
 */
export function segmentedSource(name: string, size: number, segments: readonly MappedSegment[]): ByteSource {
  let expected = 0;
  for (const [i, s] of segments.entries()) {
    const where = `${name} segment ${i + 1}`;
    if (s.start !== expected || s.size <= 0) throw new VolumeError('corrupt', `${where} starts at ${hex(s.start)}, expected ${hex(expected)}`, { offset: s.start });
    const n = s.stripes.length;
    if (n === 0) throw new VolumeError('corrupt', `${where} has no stripes`, { offset: s.start });
    const width = s.size / n;
    if (n > 1 && (s.chunk <= 0 || !Number.isInteger(width) || width % s.chunk !== 0)) {
      throw new VolumeError('corrupt', `${where}: ${s.size} bytes do not split into ${n} stripes of whole ${s.chunk}-byte chunks`, { offset: s.start });
    }
    for (const area of s.stripes) {
      if (area.offset < 0 || area.offset + width > area.source.size) {
        throw new VolumeError('corrupt', `${where}: stripe ${hex(area.offset)}+${width} lies outside ${area.source.name} (size ${area.source.size})`, { offset: area.offset });
      }
    }
    expected += s.size;
  }
  if (expected !== size) throw new VolumeError('corrupt', `${name}: segments cover ${expected} bytes, the volume has ${size}`, { offset: expected });

  /** The segment holding LV byte `at` (binary search: segments are sorted and contiguous). */
  const find = (at: number): MappedSegment => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.start <= at) lo = mid;
      else hi = mid - 1;
    }
    return segments[lo]!;
  };

  return {
    name,
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      checkRange({ name, size }, offset, length);
      const out = new Uint8Array(length);
      let at = offset;
      while (at < offset + length) {
        const s = find(at);
        const rel = at - s.start;
        let area: StripeArea;
        let pos: number;
        let run: number;
        if (s.stripes.length === 1) {
          area = s.stripes[0]!;
          pos = area.offset + rel;
          run = s.size - rel;
        } else {
          // Chunk k goes to stripe k mod n, as row floor(k / n) of that stripe.
          const chunk = Math.floor(rel / s.chunk);
          const within = rel % s.chunk;
          area = s.stripes[chunk % s.stripes.length]!;
          pos = area.offset + Math.floor(chunk / s.stripes.length) * s.chunk + within;
          run = s.chunk - within;
        }
        const take = Math.min(run, offset + length - at);
        out.set(await area.source.read(pos, take), at - offset);
        at += take;
      }
      return out;
    },
  };
}
