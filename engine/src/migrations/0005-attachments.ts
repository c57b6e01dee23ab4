import type { Migration } from './index.js';

/** Images and files in chat: the stored blob's metadata, and messages that carry one. */
export const attachments: Migration = {
  name: '0005-attachments',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        uploader_type text NOT NULL CHECK (uploader_type IN ('citizen','seat')),
        uploader_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('image','file')),
        mime text NOT NULL,
        name text NOT NULL,
        size integer NOT NULL CHECK (size > 0),
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL UNIQUE,
        access_key char(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX attachments_conversation ON attachments (conversation_id);
      ALTER TABLE messages
        ADD COLUMN kind text NOT NULL DEFAULT 'text' CHECK (kind IN ('text','image','file')),
        ADD COLUMN attachment_id uuid REFERENCES attachments(id);
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query(`
      ALTER TABLE messages DROP COLUMN kind, DROP COLUMN attachment_id;
      DROP TABLE attachments;
    `);
  },
};
