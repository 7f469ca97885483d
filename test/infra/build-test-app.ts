/**
 * Builds the app from cdk.json's example context with bundling skipped (`aws:cdk:bundling-stacks: []`), so a test
 * file synthesizes in well under a second instead of running esbuild for three functions.
 */
import { readFileSync } from 'node:fs';
import { buildApp } from '../../infra/build-app.js';

/** The example context from cdk.json, which must synthesize. */
export function exampleContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return { ...cdkJson.context };
}

export function buildTestApp(context: Record<string, unknown> = exampleContext()) {
  return buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
}
