import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api.ts';
import { describeError } from '../components/states.tsx';
import { useSession } from '../session.tsx';

type Mode = 'password' | 'apiKey';

function signInMessage(error: unknown, mode: Mode): string {
  if (error instanceof ApiError) {
    if (mode === 'password' && error.status === 404) {
      return 'Signing in with an email is not available on this server yet. Use an API key instead.';
    }
    if (error.status === 401) {
      return mode === 'password'
        ? 'That email and password do not match an account.'
        : 'That key is unknown or has been revoked. API keys start with ak_.';
    }
    if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
  }
  return describeError(error);
}

/** The sign-in page; as `dialog`, the same form over a page whose sign-in has ended. */
export function SignInPage({ dialog = false }: { dialog?: boolean }) {
  const session = useSession();
  const [mode, setMode] = useState<Mode>(session.mode === 'apiKey' ? 'apiKey' : 'password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const card = useRef<HTMLDivElement>(null);

  // As a dialog over the page, take the focus (the page under it is inert).
  useEffect(() => {
    if (dialog) card.current?.querySelector('input')?.focus();
  }, [dialog]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'password') await session.signInWithPassword(email.trim(), password);
      else await session.signInWithApiKey(apiKey.trim());
    } catch (err) {
      setError(signInMessage(err, mode));
      setBusy(false);
    }
  };

  const switchMode = (next: Mode) => {
    setMode(next);
    setError(null);
  };

  const Wrapper = dialog ? 'div' : 'main';
  return (
    <Wrapper
      className={dialog ? 'signin signin-dialog' : 'signin'}
      id={dialog ? undefined : 'main'}
      role={dialog ? 'dialog' : undefined}
      aria-modal={dialog ? true : undefined}
      aria-labelledby="signin-title"
    >
      <div className="signin-card" ref={card}>
        <div className="signin-brand">
          <svg viewBox="0 0 32 32" width="36" height="36" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path
              d="M6 22 C11 10, 16 26, 26 9"
              fill="none"
              stroke="#fff"
              strokeWidth="3"
              strokeLinecap="round"
            />
          </svg>
          <h1 id="signin-title">{dialog ? 'Sign in again' : 'Sign in to Waymark'}</h1>
        </div>
        {session.notice && (
          <p className="notice" role="status">
            {session.notice}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} aria-describedby={error ? errorId : undefined}>
          {mode === 'password' ? (
            <>
              <label className="field">
                <span>Email</span>
                <input
                  type="email"
                  autoComplete="username"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              </label>
              <label className="field">
                <span>Password</span>
                <input
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </label>
            </>
          ) : (
            <label className="field">
              <span>API key</span>
              <input
                type="password"
                autoComplete="off"
                spellCheck={false}
                placeholder="ak_…"
                required
                value={apiKey}
                onChange={(e) => setApiKey(e.target.value)}
              />
              <small>
                A workspace API key, as printed by <code>waymark workspace create</code> or in{' '}
                <code>data/demo.json</code>. It is kept for this browser tab only.
              </small>
            </label>
          )}
          {error && (
            <p className="inline-error" id={errorId} role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button-primary button-wide" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="signin-switch">
          {mode === 'password' ? (
            <button type="button" className="link-button" onClick={() => switchMode('apiKey')}>
              Use an API key instead
            </button>
          ) : (
            <button type="button" className="link-button" onClick={() => switchMode('password')}>
              Sign in with email and password
            </button>
          )}
        </p>
      </div>
    </Wrapper>
  );
}
