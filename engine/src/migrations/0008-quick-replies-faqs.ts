import type { Migration } from './index.js';

/**
 * 快捷回复 (a seat's own phrases and team phrases per region + business category) and 常见问题
 * (preset questions per region, optionally per matter or category, answered by the engine).
 * Supervisors as seeded by earlier releases gain quick_reply.manage (once; an admin may take it away).
 */
export const quickRepliesFaqs: Migration = {
  name: '0008-quick-replies-faqs',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      CREATE TABLE quick_replies (
        id uuid PRIMARY KEY,
        scope text NOT NULL CHECK (scope IN ('personal','team')),
        seat_id uuid REFERENCES seats(id) ON DELETE CASCADE,
        region_code varchar(6) REFERENCES regions(code),
        category text,
        shortcut text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        created_by uuid REFERENCES accounts(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (scope <> 'personal' OR (seat_id IS NOT NULL AND region_code IS NULL AND category IS NULL)),
        CHECK (scope <> 'team' OR (seat_id IS NULL AND region_code IS NOT NULL AND category IS NOT NULL))
      );
      CREATE UNIQUE INDEX quick_replies_personal_shortcut ON quick_replies (seat_id, lower(shortcut))
        WHERE scope = 'personal';
      CREATE UNIQUE INDEX quick_replies_team_shortcut ON quick_replies (region_code, category, lower(shortcut))
        WHERE scope = 'team';
      CREATE TABLE faqs (
        id uuid PRIMARY KEY,
        region_code varchar(6) NOT NULL REFERENCES regions(code),
        matter_id uuid REFERENCES matters(id) ON DELETE SET NULL,
        category text,
        question text NOT NULL,
        answer text NOT NULL,
        sort integer NOT NULL DEFAULT 100,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (region_code, question)
      );
      CREATE INDEX faqs_region ON faqs (region_code, sort);
      UPDATE roles SET permissions = permissions || '["quick_reply.manage"]'::jsonb
        WHERE code = 'supervisor' AND NOT permissions ? 'quick_reply.manage';
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query(`
      UPDATE roles SET permissions = permissions - 'quick_reply.manage' WHERE code = 'supervisor';
      DROP TABLE faqs;
      DROP TABLE quick_replies;
    `);
  },
};
