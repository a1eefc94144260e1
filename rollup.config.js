// Two entry points, the action (dist/index.js) and the CLI (dist/cli.js), bundled together so
// they share chunks. The Azure SDK is imported lazily (blob input only), so it lands in its own
// chunk under dist/chunks/ and a local check never parses it. The Azure Pipelines task is a third,
// separate bundle (dist/ado/index.js, below). `npm run bundle` empties dist/ first, so chunks that
// a change made obsolete disappear (and CI's freshness check sees it).
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

const onwarn = (warning, warn) => {
  // @actions/core and friends use `this` at module top level in their CJS shims; harmless.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

const plugins = () => [
  // filterRoot: include patterns resolve against the cwd, not compilerOptions.rootDir (which would make them src/src/**).
  typescript({ tsconfig: 'tsconfig.json', include: ['src/**/*.ts'], filterRoot: '.', compilerOptions: { outDir: 'dist', rootDir: 'src', sourceMap: false, types: ['node'] } }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
  commonjs(),
];

const actionAndCli = {
  input: { index: 'src/index.ts', cli: 'src/cli.ts' },
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
  },
  plugins: plugins(),
  onwarn,
};

// The Azure Pipelines task (ado/vhd-gate-task): one self-contained file, Azure SDK inlined,
// because the agent copies only the task's folder (ado/vss-extension.json maps this file into it).
const adoTask = {
  input: 'src/ado/index.ts',
  output: { file: 'dist/ado/index.js', format: 'es', inlineDynamicImports: true },
  plugins: plugins(),
  onwarn,
};

export default [actionAndCli, adoTask];
