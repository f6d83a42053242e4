import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from '../api.ts';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again, keeping the current data on screen until the new answer arrives. */
  reload: () => void;
}

/**
 * Loads `load()` whenever `key` changes (null: load nothing). A newer load cancels an older
 * one, so a slow answer never overwrites a newer one; failures land in `error`, never in an
 * unhandled rejection.
 */
export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  options: { keepPrevious?: boolean } = {},
): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(key !== null);
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef(key);
  const keepPreviousRef = useRef(options.keepPrevious ?? false);

  useEffect(() => {
    // `round` is what `reload` bumps: it only has to re-run this effect.
    void round;
    if (key === null) {
      setLoading(false);
      return;
    }
    // A new key is usually a different thing: do not show the previous one's data meanwhile
    // (unless asked to, e.g. the same figures under a new filter).
    if (keyRef.current !== key) {
      keyRef.current = key;
      if (!keepPreviousRef.current) setData(undefined);
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted || isAbort(err)) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [key, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, loading, reload };
}
