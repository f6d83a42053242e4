import { type FormEvent, useState } from 'react';
import {
  addMember,
  createKey,
  listKeys,
  listMembers,
  removeMember,
  revokeKey,
  updateMemberRole,
} from '../api.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { formatDay } from '../lib/format.ts';
import { type Resource, useResource } from '../lib/use-resource.ts';
import { useSession } from '../session.tsx';
import type { ApiKey, ApiKeyCreated, KeyKind, Role } from '../types.ts';

const ROLES: { role: Role; label: string }[] = [
  { role: 'viewer', label: 'Viewer — reads everything' },
  { role: 'editor', label: 'Editor — also changes personas and journeys' },
  { role: 'owner', label: 'Owner — also manages keys and members' },
];

const KIND_LABELS: Record<KeyKind, string> = { write: 'Write key', api: 'API key' };

/** Workspace settings: keys, members, and how to send events. Keys and members need an owner. */
export function SettingsPage() {
  const session = useSession();
  const owner = session.workspace?.role === 'owner';
  const keys = useResource(owner ? 'keys' : null, (signal) => listKeys(signal));

  return (
    <main className="page" id="main">
      <div className="page-head">
        <div>
          <h1>Settings</h1>
          <p className="lead">
            Keys let programs and web pages talk to Waymark; members are the people who use this
            workspace.
          </p>
        </div>
      </div>
      {!owner && (
        <p className="notice">
          Keys and members are managed by the workspace’s owners. Ask an owner for a write key or to
          invite someone.
        </p>
      )}
      {owner && <KeysSection keys={keys} />}
      {owner && <MembersSection />}
      <SendEventsSection keys={owner ? keys.data : undefined} />
    </main>
  );
}

/** Copies `text` to the clipboard, saying so next to the button. */
function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" className="button button-small" onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy-state" aria-live="polite">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Select the text and copy it.' : ''}
      </span>
    </>
  );
}

function KeysSection({ keys }: { keys: Resource<ApiKey[]> }) {
  const [kind, setKind] = useState<KeyKind>('write');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await createKey(kind, name.trim()));
      setName('');
      keys.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: ApiKey) => {
    const label = key.name ? `"${key.name}" (${key.prefix}…)` : `${key.prefix}…`;
    if (
      !window.confirm(
        `Revoke the ${KIND_LABELS[key.kind].toLowerCase()} ${label}? Anything still using it is refused at once.`,
      )
    )
      return;
    setError(null);
    try {
      await revokeKey(key.id);
      if (created?.id === key.id) setCreated(null);
    } catch (err) {
      setError(err);
    } finally {
      keys.reload();
    }
  };

  return (
    <section className="section" aria-labelledby="keys-title">
      <h2 id="keys-title">Keys</h2>
      <p className="help">
        A <strong>write key</strong> can only send events (<code>/v1</code>), so it may ship in web
        pages and apps. An <strong>API key</strong> has full access to this workspace: keep it on
        servers.
      </p>
      {keys.error && !keys.data ? (
        <ErrorState title="Keys could not be loaded" error={keys.error} onRetry={keys.reload} />
      ) : !keys.data ? (
        <LoadingState label="Loading keys…" />
      ) : keys.data.length === 0 ? (
        <p className="empty">No keys yet.</p>
      ) : (
        <div className="settings-table-wrap">
          <table className="settings-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'is-revoked' : undefined}>
                  <td>{k.name || <span className="muted">unnamed</span>}</td>
                  <td>{KIND_LABELS[k.kind]}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{formatDay(k.createdAt)}</td>
                  <td>{k.revokedAt ? `Revoked ${formatDay(k.revokedAt)}` : 'Active'}</td>
                  <td>
                    {!k.revokedAt && (
                      <button
                        type="button"
                        className="button button-small button-danger"
                        onClick={() => void revoke(k)}
                      >
                        Revoke<span className="visually-hidden"> {k.name || k.prefix}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {created && (
        <div className="secret-box" role="status">
          <p>
            <strong>
              New {KIND_LABELS[created.kind].toLowerCase()}
              {created.name ? ` “${created.name}”` : ''}.
            </strong>{' '}
            Copy the secret now: it is shown only this once.
          </p>
          <div className="button-row">
            <code className="secret" data-testid="new-secret">
              {created.secret}
            </code>
            <CopyButton text={created.secret} />
            <button
              type="button"
              className="link-button push-right"
              onClick={() => setCreated(null)}
            >
              I have stored it
            </button>
          </div>
        </div>
      )}

      <form className="settings-form" onSubmit={(e) => void create(e)}>
        <label className="field">
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as KeyKind)}>
            <option value="write">Write key (sends events)</option>
            <option value="api">API key (full access)</option>
          </select>
        </label>
        <label className="field">
          <span>Key name</span>
          <input
            value={name}
            maxLength={200}
            placeholder="e.g. website"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </form>
      <InlineError error={error} onDismiss={() => setError(null)} />
    </section>
  );
}

function MembersSection() {
  const session = useSession();
  const members = useResource('members', (signal) => listMembers(signal));
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<
    { kind: 'added'; text: string } | { kind: 'invited'; email: string; link: string } | null
  >(null);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      members.reload();
    }
  };

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    await run(async () => {
      const answer = await addMember(email.trim(), role);
      if ('invite' in answer) {
        setResult({
          kind: 'invited',
          email: answer.invite.email,
          link: new URL(answer.invite.url, window.location.origin).href,
        });
      } else {
        setResult({
          kind: 'added',
          text: `${answer.name || answer.email} already had an account and is now a member (${answer.role}).`,
        });
      }
      setEmail('');
    });
    setBusy(false);
  };

  return (
    <section className="section" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {members.error && !members.data ? (
        <ErrorState
          title="Members could not be loaded"
          error={members.error}
          onRetry={members.reload}
        />
      ) : !members.data ? (
        <LoadingState label="Loading members…" />
      ) : (
        <div className="settings-table-wrap">
          <table className="settings-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Member since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => {
                const self = m.userId === session.user?.id;
                return (
                  <tr key={m.userId}>
                    <td>
                      {m.name || '—'}
                      {self && <span className="chip">you</span>}
                    </td>
                    <td>{m.email}</td>
                    <td>
                      <label>
                        <span className="visually-hidden">Role of {m.name || m.email}</span>
                        <select
                          value={m.role}
                          onChange={(e) => {
                            const next = e.target.value as Role;
                            if (
                              self &&
                              next !== 'owner' &&
                              !window.confirm(
                                'You will no longer be able to manage keys and members. Continue?',
                              )
                            )
                              return;
                            void run(() => updateMemberRole(m.userId, next));
                          }}
                        >
                          {ROLES.map((r) => (
                            <option key={r.role} value={r.role}>
                              {r.role}
                            </option>
                          ))}
                        </select>
                      </label>
                    </td>
                    <td>{formatDay(m.createdAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-small button-danger"
                        onClick={() => {
                          const who = m.name || m.email;
                          if (
                            !window.confirm(
                              self
                                ? 'Remove yourself from this workspace? You lose access at once.'
                                : `Remove ${who} from this workspace?`,
                            )
                          )
                            return;
                          void run(() => removeMember(m.userId));
                        }}
                      >
                        Remove<span className="visually-hidden"> {m.name || m.email}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <InlineError error={error} onDismiss={() => setError(null)} />

      <h3 className="subhead">Invite someone</h3>
      <form className="settings-form" onSubmit={(e) => void invite(e)}>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            required
            value={email}
            placeholder="name@example.com"
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r.role} value={r.role}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {result?.kind === 'added' && (
        <p className="notice" role="status">
          {result.text}
        </p>
      )}
      {result?.kind === 'invited' && (
        <div className="secret-box" role="status">
          <p>
            <strong>Invite created for {result.email}.</strong> Send them this link yourself; it
            works once and expires in 7 days.
          </p>
          <div className="button-row">
            <code className="secret" data-testid="invite-link">
              {result.link}
            </code>
            <CopyButton text={result.link} label="Copy link" />
          </div>
        </div>
      )}
    </section>
  );
}

/** How to send events with the Segment libraries, filled in with this server and a write key. */
function SendEventsSection({ keys }: { keys: ApiKey[] | undefined }) {
  const origin = window.location.origin;
  const url = new URL(origin);
  const writeKey = keys?.find((k) => k.kind === 'write' && !k.revokedAt);
  const keyText = writeKey ? `${writeKey.prefix}…` : 'wk_…';
  const apiHost = `${url.host}/v1`;
  const protocol = url.protocol.replace(':', '');

  const node = `import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({
  writeKey: process.env.WAYMARK_WRITE_KEY, // ${keyText}
  host: '${origin}',
});
analytics.identify({ userId: 'alice', traits: { plan: 'pro' } });
analytics.track({ userId: 'alice', event: 'Order Completed', properties: { revenue: 42 } });
await analytics.closeAndFlush();`;

  const browser = `import { AnalyticsBrowser } from '@segment/analytics-next';

export const analytics = AnalyticsBrowser.load(
  { writeKey: '${keyText}' },
  { integrations: { 'Segment.io': { apiHost: '${apiHost}', protocol: '${protocol}' } } },
);
analytics.page();`;

  const curl = `curl -s -u "$WAYMARK_WRITE_KEY:" -H 'Content-Type: application/json' -d '{"batch":[
  {"type":"identify","userId":"alice","traits":{"plan":"pro"}},
  {"type":"track","userId":"alice","event":"Order Completed","properties":{"revenue":42}}
]}' ${origin}/v1/batch`;

  return (
    <section className="section" aria-labelledby="send-title">
      <h2 id="send-title">Send events</h2>
      <p className="help">
        Waymark accepts the Segment tracking API, so the Segment libraries work once pointed here.
        {writeKey ? (
          <>
            {' '}
            The examples use your write key <code>{keyText}</code>
            {writeKey.name ? ` (“${writeKey.name}”)` : ''}; paste its full secret where it says so
            (only its first characters are kept here).
          </>
        ) : keys ? (
          <> Create a write key above and use its secret where the examples say so.</>
        ) : (
          <> Ask an owner for a write key and use it where the examples say so.</>
        )}
      </p>
      <h3 className="subhead">Node.js — @segment/analytics-node</h3>
      <p className="help">
        Set <code>host</code> to this server; the default path <code>/v1/batch</code> already
        matches.
      </p>
      <CodeBlock code={node} />
      <h3 className="subhead">Browser — analytics.js (@segment/analytics-next)</h3>
      <p className="help">
        Point the <code>Segment.io</code> integration at Waymark with <code>apiHost</code> (host and{' '}
        <code>/v1</code>, no scheme). analytics.js posts to the one-letter paths (<code>/v1/t</code>
        , <code>/v1/p</code>, <code>/v1/i</code>…), which Waymark serves too. It still fetches
        settings from Segment’s CDN unless you pass <code>cdnSettings</code>.
      </p>
      <CodeBlock code={browser} />
      <h3 className="subhead">Any language — HTTP</h3>
      <p className="help">Send the write key as the Basic-auth user name with an empty password.</p>
      <CodeBlock code={curl} />
    </section>
  );
}

function CodeBlock({ code }: { code: string }) {
  return (
    <div className="code-block">
      <pre>
        <code>{code}</code>
      </pre>
      <div className="code-block-copy">
        <CopyButton text={code} />
      </div>
    </div>
  );
}
