import { newId } from '../../../core/ids.ts';
import {
  defaultAutomationSettings,
  type TAutomation,
  type TAutomationRun,
  type TAutomationSettings,
  type TDeadLetter,
  type TRunStep,
  type TStep,
  type TTriggerEvent,
  ZAutomation,
  ZAutomationSettings,
} from '../../../core/schemas/automation.ts';
import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { DuckDatabase, DuckSession } from '../../engines/duckdb/database.ts';
import { automationOutcome, type OutcomeParams } from './automation-outcome.ts';
import type {
  AutomationRepo,
  ClaimedStep,
  NewRun,
  RunQuery,
  RunWithSteps,
  StepCompletion,
  StoredAutomation,
} from './automation-repo.ts';
import { customerJourneyFacts, type JourneyFactsParams } from './customer-journey-facts.ts';
import { type FindSilencesParams, findSilences } from './find-silences.ts';
import { listSegmentCustomers } from './list-segment-customers.ts';
import { type MatchTriggerEventsParams, matchTriggerEvents } from './match-trigger-events.ts';

interface AutomationRow {
  id: string;
  workspace_id: string;
  data: string;
  webhook_secret: string;
  events_from: number;
  created_at: string;
  updated_at: string;
}

interface RunRow {
  id: string;
  automation_id: string;
  customer_id: string;
  trigger_key: string;
  trigger: string;
  mode: 'live' | 'test';
  status: TAutomationRun['status'];
  started_at: string;
  updated_at: string;
  finished_at: string | null;
}

interface StepRow {
  id: string;
  path: string;
  type: string;
  status: TRunStep['status'];
  attempts: number;
  due_at: string;
  finished_at: string | null;
  detail: string;
}

const iso = (d: Date) => d.toISOString();
const parse = <T>(json: string | null | undefined, fallback: T): T =>
  json ? (JSON.parse(json) as T) : fallback;

function toStored(r: AutomationRow): StoredAutomation {
  const data = JSON.parse(r.data) as Record<string, unknown>;
  return {
    automation: ZAutomation.parse({
      ...data,
      id: r.id,
      workspaceId: r.workspace_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
    webhookSecret: r.webhook_secret,
    eventsFrom: r.events_from,
  };
}

function serialize(doc: TAutomation): string {
  const { id: _i, workspaceId: _w, createdAt: _c, updatedAt: _u, ...rest } = doc;
  return JSON.stringify(rest);
}

const toRun = (r: RunRow): TAutomationRun => ({
  id: r.id,
  automationId: r.automation_id,
  customerId: r.customer_id,
  triggerKey: r.trigger_key,
  trigger: parse<TTriggerEvent>(r.trigger, {
    messageId: null,
    event: null,
    timestamp: r.started_at,
    properties: {},
  }),
  mode: r.mode,
  status: r.status,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

const toStep = (r: StepRow): TRunStep => ({
  id: r.id,
  path: r.path,
  type: r.type,
  status: r.status,
  attempts: r.attempts,
  dueAt: r.due_at,
  finishedAt: r.finished_at,
  idempotencyKey: r.id,
  detail: parse<Record<string, unknown>>(r.detail, {}),
});

const SELECT_AUTOMATION =
  'SELECT id, workspace_id, data::VARCHAR AS data, webhook_secret, events_from, created_at, updated_at FROM automations';
const SELECT_RUN = `SELECT id, automation_id, customer_id, trigger_key, trigger::VARCHAR AS trigger, mode,
  status, started_at, updated_at, finished_at FROM automation_runs`;

/**
 * The automation tables on DuckDB. State changes that must happen together (a step's end, its
 * effect on traits, its sent marker, its dead letter and the next step) share one transaction.
 */
export class DuckAutomationRepo implements AutomationRepo {
  constructor(private readonly db: DuckDatabase) {}

  // Settings -------------------------------------------------------------------------------------

  async getSettings(workspaceId: string): Promise<TAutomationSettings> {
    const [ws] = await this.db.query<{ timezone: string }>(
      'SELECT timezone FROM workspaces WHERE id = ?',
      [workspaceId],
    );
    const timezone = ws?.timezone ?? 'UTC';
    const [row] = await this.db.query<{ data: string }>(
      'SELECT data::VARCHAR AS data FROM automation_settings WHERE workspace_id = ?',
      [workspaceId],
    );
    const stored = parse<Partial<TAutomationSettings>>(row?.data, {});
    return ZAutomationSettings.parse({
      ...defaultAutomationSettings(timezone),
      ...stored,
      timezone,
    });
  }

  async saveSettings(workspaceId: string, settings: TAutomationSettings) {
    const { timezone, ...rest } = ZAutomationSettings.parse(settings);
    await this.db.transaction(async (s) => {
      await s.run('UPDATE workspaces SET timezone = ? WHERE id = ?', [timezone, workspaceId]);
      await s.run(
        `INSERT INTO automation_settings VALUES (?, ?, now())
         ON CONFLICT (workspace_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
        [workspaceId, JSON.stringify(rest)],
      );
    });
    return this.getSettings(workspaceId);
  }

  // Automations ----------------------------------------------------------------------------------

  async insertAutomation(doc: TAutomation, webhookSecret: string, eventsFrom: number) {
    await this.db.run('INSERT INTO automations VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      doc.id,
      doc.workspaceId,
      doc.enabled,
      serialize(doc),
      webhookSecret,
      eventsFrom,
      doc.createdAt,
      doc.updatedAt,
    ]);
  }

  async getAutomation(workspaceId: string, id: string) {
    const rows = await this.db.query<AutomationRow>(
      `${SELECT_AUTOMATION} WHERE workspace_id = ? AND id = ?`,
      [workspaceId, id],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async listAutomations(workspaceId: string) {
    const rows = await this.db.query<AutomationRow>(
      `${SELECT_AUTOMATION} WHERE workspace_id = ? ORDER BY created_at, id`,
      [workspaceId],
    );
    return rows.map(toStored);
  }

  async listEnabledAutomations() {
    const rows = await this.db.query<AutomationRow>(
      `${SELECT_AUTOMATION} WHERE enabled ORDER BY created_at, id`,
    );
    return rows.map(toStored);
  }

  async replaceAutomation(
    doc: TAutomation,
    changes: { webhookSecret?: string; eventsFrom?: number } = {},
  ) {
    const next = ZAutomation.parse(doc);
    await this.db.run(
      `UPDATE automations SET enabled = ?, data = ?, updated_at = ?,
         webhook_secret = coalesce(?, webhook_secret), events_from = coalesce(?, events_from)
       WHERE workspace_id = ? AND id = ?`,
      [
        next.enabled,
        serialize(next),
        next.updatedAt,
        changes.webhookSecret ?? null,
        changes.eventsFrom ?? null,
        next.workspaceId,
        next.id,
      ],
    );
  }

  deleteAutomation(workspaceId: string, id: string, now: Date) {
    return this.db.transaction(async (s) => {
      const gone = await s.query(
        'DELETE FROM automations WHERE workspace_id = ? AND id = ? RETURNING id',
        [workspaceId, id],
      );
      if (gone.length === 0) return false;
      await s.run(
        `UPDATE automation_runs SET status = 'cancelled', finished_at = ?, updated_at = ?
         WHERE automation_id = ? AND status = 'active'`,
        [iso(now), iso(now), id],
      );
      await s.run(
        `UPDATE automation_run_steps SET status = 'skipped', finished_at = ?,
           detail = json_merge_patch(detail, '{"reason":"automation deleted"}')
         WHERE automation_id = ? AND status = 'pending'`,
        [iso(now), id],
      );
      await s.run('DELETE FROM automation_segment_members WHERE automation_id = ?', [id]);
      await s.run('DELETE FROM automation_state WHERE automation_id = ?', [id]);
      return true;
    });
  }

  // Cursor and state -----------------------------------------------------------------------------

  async eventsEnd() {
    const [row] = await this.db.query<{ n: number }>(
      'SELECT coalesce(max(rowid), -1) + 1 AS n FROM events',
    );
    return row?.n ?? 0;
  }

  async readCursor(name: string) {
    const [row] = await this.db.query<{ position: number }>(
      'SELECT position FROM automation_cursors WHERE name = ?',
      [name],
    );
    return row?.position;
  }

  async writeCursor(name: string, position: number) {
    await this.db.run(
      `INSERT INTO automation_cursors VALUES (?, ?, now())
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      [name, position],
    );
  }

  async readState<T>(automationId: string, key: string) {
    const [row] = await this.db.query<{ value: string }>(
      'SELECT value::VARCHAR AS value FROM automation_state WHERE automation_id = ? AND key = ?',
      [automationId, key],
    );
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async writeState(automationId: string, key: string, value: unknown) {
    await this.db.run(
      `INSERT INTO automation_state VALUES (?, ?, ?, now())
       ON CONFLICT (automation_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [automationId, key, JSON.stringify(value)],
    );
  }

  // Trigger scans --------------------------------------------------------------------------------

  matchTriggerEvents(p: MatchTriggerEventsParams) {
    return matchTriggerEvents.duckdb(this.db, p);
  }

  findSilences(p: FindSilencesParams) {
    return findSilences.duckdb(this.db, p);
  }

  listSegmentCustomers(workspaceId: string, segment: TSegmentRule | null) {
    return listSegmentCustomers.duckdb(this.db, { workspaceId, segment });
  }

  async listSegmentMembers(automationId: string) {
    const rows = await this.db.query<{ customer_id: string }>(
      'SELECT customer_id FROM automation_segment_members WHERE automation_id = ?',
      [automationId],
    );
    return rows.map((r) => r.customer_id);
  }

  async updateSegmentMembers(
    automationId: string,
    added: readonly string[],
    removed: readonly string[],
    now: Date,
  ) {
    if (added.length === 0 && removed.length === 0) return;
    await this.db.transaction(async (s) => {
      if (removed.length > 0) {
        await s.run(
          `DELETE FROM automation_segment_members
           WHERE automation_id = ? AND customer_id IN (SELECT unnest(?::VARCHAR[]))`,
          [automationId, [...removed]],
        );
      }
      if (added.length > 0) {
        await s.run(
          `INSERT INTO automation_segment_members
           SELECT ?, unnest(?::VARCHAR[]), ? ON CONFLICT DO NOTHING`,
          [automationId, [...added], iso(now)],
        );
      }
    });
  }

  customerJourneyFacts(p: JourneyFactsParams) {
    return customerJourneyFacts.duckdb(this.db, p);
  }

  async customerProfile(workspaceId: string, customerId: string) {
    const [row] = await this.db.query<{ id: string; traits: string }>(
      `SELECT c.id, c.traits::VARCHAR AS traits FROM customers c
       WHERE c.workspace_id = ? AND c.id = coalesce(
         (SELECT canonical_id FROM customer_aliases WHERE customer_id = ?), ?)`,
      [workspaceId, customerId, customerId],
    );
    if (!row) return undefined;
    const traits = parse<Record<string, unknown>>(row.traits, {});
    let email =
      typeof traits.email === 'string' && traits.email.includes('@') ? traits.email : null;
    if (!email) {
      const [ident] = await this.db.query<{ value: string }>(
        `SELECT i.value FROM identities i LEFT JOIN customer_aliases a ON a.customer_id = i.customer_id
         WHERE i.workspace_id = ? AND i.kind = 'email' AND coalesce(a.canonical_id, i.customer_id) = ?
         ORDER BY i.created_at LIMIT 1`,
        [workspaceId, row.id],
      );
      email = ident?.value ?? null;
    }
    return { customerId: row.id, traits, email };
  }

  // Runs -----------------------------------------------------------------------------------------

  startRun(run: NewRun) {
    return this.db.transaction(async (s) => {
      const id = newId('run');
      const inserted = await s.query<{ id: string }>(
        `INSERT INTO automation_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          id,
          run.workspaceId,
          run.automationId,
          run.customerId,
          run.triggerKey,
          JSON.stringify(run.trigger),
          JSON.stringify(run.definition),
          run.mode,
          run.firstStep ? 'active' : 'done',
          iso(run.now),
          iso(run.now),
          run.firstStep ? null : iso(run.now),
        ],
      );
      if (inserted.length === 0) return undefined;
      if (run.firstStep) await this.insertStep(s, run, id, run.firstStep, run.now);
      return id;
    });
  }

  private async insertStep(
    s: DuckSession,
    run: { workspaceId: string; automationId: string },
    runId: string,
    step: { path: string; type: string; dueAt: Date; detail?: Record<string, unknown> },
    now: Date,
  ) {
    await s.run(
      `INSERT INTO automation_run_steps VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, ?, ?, NULL)
       ON CONFLICT DO NOTHING`,
      [
        newId('stp'),
        run.workspaceId,
        runId,
        run.automationId,
        step.path,
        step.type,
        iso(step.dueAt),
        JSON.stringify(step.detail ?? {}),
        iso(now),
      ],
    );
  }

  async listRuns(workspaceId: string, q: RunQuery) {
    const where = ['workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    if (q.automationId) {
      where.push('automation_id = ?');
      params.push(q.automationId);
    }
    if (q.customerId) {
      where.push('customer_id = ?');
      params.push(q.customerId);
    }
    if (q.status) {
      where.push('status = ?');
      params.push(q.status);
    }
    if (q.mode) {
      where.push('mode = ?');
      params.push(q.mode);
    }
    const w = where.join(' AND ');
    const [total] = await this.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM automation_runs WHERE ${w}`,
      params,
    );
    const rows = await this.db.query<RunRow>(
      `${SELECT_RUN} WHERE ${w} ORDER BY started_at DESC, id LIMIT ? OFFSET ?`,
      [...params, q.limit, q.offset],
    );
    return { total: total?.n ?? 0, items: rows.map(toRun) };
  }

  async getRun(workspaceId: string, runId: string): Promise<RunWithSteps | undefined> {
    const [row] = await this.db.query<RunRow>(`${SELECT_RUN} WHERE workspace_id = ? AND id = ?`, [
      workspaceId,
      runId,
    ]);
    if (!row) return undefined;
    const steps = await this.db.query<StepRow>(
      `SELECT id, path, type, status, attempts, due_at, finished_at, detail::VARCHAR AS detail
       FROM automation_run_steps WHERE run_id = ? ORDER BY rowid`,
      [runId],
    );
    return { ...toRun(row), steps: steps.map(toStep) };
  }

  // Steps ----------------------------------------------------------------------------------------

  async releaseForeignLeases(owner: string) {
    const rows = await this.db.query(
      `UPDATE automation_run_steps SET lease_owner = NULL, lease_until = NULL
       WHERE status = 'pending' AND lease_owner IS NOT NULL AND lease_owner <> ? RETURNING id`,
      [owner],
    );
    return rows.length;
  }

  claimDueSteps(now: Date, owner: string, leaseUntil: Date, limit: number, runId?: string) {
    // Without a run id: live runs of enabled automations (a switched-off automation's steps wait
    // for it to be switched on again). With one: that run's steps, whatever its mode (test runs).
    const which = runId
      ? { sql: 'st.run_id = ?', params: [runId] }
      : { sql: "r.mode = 'live' AND coalesce(au.enabled, false)", params: [] };
    return this.db.transaction(async (s) => {
      const rows = await s.query<{
        id: string;
        run_id: string;
        workspace_id: string;
        automation_id: string;
        customer_id: string;
        path: string;
        type: string;
        attempts: number;
        due_at: string;
        detail: string;
        definition: string;
        trigger: string;
        mode: 'live' | 'test';
      }>(
        `SELECT st.id, st.run_id, st.workspace_id, st.automation_id, r.customer_id, st.path, st.type,
           st.attempts, st.due_at, st.detail::VARCHAR AS detail, r.definition::VARCHAR AS definition,
           r.trigger::VARCHAR AS trigger, r.mode
         FROM automation_run_steps st JOIN automation_runs r ON r.id = st.run_id
         LEFT JOIN automations au ON au.id = st.automation_id
         WHERE st.status = 'pending' AND st.due_at <= ?::TIMESTAMP
           AND (st.lease_owner IS NULL OR st.lease_until < ?::TIMESTAMP)
           AND ${which.sql}
         ORDER BY st.due_at, st.id LIMIT ?`,
        [iso(now), iso(now), ...which.params, limit],
      );
      if (rows.length === 0) return [];
      await s.run(
        `UPDATE automation_run_steps SET lease_owner = ?, lease_until = ?
         WHERE id IN (SELECT unnest(?::VARCHAR[]))`,
        [owner, iso(leaseUntil), rows.map((r) => r.id)],
      );
      return rows.map(
        (r): ClaimedStep => ({
          stepId: r.id,
          runId: r.run_id,
          workspaceId: r.workspace_id,
          automationId: r.automation_id,
          customerId: r.customer_id,
          path: r.path,
          type: r.type,
          attempts: r.attempts,
          dueAt: r.due_at,
          detail: parse<Record<string, unknown>>(r.detail, {}),
          definition: parse<TStep[]>(r.definition, []),
          trigger: parse<TTriggerEvent>(r.trigger, {
            messageId: null,
            event: null,
            timestamp: r.due_at,
            properties: {},
          }),
          mode: r.mode,
        }),
      );
    });
  }

  completeStep(c: StepCompletion) {
    return this.db.transaction(async (s) => {
      const [step] = await s.query<{
        run_id: string;
        workspace_id: string;
        automation_id: string;
        customer_id: string;
      }>(
        `SELECT st.run_id, st.workspace_id, st.automation_id, r.customer_id
         FROM automation_run_steps st JOIN automation_runs r ON r.id = st.run_id WHERE st.id = ?`,
        [c.stepId],
      );
      if (!step) return;
      const now = iso(c.now);
      await s.run(
        `UPDATE automation_run_steps SET status = ?, detail = ?, finished_at = ?,
           attempts = attempts + 1, lease_owner = NULL, lease_until = NULL
         WHERE id = ?`,
        [c.status, JSON.stringify(c.detail), now, c.stepId],
      );
      if (c.traits) await this.applyTraits(s, c.traits, now);
      if (c.message) {
        await s.run(
          `INSERT INTO automation_messages VALUES (?, ?, ?, ?, ?, ?, 'sent', ?, ?)
           ON CONFLICT (idempotency_key) DO UPDATE SET state = 'sent', sent_at = excluded.sent_at`,
          [
            c.message.key,
            step.workspace_id,
            step.customer_id,
            step.automation_id,
            step.run_id,
            c.message.channel,
            now,
            now,
          ],
        );
      }
      if (c.deadLetter) {
        const [attempts] = await s.query<{ attempts: number }>(
          'SELECT attempts FROM automation_run_steps WHERE id = ?',
          [c.stepId],
        );
        await s.run(
          'INSERT INTO automation_dead_letters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
          [
            newId('dlq'),
            step.workspace_id,
            step.automation_id,
            step.run_id,
            c.stepId,
            c.deadLetter.kind,
            c.deadLetter.target,
            c.deadLetter.payload,
            c.deadLetter.error,
            attempts?.attempts ?? 0,
            now,
          ],
        );
      }
      if (c.next) {
        await this.insertStep(
          s,
          { workspaceId: step.workspace_id, automationId: step.automation_id },
          step.run_id,
          c.next,
          c.now,
        );
        await s.run('UPDATE automation_runs SET updated_at = ? WHERE id = ?', [now, step.run_id]);
      } else {
        await s.run(
          'UPDATE automation_runs SET status = ?, finished_at = ?, updated_at = ? WHERE id = ?',
          [c.status === 'failed' ? 'failed' : 'done', now, now, step.run_id],
        );
      }
    });
  }

  private async applyTraits(s: DuckSession, t: NonNullable<StepCompletion['traits']>, now: string) {
    if (t.effect.kind === 'set') {
      const patch = {};
      Object.defineProperty(patch, t.effect.trait, {
        value: t.effect.value,
        enumerable: true,
      });
      await s.run(
        `UPDATE customers SET traits = json_merge_patch(traits, ?::JSON), updated_at = ?
         WHERE workspace_id = ? AND id = ?`,
        [JSON.stringify(patch), now, t.workspaceId, t.customerId],
      );
      return;
    }
    const [row] = await s.query<{ traits: string }>(
      'SELECT traits::VARCHAR AS traits FROM customers WHERE workspace_id = ? AND id = ?',
      [t.workspaceId, t.customerId],
    );
    if (!row) return;
    const traits = parse<Record<string, unknown>>(row.traits, {});
    const tags = Array.isArray(traits.tags) ? traits.tags : [];
    if (tags.includes(t.effect.tag)) return;
    await s.run(
      `UPDATE customers SET traits = json_merge_patch(traits, ?::JSON), updated_at = ?
       WHERE workspace_id = ? AND id = ?`,
      [JSON.stringify({ tags: [...tags, t.effect.tag] }), now, t.workspaceId, t.customerId],
    );
  }

  async rescheduleStep(
    stepId: string,
    change: { dueAt: Date; attempts: number; detail: Record<string, unknown> },
  ) {
    await this.db.run(
      `UPDATE automation_run_steps SET due_at = ?, attempts = ?, detail = ?,
         lease_owner = NULL, lease_until = NULL WHERE id = ? AND status = 'pending'`,
      [iso(change.dueAt), change.attempts, JSON.stringify(change.detail), stepId],
    );
  }

  async nextDueAt() {
    const [row] = await this.db.query<{ due: string | null }>(
      `SELECT min(due_at) AS due FROM automation_run_steps WHERE status = 'pending'`,
    );
    return row?.due ? new Date(row.due) : undefined;
  }

  // Messages, unsubscribes -----------------------------------------------------------------------

  async messageState(key: string) {
    const [row] = await this.db.query<{ state: 'sending' | 'sent' }>(
      'SELECT state FROM automation_messages WHERE idempotency_key = ?',
      [key],
    );
    return row?.state;
  }

  async markMessageSending(m: {
    key: string;
    workspaceId: string;
    customerId: string;
    automationId: string;
    runId: string;
    channel: string;
    now: Date;
  }) {
    await this.db.run(
      `INSERT INTO automation_messages VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, NULL)
       ON CONFLICT DO NOTHING`,
      [m.key, m.workspaceId, m.customerId, m.automationId, m.runId, m.channel, iso(m.now)],
    );
  }

  async countMessagesSince(workspaceId: string, customerId: string, since: Date) {
    const [row] = await this.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM automation_messages m JOIN automation_runs r ON r.id = m.run_id
       WHERE m.workspace_id = ? AND m.customer_id = ? AND m.created_at >= ?::TIMESTAMP
         AND r.mode = 'live'`,
      [workspaceId, customerId, iso(since)],
    );
    return row?.n ?? 0;
  }

  async isUnsubscribed(workspaceId: string, customerId: string) {
    const rows = await this.db.query(
      'SELECT 1 FROM automation_unsubscribes WHERE workspace_id = ? AND customer_id = ?',
      [workspaceId, customerId],
    );
    return rows.length > 0;
  }

  async unsubscribe(workspaceId: string, customerId: string, now: Date) {
    await this.db.run(
      'INSERT INTO automation_unsubscribes VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [workspaceId, customerId, iso(now)],
    );
  }

  // Dead letters ---------------------------------------------------------------------------------

  async listDeadLetters(
    workspaceId: string,
    q: { automationId?: string; limit: number; offset: number },
  ) {
    const where = q.automationId ? 'AND automation_id = ?' : '';
    const params: unknown[] = q.automationId ? [workspaceId, q.automationId] : [workspaceId];
    const [total] = await this.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM automation_dead_letters WHERE workspace_id = ? ${where}`,
      params,
    );
    const rows = await this.db.query<{
      id: string;
      automation_id: string;
      run_id: string;
      step_id: string;
      kind: string;
      target: string;
      payload: string;
      error: string;
      attempts: number;
      created_at: string;
      retried_at: string | null;
    }>(
      `SELECT * FROM automation_dead_letters WHERE workspace_id = ? ${where}
       ORDER BY created_at DESC, id LIMIT ? OFFSET ?`,
      [...params, q.limit, q.offset],
    );
    return {
      total: total?.n ?? 0,
      items: rows.map(
        (r): TDeadLetter => ({
          id: r.id,
          automationId: r.automation_id,
          runId: r.run_id,
          stepId: r.step_id,
          kind: r.kind,
          target: r.target,
          payload: r.payload,
          error: r.error,
          attempts: r.attempts,
          createdAt: r.created_at,
          retriedAt: r.retried_at,
        }),
      ),
    };
  }

  retryDeadLetter(workspaceId: string, id: string, now: Date) {
    return this.db.transaction(async (s) => {
      const [dl] = await s.query<{ step_id: string; run_id: string; retried_at: string | null }>(
        'SELECT step_id, run_id, retried_at FROM automation_dead_letters WHERE workspace_id = ? AND id = ?',
        [workspaceId, id],
      );
      if (!dl) return undefined;
      if (dl.retried_at) return false;
      const t = iso(now);
      await s.run('UPDATE automation_dead_letters SET retried_at = ? WHERE id = ?', [t, id]);
      await s.run(
        `UPDATE automation_run_steps SET status = 'pending', attempts = 0, due_at = ?,
           finished_at = NULL, lease_owner = NULL, lease_until = NULL,
           detail = json_merge_patch(detail, ?::JSON)
         WHERE id = ?`,
        [t, JSON.stringify({ retriedFromDeadLetter: id, retriedAt: t }), dl.step_id],
      );
      await s.run(
        `UPDATE automation_runs SET status = 'active', finished_at = NULL, updated_at = ?
         WHERE id = ?`,
        [t, dl.run_id],
      );
      return { runId: dl.run_id };
    });
  }

  outcomeCounts(p: OutcomeParams) {
    return automationOutcome.duckdb(this.db, p);
  }
}
