/**
 * Test-only time helpers. Expected run times are written by hand as wall times with offsets; Date.parse (not
 * Temporal, which the code under test uses) turns them into instants, and results are compared as UTC strings so
 * that a failure shows readable times.
 */
import { listRunsAfter } from '#domain/run-slots.js';
import type { Recurrence } from '#domain/schedule.js';

export const epochOf = (iso: string): number => Date.parse(iso) / 1000;
export const utcOf = (epoch: number): string => new Date(epoch * 1000).toISOString();
/** The expected ISO strings as UTC strings, for `toEqual` against `utcOf` of the results. */
export const utcAll = (isos: string[]): string[] => isos.map((iso) => utcOf(epochOf(iso)));

export const DAILY: Recurrence = { frequency: 'daily' };
export const WEEKLY: Recurrence = { frequency: 'weekly' };
export const MONTHLY: Recurrence = { frequency: 'monthly' };
export const everyDays = (days: number): Recurrence => ({ frequency: 'custom', everyDays: days });

/** Slots 0..count-1 of a schedule as UTC strings: listing from just before the anchor starts with the anchor. */
export function listFromAnchor(recurrence: Recurrence, anchorIso: string, count: number, timeZone: string): string[] {
  const anchor = epochOf(anchorIso);
  return listRunsAfter(recurrence, anchor, anchor - 1, count, timeZone).map(utcOf);
}

/** A table row: slots 0..n-1 of `recurrence` in `timeZone`; the first expected value is the anchor. */
export type SlotRow = [label: string, recurrence: Recurrence, timeZone: string, expected: string[]];
