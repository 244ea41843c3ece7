import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";
import { ADMIN_STATE, E2E_ADMIN } from "./auth";

function isRunning(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The suite runs the production build; say so plainly instead of timing out on a server that cannot start.
// Also clears the data folders of earlier runs whose Postgres is no longer running, and signs in
// once as the admin the server created at start-up (ADMIN_EMAIL), for every spec to start from.
export default async function globalSetup(config: FullConfig): Promise<void> {
  if (!existsSync(".next/BUILD_ID")) {
    throw new Error("No production build found: run `npm run build` before `npx playwright test`.");
  }
  const current = path.resolve(process.env.E2E_DATA_DIR ?? "");
  for (const name of existsSync(".test-data") ? readdirSync(".test-data") : []) {
    const dir = path.resolve(".test-data", name);
    if (!name.startsWith("e2e-") || dir === current) continue;
    if (isRunning(path.join(dir, "postgres", "postmaster.pid"))) continue; // another run is using it
    rmSync(dir, { recursive: true, force: true });
  }

  const baseURL = config.projects[0]!.use.baseURL!;
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const res = await api.post("/api/console/session", { data: E2E_ADMIN });
  if (res.status() !== 200) throw new Error(`The e2e admin could not sign in (${res.status()}): ${await res.text()}`);
  mkdirSync(path.dirname(ADMIN_STATE), { recursive: true });
  await api.storageState({ path: ADMIN_STATE });
  await api.dispose();
}
