import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` when `key` changes (and on `reload`), keeping the last data while reloading.
 * A stale answer (an older key) is dropped.
 */
export function useQuery<T>(
  load: () => Promise<T>,
  key: string,
  options: { skip?: boolean } = {},
): QueryState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(!options.skip);
  const [tick, setTick] = useState(0);
  // The key (and reload) the current answer belongs to: until the effect for a new key has
  // answered, the data on screen is stale and `loading` says so.
  const [settled, setSettled] = useState<string | null>(null);
  const wanted = `${key}#${tick}`;
  const loadRef = useRef(load);
  loadRef.current = load;
  const skip = options.skip ?? false;

  useEffect(() => {
    if (skip) {
      setLoading(false);
      return;
    }
    let current = true;
    setLoading(true);
    setError(null);
    loadRef
      .current()
      .then((result) => {
        if (current) setData(result);
      })
      .catch((e: unknown) => {
        if (current) setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT'));
      })
      .finally(() => {
        if (current) {
          setLoading(false);
          setSettled(`${key}#${tick}`);
        }
      });
    return () => {
      current = false;
    };
  }, [key, tick, skip]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading: loading || (!skip && settled !== wanted), reload };
}
