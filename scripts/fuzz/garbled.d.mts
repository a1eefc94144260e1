/** Placeholders that mean a user-facing message was built from a missing or unparsed value. */
export const GARBLED: RegExp;
