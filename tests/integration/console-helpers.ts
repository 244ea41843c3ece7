// Console sign-in for integration tests: users are written straight into the database (the admin
// CLI and the Admin pages are tested elsewhere), then sign in through the BFF like the sign-in
// page does, and call the BFF with the session cookie and the console's own Origin.
import { hashPassword } from "../../lib/auth/passwords";
import type { ConsoleRole } from "../../lib/console-auth/roles";
import { endpoint, uniqueName, withDb } from "./helpers";

export interface ConsoleUser {
  email: string;
  password: string;
  role: ConsoleRole;
}

/** A new console user with `role` in the default account (created if missing). */
export async function createConsoleUser(role: ConsoleRole, base: string = endpoint()): Promise<ConsoleUser> {
  void base;
  const email = `${uniqueName(role)}@example.test`.toLowerCase();
  const password = `pw-${uniqueName("secret")}`;
  const hash = await hashPassword(password);
  await withDb(async (db) => {
    await db.query(`INSERT INTO accounts (id, name) VALUES ('000000000000', 'default') ON CONFLICT DO NOTHING`);
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO console_users (email, password_hash) VALUES ($1, $2) RETURNING id`,
      [email, hash],
    );
    await db.query(`INSERT INTO console_memberships (user_id, account_id, role) VALUES ($1, '000000000000', $2)`, [
      rows[0]!.id,
      role,
    ]);
  });
  return { email, password, role };
}

/** The console's own-origin headers for a JSON change. */
export function sameOrigin(base: string = endpoint()): Record<string, string> {
  return { origin: base, "content-type": "application/json", "sec-fetch-site": "same-origin" };
}

export async function signIn(
  user: { email: string; password: string },
  base: string = endpoint(),
): Promise<{ status: number; cookie: string | null; setCookie: string | null; body: unknown }> {
  const res = await fetch(`${base}/api/console/session`, {
    method: "POST",
    headers: sameOrigin(base),
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  const setCookie = res.headers.get("set-cookie");
  return { status: res.status, setCookie, cookie: setCookie ? setCookie.split(";")[0]! : null, body: await res.json() };
}

/** Signs in and returns the Cookie header value for later calls. */
export async function sessionCookieFor(role: ConsoleRole, base: string = endpoint()): Promise<string> {
  const user = await createConsoleUser(role, base);
  const r = await signIn(user, base);
  if (r.status !== 200 || !r.cookie)
    throw new Error(`sign-in as ${role} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.cookie;
}

/** A BFF call; JSON bodies are sent from the console's own origin unless `headers` says otherwise. */
export async function bff(
  path: string,
  opts: { cookie?: string; method?: string; body?: unknown; headers?: Record<string, string>; base?: string } = {},
) {
  const base = opts.base ?? endpoint();
  const method = opts.method ?? (opts.body === undefined ? "GET" : "POST");
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(method === "GET" ? {} : sameOrigin(base)),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.headers ?? {}),
    },
    body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
    redirect: "manual",
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as Record<string, unknown> | undefined };
}

const operatorCookies = new Map<string, Promise<string>>();

/**
 * A call to the console's BFF (`/api/console/...`) as the console's browser makes it, signed in as
 * an operator of the default account (one session per server); answers status and JSON.
 */
export async function consoleCall(
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  base: string = endpoint(),
): Promise<{ status: number; json: Record<string, unknown> }> {
  let cookie = operatorCookies.get(base);
  if (!cookie) {
    cookie = sessionCookieFor("operator", base);
    operatorCookies.set(base, cookie);
  }
  const res = await bff(`/api/console${path}`, { cookie: await cookie, method, body, base });
  return { status: res.status, json: res.json ?? {} };
}
