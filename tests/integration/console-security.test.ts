// The console's security model over HTTP: security headers on every path, sign-in and sessions,
// the throttle, roles on every BFF route, the same-origin rule for changes, and (on servers of
// their own) PUBLIC_URL's Host check and the /api/tick token.
import http from "node:http";
import { CreatePipelineCommand, PollForTaskCommand, PutPipelineDefinitionCommand } from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bff, createConsoleUser, sameOrigin, sessionCookieFor, signIn } from "./console-helpers";
import { endpoint, rawCall, sdk, uniqueName, withDb } from "./helpers";
import { startTestServer, type TestServer } from "./test-server";

function expectSecurityHeaders(h: Headers, label: string) {
  expect(h.get("content-security-policy"), label).toMatch(/frame-ancestors 'none'/);
  expect(h.get("content-security-policy"), label).toMatch(/default-src 'self'/);
  expect(h.get("x-content-type-options"), label).toBe("nosniff");
  expect(h.get("referrer-policy"), label).toBe("same-origin");
}

async function newPipeline(): Promise<string> {
  const client = sdk();
  const name = uniqueName("sec");
  const { pipelineId } = await client.send(new CreatePipelineCommand({ name, uniqueId: name }));
  await client.send(
    new PutPipelineDefinitionCommand({
      pipelineId: pipelineId!,
      pipelineObjects: [
        {
          id: "Default",
          name: "Default",
          fields: [
            { key: "scheduleType", stringValue: "ondemand" },
            { key: "workerGroup", stringValue: uniqueName("wg") },
          ],
        },
        {
          id: "A",
          name: "A",
          fields: [
            { key: "type", stringValue: "ShellCommandActivity" },
            { key: "command", stringValue: "true" },
          ],
        },
      ],
    }),
  );
  return pipelineId!;
}

async function pipelineState(pipelineId: string): Promise<string> {
  return withDb(
    async (db) =>
      (await db.query<{ state: string }>(`SELECT state FROM pipelines WHERE id = $1`, [pipelineId])).rows[0]!.state,
  );
}

describe("security headers", () => {
  it("are on console pages, the BFF, health, the sign-in page and SDK calls", async () => {
    for (const path of ["/sign-in", "/api/health", "/api/console/pipelines", "/"]) {
      const res = await fetch(`${endpoint()}${path}`, { redirect: "manual" });
      expectSecurityHeaders(res.headers, path);
      expect(res.headers.get("strict-transport-security"), path).toBeNull();
    }
    const api = await rawCall("DataPipeline.ListPipelines", "{}");
    expectSecurityHeaders(api.headers, "SDK call");
  });

  it("are on a BFF path no route has, answered 404 in the BFF's shape", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await fetch(`${endpoint()}/api/console/no-such-route`, {
        method,
        ...(method === "POST" ? { headers: { "content-type": "application/json" }, body: "{}" } : {}),
      });
      expect(res.status, method).toBe(404);
      expectSecurityHeaders(res.headers, `${method} /api/console/no-such-route`);
      expect(await res.json(), method).toMatchObject({ error: { code: "NOT_FOUND" } });
    }
  });

  it("add Strict-Transport-Security behind HTTPS", async () => {
    const res = await fetch(`${endpoint()}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });
});

describe("signing in", () => {
  it("sends a visitor without a session to the sign-in page and refuses the BFF", async () => {
    const page = await fetch(`${endpoint()}/runners`, { redirect: "manual" });
    expect([303, 307]).toContain(page.status);
    expect(page.headers.get("location")).toMatch(/\/sign-in\?next=%2Frunners$/);
    const api = await bff("/api/console/pipelines");
    expect(api.status).toBe(401);
    expect(api.json).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });

  it("starts a session with an httpOnly, SameSite=Lax cookie, and signing out ends it on the server", async () => {
    const user = await createConsoleUser("viewer");
    const r = await signIn(user);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ email: user.email, role: "viewer", accountId: "000000000000" });
    expect(r.setCookie).toMatch(/HttpOnly/);
    expect(r.setCookie).toMatch(/SameSite=Lax/);
    expect(r.setCookie).not.toMatch(/Secure/);
    const me = await bff("/api/console/session", { cookie: r.cookie! });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ email: user.email, role: "viewer" });
    const out = await bff("/api/console/session/sign-out", { cookie: r.cookie!, body: {} });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect((await bff("/api/console/session", { cookie: r.cookie! })).status).toBe(401);
    const stored = await withDb(
      async (db) =>
        (
          await db.query(
            `SELECT 1 FROM console_sessions s JOIN console_users u ON u.id = s.user_id WHERE u.email = $1`,
            [user.email],
          )
        ).rowCount,
    );
    expect(stored).toBe(0);
  });

  it("marks the cookie Secure behind HTTPS", async () => {
    const user = await createConsoleUser("viewer");
    const res = await fetch(`${endpoint()}/api/console/session`, {
      method: "POST",
      headers: { ...sameOrigin(), "x-forwarded-proto": "https" },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it("answers a wrong password and an unknown email alike, and stores no session", async () => {
    const user = await createConsoleUser("operator");
    const wrong = await signIn({ email: user.email, password: "not-the-password" });
    const unknown = await signIn({ email: `nobody-${uniqueName()}@example.test`, password: "whatever" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    // Alike but for the request id every answer carries (random per call).
    const withoutId = (b: unknown) => ({ ...(b as { error: Record<string, unknown> }).error, requestId: undefined });
    expect(withoutId(wrong.body)).toEqual(withoutId(unknown.body));
    expect(wrong.setCookie).toBeNull();
  });

  it("slows down repeated failures for one account, even for the right password", async () => {
    const user = await createConsoleUser("viewer");
    for (let i = 0; i < 5; i++) expect((await signIn({ email: user.email, password: `wrong-${i}` })).status).toBe(401);
    const blocked = await fetch(`${endpoint()}/api/console/session`, {
      method: "POST",
      headers: sameOrigin(),
      body: JSON.stringify(user),
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Once the wait is over the right password works again and the account's counter starts over.
    await new Promise((r) => setTimeout(r, Number(blocked.headers.get("retry-after")) * 1000 + 100));
    expect((await signIn(user)).status).toBe(200);
  });

  it("refuses a disabled user, and disabling ends their sessions", async () => {
    const admin = await sessionCookieFor("admin");
    const user = await createConsoleUser("operator");
    const s = await signIn(user);
    const list = await bff("/api/console/admin/users", { cookie: admin });
    const id = (list.json!.users as { id: string; email: string }[]).find((u) => u.email === user.email)!.id;
    expect((await bff(`/api/console/admin/users/${id}`, { cookie: admin, body: { disabled: true } })).status).toBe(200);
    expect((await bff("/api/console/session", { cookie: s.cookie! })).status).toBe(401);
    expect((await signIn(user)).status).toBe(401);
  });
});

describe("roles on the BFF", () => {
  let viewer: string;
  let operator: string;
  let admin: string;
  beforeAll(async () => {
    [viewer, operator, admin] = [
      await sessionCookieFor("viewer"),
      await sessionCookieFor("operator"),
      await sessionCookieFor("admin"),
    ];
  });

  it("a viewer reads but cannot act; an operator acts", async () => {
    const pipelineId = await newPipeline();
    expect((await bff("/api/console/pipelines", { cookie: viewer })).status).toBe(200);
    expect((await bff(`/api/console/pipelines/${pipelineId}`, { cookie: viewer })).status).toBe(200);
    const refused = await bff(`/api/console/pipelines/${pipelineId}/activate`, { cookie: viewer, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(await pipelineState(pipelineId)).toBe("PENDING");
    for (const [path, body] of [
      [`/api/console/pipelines/${pipelineId}/deactivate`, {}],
      [`/api/console/pipelines/${pipelineId}/set-status`, { objectIds: ["A"], status: "PAUSE" }],
      ["/api/console/runners/some-runner/terminate", { terminate: true }],
      ["/api/console/pipelines/import", { name: "x", definition: "{}" }],
    ] as const) {
      expect((await bff(path, { cookie: viewer, body })).status, path).toBe(403);
    }
    const ok = await bff(`/api/console/pipelines/${pipelineId}/activate`, { cookie: operator, body: {} });
    expect(ok.status).toBe(200);
    expect(await pipelineState(pipelineId)).toBe("SCHEDULED");
  });

  it("only admins manage users", async () => {
    expect((await bff("/api/console/admin/users", { cookie: operator })).status).toBe(403);
    const email = `${uniqueName("new")}@example.test`.toLowerCase();
    expect(
      (
        await bff("/api/console/admin/users", {
          cookie: operator,
          body: { email, role: "admin", password: "a-long-enough-password" },
        })
      ).status,
    ).toBe(403);
    const created = await bff("/api/console/admin/users", {
      cookie: admin,
      body: { email, role: "viewer", password: "a-long-enough-password" },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ user: { email, role: "viewer", disabled: false, signIn: "password" } });
    expect(JSON.stringify(created.json)).not.toMatch(/long-enough|scrypt/);
    expect((await signIn({ email, password: "a-long-enough-password" })).status).toBe(200);
    const dup = await bff("/api/console/admin/users", {
      cookie: admin,
      body: { email: email.toUpperCase(), role: "viewer", password: "a-long-enough-password" },
    });
    expect(dup.status).toBe(409);
  });

  it("only admins manage access keys; a new key's secret is in the creating answer only, and it signs", async () => {
    expect((await bff("/api/console/admin/keys", { cookie: operator })).status).toBe(403);
    expect((await bff("/api/console/admin/keys", { cookie: operator, body: { role: "admin" } })).status).toBe(403);
    const created = await bff("/api/console/admin/keys", {
      cookie: admin,
      body: { role: "runner", description: "integration runner" },
    });
    expect(created.status).toBe(200);
    const { key, secretAccessKey } = created.json as {
      key: { accessKeyId: string; role: string; lastUsedAt: string | null };
      secretAccessKey: string;
    };
    expect(key).toMatchObject({ role: "runner", lastUsedAt: null });
    expect(secretAccessKey).toHaveLength(40);
    const list = await bff("/api/console/admin/keys", { cookie: admin });
    expect(list.text).toContain(key.accessKeyId);
    expect(list.text).not.toContain(secretAccessKey);
    const stored = await withDb(
      async (db) =>
        (
          await db.query<{ s: Buffer }>(`SELECT secret_encrypted AS s FROM access_keys WHERE access_key_id = $1`, [
            key.accessKeyId,
          ])
        ).rows[0]!.s,
    );
    expect(stored.toString("latin1")).not.toContain(secretAccessKey);
    const out = await sdk({ credentials: { accessKeyId: key.accessKeyId, secretAccessKey } }).send(
      new PollForTaskCommand({ workerGroup: uniqueName("nobody"), hostname: "h" }),
    );
    expect(out.taskObject).toBeUndefined();
    const disabled = await bff(`/api/console/admin/keys/${key.accessKeyId}`, {
      cookie: admin,
      body: { disabled: true },
    });
    expect(disabled.json).toMatchObject({ key: { disabled: true } });
    await expect(
      sdk({ credentials: { accessKeyId: key.accessKeyId, secretAccessKey } }).send(
        new PollForTaskCommand({ workerGroup: "wg", hostname: "h" }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect((await bff(`/api/console/admin/keys/${key.accessKeyId}/delete`, { cookie: admin, body: {} })).status).toBe(
      200,
    );
    expect((await bff("/api/console/admin/keys", { cookie: admin })).text).not.toContain(key.accessKeyId);
    expect((await bff(`/api/console/admin/keys/${key.accessKeyId}/delete`, { cookie: admin, body: {} })).status).toBe(
      404,
    );
  });

  it("records the signed-in user in the audit log", async () => {
    const user = await createConsoleUser("operator");
    const cookie = (await signIn(user)).cookie!;
    const pipelineId = await newPipeline();
    expect((await bff(`/api/console/pipelines/${pipelineId}/activate`, { cookie, body: {} })).status).toBe(200);
    const actors = await withDb(async (db) =>
      (await db.query<{ actor: string }>(`SELECT actor FROM audit_log WHERE pipeline_id = $1`, [pipelineId])).rows.map(
        (r) => r.actor,
      ),
    );
    expect(actors).toContain(`console:${user.email}`);
  });
});

describe("requests from other sites", () => {
  it("change nothing: form encodings, text/plain, another Origin, cross-site fetches, no Origin", async () => {
    const operator = await sessionCookieFor("operator");
    const pipelineId = await newPipeline();
    const path = `/api/console/pipelines/${pipelineId}/activate`;
    const attempts: Record<string, string>[] = [
      { "content-type": "text/plain", origin: "http://evil.example" },
      { "content-type": "application/x-www-form-urlencoded", origin: endpoint() },
      { "content-type": "text/plain", origin: endpoint(), "sec-fetch-site": "same-origin" },
      { "content-type": "application/json", origin: "http://evil.example" },
      { "content-type": "application/json", origin: endpoint(), "sec-fetch-site": "cross-site" },
      { "content-type": "application/json", origin: "null" },
      { "content-type": "application/json" },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${endpoint()}${path}`, {
        method: "POST",
        headers: { cookie: operator, ...headers },
        body: "{}",
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "CROSS_SITE" } });
    }
    // Signing in cannot be done from another site either (login CSRF).
    const user = await createConsoleUser("viewer");
    const res = await fetch(`${endpoint()}/api/console/session`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "http://evil.example" },
      body: JSON.stringify(user),
    });
    expect(res.status).toBe(403);
    expect(await pipelineState(pipelineId)).toBe("PENDING");
  });
});

/** A request with a chosen Host header (fetch does not let one set it). */
function requestWithHost(
  url: string,
  host: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: init.method ?? "GET", headers: { host, ...(init.headers ?? {}) } },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

describe.each(["serve", "next-start"] as const)("with PUBLIC_URL and TICK_TOKEN (%s)", (entry) => {
  let server: TestServer;
  const token = "tick-token-0123456789abcdef";
  beforeAll(async () => {
    server = await startTestServer(
      { PUBLIC_URL: "http://console.example.test", TICK_TOKEN: token, BACKGROUND_TICKER: "off" },
      entry,
    );
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses other Host names (DNS rebinding) but not health checks", async () => {
    for (const path of [
      "/",
      "/sign-in",
      "/api/console/pipelines",
      "/api/console/session",
      "/api/console/oidc/start",
      "/api/console/no-such-route",
      "/api/tick",
    ]) {
      const res = await requestWithHost(`${server.endpoint}${path}`, "attacker.example");
      expect(res.status, path).toBe(421);
      expect(res.headers["content-security-policy"], path).toMatch(/frame-ancestors 'none'/);
    }
    // With a body the proxy does not run under `next start`: the BFF's handlers refuse it themselves.
    for (const path of ["/api/console/session", "/api/console/pipelines/import"]) {
      const res = await requestWithHost(`${server.endpoint}${path}`, "attacker.example", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": "2", origin: "http://attacker.example" },
        body: "{}",
      });
      expect(res.status, `POST ${path}`).toBe(421);
      expect(res.headers["content-security-policy"], `POST ${path}`).toMatch(/frame-ancestors 'none'/);
    }
    expect((await requestWithHost(`${server.endpoint}/sign-in`, "console.example.test")).status).toBe(200);
    expect((await requestWithHost(`${server.endpoint}/api/health`, "10.0.0.7:3000")).status).toBe(200);
  });

  it("ticks only with the token, compared whole", async () => {
    const tick = (headers: Record<string, string> = {}) =>
      requestWithHost(`${server.endpoint}/api/tick`, "console.example.test", { method: "POST", headers });
    expect((await tick()).status).toBe(403);
    expect((await tick({ authorization: `Bearer ${token.slice(0, -1)}` })).status).toBe(403);
    expect((await tick({ authorization: `Bearer ${token}x` })).status).toBe(403);
    expect((await tick({ authorization: token })).status).toBe(403);
    expect((await tick({ authorization: `Bearer ${token}` })).status).toBe(200);
  });
});
