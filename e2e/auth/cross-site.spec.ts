import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN, consoleApi } from "../support/auth";
import { E2E_ROOT_CREDENTIALS } from "../support/credentials";
import { onDemandDefinition } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { StepRunner } from "../support/task-runner";

// A page on another origin, opened by a signed-in admin, tries every console change: an
// auto-submitted HTML form (text/plain, the only way a form can send something JSON-shaped) and a
// `no-cors` fetch for each. The other origin is 127.0.0.1 on another port: the same *site*, so the
// browser sends the SameSite=Lax session cookie along; only the console's own checks stand in the
// way. Every attempt must be refused and nothing may change.

function attackerPage(consoleOrigin: string, targets: { path: string; body: Record<string, unknown> }[]): string {
  const forms = targets
    .map((t, i) => {
      // name + "=" + value makes the body `{"...":"=..."}`-style JSON text.
      const json = JSON.stringify(t.body);
      const name = json.slice(0, -1) + ',"pad":"';
      return `<iframe name="f${i}" title="f${i}"></iframe>
<form id="form${i}" method="POST" action="${consoleOrigin}${t.path}" enctype="text/plain" target="f${i}"><input type="hidden" name='${name}' value='"}'></form>`;
    })
    .join("\n");
  return `<!doctype html><html><body><h1>Totally unrelated site</h1>
${forms}
<script>
  const targets = ${JSON.stringify(targets)};
  for (let i = 0; i < targets.length; i++) document.getElementById("form" + i).submit();
  window.__fetches = Promise.all(targets.map((t) =>
    fetch(${JSON.stringify(consoleOrigin)} + t.path, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "application/json" }, body: JSON.stringify(t.body) })
      .then(() => "sent", () => "failed")));
</script></body></html>`;
}

test.describe("[AUTH] requests from other sites", () => {
  let attacker: http.Server;
  let html = "";
  test.beforeAll(async () => {
    attacker = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(html);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  });
  test.afterAll(async () => {
    await new Promise((r) => attacker.close(r));
  });

  test("an auto-submitting form and no-cors fetches to every console change change nothing", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("csrf");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const definitionFile = onDemandDefinition(runner.workerGroup, [
      { id: "Work", name: "Work", type: "ShellCommandActivity", command: "true" },
    ]);
    const pending = await seedPipeline(baseURL!, { name: `${name}-pending`, definitionFile });
    const scheduled = await seedPipeline(baseURL!, { name: `${name}-scheduled`, definitionFile, activate: true });
    await runner.heartbeat(`${name}-runner`);

    const admin = await consoleApi(baseURL!);
    // Keys and whether they are enabled (last use changes as other specs seed).
    const keyList = async () =>
      (
        (await (await admin.get("/api/console/admin/keys")).json()) as {
          keys: { accessKeyId: string; disabled: boolean; description: string | null }[];
        }
      ).keys;
    const keysBefore = await keyList();
    const me = await (await admin.get("/api/console/session")).json();
    const users = (await (await admin.get("/api/console/admin/users")).json()) as {
      users: { id: string; email: string; disabled: boolean }[];
    };
    const adminId = users.users.find((u) => u.email === E2E_ADMIN.email)!.id;
    const attackerEmail = `${name}@attacker.example`;

    const targets = [
      { path: `/api/console/pipelines/${pending.pipelineId}/activate`, body: {} },
      { path: `/api/console/pipelines/${scheduled.pipelineId}/deactivate`, body: { cancelActive: true } },
      {
        path: `/api/console/pipelines/${scheduled.pipelineId}/set-status`,
        body: { objectIds: ["Work"], status: "PAUSE" },
      },
      { path: `/api/console/pipelines/${scheduled.pipelineId}/rerun-preview`, body: { objectIds: ["Work"] } },
      {
        path: `/api/console/pipelines/${scheduled.pipelineId}/objects/Work/evaluate`,
        body: { expression: "#{@status}" },
      },
      { path: `/api/console/runners/${name}-runner/terminate`, body: { terminate: true } },
      { path: "/api/console/pipelines/import", body: { name: `${name}-imported`, definition: definitionFile } },
      {
        path: "/api/console/admin/users",
        body: { email: attackerEmail, role: "admin", password: "attacker-password-1234" },
      },
      { path: `/api/console/admin/users/${adminId}`, body: { disabled: true } },
      { path: "/api/console/admin/keys", body: { role: "admin", description: "attacker" } },
      { path: `/api/console/admin/keys/${E2E_ROOT_CREDENTIALS.accessKeyId}`, body: { disabled: true } },
      { path: `/api/console/admin/keys/${E2E_ROOT_CREDENTIALS.accessKeyId}/delete`, body: {} },
      { path: "/api/console/session", body: { email: attackerEmail, password: "attacker-password-1234" } },
      { path: "/api/console/session/sign-out", body: {} },
    ];
    const consoleOrigin = new URL(baseURL!).origin;
    html = attackerPage(consoleOrigin, targets);

    // Every request the page makes to the console, and what the console answered.
    const answers: { url: string; status: number; contentType: string | undefined }[] = [];
    page.on("response", (r) => {
      if (r.url().startsWith(consoleOrigin))
        answers.push({ url: r.url(), status: r.status(), contentType: r.request().headers()["content-type"] });
    });
    await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    await expect(page.getByRole("heading", { name: "Totally unrelated site" })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __fetches: Promise<string[]> }).__fetches)).toEqual(
      targets.map(() => "sent"),
    );
    // Both the form post and the fetch of every target reached the console, and were refused.
    await expect.poll(() => answers.length, { timeout: 15_000 }).toBe(targets.length * 2);
    for (const a of answers) expect(a.status, `${a.url} (${a.contentType})`).toBe(403);

    // Nothing changed.
    const state = async (pipelineId: string) =>
      ((await (await admin.get(`/api/console/pipelines/${pipelineId}`)).json()) as { pipeline: { state: string } })
        .pipeline.state;
    expect(await state(pending.pipelineId)).toBe("PENDING");
    expect(await state(scheduled.pipelineId)).toBe("SCHEDULED");
    const after = (await (await admin.get("/api/console/admin/users")).json()) as {
      users: { id: string; email: string; disabled: boolean }[];
    };
    expect(after.users.find((u) => u.id === adminId)!.disabled).toBe(false);
    expect(after.users.some((u) => u.email === attackerEmail)).toBe(false);
    const runners = JSON.stringify(await (await admin.get("/api/console/runners")).json());
    expect(runners).toContain(`${name}-runner`);
    expect(runners).not.toMatch(new RegExp(`"taskrunnerId":"${name}-runner"[^}]*"terminateRequested":true`));
    const pipelines = JSON.stringify(await (await admin.get(`/api/console/pipelines?search=${name}-imported`)).json());
    expect(pipelines).not.toContain(`${name}-imported`);
    // Specs running alongside create, disable and delete keys of their own (access-keys.spec.ts): what
    // must hold is that the key the attack aimed at (disable, delete) is as it was and that the key
    // it asked for does not exist.
    const keysAfter = await keyList();
    const target = (keys: typeof keysAfter) =>
      keys
        .filter((k) => k.accessKeyId === E2E_ROOT_CREDENTIALS.accessKeyId)
        .map((k) => `${k.accessKeyId}:${k.disabled}`);
    expect(target(keysBefore)).toEqual([`${E2E_ROOT_CREDENTIALS.accessKeyId}:false`]);
    expect(target(keysAfter)).toEqual(target(keysBefore));
    expect(keysAfter.filter((k) => k.description === "attacker")).toEqual([]);
    // The victim is still signed in, as themselves.
    const cookies = await page.context().cookies(consoleOrigin);
    const stillMe = await page.request.get(`${consoleOrigin}/api/console/session`, {
      headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    });
    expect(stillMe.status()).toBe(200);
    expect(await stillMe.json()).toMatchObject({ email: me.email });
    await admin.dispose();
  });
});
