import { LimitError, type ErrorPlace, type Layer } from './errors.js';

/**
 * Every budget that bounds work on a hostile image, in one place.
 *
 * The image under review may come from anyone (a pull request). Each number here caps time or
 * memory that the image's content could otherwise make unbounded. Exceeding one throws a
 * LimitError (src/errors.ts, kind "limit") naming the budget; the fact subject that needed the
 * data becomes unavailable and every rule that needed it is reported as not judged, so a budget
 * can never turn into a silent pass. Sized so that every real distribution image we know of fits
 * with a wide margin; the whole check stays well under 10 s and 512 MiB at these values.
 */
export const limits = {
  // --- guest files (facts layer) ---
  /** Bytes read from one guest config file; a larger file is a limit, never silently truncated. */
  fileBytes: 4 * 1024 * 1024,
  /** Bytes read from all guest files together in one run (real images read about 1 MiB; parsing 16 MiB of text takes seconds on a busy runner). */
  factsBytes: 16 * 1024 * 1024,
  /** Entries the guest layer will list from one directory. */
  dirEntries: 100_000,
  /** Files one glob (cloud.cfg.d/*.cfg, Include, source, netplan/*.yaml) may expand to. */
  globFiles: 4096,
  /** Longest single line a line-oriented parser accepts. */
  lineBytes: 64 * 1024,
  /** Directory entries listed from all guest directories together in one run (symlinked fan-out). */
  factsEntries: 1_000_000,
  /** Nesting of include-style directives (sshd Include, ENI source, grub configfile). */
  includeDepth: 16,
  /** Files one include-style expansion (sshd_config Include, ENI source) reads, a file counted each time it is included. */
  includeFiles: 1024,
  /** Interface definitions (ENI stanzas and auto lines, netplan ids, ifcfg/keyfile/networkd files) judged together: real images have a handful. */
  networkDefinitions: 1024,
  /** User accounts whose home directories are visited (authorized_keys, history). */
  homeDirectories: 10_000,
  /** Bytes that $VAR expansions may produce while one shell-style file is parsed (A="$A$A" doubles per line). */
  shellExpansionBytes: 1024 * 1024,
  /** Units visited while walking systemd's boot transaction: real systems pull in a few hundred. */
  bootUnits: 5000,
  /** Boot menu entries (grub.cfg menuentries + BLS entries) resolved to guest files: real menus have a few kernels and their recovery entries. */
  bootEntries: 1024,
  /** Ports one bridge or bond definition may list (ENI bridge_ports/bond-slaves, SUSE BRIDGE_PORTS/BONDING_SLAVE_n): real ones list a handful. */
  masterPorts: 256,
  // --- binaries (ELF/PE headers, Authenticode signatures) ---
  /** Bytes of one PE's Authenticode certificate table (data directory 4): real shim, GRUB and kernel signatures are 2-20 KiB. */
  authenticodeBytes: 256 * 1024,
  /** Bytes of one PE section read whole (.sbat, .vendor_cert, shim's .data for its second-stage name): shim's .data is about 200 KiB. */
  peSectionBytes: 1024 * 1024,
  /** DER elements walked in one certificate table (a signature holds a few hundred). */
  derNodes: 20_000,
  // --- initramfs (src/initramfs) ---
  /** Size of one initramfs file as stored, and bytes read from initramfs files in one run: real ones are 10 to 200 MiB. */
  initramfsBytes: 512 * 1024 * 1024,
  /** Bytes one initramfs decompresses to, all archives together: real ones are 30 to 600 MiB; beyond this is a bomb or not an initramfs. */
  initramfsExpandedBytes: 1024 * 1024 * 1024,
  /** cpio entries in one initramfs: real ones have 1,000 to 10,000. */
  initramfsEntries: 200_000,
  /** Bytes of entry contents and symlink targets kept from one initramfs for the caller (modules.dep, modprobe.d, links). */
  initramfsKeptBytes: 16 * 1024 * 1024,
  /** Sliding window a zstd or xz stream may ask the decoder to hold (zstd -19 uses 8 MiB, xz -6 8 MiB, xz -9 64 MiB; the decoder allocates it whole). */
  decompressWindowBytes: 64 * 1024 * 1024,
  // --- filesystem readers (ext, XFS, FAT) ---
  /** Bytes of one directory a reader reads to list it or to index it for lookups. */
  dirBytes: 64 * 1024 * 1024,
  /** Entries a reader indexes in one directory so names can be looked up in it (8 bytes each). */
  dirLookupEntries: 1_000_000,
  /** Extent-tree (ext) or bmap-btree (XFS) blocks visited to map one file. */
  extentNodes: 4096,
  /** Extents (block runs) produced while mapping one file. */
  fileExtents: 200_000,
  // --- volumes ---
  /** Settings, sections and list items in one LVM metadata text. */
  lvmMetadataNodes: 200_000,
  // --- YAML (cloud-init, netplan) ---
  /** Alias expansions one YAML document may make (alias bombs). */
  yamlAliases: 1_000,
  /** Nesting depth of one YAML document. */
  yamlDepth: 64,
  /** Size of one YAML document in bytes (real cloud.cfg and netplan files are a few KiB). */
  yamlBytes: 256 * 1024,
  /** YAML parsed in all in one run: the yaml package manages only about 1 MiB per second on a busy runner. */
  yamlTotalBytes: 512 * 1024,
} as const;

/** Name of one budget, as LimitError.budget carries it. */
export type Budget = keyof typeof limits;

/** A set of budget values (src/limits.ts's, or a test's lowered copy). */
export type Budgets = { readonly [K in Budget]: number };

/**
 * Throws a LimitError when `used` exceeds the budget: the one check every layer makes, so the
 * error always names the budget and its value the same way. `describe` builds the message only
 * when it is thrown (checks sit in per-entry loops); `limit` defaults to src/limits.ts's value
 * (GuestFs passes a test's lowered copy).
 */
export function enforceBudget(
  layer: Layer,
  budget: Budget,
  used: number,
  describe: (limit: number) => string,
  place?: ErrorPlace,
  limit: number = limits[budget],
): void {
  if (used <= limit) return;
  throw new LimitError(layer, budget, limit, describe(limit), place);
}
