import type { Migration } from './index.js';

/**
 * The assistant front line: a conversation the assistant serves before any seat (`assistant`),
 * its dialogue state, the assistant as a message sender with a guide card and buttons on its
 * messages, and per-region settings (on/off, Beijing wall-clock window). A region without a row
 * gets the defaults (DEFAULT_ASSISTANT_SETTINGS).
 */
export const assistant: Migration = {
  name: '0014-assistant',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      ALTER TABLE conversations DROP CONSTRAINT conversations_status_check;
      ALTER TABLE conversations ADD CONSTRAINT conversations_status_check
        CHECK (status IN ('assistant','queued','offered','active','ended','abandoned'));
      ALTER TABLE conversations ADD COLUMN assistant_state jsonb;
      CREATE INDEX conversations_with_assistant ON conversations (updated_at) WHERE status = 'assistant';
      ALTER TABLE messages DROP CONSTRAINT messages_sender_type_check;
      ALTER TABLE messages ADD CONSTRAINT messages_sender_type_check
        CHECK (sender_type IN ('citizen','seat','system','assistant'));
      ALTER TABLE messages ADD COLUMN extras jsonb;
      CREATE TABLE assistant_settings (
        region_code varchar(6) PRIMARY KEY REFERENCES regions(code),
        enabled boolean NOT NULL,
        from_time varchar(5) NOT NULL,
        to_time varchar(5) NOT NULL,
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query(`
      DROP TABLE assistant_settings;
      UPDATE conversations SET status = 'abandoned' WHERE status = 'assistant';
      DELETE FROM messages WHERE sender_type = 'assistant';
      ALTER TABLE messages DROP COLUMN extras;
      ALTER TABLE messages DROP CONSTRAINT messages_sender_type_check;
      ALTER TABLE messages ADD CONSTRAINT messages_sender_type_check CHECK (sender_type IN ('citizen','seat','system'));
      DROP INDEX conversations_with_assistant;
      ALTER TABLE conversations DROP COLUMN assistant_state;
      ALTER TABLE conversations DROP CONSTRAINT conversations_status_check;
      ALTER TABLE conversations ADD CONSTRAINT conversations_status_check
        CHECK (status IN ('queued','offered','active','ended','abandoned'));
    `);
  },
};
