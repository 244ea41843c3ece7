// The console's fetch wrapper for the BFF: JSON in and out, `signal` honoured, and errors as
// ApiError carrying the BFF's `{ error: { code, message } }`.
import type { ConsoleErrorCode } from "@/lib/console/errors";

export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: ConsoleErrorCode | "NETWORK",
    message: string,
  ) {
    super(message);
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) },
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "NETWORK", "The server could not be reached. Check that pipelinehouse is running.");
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // handled below: a non-JSON answer is an error
  }
  if (res.status === 401 && typeof window !== "undefined") {
    // The session ended (idle, too old, signed out elsewhere, user disabled): sign in again, then come back.
    const here = window.location.pathname + window.location.search;
    window.location.assign(`/sign-in?notice=expired&next=${encodeURIComponent(here)}`);
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: ConsoleErrorCode; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? "INTERNAL", error?.message ?? `The server answered ${res.status}`);
  }
  if (json === undefined) throw new ApiError(res.status, "INTERNAL", "The server sent an empty or unreadable answer");
  return json as T; // the BFF's response types are shared with the server functions that produce them
}

export function apiGet<T>(path: string, opts: { signal?: AbortSignal } = {}): Promise<T> {
  return request<T>(path, { method: "GET", signal: opts.signal });
}

export function apiPost<T>(path: string, body: unknown, opts: { signal?: AbortSignal } = {}): Promise<T> {
  return request<T>(path, { method: "POST", body: JSON.stringify(body), signal: opts.signal });
}

/** `?a=1&b=2` from the defined, non-empty values (an empty string means "not set"). */
export function toQueryString(params: Record<string, string | number | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : "";
}

export const enc = encodeURIComponent;
