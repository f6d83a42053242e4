import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TNormalizedEvent } from '../core/schemas/event.ts';
import { ZSurveyCreate } from '../core/schemas/survey.ts';
import type { Store } from './port.ts';

/** A normalized track event with sensible defaults, for store tests. */
export function testEvent(over: Partial<TNormalizedEvent> = {}): TNormalizedEvent {
  return {
    messageId: `m-${Math.random().toString(36).slice(2)}`,
    type: 'track',
    event: 'Thing Happened',
    userId: null,
    anonymousId: 'anon',
    previousId: null,
    groupId: null,
    timestamp: Date.parse('2026-01-10T10:00:00Z'),
    receivedAt: Date.parse('2026-01-10T10:00:01Z'),
    path: null,
    url: null,
    referrer: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    channel: null,
    text: null,
    value: null,
    email: null,
    properties: {},
    traits: {},
    context: {},
    ...over,
  };
}

/**
 * The behaviour every Store engine must have. Each engine's test file calls this with a factory
 * for a fresh, empty store; an engine that cannot run here skips with its reason.
 */
export function runStoreContract(
  engine: string,
  open: () => Promise<{ store: Store; dispose: () => Promise<void> }>,
) {
  describe(`Store contract: ${engine}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await open());
    });
    afterAll(async () => {
      await dispose?.();
    });

    it('creates workspaces and resolves keys; revoked keys stop resolving', async () => {
      const ws = await store.createWorkspace({ name: 'Contract' });
      expect(await store.getWorkspace(ws.id)).toEqual(ws);
      const key = await store.createKey(ws.id, 'write', 'site');
      expect(await store.resolveKey(key.secret)).toEqual({ workspaceId: ws.id, kind: 'write' });
      expect((await store.listKeys(ws.id)).map((k) => k.id)).toContain(key.id);
      expect(JSON.stringify(await store.listKeys(ws.id))).not.toContain(key.secret);
      expect(await store.revokeKey(ws.id, key.id)).toBe(true);
      expect(await store.resolveKey(key.secret)).toBeUndefined();
    });

    it('scopes every document to its workspace', async () => {
      const a = await store.createWorkspace({ name: 'A' });
      const b = await store.createWorkspace({ name: 'B' });
      const p = await store.createPersona(a.id, {
        name: 'P',
        segment: { match: 'all', conditions: [] },
      });
      expect(await store.getPersona(b.id, p.id)).toBeUndefined();
      expect(await store.updatePersona(b.id, p.id, { name: 'X' })).toBeUndefined();
      expect(await store.deletePersona(b.id, p.id)).toBe(false);
      expect((await store.getPersona(a.id, p.id))?.name).toBe('P');
      const j = await store.createJourney(a.id, { name: 'J' });
      expect(await store.getJourney(b.id, j.id)).toBeUndefined();
      expect(await store.createStage(b.id, j.id, { name: 'S' })).toBeUndefined();
      expect(
        await store.touchpointMetrics(b.id, { journeyId: j.id, from: new Date(0), to: new Date() }),
      ).toBeUndefined();
    });

    it('keeps stage and touchpoint order through inserts, moves and deletes', async () => {
      const ws = await store.createWorkspace({ name: 'Order' });
      const j = await store.createJourney(ws.id, { name: 'J' });
      const s1 = (await store.createStage(ws.id, j.id, { name: 'one' }))!;
      const s3 = (await store.createStage(ws.id, j.id, { name: 'three' }))!;
      await store.createStage(ws.id, j.id, { name: 'two', position: 1 });
      expect((await store.listStages(ws.id, j.id)).map((s) => s.name)).toEqual([
        'one',
        'two',
        'three',
      ]);
      await store.updateStage(ws.id, s3.id, { position: 0 });
      expect((await store.listStages(ws.id, j.id)).map((s) => [s.name, s.position])).toEqual([
        ['three', 0],
        ['one', 1],
        ['two', 2],
      ]);
      const tp = (n: string) =>
        store.createTouchpoint(ws.id, j.id, {
          stageId: s1.id,
          name: n,
          channel: 'web',
          phase: 'during',
        });
      const x = (await tp('x'))!;
      await tp('y');
      await tp('z');
      await store.updateTouchpoint(ws.id, x.id, { position: 2 });
      expect((await store.listTouchpoints(ws.id, j.id)).map((t) => [t.name, t.position])).toEqual([
        ['y', 0],
        ['z', 1],
        ['x', 2],
      ]);
      await store.updateTouchpoint(ws.id, x.id, { stageId: s3.id });
      expect((await store.listTouchpoints(ws.id, j.id)).map((t) => t.name)).toEqual([
        'x',
        'y',
        'z',
      ]);
      expect(await store.deleteTouchpoint(ws.id, x.id)).toBe(true);
      expect(await store.deleteStage(ws.id, s3.id)).toBe(true);
      expect((await store.listStages(ws.id, j.id)).map((s) => [s.name, s.position])).toEqual([
        ['one', 0],
        ['two', 1],
      ]);
    });

    it('stores events idempotently by message id and resolves identities', async () => {
      const ws = await store.createWorkspace({ name: 'Events' });
      const e1 = testEvent({ messageId: 'same', anonymousId: 'a1' });
      expect(
        await store.insertEvents([
          { workspaceId: ws.id, event: e1 },
          { workspaceId: ws.id, event: e1 },
        ]),
      ).toEqual({ inserted: 1, duplicates: 1 });
      expect(await store.insertEvents([{ workspaceId: ws.id, event: e1 }])).toEqual({
        inserted: 0,
        duplicates: 1,
      });
      await store.insertEvents([
        {
          workspaceId: ws.id,
          event: testEvent({
            type: 'identify',
            anonymousId: 'a1',
            userId: 'u1',
            traits: { plan: 'pro' },
          }),
        },
      ]);
      const { total, items } = await store.listCustomers(ws.id, {});
      expect(total).toBe(1);
      expect(items[0]!.traits).toEqual({ plan: 'pro' });
      expect(await store.countEvents(ws.id)).toBe(2);
      const p = await store.createPersona(ws.id, {
        name: 'Pro',
        segment: { match: 'all', conditions: [{ trait: 'plan', op: 'eq', value: 'pro' }] },
      });
      const q = await store.createPersona(ws.id, {
        name: 'Free',
        segment: { match: 'all', conditions: [{ trait: 'plan', op: 'eq', value: 'free' }] },
      });
      expect((await store.listCustomers(ws.id, { personaId: p.id })).total).toBe(1);
      expect((await store.listCustomers(ws.id, { personaId: q.id })).total).toBe(0);
    });

    it('creates users with unique lower-cased emails and lists their memberships', async () => {
      const ws = await store.createWorkspace({ name: 'People' });
      const before = await store.countUsers();
      const ann = await store.createUser(
        { email: ' Ann@Example.COM ', name: 'Ann', passwordHash: 'hash-a' },
        { workspaceId: ws.id, role: 'owner' },
      );
      expect(ann).toMatchObject({ id: expect.stringMatching(/^usr_/), email: 'ann@example.com' });
      expect(await store.countUsers()).toBe(before + 1);
      expect(await store.getUser(ann.id)).toEqual(ann);
      expect(await store.findUserByEmail('ANN@example.com')).toEqual({
        user: ann,
        passwordHash: 'hash-a',
      });
      await expect(
        store.createUser({ email: 'ann@example.com', name: 'Other', passwordHash: 'x' }),
      ).rejects.toMatchObject({ status: 409 });
      expect(await store.getMemberRole(ws.id, ann.id)).toBe('owner');
      expect(await store.listMemberships(ann.id)).toEqual([
        { workspaceId: ws.id, workspaceName: 'People', role: 'owner' },
      ]);
      const other = await store.createWorkspace({ name: 'Elsewhere' });
      expect(await store.getMemberRole(other.id, ann.id)).toBeUndefined();
    });

    it('never removes or demotes the last owner of a workspace', async () => {
      const ws = await store.createWorkspace({ name: 'Owners' });
      const o = await store.createUser(
        { email: 'o@owners.test', name: 'O', passwordHash: 'x' },
        { workspaceId: ws.id, role: 'owner' },
      );
      const e = await store.createUser({ email: 'e@owners.test', name: 'E', passwordHash: 'x' });
      expect(await store.addMember(ws.id, e.id, 'editor')).toMatchObject({
        userId: e.id,
        email: 'e@owners.test',
        role: 'editor',
      });
      await expect(store.addMember(ws.id, e.id, 'viewer')).rejects.toMatchObject({ status: 409 });
      await expect(store.updateMemberRole(ws.id, o.id, 'editor')).rejects.toMatchObject({
        status: 409,
      });
      await expect(store.removeMember(ws.id, o.id)).rejects.toMatchObject({ status: 409 });
      expect((await store.updateMemberRole(ws.id, e.id, 'owner'))?.role).toBe('owner');
      expect(await store.removeMember(ws.id, o.id)).toBe(true);
      expect((await store.listMembers(ws.id)).map((m) => [m.email, m.role])).toEqual([
        ['e@owners.test', 'owner'],
      ]);
      expect(await store.updateMemberRole(ws.id, o.id, 'viewer')).toBeUndefined();
      expect(await store.removeMember(ws.id, o.id)).toBe(false);
    });

    it('resolves sessions by token until they are revoked or expire, storing only a hash', async () => {
      const u = await store.createUser({ email: 's@sessions.test', name: 'S', passwordHash: 'x' });
      const { token, session } = await store.createSession(u.id, new Date(Date.now() + 60_000));
      expect(session.userId).toBe(u.id);
      expect(session.csrfToken.length).toBeGreaterThanOrEqual(32);
      expect(await store.resolveSession(token)).toEqual(session);
      expect(await store.resolveSession(`${token}x`)).toBeUndefined();
      expect(await store.revokeSession(token)).toBe(true);
      expect(await store.resolveSession(token)).toBeUndefined();
      expect(await store.revokeSession(token)).toBe(false);
      const old = await store.createSession(u.id, new Date(Date.now() - 1000));
      expect(await store.resolveSession(old.token)).toBeUndefined();
    });

    it('accepts an invite once, creating the user or adding a signed-in one', async () => {
      const ws = await store.createWorkspace({ name: 'Invites' });
      const soon = new Date(Date.now() + 60_000);
      const { token, invite } = await store.createInvite({
        workspaceId: ws.id,
        email: 'New@Invites.test',
        role: 'viewer',
        invitedBy: null,
        expiresAt: soon,
      });
      expect(invite).toMatchObject({ email: 'new@invites.test', role: 'viewer' });
      expect(await store.findInvite(token)).toEqual(invite);
      const accepted = await store.acceptInvite(token, { name: 'New', passwordHash: 'h' });
      expect(accepted?.user.email).toBe('new@invites.test');
      expect(accepted?.member.role).toBe('viewer');
      expect(await store.findInvite(token)).toBeUndefined();
      expect(await store.acceptInvite(token, { userId: accepted!.user.id })).toBeUndefined();

      const second = await store.createInvite({ ...invite, email: 'x@y.test', expiresAt: soon });
      const byUser = await store.acceptInvite(second.token, { userId: accepted!.user.id });
      expect(byUser?.member.role).toBe('viewer');
      expect((await store.listMembers(ws.id)).length).toBe(1);

      const taken = await store.createInvite({ ...invite, expiresAt: soon });
      await expect(
        store.acceptInvite(taken.token, { name: 'Dup', passwordHash: 'h' }),
      ).rejects.toMatchObject({ status: 409 });
      expect(await store.findInvite(taken.token)).toBeDefined();

      const expired = await store.createInvite({ ...invite, expiresAt: new Date(Date.now() - 1) });
      expect(await store.findInvite(expired.token)).toBeUndefined();
      expect(await store.acceptInvite(expired.token, { name: 'Late', passwordHash: 'h' })).toBe(
        undefined,
      );
    });

    it('binds trait and property names as data, even when they look like SQL', async () => {
      const ws = await store.createWorkspace({ name: 'Injection' });
      const evil = `x') OR 1=1; DROP TABLE events; --`;
      await store.insertEvents([
        {
          workspaceId: ws.id,
          event: testEvent({
            type: 'identify',
            userId: 'u',
            traits: { [evil]: 'v', plan: 'free' },
          }),
        },
      ]);
      const p = await store.createPersona(ws.id, {
        name: 'E',
        segment: { match: 'all', conditions: [{ trait: evil, op: 'eq', value: 'nope' }] },
      });
      expect((await store.listCustomers(ws.id, { personaId: p.id })).total).toBe(0);
      expect(await store.countEvents(ws.id)).toBe(1);
    });

    it('keeps surveys in their workspace and takes one answer per invitation', async () => {
      const ws = await store.createWorkspace({ name: 'Surveys' });
      const other = await store.createWorkspace({ name: 'Other surveys' });
      const j = await store.createJourney(ws.id, { name: 'J' });
      const stage = (await store.createStage(ws.id, j.id, { name: 'S' }))!;
      const tp = (await store.createTouchpoint(ws.id, j.id, {
        stageId: stage.id,
        name: 'T',
        channel: 'web',
        phase: 'after',
      }))!;
      const input = ZSurveyCreate.parse({ touchpointId: tp.id, name: 'CSAT', kind: 'csat' });
      expect(await store.createSurvey(other.id, input)).toBeUndefined();
      const survey = (await store.createSurvey(ws.id, input))!;
      expect(survey.journeyId).toBe(j.id);
      expect(await store.getSurvey(other.id, survey.id)).toBeUndefined();
      expect(await store.deleteSurvey(other.id, survey.id)).toBe(false);

      await store.insertEvents([
        { workspaceId: ws.id, event: testEvent({ userId: 'u1', anonymousId: null }) },
      ]);
      const cid = (await store.findCustomer(ws.id, { kind: 'user_id', value: 'u1' }))!;
      expect(cid).toBeDefined();
      expect(await store.findCustomer(ws.id, { customerId: cid })).toBe(cid);
      expect(await store.findCustomer(other.id, { kind: 'user_id', value: 'u1' })).toBeUndefined();

      const at = new Date('2026-01-10T10:00:00Z');
      const nonce = `n-${Math.random().toString(36).slice(2)}`;
      const where = { surveyId: survey.id, touchpointId: tp.id, customerId: cid };
      await store.recordSurveyInvitation(ws.id, {
        nonce,
        ...where,
        channel: 'link',
        createdAt: at,
        expiresAt: new Date(at.getTime() + 3_600_000),
      });
      expect((await store.getSurveyInvitation(ws.id, nonce))?.answered).toBe(false);
      expect(await store.getSurveyInvitation(other.id, nonce)).toBeUndefined();
      const answer = {
        nonce,
        ...where,
        answers: { score: 4 },
        score: 4,
        comment: null,
        channel: 'link' as const,
        createdAt: new Date(at.getTime() + 60_000),
      };
      expect(await store.recordSurveyResponse(ws.id, answer)).toMatchObject({ score: 4, ...where });
      expect(await store.recordSurveyResponse(ws.id, answer)).toBeUndefined();
      expect((await store.getSurveyInvitation(ws.id, nonce))?.answered).toBe(true);
      expect(
        (await store.listSurveyContacts(ws.id, cid, at)).map((c) => new Date(c.at).toISOString()),
      ).toEqual([at.toISOString(), answer.createdAt.toISOString()]);
      expect((await store.listSurveyResponses(other.id, survey.id, {})).total).toBe(0);
      expect((await store.listSurveyResponses(ws.id, survey.id, {})).total).toBe(1);

      expect(await store.deleteTouchpoint(ws.id, tp.id)).toBe(true);
      expect(await store.getSurvey(ws.id, survey.id)).toBeUndefined();
      expect((await store.listSurveyResponses(ws.id, survey.id, {})).total).toBe(0);

      // A deleted journey takes its surveys along.
      const tp2 = (await store.createTouchpoint(ws.id, j.id, {
        stageId: stage.id,
        name: 'T2',
        channel: 'email',
        phase: 'service',
      }))!;
      const s2 = (await store.createSurvey(ws.id, { ...input, touchpointId: tp2.id }))!;
      expect(await store.deleteJourney(ws.id, j.id)).toBe(true);
      expect(await store.listSurveys(ws.id, {})).toEqual([]);
      expect(await store.getSurvey(ws.id, s2.id)).toBeUndefined();
    });
  });
}
