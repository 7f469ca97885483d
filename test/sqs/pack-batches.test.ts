import { describe, expect, it } from 'vitest';
import { type PreparedEntry, packBatches, prepareEntries } from '#adapters/sqs/pack-batches.js';
import { makeWorkMessage } from './work-message-fixtures.js';

const entry = (id: string, bytes: number): PreparedEntry => ({ id, body: '', bytes, jobId: id });
const shape = (batches: PreparedEntry[][]) => batches.map((batch) => batch.map((e) => e.id).join(','));

describe('packBatches', () => {
  it('puts at most 10 entries in a batch, in order', () => {
    // Arrange
    const entries = Array.from({ length: 21 }, (_, i) => entry(`m${i}`, 10));

    // Act
    const { batches, oversized } = packBatches(entries);

    // Assert
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 1]);
    expect(batches.flat().map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(oversized).toEqual([]);
  });

  it('starts a new batch when the next entry would pass the byte limit', () => {
    // Arrange
    const entries = [entry('a', 60), entry('b', 40), entry('c', 1), entry('d', 100), entry('e', 50)];

    // Act
    const { batches } = packBatches(entries, 100);

    // Assert
    expect(shape(batches)).toEqual(['a,b', 'c', 'd', 'e']);
  });

  it('sets aside an entry larger than a whole batch', () => {
    // Arrange
    const entries = [entry('a', 10), entry('huge', 101), entry('b', 10)];

    // Act
    const { batches, oversized } = packBatches(entries, 100);

    // Assert
    expect(shape(batches)).toEqual(['a,b']);
    expect(oversized.map((e) => e.id)).toEqual(['huge']);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // Arrange
    const message = makeWorkMessage('job-1', { scheduleName: 'é'.repeat(100) });

    // Act
    const [prepared] = prepareEntries([message]);

    // Assert
    expect(prepared?.id).toBe('m0');
    expect(prepared?.bytes).toBe(Buffer.byteLength(prepared?.body ?? '', 'utf8'));
    expect(prepared?.bytes).toBeGreaterThan(prepared?.body.length ?? 0);
  });
});
