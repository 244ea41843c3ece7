import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

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
// Also clears the data folders of earlier runs whose Postgres is no longer running.
export default function globalSetup(): void {
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
}
