import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// Every schema the product runs uses the tree-shakable `zod/mini` API (`import * as z from '../zod'`): the classic
// one hangs every method on every schema, which adds about 150 KiB to each Lambda bundle. (The deployment app in
// terraform/ keeps the classic API; it is never bundled.) Mini leaves messages out unless a locale is set, so this
// module sets English before any schema can parse.
config(en());

export * from 'zod/mini';
