// Two self-contained ESM bundles: the action entry (dist/index.js) and the CLI (dist/cli.js).
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

const plugins = () => [
  // filterRoot: include patterns resolve against the cwd, not compilerOptions.rootDir (which would make them src/src/**).
  typescript({ tsconfig: 'tsconfig.json', include: ['src/**/*.ts'], filterRoot: '.', compilerOptions: { outDir: 'dist', rootDir: 'src', sourceMap: false, types: ['node'] } }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
  commonjs(),
];

const onwarn = (warning, warn) => {
  // @actions/core and friends use `this` at module top level in their CJS shims; harmless.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

// inlineDynamicImports: @azure/identity is imported lazily (only without SAS or connection
// string) and the Azure SDK has lazy imports of its own; each bundle stays one file.
export default [
  { input: 'src/index.ts', output: { file: 'dist/index.js', format: 'es', inlineDynamicImports: true }, plugins: plugins(), onwarn },
  { input: 'src/cli.ts', output: { file: 'dist/cli.js', format: 'es', banner: '#!/usr/bin/env node', inlineDynamicImports: true }, plugins: plugins(), onwarn },
];
