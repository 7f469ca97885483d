/** The ses-events function's adapters, built once per cold start: the job and recipient stores. */
import { makeStores } from '#adapters/pipeline-adapters.js';
import { readStoreEnvironment } from '#config/pipeline-environment.js';

export function loadSesEventsDependencies(env: Record<string, string | undefined> = process.env) {
  const stores = makeStores(readStoreEnvironment(env));
  return { jobs: stores.jobs, ledger: stores.ledger };
}
