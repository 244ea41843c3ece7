// Draining: what an instance does between SIGTERM and exit. It turns not-ready at once (load
// balancers stop sending it work, /api/health/ready answers 503), answers every held PollForTask
// empty straight away (its runner polls again, through the balancer, on another instance) and any
// new poll empty without claiming, so no task is handed to a connection about to close. Calls
// already running finish normally. Who stops the rest: scripts/serve.ts under `npm start`
// (README, "Health and drain"), Next's own signal handling under `next start`.
//
// State is kept on globalThis: Next's build and scripts/serve.ts load separate copies of lib/.

interface DrainState {
  draining: boolean;
  listeners: Set<() => void>;
}

const g = globalThis as unknown as { __pipelinehouseDrain?: DrainState };

function state(): DrainState {
  g.__pipelinehouseDrain ??= { draining: false, listeners: new Set() };
  return g.__pipelinehouseDrain;
}

export function isDraining(): boolean {
  return state().draining;
}

/** Turns this instance not-ready and tells everything that holds work for a client to let go (idempotent). */
export function beginDrain(): void {
  const s = state();
  if (s.draining) return;
  s.draining = true;
  for (const fn of s.listeners) fn();
}

/**
 * Headers for every answer of a draining instance: `connection: close`, so that keep-alive clients
 * (balancers, probes, runners) reconnect elsewhere and the server can finish closing. Under
 * `npm start` scripts/serve.ts sets it itself; route handlers add it for `next start`.
 */
export function drainingHeaders(): Record<string, string> {
  return isDraining() ? { connection: "close" } : {};
}

/** Runs `fn` when draining begins (at once if it has). */
export function onDrain(fn: () => void): void {
  const s = state();
  if (s.draining) fn();
  else s.listeners.add(fn);
}
