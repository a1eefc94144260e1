// Placeholders that mean a user-facing message was built from a missing or unparsed value
// ("BAT at 0xNaN", "size undefined"): a corrupt field must be named with what it holds.
export const GARBLED = /\bNaN\b|\bundefined\b|\[object Object\]|0xNaN/;
