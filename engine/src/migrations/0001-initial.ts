import type { Migration } from './index.js';

/** Regions, roles, accounts, seats, citizens, sessions, matters, conversations, messages, offers, tickets. */
export const initial: Migration = {
  name: '0001-initial',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      CREATE TABLE regions (
        code varchar(6) PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('city','district')),
        sort integer NOT NULL DEFAULT 0
      );
      CREATE TABLE roles (
        code text PRIMARY KEY,
        name text NOT NULL,
        permissions jsonb NOT NULL DEFAULT '[]',
        data_scope text NOT NULL CHECK (data_scope IN ('all','region','self'))
      );
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        display_name text NOT NULL,
        role_code text NOT NULL REFERENCES roles(code),
        region_code varchar(6) NOT NULL REFERENCES regions(code),
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE seats (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL UNIQUE REFERENCES accounts(id),
        region_code varchar(6) NOT NULL REFERENCES regions(code),
        job_number text NOT NULL UNIQUE,
        name text NOT NULL,
        photo_url text,
        category text NOT NULL DEFAULT '综合咨询',
        skills jsonb NOT NULL DEFAULT '[]',
        availability text NOT NULL DEFAULT 'offline' CHECK (availability IN ('available','busy','paused','offline')),
        state text NOT NULL DEFAULT 'offline' CHECK (state IN ('offline','idle','handling','busy','paused')),
        pause_reason text,
        state_since timestamptz NOT NULL DEFAULT now(),
        active_chats integer NOT NULL DEFAULT 0 CHECK (active_chats >= 0),
        chat_capacity integer NOT NULL DEFAULT 3 CHECK (chat_capacity > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX seats_routing ON seats (region_code, availability, state_since);
      CREATE TABLE seat_state_changes (
        id bigserial PRIMARY KEY,
        seat_id uuid NOT NULL REFERENCES seats(id),
        from_state text NOT NULL,
        to_state text NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX seat_state_changes_seat_at ON seat_state_changes (seat_id, at);
      CREATE TABLE citizens (
        id uuid PRIMARY KEY,
        kind text NOT NULL DEFAULT 'guest',
        display_name text NOT NULL,
        identity_type text NOT NULL CHECK (identity_type IN ('personal','legal')),
        elder_mode boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE auth_sessions (
        token_hash char(64) PRIMARY KEY,
        principal_type text NOT NULL CHECK (principal_type IN ('staff','citizen')),
        principal_id uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        user_agent text
      );
      CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at);
      CREATE TABLE matters (
        id uuid PRIMARY KEY,
        region_code varchar(6) NOT NULL REFERENCES regions(code),
        code text NOT NULL,
        name text NOT NULL,
        category text NOT NULL,
        summary text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (region_code, code)
      );
      CREATE TABLE conversations (
        id uuid PRIMARY KEY,
        citizen_id uuid NOT NULL REFERENCES citizens(id),
        region_code varchar(6) NOT NULL REFERENCES regions(code),
        matter_id uuid REFERENCES matters(id),
        channel text NOT NULL DEFAULT 'chat',
        status text NOT NULL CHECK (status IN ('queued','offered','active','ended','abandoned')),
        seat_id uuid REFERENCES seats(id),
        requested_seat_id uuid REFERENCES seats(id),
        priority integer NOT NULL DEFAULT 0,
        queued_at timestamptz NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        ended_at timestamptz,
        ended_by text,
        last_seq integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX conversations_queue ON conversations (region_code, status, priority DESC, queued_at);
      CREATE INDEX conversations_citizen ON conversations (citizen_id, created_at DESC);
      CREATE INDEX conversations_seat ON conversations (seat_id, status);
      CREATE TABLE messages (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        seq integer NOT NULL,
        sender_type text NOT NULL CHECK (sender_type IN ('citizen','seat','system')),
        sender_id uuid,
        sender_name text NOT NULL,
        body text NOT NULL,
        client_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (conversation_id, seq),
        UNIQUE (conversation_id, client_id)
      );
      CREATE TABLE offers (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        seat_id uuid NOT NULL REFERENCES seats(id),
        status text NOT NULL CHECK (status IN ('pending','accepted','declined','expired','revoked')),
        offered_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        responded_at timestamptz
      );
      -- At most one pending offer per contact: a contact can never be offered (and so assigned) twice.
      CREATE UNIQUE INDEX offers_one_pending ON offers (conversation_id) WHERE status = 'pending';
      CREATE INDEX offers_seat_status ON offers (seat_id, status);
      CREATE INDEX offers_pending_expiry ON offers (expires_at) WHERE status = 'pending';
      CREATE SEQUENCE ticket_number_seq;
      CREATE TABLE tickets (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        conversation_id uuid NOT NULL UNIQUE REFERENCES conversations(id),
        citizen_id uuid NOT NULL REFERENCES citizens(id),
        region_code varchar(6) NOT NULL REFERENCES regions(code),
        seat_id uuid REFERENCES seats(id),
        matter_id uuid REFERENCES matters(id),
        channel text NOT NULL,
        status text NOT NULL CHECK (status IN ('new','in_progress','pending_reply','resolved','closed')),
        satisfaction integer CHECK (satisfaction BETWEEN 1 AND 5),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      );
      CREATE INDEX tickets_region_created ON tickets (region_code, created_at DESC);
      CREATE TABLE ticket_events (
        id bigserial PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES tickets(id),
        type text NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('citizen','seat','staff','system')),
        actor_id uuid,
        actor_name text,
        data jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);
      CREATE TABLE evaluations (
        conversation_id uuid PRIMARY KEY REFERENCES conversations(id),
        citizen_id uuid NOT NULL REFERENCES citizens(id),
        seat_id uuid REFERENCES seats(id),
        rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
        label text,
        comment text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query(`
      DROP TABLE IF EXISTS evaluations, ticket_events, tickets, offers, messages, conversations,
        matters, auth_sessions, citizens, seat_state_changes, seats, accounts, roles, regions CASCADE;
      DROP SEQUENCE IF EXISTS ticket_number_seq;
    `);
  },
};
