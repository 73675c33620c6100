#!/usr/bin/env node
// Runs one TypeScript entry file (benchmarks, the cdktf app) through tsx without a build step.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.mjs FILE.ts [ARGS...]');
  process.exit(2);
}
process.argv = [process.argv[0] ?? 'node', entry, ...rest];
register();
await import(pathToFileURL(resolve(entry)).href);
