/**
 * S3 user metadata travels as HTTP headers (`x-amz-meta-*`), which carry ASCII only. Values that are not plain
 * printable ASCII (a course name in Greek, a value with a line break or edge spaces) are sent as RFC 2047
 * encoded-words, `=?UTF-8?B?<base64>?=`: S3 itself decodes that form on the way in and encodes non-ASCII values the
 * same way on the way out, so the AWS console shows the real text and every reader decodes one format.
 */
import { ValidationError } from '#domain/errors.js';

/** S3's limit on all user metadata of one object: the UTF-8 bytes of every key and value, added up. */
export const MAX_METADATA_BYTES = 2048;

// An encoded-word may be 75 characters long (RFC 2047 §2): 12 of them are `=?UTF-8?B?` and `?=`, leaving 63 for
// base64, i.e. 45 bytes of text (base64 turns 3 bytes into 4 characters: 45 bytes → 60 characters).
const BYTES_PER_WORD = 45;
const PLAIN = /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$|^$/;
const ENCODED_WORD = /^=\?UTF-8\?B\?([A-Za-z0-9+/]*={0,2})\?=$/i;
const KEY = /^[a-z0-9][a-z0-9-]*$/;

/**
 * One value as it is sent: unchanged when it is printable ASCII without edge spaces (and does not itself look like
 * an encoded-word), otherwise as space-separated encoded-words, each holding whole characters.
 */
export function encodeMetadataValue(value: string): string {
  if (PLAIN.test(value) && !value.startsWith('=?')) return value;
  const words: string[] = [];
  let chunk = '';
  for (const character of value) {
    if (Buffer.byteLength(chunk + character, 'utf8') > BYTES_PER_WORD) {
      words.push(encodedWord(chunk));
      chunk = '';
    }
    chunk += character;
  }
  words.push(encodedWord(chunk));
  return words.join(' ');
}

function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** The reverse of {@link encodeMetadataValue}; a value that is not encoded-words is returned as it is. */
export function decodeMetadataValue(value: string): string {
  const words = value.split(' ');
  const payloads = words.map((word) => ENCODED_WORD.exec(word)?.[1]);
  if (payloads.some((payload) => payload === undefined)) return value;
  return Buffer.concat(payloads.map((payload) => Buffer.from(payload ?? '', 'base64'))).toString('utf8');
}

/**
 * Checks the keys and encodes the values of a metadata record for S3.
 *
 * @throws ValidationError naming `metadata.<key>` for a key that is not lower-case letters, digits and hyphens, or
 *   `metadata` when the encoded record exceeds {@link MAX_METADATA_BYTES}.
 */
export function encodeMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  const encoded: Record<string, string> = {};
  let bytes = 0;
  for (const [key, value] of Object.entries(metadata)) {
    // Header names are case-insensitive and S3 lower-cases them: allowing upper case would let two keys collide.
    if (!KEY.test(key)) {
      throw new ValidationError(`metadata.${key}`, key, 'keys must be lower-case letters, digits and hyphens');
    }
    encoded[key] = encodeMetadataValue(value);
    bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(encoded[key], 'utf8');
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw new ValidationError('metadata', `${bytes} bytes`, `exceeds S3's ${MAX_METADATA_BYTES} bytes of metadata`);
  }
  return encoded;
}

/** Decodes every value of a metadata record read back from S3. */
export function decodeMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, decodeMetadataValue(value)]));
}
