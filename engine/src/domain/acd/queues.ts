/**
 * Queues: a contact waits in the queue of its region and business category. Pure: how a contact
 * is placed (category, order, overflow) and which settings a queue routes with.
 */
import { CITY_REGION_CODE, GENERAL_CATEGORY, type QueueStrategy, type RegionCode } from '@cloud-seat/contracts';
import { rankTime } from './priority.js';

export interface QueueSettings {
  strategy: QueueStrategy;
  /** Seconds before a 旗区 contact may go to 市本级 seats; null: never. */
  overflowAfterSeconds: number | null;
}

/** Settings of a queue with no stored row: longest idle; 旗区 overflow to 市本级 after the default wait. */
export function defaultQueueSettings(regionCode: string, defaultOverflowAfterSeconds: number | null): QueueSettings {
  return {
    strategy: 'longest_idle',
    overflowAfterSeconds: overflowRegionOf(regionCode) === null ? null : defaultOverflowAfterSeconds,
  };
}

/** Where a region's contacts overflow to: every 旗区 to 市本级; 市本级 nowhere. */
export function overflowRegionOf(regionCode: string): RegionCode | null {
  return regionCode === CITY_REGION_CODE ? null : CITY_REGION_CODE;
}

/**
 * The business category a contact queues under: the matter's category, else the chosen seat's
 * team, else 综合咨询. A category no seat of the region serves (its category or a skill) would
 * wait forever, so it falls back to 综合咨询, which every seat serves.
 */
export function contactCategory(
  wanted: { matterCategory?: string | null; requestedSeatCategory?: string | null },
  servedInRegion: ReadonlySet<string>,
): string {
  for (const category of [wanted.matterCategory, wanted.requestedSeatCategory]) {
    if (category && servedInRegion.has(category)) return category;
  }
  return GENERAL_CATEGORY;
}

/** The skills a contact of this category needs: none for 综合咨询. */
export function requiredSkillsFor(category: string): string[] {
  return category === GENERAL_CATEGORY ? [] : [category];
}

/** What a seat serves: its own category (team) and its skills. */
export function servedCategories(seat: { category: string; skills: readonly string[] }): string[] {
  return [seat.category, ...seat.skills];
}

export interface Placement {
  rankAt: Date;
  overflowRegionCode: string | null;
  overflowAt: Date | null;
}

/** Where a new contact stands: its rank instant (priority bonus folded in) and when it may overflow. */
export function placeContact(
  contact: { regionCode: string; enqueuedAt: Date; appointment: boolean; elder: boolean },
  settings: QueueSettings,
): Placement {
  const overflowRegionCode = settings.overflowAfterSeconds === null ? null : overflowRegionOf(contact.regionCode);
  return {
    rankAt: new Date(rankTime(contact)),
    overflowRegionCode,
    overflowAt:
      overflowRegionCode === null
        ? null
        : new Date(contact.enqueuedAt.getTime() + (settings.overflowAfterSeconds ?? 0) * 1000),
  };
}

/**
 * A contact returned to the queue because its seat went away (disconnect) goes to the head of
 * its queue: ahead of everyone who was waiting, in the order such contacts were returned.
 */
export const RETURNED_HEAD_START_MS = 24 * 3600_000;

export function returnedRankAt(previousRankAt: Date): Date {
  return new Date(previousRankAt.getTime() - RETURNED_HEAD_START_MS);
}
