"use client";
// Live refresh as one user setting (interval or paused), kept in localStorage and shared by
// every query. TanStack Query already skips interval refetches while the tab is hidden
// (refetchIntervalInBackground is false); we keep it that way explicitly.

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import styles from "./refresh-settings.module.css";
import { cx } from "@/components/ui/cx";

export const REFRESH_CHOICES = [
  { value: 0, label: "Paused" },
  { value: 2_000, label: "2 s" },
  { value: 5_000, label: "5 s" },
  { value: 10_000, label: "10 s" },
  { value: 30_000, label: "30 s" },
  { value: 60_000, label: "1 min" },
] as const;

const STORAGE_KEY = "pipelinehouse.refreshIntervalMs";
const DEFAULT_INTERVAL = 10_000;
const listeners = new Set<() => void>();

function readInterval(): number {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const value = raw === null ? DEFAULT_INTERVAL : Number(raw);
    return REFRESH_CHOICES.some((c) => c.value === value) ? value : DEFAULT_INTERVAL;
  } catch {
    return DEFAULT_INTERVAL;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === STORAGE_KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

interface RefreshSettings {
  intervalMs: number;
  setIntervalMs: (ms: number) => void;
  /** Number of open confirmations and other moments when rows must not move under the operator. */
  holds: number;
  setHolds: (update: (n: number) => number) => void;
}

const RefreshContext = createContext<RefreshSettings>({
  intervalMs: DEFAULT_INTERVAL,
  setIntervalMs: () => undefined,
  holds: 0,
  setHolds: () => undefined,
});

export function RefreshSettingsProvider({ children }: { children: ReactNode }) {
  const intervalMs = useSyncExternalStore(subscribe, readInterval, () => DEFAULT_INTERVAL);
  const setIntervalMs = useCallback((ms: number) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, String(ms));
    } catch {
      // storage disabled: the choice lasts until the page is left
    }
    listeners.forEach((l) => l());
  }, []);
  const [holds, setHolds] = useState(0);
  const value = useMemo(() => ({ intervalMs, setIntervalMs, holds, setHolds }), [intervalMs, setIntervalMs, holds]);
  return <RefreshContext.Provider value={value}>{children}</RefreshContext.Provider>;
}

export function useRefreshSettings(): RefreshSettings {
  return useContext(RefreshContext);
}

/** While `active`, live refresh pauses everywhere (e.g. a confirmation is open: the row it is about must not move). */
export function useRefreshHold(active: boolean): void {
  const { setHolds } = useRefreshSettings();
  useEffect(() => {
    if (!active) return;
    setHolds((n) => n + 1);
    return () => setHolds((n) => n - 1);
  }, [active, setHolds]);
}

/** Spread into useQuery: polls at the chosen interval, not while the tab is hidden or refresh is held, nothing when paused. */
export function useLiveQueryOptions(opts: { paused?: boolean } = {}) {
  const { intervalMs, holds } = useRefreshSettings();
  const enabled = intervalMs > 0 && holds === 0 && !opts.paused;
  return {
    refetchInterval: enabled ? intervalMs : (false as const),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: enabled,
    refetchOnReconnect: enabled,
  };
}

export function RefreshControl() {
  const { intervalMs, setIntervalMs } = useRefreshSettings();
  return (
    <div className={styles.control}>
      <label htmlFor="refresh-interval">Live refresh</label>
      <select id="refresh-interval" value={intervalMs} onChange={(e) => setIntervalMs(Number(e.target.value))}>
        {REFRESH_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <span className={cx(styles.dot, intervalMs > 0 ? styles.live : styles.paused)} aria-hidden="true" />
    </div>
  );
}
