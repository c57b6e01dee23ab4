import type { Migration } from './index.js';

/**
 * The citizen profile staff see beside a conversation (phone, ID number; enterprise name and
 * unified social credit code for 法人), and the audit log that records every reveal of a masked
 * field.
 */
export const citizenProfileAudit: Migration = {
  name: '0009-citizen-profile-audit',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      ALTER TABLE citizens
        ADD COLUMN phone text,
        ADD COLUMN id_number text,
        ADD COLUMN enterprise_name text,
        ADD COLUMN credit_code text;
      CREATE TABLE audit_logs (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        account_id uuid REFERENCES accounts(id),
        actor_name text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id uuid NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        ip text
      );
      CREATE INDEX audit_logs_target ON audit_logs (target_type, target_id, at DESC);
      CREATE INDEX audit_logs_account ON audit_logs (account_id, at DESC);
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query(`
      DROP TABLE audit_logs;
      ALTER TABLE citizens DROP COLUMN phone, DROP COLUMN id_number, DROP COLUMN enterprise_name, DROP COLUMN credit_code;
    `);
  },
};
