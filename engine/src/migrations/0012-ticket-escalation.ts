import type { Migration } from './index.js';

/** 工单流转: a ticket escalated to the supervisors of its region, until handed back or settled. */
export const ticketEscalation: Migration = {
  name: '0012-ticket-escalation',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      ALTER TABLE tickets ADD COLUMN escalated_at timestamptz;
      CREATE INDEX tickets_escalated ON tickets (region_code, escalated_at DESC) WHERE escalated_at IS NOT NULL;
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query('DROP INDEX tickets_escalated; ALTER TABLE tickets DROP COLUMN escalated_at');
  },
};
