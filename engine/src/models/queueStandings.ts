/**
 * Where waiting citizens stand: position in their region's queue (the dispatcher's order:
 * rank_at: arrival minus the priority bonus) and an estimated wait from the seats on duty and recent handling times.
 */
import type { QueueStanding } from '@cloud-seat/contracts';
import { QueryTypes, type Sequelize } from 'sequelize';
import { estimatedWaitSeconds } from '../domain/acd/priority.js';

/** Handling time assumed until a region has ended conversations to learn from. */
const DEFAULT_HANDLE_SECONDS = 180;
const RECENT = 50;

export async function regionQueueStandings(sequelize: Sequelize, regionCode: string, limit = 200) {
  const waiting = await sequelize.query<{ id: string; citizen_id: string }>(
    `SELECT id, citizen_id FROM conversations WHERE region_code = :regionCode AND status = 'queued'
     ORDER BY rank_at, id LIMIT :limit`,
    { type: QueryTypes.SELECT, replacements: { regionCode, limit } },
  );
  if (waiting.length === 0) return [];
  const { serving, handle } = await regionCapacity(sequelize, regionCode);
  return waiting.map((w, i) => ({
    conversationId: w.id,
    citizenId: w.citizen_id,
    queue: {
      position: i + 1,
      estimatedWaitSeconds: estimatedWaitSeconds(i + 1, serving, handle),
    } satisfies QueueStanding,
  }));
}

export async function queueStandingOf(sequelize: Sequelize, conversationId: string): Promise<QueueStanding | null> {
  const [row] = await sequelize.query<{ region_code: string; ahead: number }>(
    `SELECT c.region_code,
            (SELECT count(*)::int FROM conversations o
              WHERE o.region_code = c.region_code AND o.status = 'queued'
                AND (o.rank_at, o.id) < (c.rank_at, c.id)) AS ahead
       FROM conversations c WHERE c.id = :id AND c.status = 'queued'`,
    { type: QueryTypes.SELECT, replacements: { id: conversationId } },
  );
  if (!row) return null;
  const { serving, handle } = await regionCapacity(sequelize, row.region_code);
  const position = row.ahead + 1;
  return { position, estimatedWaitSeconds: estimatedWaitSeconds(position, serving, handle) };
}

async function regionCapacity(sequelize: Sequelize, regionCode: string) {
  const [row] = await sequelize.query<{ serving: number; handle: number | null }>(
    `SELECT (SELECT count(*)::int FROM seats WHERE region_code = :regionCode AND availability <> 'offline') AS serving,
            (SELECT avg(extract(epoch FROM ended_at - accepted_at))::float FROM (
               SELECT ended_at, accepted_at FROM conversations
                WHERE region_code = :regionCode AND status = 'ended' AND accepted_at IS NOT NULL
                ORDER BY ended_at DESC LIMIT ${RECENT}) recent) AS handle`,
    { type: QueryTypes.SELECT, replacements: { regionCode } },
  );
  return { serving: row?.serving ?? 0, handle: row?.handle ?? DEFAULT_HANDLE_SECONDS };
}
