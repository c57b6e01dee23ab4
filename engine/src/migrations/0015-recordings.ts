import type { Migration } from './index.js';

/**
 * Call recordings (通话录音, issue #7): one row per call, its files (per leg and the mixed audio)
 * under RECORDINGS_DIR/<conversation id>/, read back only through GET /api/recordings/:id.
 */
export const recordings: Migration = {
  name: '0015-recordings',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      CREATE TABLE recordings (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        media text NOT NULL CHECK (media IN ('audio','video')),
        files jsonb NOT NULL,
        duration_seconds real,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX recordings_conversation ON recordings (conversation_id, created_at);
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query('DROP TABLE recordings;');
  },
};
