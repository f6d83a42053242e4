import { navigate } from '../lib/router.ts';
import { useSession } from '../session.tsx';

export function WorkspacePickerPage() {
  const session = useSession();
  const choose = (id: string) => {
    session.selectWorkspace(id);
    // Landing here from a link to a page keeps that page; the picker itself leads to journeys.
    if (window.location.pathname === '/workspaces') navigate('/', { replace: true });
  };

  return (
    <main className="page page-narrow" id="main">
      <h1>Choose a workspace</h1>
      {session.memberships.length === 0 ? (
        <p>
          Your account does not belong to any workspace yet. Ask a workspace owner to invite you.
        </p>
      ) : (
        <ul className="choice-list">
          {session.memberships.map((m) => (
            <li key={m.workspaceId}>
              <button
                type="button"
                className="choice"
                aria-current={m.workspaceId === session.workspace?.workspaceId ? 'true' : undefined}
                onClick={() => choose(m.workspaceId)}
              >
                <span className="choice-title">{m.workspaceName}</span>
                <span className="choice-meta">{m.role}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
