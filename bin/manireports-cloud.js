#!/usr/bin/env node
// The CLI needs Node.js 22 or newer (the local SQS server keeps its queues with `node:sqlite`). Started on an older
// Node, it runs itself again on the project's own Node 22 (the `node` devDependency `npm ci` installs), if present.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REQUIRED_MAJOR = 22;

if (Number(process.versions.node.split('.')[0]) < REQUIRED_MAJOR) {
  const projectNode = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(projectNode)) {
    process.stderr.write(
      `manireports-cloud needs Node.js ${REQUIRED_MAJOR} or newer (this is ${process.version}). Run \`npm ci\` in the` +
        ` project (it installs Node ${REQUIRED_MAJOR} for the project) or use \`npx manireports-cloud\`.\n`,
    );
    process.exit(1);
  }
  const child = spawn(projectNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches both processes (one process group); a signal sent to this one alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (signal !== 'SIGINT') child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1);
  });
  child.on('error', (error) => {
    process.stderr.write(`manireports-cloud: could not start ${projectNode}: ${error.message}\n`);
    process.exitCode = 1;
  });
} else {
  // The local SQS server (fauxqs) loads node:sqlite, which Node 22 calls experimental on every run: noise to a user.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning' && warning.message.includes('SQLite')) return;
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });

  // The CLI is TypeScript run as written (no build step): tsx compiles it on load.
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
