import type { Migration } from './index.js';

/** Timed pauses (话后整理 wrap-up) end by themselves: remember when. */
export const seatPauseEnds: Migration = {
  name: '0002-seat-pause-ends',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      ALTER TABLE seats ADD COLUMN pause_ends_at timestamptz;
      CREATE INDEX seats_pause_ends ON seats (pause_ends_at) WHERE pause_ends_at IS NOT NULL;
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query('ALTER TABLE seats DROP COLUMN pause_ends_at');
  },
};
