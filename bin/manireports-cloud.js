#!/usr/bin/env node
// The CLI is TypeScript run as written (no build step): tsx compiles it on load.
import { register } from 'tsx/esm/api';

// The local SQS server (fauxqs) loads node:sqlite, which Node 22 calls experimental on every run: noise to a user.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && warning.message.includes('SQLite')) return;
  process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
