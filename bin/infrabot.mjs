#!/usr/bin/env node
// Runs the TypeScript CLI from a bundle that rebuilds itself when the sources change (see cli-bundle.mjs), so
// `npx infrabot` works right after `npm ci` with no build step and starts fast.
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliBundle } from './cli-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
await import(pathToFileURL(await cliBundle(root)).href);
