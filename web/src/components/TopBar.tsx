import { useState } from 'react';
import { confirmDiscard } from '../lib/dirty.ts';
import { linkHandler, navigate } from '../lib/router.ts';
import { useSession } from '../session.tsx';

export function TopBar() {
  const session = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const { workspace, memberships } = session;

  const switchWorkspace = (id: string) => {
    if (id === workspace?.workspaceId) return;
    if (!navigate('/')) return;
    session.selectWorkspace(id);
  };

  const signOut = async () => {
    if (!confirmDiscard()) return;
    setSigningOut(true);
    await session.signOut();
    setSigningOut(false);
  };

  return (
    <header className="topbar">
      <a className="brand" href="/" onClick={linkHandler('/')}>
        <svg viewBox="0 0 32 32" width="24" height="24" aria-hidden="true" focusable="false">
          <rect width="32" height="32" rx="7" fill="currentColor" />
          <path
            d="M6 22 C11 10, 16 26, 26 9"
            fill="none"
            stroke="#fff"
            strokeWidth="3"
            strokeLinecap="round"
          />
        </svg>
        <span>Waymark</span>
      </a>
      <nav aria-label="Main" className="topbar-nav">
        {workspace && (
          <a href="/" onClick={linkHandler('/')}>
            Journeys
          </a>
        )}
        {workspace && (
          <a href="/customers" onClick={linkHandler('/customers')}>
            Customers
          </a>
        )}
        {workspace && (
          <a href="/personas" onClick={linkHandler('/personas')}>
            Personas
          </a>
        )}
        {workspace && (
          <a href="/tasks" onClick={linkHandler('/tasks')}>
            Tasks
          </a>
        )}
        {workspace && (
          <a href="/automations" onClick={linkHandler('/automations')}>
            Automations
          </a>
        )}
        {workspace && (
          <a href="/surveys" onClick={linkHandler('/surveys')}>
            Surveys
          </a>
        )}
        {workspace && (
          <a href="/settings" onClick={linkHandler('/settings')}>
            Settings
          </a>
        )}
      </nav>
      <div className="topbar-right">
        {memberships.length > 1 && workspace ? (
          <label className="workspace-switch">
            <span className="visually-hidden">Workspace</span>
            <select value={workspace.workspaceId} onChange={(e) => switchWorkspace(e.target.value)}>
              {memberships.map((m) => (
                <option key={m.workspaceId} value={m.workspaceId}>
                  {m.workspaceName}
                </option>
              ))}
            </select>
          </label>
        ) : (
          workspace && <span className="workspace-name">{workspace.workspaceName}</span>
        )}
        <span className="who" title={session.mode === 'apiKey' ? 'Signed in with an API key' : ''}>
          {session.user ? session.user.name || session.user.email : 'API key'}
        </span>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => void signOut()}
          disabled={signingOut}
        >
          Sign out
        </button>
      </div>
    </header>
  );
}
