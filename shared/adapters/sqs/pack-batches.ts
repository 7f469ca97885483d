/**
 * How work messages become SQS batch entries: the JSON body, and groups that respect both of `SendMessageBatch`'s
 * limits (entries per call, and bytes per call).
 */
import type { WorkMessage } from '#domain/work-message.js';

/** SQS's most entries in one `SendMessageBatch`. */
export const MAX_BATCH_ENTRIES = 10;

/**
 * Bytes per batch (the sum of bodies), and so per message. 256 KiB is SQS's historical limit; queues created since
 * AWS raised it accept 1 MiB, but staying under the old one keeps any queue, and any local server, able to take it.
 */
export const DEFAULT_MAX_BATCH_BYTES = 256 * 1024;

/** One message ready to send; `id` is unique within one `sendAll` and is the batch entry's `Id`. */
export interface PreparedEntry {
  id: string;
  body: string;
  bytes: number;
  /** The message's job, to name in an error; never a recipient. */
  jobId: string;
}

/**
 * The message as JSON. JSON escapes control characters and lone surrogates already; U+FFFE and U+FFFF are left as
 * they are, but SQS refuses bodies holding them, so they are escaped too (JSON.parse restores them).
 */
export function serializeWorkMessage(message: WorkMessage): string {
  return JSON.stringify(message).replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Serialises each message into an entry whose `Id` is `m<index>`. */
export function prepareEntries(messages: readonly WorkMessage[]): PreparedEntry[] {
  return messages.map((message, index) => {
    const body = serializeWorkMessage(message);
    return { id: `m${index}`, body, bytes: Buffer.byteLength(body, 'utf8'), jobId: message.jobId };
  });
}

/**
 * Groups entries, in order, into batches of at most {@link MAX_BATCH_ENTRIES} entries and `maxBatchBytes` bytes.
 * An entry larger than `maxBatchBytes` on its own can never be sent; it is returned in `oversized` instead.
 */
export function packBatches(
  entries: readonly PreparedEntry[],
  maxBatchBytes: number = DEFAULT_MAX_BATCH_BYTES,
): { batches: PreparedEntry[][]; oversized: PreparedEntry[] } {
  const batches: PreparedEntry[][] = [];
  const oversized: PreparedEntry[] = [];
  let current: PreparedEntry[] = [];
  let currentBytes = 0;
  for (const entry of entries) {
    if (entry.bytes > maxBatchBytes) {
      oversized.push(entry);
      continue;
    }
    if (current.length === MAX_BATCH_ENTRIES || currentBytes + entry.bytes > maxBatchBytes) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += entry.bytes;
  }
  if (current.length > 0) batches.push(current);
  return { batches, oversized };
}
