#!/usr/bin/env node
'use strict';
// The videor1 CLI runs its TypeScript sources directly: tsx's CommonJS loader compiles .ts on
// require, so neither the project nor user plugin files (plugins: in a config) need a build step.
// tsx reads the project's tsconfig (experimentalDecorators for tsyringe) wherever the CLI is run from.
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('tsx/cjs');
require('reflect-metadata');
const { main } = require('./entry.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`videor1: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  },
);
