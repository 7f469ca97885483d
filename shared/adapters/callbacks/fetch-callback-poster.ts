/**
 * The {@link PostCallback} port on `fetch`: one POST to Moodle's callback URL with a hard timeout. Redirects are
 * not followed (a signed body must not be replayed to another address); the answer's body is discarded.
 */
import type { PostCallback } from '#domain/callback-delivery.js';

export interface FetchCallbackPosterOptions {
  url: string;
  /** @default 10 000 ms */
  timeoutMs?: number;
}

export function makeFetchCallbackPoster(options: FetchCallbackPosterOptions): PostCallback {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async ({ body, headers }) => {
    const response = await fetch(options.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Release the connection without reading what Moodle said: only the status matters.
    await response.body?.cancel().catch(() => undefined);
    return response.status;
  };
}
