import { createHash, randomBytes } from 'node:crypto';
import { conflict } from '../../../core/errors.ts';
import { newId } from '../../../core/ids.ts';
import type {
  TInvite,
  TMember,
  TMembership,
  TRole,
  TSession,
  TUser,
} from '../../../core/schemas/account.ts';
import type { InviteAcceptor, NewInvite, NewUser } from '../../port.ts';
import type { DuckDatabase, DuckSession } from './database.ts';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
}
const toUser = (r: UserRow): TUser => ({
  id: r.id,
  email: r.email,
  name: r.name,
  createdAt: r.created_at,
});

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  role: TRole;
  created_at: string;
}
const toMember = (r: MemberRow): TMember => ({
  userId: r.user_id,
  email: r.email,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
});

interface InviteRow {
  workspace_id: string;
  email: string;
  role: TRole;
  invited_by: string | null;
  expires_at: string;
  accepted_at: string | null;
}

/** Expiry is compared in JavaScript: TIMESTAMP columns hold UTC, and `now()` is zoned. */
const live = (expiresAt: string) => Date.parse(expiresAt) > Date.now();

const MEMBER_SELECT = `SELECT m.user_id, u.email, u.name, m.role, m.created_at
  FROM memberships m JOIN users u ON u.id = m.user_id`;

/**
 * Users, memberships, sessions and invites. Secrets (session and invite tokens) are stored as
 * SHA-256 hashes; the random tokens have 256 bits, so a fast hash is enough.
 */
export class AccountsRepo {
  constructor(private readonly db: DuckDatabase) {}

  createUser(input: NewUser, membership?: { workspaceId: string; role: TRole }) {
    return this.db.transaction(async (s) => {
      const user = await this.insertUser(s, input);
      if (membership) await this.insertMember(s, membership.workspaceId, user.id, membership.role);
      return user;
    });
  }

  async getUser(id: string) {
    const rows = await this.db.query<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async findUserByEmail(email: string) {
    const rows = await this.db.query<UserRow>('SELECT * FROM users WHERE email = ?', [
      email.trim().toLowerCase(),
    ]);
    return rows[0] ? { user: toUser(rows[0]), passwordHash: rows[0].password_hash } : undefined;
  }

  async countUsers() {
    const rows = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM users');
    return rows[0]?.n ?? 0;
  }

  addMember(workspaceId: string, userId: string, role: TRole) {
    return this.db.transaction(async (s) => {
      if (await this.roleOf(s, workspaceId, userId)) {
        throw conflict('already a member of this workspace: change the role instead', {
          field: 'email',
        });
      }
      await this.insertMember(s, workspaceId, userId, role);
      return (await this.member(s, workspaceId, userId))!;
    });
  }

  getMemberRole(workspaceId: string, userId: string) {
    return this.db.with((s) => this.roleOf(s, workspaceId, userId));
  }

  async listMembers(workspaceId: string) {
    const rows = await this.db.query<MemberRow>(
      `${MEMBER_SELECT} WHERE m.workspace_id = ? ORDER BY m.created_at, u.email`,
      [workspaceId],
    );
    return rows.map(toMember);
  }

  async listMemberships(userId: string): Promise<TMembership[]> {
    const rows = await this.db.query<{ workspace_id: string; name: string; role: TRole }>(
      `SELECT m.workspace_id, w.name, m.role FROM memberships m
       JOIN workspaces w ON w.id = m.workspace_id
       WHERE m.user_id = ? ORDER BY w.name, w.id`,
      [userId],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, workspaceName: r.name, role: r.role }));
  }

  updateMemberRole(workspaceId: string, userId: string, role: TRole) {
    return this.db.transaction(async (s) => {
      const current = await this.roleOf(s, workspaceId, userId);
      if (!current) return undefined;
      if (current === 'owner' && role !== 'owner') await this.keepAnOwner(s, workspaceId);
      await s.run('UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ?', [
        role,
        workspaceId,
        userId,
      ]);
      return this.member(s, workspaceId, userId);
    });
  }

  removeMember(workspaceId: string, userId: string) {
    return this.db.transaction(async (s) => {
      const current = await this.roleOf(s, workspaceId, userId);
      if (!current) return false;
      if (current === 'owner') await this.keepAnOwner(s, workspaceId);
      await s.run('DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?', [
        workspaceId,
        userId,
      ]);
      return true;
    });
  }

  async createSession(userId: string, expiresAt: Date) {
    const token = newToken();
    const session: TSession = { userId, csrfToken: newToken(), expiresAt: expiresAt.toISOString() };
    await this.db.run('INSERT INTO sessions VALUES (?, ?, ?, ?, ?, false)', [
      sha256(token),
      userId,
      session.csrfToken,
      new Date().toISOString(),
      session.expiresAt,
    ]);
    return { token, session };
  }

  async resolveSession(token: string): Promise<TSession | undefined> {
    const rows = await this.db.query<{ user_id: string; csrf_token: string; expires_at: string }>(
      'SELECT user_id, csrf_token, expires_at FROM sessions WHERE id = ? AND NOT revoked',
      [sha256(token)],
    );
    const r = rows[0];
    if (!r || !live(r.expires_at)) return undefined;
    return { userId: r.user_id, csrfToken: r.csrf_token, expiresAt: r.expires_at };
  }

  async revokeSession(token: string) {
    const rows = await this.db.query(
      'UPDATE sessions SET revoked = true WHERE id = ? AND NOT revoked RETURNING id',
      [sha256(token)],
    );
    return rows.length > 0;
  }

  async createInvite(input: NewInvite) {
    const token = newToken();
    const invite: TInvite = {
      workspaceId: input.workspaceId,
      email: input.email.trim().toLowerCase(),
      role: input.role,
      invitedBy: input.invitedBy,
      expiresAt: input.expiresAt.toISOString(),
    };
    await this.db.run('INSERT INTO invites VALUES (?, ?, ?, ?, ?, ?, ?, NULL)', [
      sha256(token),
      invite.workspaceId,
      invite.email,
      invite.role,
      invite.invitedBy,
      new Date().toISOString(),
      invite.expiresAt,
    ]);
    return { token, invite };
  }

  findInvite(token: string) {
    return this.db.with((s) => this.pendingInvite(s, token));
  }

  acceptInvite(token: string, by: InviteAcceptor) {
    return this.db.transaction(async (s) => {
      const invite = await this.pendingInvite(s, token);
      if (!invite) return undefined;
      let user: TUser | undefined;
      if ('userId' in by) {
        const rows = await s.query<UserRow>('SELECT * FROM users WHERE id = ?', [by.userId]);
        user = rows[0] ? toUser(rows[0]) : undefined;
        if (!user) return undefined;
      } else {
        user = await this.insertUser(s, { email: invite.email, ...by });
      }
      if (!(await this.roleOf(s, invite.workspaceId, user.id)))
        await this.insertMember(s, invite.workspaceId, user.id, invite.role);
      await s.run('UPDATE invites SET accepted_at = ? WHERE token_hash = ?', [
        new Date().toISOString(),
        sha256(token),
      ]);
      return { user, member: (await this.member(s, invite.workspaceId, user.id))! };
    });
  }

  // ---------------------------------------------------------------------------------------------

  private async insertUser(s: DuckSession, input: NewUser): Promise<TUser> {
    const user: TUser = {
      id: newId('usr'),
      email: input.email.trim().toLowerCase(),
      name: input.name,
      createdAt: new Date().toISOString(),
    };
    const taken = await s.query('SELECT id FROM users WHERE email = ?', [user.email]);
    if (taken.length > 0)
      throw conflict(`a user with email ${user.email} exists`, { field: 'email' });
    await s.run('INSERT INTO users VALUES (?, ?, ?, ?, ?)', [
      user.id,
      user.email,
      user.name,
      input.passwordHash,
      user.createdAt,
    ]);
    return user;
  }

  private insertMember(s: DuckSession, workspaceId: string, userId: string, role: TRole) {
    return s.run('INSERT INTO memberships VALUES (?, ?, ?, ?)', [
      workspaceId,
      userId,
      role,
      new Date().toISOString(),
    ]);
  }

  private async roleOf(s: DuckSession, workspaceId: string, userId: string) {
    const rows = await s.query<{ role: TRole }>(
      'SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?',
      [workspaceId, userId],
    );
    return rows[0]?.role;
  }

  private async member(s: DuckSession, workspaceId: string, userId: string) {
    const rows = await s.query<MemberRow>(
      `${MEMBER_SELECT} WHERE m.workspace_id = ? AND m.user_id = ?`,
      [workspaceId, userId],
    );
    return rows[0] ? toMember(rows[0]) : undefined;
  }

  /** Refuses a change that would leave the workspace without an owner. */
  private async keepAnOwner(s: DuckSession, workspaceId: string) {
    const rows = await s.query<{ n: number }>(
      "SELECT count(*) AS n FROM memberships WHERE workspace_id = ? AND role = 'owner'",
      [workspaceId],
    );
    if ((rows[0]?.n ?? 0) <= 1) {
      throw conflict('a workspace needs an owner: make another member owner first', {
        field: 'role',
      });
    }
  }

  private async pendingInvite(s: DuckSession, token: string): Promise<TInvite | undefined> {
    const rows = await s.query<InviteRow>(
      'SELECT * FROM invites WHERE token_hash = ? AND accepted_at IS NULL',
      [sha256(token)],
    );
    const r = rows[0];
    if (!r || !live(r.expires_at)) return undefined;
    return {
      workspaceId: r.workspace_id,
      email: r.email,
      role: r.role,
      invitedBy: r.invited_by,
      expiresAt: r.expires_at,
    };
  }
}
