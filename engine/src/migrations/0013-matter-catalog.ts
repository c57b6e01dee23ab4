import type { Migration } from './index.js';

/**
 * The matter catalog: the national matter elements on `matters` (one row per region's
 * implementation; `code` is the 实施编码), withdrawal, the curated life-event
 * scenarios and 可云坐席辅助申报 list (by 基本编码, for every region), the catalog sync runs with
 * their progress and report, who changed the curated catalog, and a per-region catalog version
 * that tells every engine process when to rebuild its search index.
 */
export const matterCatalog: Migration = {
  name: '0013-matter-catalog',
  async up({ context: qi }) {
    await qi.sequelize.query(`
      ALTER TABLE matters
        ADD COLUMN basic_code text NOT NULL DEFAULT '',
        ADD COLUMN type varchar(2) NOT NULL DEFAULT '20',
        ADD COLUMN implementing_body text NOT NULL DEFAULT '',
        ADD COLUMN service_objects text[] NOT NULL DEFAULT '{person}',
        ADD COLUMN themes text[] NOT NULL DEFAULT '{}',
        ADD COLUMN aliases text[] NOT NULL DEFAULT '{}',
        ADD COLUMN conditions text NOT NULL DEFAULT '',
        ADD COLUMN steps jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN materials jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN address text NOT NULL DEFAULT '',
        ADD COLUMN hours text NOT NULL DEFAULT '',
        ADD COLUMN phone text NOT NULL DEFAULT '',
        ADD COLUMN complaint_phone text NOT NULL DEFAULT '',
        ADD COLUMN legal_limit_days integer,
        ADD COLUMN promised_limit_days integer,
        ADD COLUMN charged boolean NOT NULL DEFAULT false,
        ADD COLUMN fee_detail text NOT NULL DEFAULT '',
        ADD COLUMN legal_basis text NOT NULL DEFAULT '',
        ADD COLUMN online_url text NOT NULL DEFAULT '',
        ADD COLUMN visits integer NOT NULL DEFAULT 1,
        ADD COLUMN content_hash text NOT NULL DEFAULT '',
        ADD COLUMN source_updated_at timestamptz,
        ADD COLUMN withdrawn_at timestamptz;
      UPDATE matters SET basic_code = code WHERE basic_code = '';
      CREATE INDEX matters_region_active ON matters (region_code, name) WHERE withdrawn_at IS NULL;
      CREATE INDEX matters_basic_code ON matters (basic_code);
      ALTER TABLE regions ADD COLUMN catalog_version bigint NOT NULL DEFAULT 0;
      ALTER TABLE conversations ADD COLUMN matter_source text CHECK (matter_source IN ('carried','detected','seat'));
      UPDATE conversations SET matter_source = 'carried' WHERE matter_id IS NOT NULL;

      CREATE TABLE scenario_matters (
        theme_code text NOT NULL,
        basic_code text NOT NULL,
        position integer NOT NULL,
        PRIMARY KEY (theme_code, basic_code)
      );
      CREATE INDEX scenario_matters_order ON scenario_matters (theme_code, position);
      CREATE TABLE assisted_filing_matters (
        basic_code text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE catalog_changes (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        account_id uuid REFERENCES accounts(id),
        actor_name text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX catalog_changes_at ON catalog_changes (at DESC);
      CREATE TABLE catalog_sync_runs (
        id uuid PRIMARY KEY,
        source text NOT NULL CHECK (source IN ('platform','file','seed')),
        origin text NOT NULL DEFAULT '',
        status text NOT NULL CHECK (status IN ('running','succeeded','failed')),
        incremental boolean NOT NULL DEFAULT false,
        started_by uuid REFERENCES accounts(id),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        done integer NOT NULL DEFAULT 0,
        total integer NOT NULL DEFAULT 0,
        regions jsonb NOT NULL DEFAULT '[]'::jsonb,
        report jsonb NOT NULL DEFAULT '{"added":0,"changed":0,"unchanged":0,"withdrawn":0,"rejected":[]}'::jsonb,
        error text,
        heartbeat_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX catalog_sync_runs_started ON catalog_sync_runs (started_at DESC);
      -- one running sync at a time, across engine processes
      CREATE UNIQUE INDEX catalog_sync_runs_one_running ON catalog_sync_runs ((true)) WHERE status = 'running';
    `);
  },
  async down({ context: qi }) {
    await qi.sequelize.query(`
      DROP TABLE catalog_sync_runs, catalog_changes, assisted_filing_matters, scenario_matters;
      ALTER TABLE regions DROP COLUMN catalog_version;
      ALTER TABLE conversations DROP COLUMN matter_source;
      DROP INDEX matters_region_active; DROP INDEX matters_basic_code;
      ALTER TABLE matters
        DROP COLUMN basic_code, DROP COLUMN type, DROP COLUMN implementing_body, DROP COLUMN service_objects,
        DROP COLUMN themes, DROP COLUMN aliases, DROP COLUMN conditions, DROP COLUMN steps, DROP COLUMN materials,
        DROP COLUMN address, DROP COLUMN hours, DROP COLUMN phone, DROP COLUMN complaint_phone,
        DROP COLUMN legal_limit_days, DROP COLUMN promised_limit_days, DROP COLUMN charged, DROP COLUMN fee_detail,
        DROP COLUMN legal_basis, DROP COLUMN online_url, DROP COLUMN visits,
        DROP COLUMN content_hash, DROP COLUMN source_updated_at, DROP COLUMN withdrawn_at;
    `);
  },
};
