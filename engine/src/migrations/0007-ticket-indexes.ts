import type { Migration } from './index.js';

/**
 * The ticket list at a million tickets: the filter columns kept on the ticket itself (business
 * category, the citizen's name), newest-first composite indexes per filter that end in
 * (created_at DESC, id DESC) for keyset paging, and trigram indexes for the free-text search
 * when pg_trgm is available (PostgreSQL contrib; the embedded PGlite loads it too). Without it
 * the search still works, by scanning.
 */
export const ticketIndexes: Migration = {
  name: '0007-ticket-indexes',
  async up({ context: qi }) {
    const db = qi.sequelize;
    await db.query(`
      ALTER TABLE tickets
        ADD COLUMN category text NOT NULL DEFAULT '综合咨询',
        ADD COLUMN citizen_name text NOT NULL DEFAULT '';
      UPDATE tickets t SET category = c.category, citizen_name = z.display_name
        FROM conversations c, citizens z
       WHERE c.id = t.conversation_id AND z.id = t.citizen_id;

      DROP INDEX tickets_region_created;
      -- The free-text columns ride along, so counting a search reads the index only.
      CREATE INDEX tickets_created ON tickets (created_at DESC, id DESC) INCLUDE (number, citizen_name, matter_id);
      CREATE INDEX tickets_region_created ON tickets (region_code, created_at DESC, id DESC)
        INCLUDE (number, citizen_name, matter_id);
      CREATE INDEX tickets_region_status_created ON tickets (region_code, status, created_at DESC, id DESC);
      CREATE INDEX tickets_status_created ON tickets (status, created_at DESC, id DESC);
      CREATE INDEX tickets_channel_created ON tickets (channel, created_at DESC, id DESC);
      CREATE INDEX tickets_region_channel_created ON tickets (region_code, channel, created_at DESC, id DESC);
      CREATE INDEX tickets_region_category_created ON tickets (region_code, category, created_at DESC, id DESC);
      CREATE INDEX tickets_seat_created ON tickets (seat_id, created_at DESC, id DESC);
      CREATE INDEX tickets_citizen_created ON tickets (citizen_id, created_at DESC, id DESC);
      CREATE INDEX tickets_matter_created ON tickets (matter_id, created_at DESC, id DESC);
      CREATE INDEX tickets_satisfaction_created ON tickets (satisfaction, created_at DESC, id DESC)
        WHERE satisfaction IS NOT NULL;
      CREATE INDEX tickets_region_satisfaction_created ON tickets (region_code, satisfaction, created_at DESC, id DESC)
        WHERE satisfaction IS NOT NULL;
    `);

    // An exception block, so a refused extension (no privilege) aborts nothing, in a transaction or not.
    await db.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
          BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
          EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_trgm not installed: the ticket search scans instead';
            RETURN;
          END;
          CREATE INDEX tickets_number_trgm ON tickets USING gin (number gin_trgm_ops);
          CREATE INDEX tickets_citizen_name_trgm ON tickets USING gin (citizen_name gin_trgm_ops);
        END IF;
      END $$;
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query(`
      DROP INDEX IF EXISTS tickets_number_trgm, tickets_citizen_name_trgm, tickets_created,
        tickets_region_status_created, tickets_status_created, tickets_channel_created, tickets_region_channel_created,
        tickets_region_category_created, tickets_seat_created, tickets_citizen_created, tickets_matter_created,
        tickets_satisfaction_created, tickets_region_satisfaction_created, tickets_region_created;
      CREATE INDEX tickets_region_created ON tickets (region_code, created_at DESC);
      ALTER TABLE tickets DROP COLUMN category, DROP COLUMN citizen_name;
    `);
  },
};
