import type { Migration } from './index.js';

/** Read receipts: the highest message seq each side of a conversation has read. */
export const readReceipts: Migration = {
  name: '0010-read-receipts',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      ALTER TABLE conversations
        ADD COLUMN citizen_read_seq integer NOT NULL DEFAULT 0,
        ADD COLUMN seat_read_seq integer NOT NULL DEFAULT 0;
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query('ALTER TABLE conversations DROP COLUMN citizen_read_seq, DROP COLUMN seat_read_seq');
  },
};
