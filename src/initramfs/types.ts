/** How one archive of an initramfs is stored, as the kernel's decompress_method names it. */
export type Compression = 'none' | 'gzip' | 'zstd' | 'xz' | 'lz4' | 'lz4-frame' | 'bzip2';

/** One archive of an initramfs file: an uncompressed cpio run (up to its TRAILER!!!) or one compressed stream. */
export interface InitramfsArchive {
  /** Byte offset in the initramfs file where the archive starts. */
  offset: number;
  compression: Compression;
  /** Bytes it takes in the file (the compressed stream, or the cpio run up to its trailer's padding). */
  storedBytes: number;
  /** Bytes of cpio data it holds (the decompressed size; storedBytes when uncompressed). */
  cpioBytes: number;
  /** cpio entries in it, TRAILER!!! not counted. */
  entries: number;
}

/** One cpio entry (a file, directory, symlink, device...) as the kernel would create it. */
export interface InitramfsEntry {
  /** Path inside the initramfs without a leading "./" or "/" ("usr/lib/modules/6.1.0/modules.dep"); "." for the root. */
  name: string;
  /** st_mode: type and permission bits (c_mode). */
  mode: number;
  /** Bytes of content (c_filesize; for a symlink the target's length). */
  size: number;
  /** Index in InitramfsListing.archives of the archive holding it. */
  archive: number;
  /** A symlink's target (every symlink's, charged to initramfsKeptBytes). */
  target?: string;
}

/** What readInitramfs found: every archive and entry, and the contents the caller asked to keep. */
export interface InitramfsListing {
  /** Canonical guest path of the initramfs file read (after symlinks). */
  path: string;
  /** Its size in bytes as stored. */
  size: number;
  archives: InitramfsArchive[];
  /**
   * Every entry in archive order. A name may appear more than once (an early and a main archive
   * both holding it): the kernel unpacks in order, so the last one wins, as in `files`.
   */
  entries: InitramfsEntry[];
  /** Contents of the regular files `keep` accepted, by normalised name (a later entry replaces an earlier one). */
  files: Map<string, Uint8Array>;
}

/** What readInitramfs may be asked. */
export interface ReadInitramfsOptions {
  /**
   * Whether to keep the contents of a regular file (normalised name, size in bytes): modules.dep,
   * modules.builtin, etc/modprobe.d/*.conf. Kept bytes count toward initramfsKeptBytes.
   */
  keep?: (name: string, size: number) => boolean;
}
