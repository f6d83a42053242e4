import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import {
  ApiError,
  type Credentials,
  configureApi,
  fetchMe,
  fetchWorkspace,
  isAbort,
  login,
  logout,
} from './api.ts';
import type { Membership, SessionInfo, User } from './types.ts';

// The API key lives for the browser tab only (sessionStorage): it is a full-access secret, and
// a tab is the scope a person expects "signed in with a key" to last.
const API_KEY_STORAGE = 'waymark.apiKey';
const WORKSPACE_STORAGE = 'waymark.workspace';

/**
 * `expired`: the server stopped accepting our credentials while the app was in use. The page
 * stays as it is (with any unsaved edits) under a sign-in dialog.
 */
type Status = 'checking' | 'signedOut' | 'signedIn' | 'expired' | 'unreachable';

export interface Session {
  status: Status;
  /** Why the person is looking at the sign-in page again (e.g. the session expired). */
  notice: string | null;
  /** Null when signed in with an API key. */
  user: User | null;
  mode: 'session' | 'apiKey' | null;
  memberships: Membership[];
  /** The selected workspace; null while the person still has to pick one. */
  workspace: Membership | null;
  selectWorkspace: (workspaceId: string) => void;
  signInWithPassword: (email: string, password: string) => Promise<void>;
  signInWithApiKey: (key: string) => Promise<void>;
  signOut: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** Whether the selected workspace lets the person change journeys (viewers only read). */
export const canEdit = (session: Session) =>
  session.workspace !== null && session.workspace.role !== 'viewer';

interface SignedIn {
  credentials: Credentials;
  user: User | null;
  memberships: Membership[];
}

function readStorage(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(storage: Storage, key: string, value: string | null) {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    // Storage can be disabled (private mode); the app still works for this page load.
  }
}

function pickWorkspace(memberships: Membership[]): string | null {
  const stored = readStorage(localStorage, WORKSPACE_STORAGE);
  if (stored && memberships.some((m) => m.workspaceId === stored)) return stored;
  return memberships.length === 1 ? memberships[0].workspaceId : null;
}

const fromSessionInfo = (info: SessionInfo): SignedIn => ({
  credentials: { kind: 'session', csrfToken: info.csrfToken },
  user: info.user,
  memberships: info.memberships,
});

async function signedInWithKey(key: string, signal?: AbortSignal): Promise<SignedIn> {
  configureApi({ credentials: { kind: 'apiKey', key }, workspaceId: null });
  const ws = await fetchWorkspace(signal);
  // An API key acts on its one workspace with full access.
  return {
    credentials: { kind: 'apiKey', key },
    user: null,
    memberships: [{ workspaceId: ws.id, workspaceName: ws.name, role: 'owner' }],
  };
}

/** True for answers that mean "no session here", including a server without accounts yet. */
const isSignedOutAnswer = (err: unknown) =>
  err instanceof ApiError && (err.status === 401 || err.status === 404);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('checking');
  const [notice, setNotice] = useState<string | null>(null);
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [workspaceId, setWorkspaceId] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const enter = useCallback((next: SignedIn) => {
    const ws = pickWorkspace(next.memberships);
    configureApi({ credentials: next.credentials, workspaceId: ws });
    setSignedIn(next);
    setWorkspaceId(ws);
    setNotice(null);
    setStatus('signedIn');
  }, []);

  const leave = useCallback((why: string | null) => {
    writeStorage(sessionStorage, API_KEY_STORAGE, null);
    configureApi({ credentials: null, workspaceId: null });
    setSignedIn(null);
    setWorkspaceId(null);
    setNotice(why);
    setStatus('signedOut');
  }, []);

  useEffect(() => {
    configureApi({
      onUnauthorized: () => {
        writeStorage(sessionStorage, API_KEY_STORAGE, null);
        setNotice('Your sign-in has ended. Sign in again to carry on where you were.');
        setStatus((s) => (s === 'signedIn' || s === 'expired' ? 'expired' : s));
      },
    });
  }, []);

  // On load (and on "try again"): resume an API-key tab, else ask the server for a session.
  useEffect(() => {
    // `attempt` re-runs this check when the server was unreachable.
    void attempt;
    const controller = new AbortController();
    const key = readStorage(sessionStorage, API_KEY_STORAGE);
    const check = key ? signedInWithKey(key, controller.signal) : fetchMe(controller.signal);
    check.then(
      (result) => {
        if (controller.signal.aborted) return;
        enter('credentials' in result ? result : fromSessionInfo(result));
      },
      (err: unknown) => {
        if (controller.signal.aborted || isAbort(err)) return;
        if (isSignedOutAnswer(err)) leave(null);
        else setStatus('unreachable');
      },
    );
    return () => controller.abort();
  }, [attempt, enter, leave]);

  const session = useMemo<Session>(() => {
    const memberships = signedIn?.memberships ?? [];
    return {
      status,
      notice,
      user: signedIn?.user ?? null,
      mode: signedIn?.credentials.kind ?? null,
      memberships,
      workspace: memberships.find((m) => m.workspaceId === workspaceId) ?? null,
      selectWorkspace: (id) => {
        writeStorage(localStorage, WORKSPACE_STORAGE, id);
        configureApi({ workspaceId: id });
        setWorkspaceId(id);
      },
      signInWithPassword: async (email, password) => {
        enter(fromSessionInfo(await login(email, password)));
      },
      signInWithApiKey: async (key) => {
        try {
          const next = await signedInWithKey(key);
          writeStorage(sessionStorage, API_KEY_STORAGE, key);
          enter(next);
        } catch (err) {
          configureApi({ credentials: null });
          throw err;
        }
      },
      signOut: async () => {
        if (signedIn?.credentials.kind === 'session') {
          try {
            await logout();
          } catch {
            // The cookie may already be gone; signing out locally is what matters.
          }
        }
        leave(null);
      },
      retry: () => {
        setStatus('checking');
        setAttempt((a) => a + 1);
      },
    };
  }, [status, notice, signedIn, workspaceId, enter, leave]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
