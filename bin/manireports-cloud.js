#!/usr/bin/env node
// The CLI is TypeScript run as written (no build step): tsx compiles it on load.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
