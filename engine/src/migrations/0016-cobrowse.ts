import type { Migration } from './index.js';

/**
 * Co-browse sessions (同屏共享, issue #9) and their rrweb events, append-only in batches, for
 * the audit replay (read back only through GET /api/conversations/:id/cobrowse/:sessionId/replay).
 */
export const cobrowse: Migration = {
  name: '0016-cobrowse',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      CREATE TABLE cobrowse_sessions (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        seat_id uuid REFERENCES seats(id),
        status text NOT NULL CHECK (status IN ('active','paused','ended')),
        form_title text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        ended_by text CHECK (ended_by IN ('citizen','seat'))
      );
      CREATE INDEX cobrowse_sessions_conversation ON cobrowse_sessions (conversation_id, started_at);
      CREATE UNIQUE INDEX cobrowse_sessions_one_open ON cobrowse_sessions (conversation_id) WHERE status <> 'ended';
      CREATE TABLE cobrowse_batches (
        id bigserial PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES cobrowse_sessions(id),
        seq integer NOT NULL,
        events jsonb NOT NULL,
        bytes integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX cobrowse_batches_session ON cobrowse_batches (session_id, id);
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query('DROP TABLE cobrowse_batches; DROP TABLE cobrowse_sessions;');
  },
};
