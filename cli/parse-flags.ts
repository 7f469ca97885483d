import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` in strict mode, with its errors turned into one-line usage errors. */
export function parseFlags<T extends FlagSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

export function requireFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

/** A whole number within [min, max], or a usage error naming the flag. */
export function parseWholeNumber(value: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min} to ${max}`;
    throw new UsageError(`${flag}: "${value}" is not a whole number ${range}`);
  }
  return number;
}
