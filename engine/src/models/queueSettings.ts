/**
 * The routing settings of queues: the stored row, or the defaults for a queue without one.
 */
import { Op, QueryTypes } from 'sequelize';
import { defaultQueueSettings, type QueueSettings } from '../domain/acd/queues.js';
import { Queue } from './queue.js';
import { Seat } from './seat.js';

export type QueueSettingsOf = (regionCode: string, category: string) => QueueSettings & { lastOfferedPosition: number };

export async function queueSettingsLookup(
  keys: ReadonlyArray<{ regionCode: string; category: string }>,
  defaultOverflowAfterSeconds: number | null,
): Promise<QueueSettingsOf> {
  const rows =
    keys.length === 0
      ? []
      : await Queue.findAll({
          where: { [Op.or]: keys.map((k) => ({ regionCode: k.regionCode, category: k.category })) },
        });
  const byKey = new Map(rows.map((r) => [`${r.regionCode}|${r.category}`, r]));
  return (regionCode, category) => {
    const row = byKey.get(`${regionCode}|${category}`);
    if (!row) return { ...defaultQueueSettings(regionCode, defaultOverflowAfterSeconds), lastOfferedPosition: -1 };
    return {
      strategy: row.strategy,
      overflowAfterSeconds: row.overflowAfterSeconds,
      lastOfferedPosition: row.lastOfferedPosition,
    };
  };
}

/** Categories the region's seats serve (their teams and skills), online or not. */
export async function categoriesServedIn(regionCode: string): Promise<Set<string>> {
  const rows = await Seat.sequelize!.query<{ served: string }>(
    `SELECT DISTINCT category AS served FROM seats WHERE region_code = :regionCode
     UNION SELECT DISTINCT jsonb_array_elements_text(skills) FROM seats WHERE region_code = :regionCode`,
    { type: QueryTypes.SELECT, replacements: { regionCode } },
  );
  return new Set(rows.map((r) => r.served));
}
