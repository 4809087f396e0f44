#!/usr/bin/env node
// Committed (not built) so that `npm install` links the `lienthong` bin on a fresh clone, before
// `dist/` exists; it runs the built CLI, or says how to build it.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('lienthong: CLI chưa được build — chạy `npm run build` (hoặc `npm start`) / not built yet — run `npm run build` (or `npm start`)');
  process.exit(1);
}
await import(main.href);
