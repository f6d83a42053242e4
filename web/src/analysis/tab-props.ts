import { useEffect } from 'react';
import type { MetricsFilter } from '../api.ts';
import type { Resource } from '../lib/use-resource.ts';
import type { JourneyMap } from '../types.ts';

/** What the open tab reports to the page: the range its figures cover, and whether it loads. */
export interface TabStatus {
  range: { from: string; to: string } | undefined;
  loading: boolean;
}

/** What every tab of the analysis page gets: the journey, the map's filter, its own options. */
export interface TabProps<O> {
  journey: JourneyMap;
  filter: MetricsFilter;
  /** Why the filter's range cannot be asked for (then nothing loads), or null. */
  problem: string | null;
  onStatus: (status: TabStatus) => void;
  options: O;
  onOptions: (next: O) => void;
}

/** Tells the page the range and loading state of the tab's main figures. */
export function useTabStatus(
  onStatus: (status: TabStatus) => void,
  resource: Pick<Resource<{ from: string; to: string } | undefined>, 'data' | 'loading'>,
) {
  const from = resource.data?.from;
  const to = resource.data?.to;
  const { loading } = resource;
  useEffect(() => {
    onStatus({ range: from && to ? { from, to } : undefined, loading });
  }, [onStatus, from, to, loading]);
}
