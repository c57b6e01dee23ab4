import type { Migration } from './index.js';

/**
 * The ticket search, measured at a million tickets (bench/tickets.ts): a ticket number typed
 * from its start (GD…) and a citizen's name from its start read btree ranges (a trigram index
 * cannot help a two-character Chinese name, and names are searched surname first, so the name
 * trigram index of 0007 goes); a citizen is found by the last four digits of their phone (尾号).
 */
export const ticketSearch: Migration = {
  name: '0011-ticket-search',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      CREATE INDEX tickets_number_prefix ON tickets (number text_pattern_ops);
      CREATE INDEX tickets_citizen_name_prefix ON tickets (lower(citizen_name) text_pattern_ops);
      DROP INDEX IF EXISTS tickets_citizen_name_trgm;
      CREATE INDEX citizens_phone_tail ON citizens (right(phone, 4)) WHERE phone IS NOT NULL;
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query('DROP INDEX tickets_number_prefix, tickets_citizen_name_prefix, citizens_phone_tail');
  },
};
