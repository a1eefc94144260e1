/** The package version; a test keeps it equal to package.json's (the bundle has no JSON import). */
export const version = '0.1.0';
