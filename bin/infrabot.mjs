#!/usr/bin/env node
// Runs the TypeScript CLI from a bundle that rebuilds itself when the sources change (see cli-bundle.mjs), so
// `npx infrabot` works right after `npm ci` with no build step and starts fast.
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliBundle } from './cli-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let entry;
try {
  entry = pathToFileURL(await cliBundle(root)).href;
} catch {
  // No writable node_modules/.cache (a read-only install): run the sources through tsx, slower to start.
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(resolve(root, 'cli/main.ts')).href;
}
await import(entry);
