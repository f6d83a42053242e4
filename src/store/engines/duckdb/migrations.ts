/**
 * Versioned migrations for the DuckDB engine. Append only: a released migration never changes.
 * Timestamps are stored as TIMESTAMP in UTC.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const DUCKDB_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial model',
    sql: `
CREATE TABLE workspaces (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  timezone VARCHAR NOT NULL,
  is_demo BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE keys (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  prefix VARCHAR NOT NULL,
  secret_hash VARCHAR NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL,
  revoked_at TIMESTAMP
);
CREATE TABLE personas (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  data JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE journeys (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  data JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE stages (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  journey_id VARCHAR NOT NULL,
  position INTEGER NOT NULL,
  data JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE touchpoints (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  journey_id VARCHAR NOT NULL,
  stage_id VARCHAR NOT NULL,
  position INTEGER NOT NULL,
  data JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE customers (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  traits JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE identities (
  workspace_id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  value VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (workspace_id, kind, value)
);
-- A merge folds one customer into another. It is never deleted, only marked undone, so that the
-- history of identity decisions stays auditable and reversible.
CREATE TABLE customer_merges (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  from_customer_id VARCHAR NOT NULL,
  into_customer_id VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  undone_at TIMESTAMP
);
-- The canonical id of every merged customer, derived from the live merges; customers that were
-- never merged have no row. Queries LEFT JOIN it, which stays cheap because it is small.
CREATE TABLE customer_aliases (
  workspace_id VARCHAR NOT NULL,
  customer_id VARCHAR PRIMARY KEY,
  canonical_id VARCHAR NOT NULL
);
-- Events are append-only. dedup_key = md5_number(workspace_id || chr(10) || message_id): a
-- 128-bit key so that the index stays compact; INSERT OR IGNORE on it drops resent events.
CREATE TABLE events (
  dedup_key UHUGEINT PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  message_id VARCHAR NOT NULL,
  type VARCHAR NOT NULL,
  event VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  user_id VARCHAR,
  anonymous_id VARCHAR,
  ts TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL,
  path VARCHAR,
  url VARCHAR,
  referrer VARCHAR,
  utm_source VARCHAR,
  utm_medium VARCHAR,
  utm_campaign VARCHAR,
  channel VARCHAR,
  text VARCHAR,
  value DOUBLE,
  properties JSON,
  context JSON
);
`,
  },
  {
    version: 2,
    name: 'users, memberships, sessions, invites',
    sql: `
-- People who sign in to the web app. Emails are stored lower-cased; password_hash is
-- scrypt$N$r$p$salt$hash (base64), never the password.
CREATE TABLE users (
  id VARCHAR PRIMARY KEY,
  email VARCHAR NOT NULL UNIQUE,
  name VARCHAR NOT NULL,
  password_hash VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE memberships (
  workspace_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);
-- id is the SHA-256 of the cookie's token: a copy of this table cannot be replayed as sessions.
CREATE TABLE sessions (
  id VARCHAR PRIMARY KEY,
  user_id VARCHAR NOT NULL,
  csrf_token VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE invites (
  token_hash VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  email VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  invited_by VARCHAR,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  accepted_at TIMESTAMP
);
`,
  },
  {
    version: 3,
    name: 'materialized journey events',
    sql: `
-- One integer key per customer id, so that the journey events tables (journey-events.ts) group
-- and sort customers by integers. Keys are never reused; a merged customer keeps its key.
CREATE TABLE customer_keys (
  workspace_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  ck INTEGER NOT NULL
);
-- Each journey's events table (journey_events_<journey id>) and what it was built from: the
-- hash of the journey's rules, stages and goal, and the events below a rowid bound (with their
-- count, checked before the table is trusted).
CREATE TABLE journey_event_tables (
  journey_id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  table_name VARCHAR NOT NULL,
  shape_hash VARCHAR NOT NULL,
  events_end BIGINT NOT NULL,
  events_below BIGINT NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- The customer_aliases a journey's events table is keyed with: comparing them with the live
-- aliases shows which customers merges (or their undoing) have moved since.
CREATE TABLE journey_event_aliases (
  journey_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  canonical_id VARCHAR NOT NULL
);
`,
  },
  {
    version: 4,
    name: 'tasks on touchpoints',
    sql: `
-- Work on a touchpoint (title, owner, due date, status, checklist) as a JSON document, with the
-- columns lists filter on.
CREATE TABLE tasks (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  journey_id VARCHAR NOT NULL,
  touchpoint_id VARCHAR NOT NULL,
  data JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
`,
  },
];
