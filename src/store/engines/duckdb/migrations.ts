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
  {
    version: 5,
    name: 'surveys, invitations and responses',
    sql: `
-- A survey attached to a touchpoint (kind, questions, follow-ups, repeat interval) as a JSON
-- document, with the columns lists and scores filter on.
CREATE TABLE surveys (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  journey_id VARCHAR NOT NULL,
  touchpoint_id VARCHAR NOT NULL,
  data JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- Per-workspace survey settings; a workspace without a row has the defaults.
CREATE TABLE survey_settings (
  workspace_id VARCHAR PRIMARY KEY,
  fatigue_days INTEGER NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- Every time a customer was asked: a signed link made (channel link or email) or the widget shown
-- (channel widget). nonce is the token's random id; fatigue and response rates read this table.
CREATE TABLE survey_invitations (
  nonce VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  survey_id VARCHAR NOT NULL,
  touchpoint_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL
);
-- One answer to one invitation: the UNIQUE nonce is what refuses a second answer to a token,
-- even when two arrive at once. The same answer is also an event on the customer's timeline.
CREATE TABLE survey_responses (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  survey_id VARCHAR NOT NULL,
  touchpoint_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  answers JSON NOT NULL,
  score INTEGER,
  comment VARCHAR,
  channel VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  nonce VARCHAR NOT NULL UNIQUE
);
`,
  },
  {
    version: 6,
    name: 'automations, runs and their durable steps',
    sql: `
-- An automation (trigger, conditions, steps) as a JSON document. events_from is the first events
-- rowid it may trigger on: events loaded after it was switched on (docs/automations.md).
CREATE TABLE automations (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  enabled BOOLEAN NOT NULL,
  data JSON NOT NULL,
  webhook_secret VARCHAR NOT NULL,
  events_from BIGINT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- Per-workspace business hours, quiet hours and message cap; no row: the defaults.
CREATE TABLE automation_settings (
  workspace_id VARCHAR PRIMARY KEY,
  data JSON NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- How far the trigger evaluation has read the events table (by rowid): a crash re-reads from here.
CREATE TABLE automation_cursors (
  name VARCHAR PRIMARY KEY,
  position BIGINT NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- Small per-automation state of the periodic triggers (the last schedule firing, whether a
-- segment's first members were recorded).
CREATE TABLE automation_state (
  automation_id VARCHAR NOT NULL,
  key VARCHAR NOT NULL,
  value JSON NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (automation_id, key)
);
-- The customers in a segment-entered automation's segment at its last look.
CREATE TABLE automation_segment_members (
  automation_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  entered_at TIMESTAMP NOT NULL,
  PRIMARY KEY (automation_id, customer_id)
);
-- One customer's pass through an automation. UNIQUE (automation_id, trigger_key) is what makes a
-- run start at most once per trigger event. definition is the steps as they were at the start.
CREATE TABLE automation_runs (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  automation_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  trigger_key VARCHAR NOT NULL,
  trigger JSON NOT NULL,
  definition JSON NOT NULL,
  mode VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  UNIQUE (automation_id, trigger_key)
);
-- Each step a run reached, with its outcome. A pending row is durable work: due_at says when,
-- a lease (owner, until) marks it taken; a crash leaves the lease to expire and the step re-runs
-- with the same id, which is the idempotency key of its email or webhook.
CREATE TABLE automation_run_steps (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  automation_id VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  type VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  attempts INTEGER NOT NULL,
  due_at TIMESTAMP NOT NULL,
  lease_owner VARCHAR,
  lease_until TIMESTAMP,
  detail JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  UNIQUE (run_id, path)
);
-- Every automated message, keyed by its step's idempotency key: the sent marker that keeps a
-- re-run step from sending twice, and what the per-customer daily cap counts.
CREATE TABLE automation_messages (
  idempotency_key VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  automation_id VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  state VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  sent_at TIMESTAMP
);
CREATE TABLE automation_unsubscribes (
  workspace_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (workspace_id, customer_id)
);
-- Steps that failed every attempt, kept with what they tried to send, for a retry by hand.
CREATE TABLE automation_dead_letters (
  id VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  automation_id VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  step_id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  target VARCHAR NOT NULL,
  payload VARCHAR NOT NULL,
  error VARCHAR NOT NULL,
  attempts INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  retried_at TIMESTAMP
);
`,
  },
  {
    version: 7,
    name: 'text analysis: sentiment and contact reasons of event texts',
    sql: `
-- The sentiment of every event text, keyed by the event's dedup_key (text-analysis.ts): filled in
-- the background after events load, never on the ingestion path.
CREATE TABLE text_sentiment (
  event_key UHUGEINT PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  score DOUBLE NOT NULL,
  label VARCHAR NOT NULL
);
-- How far each analysis has read the events table (by rowid), with the number of events below
-- that bound (checked before it is trusted, as for the journey events tables). name is
-- 'sentiment', or 'reasons:<workspace id>' for a workspace's contact reasons.
CREATE TABLE text_analysis_cursors (
  name VARCHAR PRIMARY KEY,
  events_end BIGINT NOT NULL,
  events_below BIGINT NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- A workspace's contact-reason model (the JSON model file of core/intents) and its training report.
CREATE TABLE contact_reason_models (
  workspace_id VARCHAR PRIMARY KEY,
  id VARCHAR NOT NULL,
  model JSON NOT NULL,
  info JSON NOT NULL,
  created_at TIMESTAMP NOT NULL
);
-- The contact reason of every event text of a workspace with a model: the predicted reason, its
-- confidence, and the reason counted (the prediction, or 'unclassified' below the model's
-- confidence threshold).
CREATE TABLE text_contact_reasons (
  event_key UHUGEINT PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  model_id VARCHAR NOT NULL,
  predicted VARCHAR NOT NULL,
  confidence DOUBLE NOT NULL,
  reason VARCHAR NOT NULL
);
`,
  },
];
