import type { Migration } from './index.js';

/** 工单流转: an offer can be a transfer from the serving seat, with a note for the receiver. */
export const transfers: Migration = {
  name: '0006-transfers',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      ALTER TABLE offers
        ADD COLUMN transfer_from_seat_id uuid REFERENCES seats(id),
        ADD COLUMN note text;
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query('ALTER TABLE offers DROP COLUMN transfer_from_seat_id, DROP COLUMN note');
  },
};
