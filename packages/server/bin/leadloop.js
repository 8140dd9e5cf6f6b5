#!/usr/bin/env node
// The `leadloop` command. A checked-in file, so npm links the bin on a fresh clone before
// anything is built; the CLI itself is compiled to dist/cli.js by `tsc -b`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('leadloop is not built yet: run `npx tsc -b` (or `npm test` / `npm start`) in the repository first.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
