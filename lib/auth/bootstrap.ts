import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getSettings } from "@/lib/config/settings";
import { ensureAccountId } from "@/lib/store/accounts";
import { countAccessKeys } from "@/lib/store/access-keys";
import { countConsoleUsers, findUserByEmail, setMembership, upsertUserByEmail } from "@/lib/store/console-user-admin";
import type { Tx } from "@/lib/store/db";
import { runInTransaction } from "@/lib/store/transaction";
import { createAccessKey, putKnownAccessKey } from "./manage-keys";
import { hashPassword, verifyPassword } from "./passwords";
import { logger } from "@/lib/log/logger";

// What the server makes sure of before it serves its first call:
// - the default account (ACCOUNT_ID) exists: it owns every pipeline made before accounts existed,
//   and the console uses it until sign-in picks an account;
// - ROOT_ACCESS_KEY_ID + ROOT_SECRET_ACCESS_KEY (both set): an admin key of the default account
//   with exactly these credentials, created or updated (as MinIO's root credentials);
// - ADMIN_EMAIL + ADMIN_PASSWORD (both set): a console user with this password, admin of the
//   default account, created or updated;
// - with neither pair set and nothing of its kind in the database yet (a first start), an admin key
//   and/or an admin user with random secrets, written to DATA_DIR/first-start-credentials, readable
//   only by the server's user. The log says where that file is, never what is in it. There is no
//   built-in password.

export const FIRST_START_FILE = "first-start-credentials";
export const FIRST_START_EMAIL = "admin@localhost";
// Any constant: app instances starting together serialise on it.
const BOOTSTRAP_LOCK_KEY = 72_190_418;

export interface BootstrapEnv {
  ROOT_ACCESS_KEY_ID?: string;
  ROOT_SECRET_ACCESS_KEY?: string;
  ADMIN_EMAIL?: string;
  ADMIN_PASSWORD?: string;
  DATA_DIR?: string;
}

function pair(env: BootstrapEnv, a: keyof BootstrapEnv, b: keyof BootstrapEnv): [string, string] | undefined {
  const x = env[a] || undefined;
  const y = env[b] || undefined;
  if (!x && !y) return undefined;
  if (!x || !y) throw new Error(`${a} and ${b} must be set together (only ${x ? a : b} is set)`);
  return [x, y];
}

function writeCredentialsFile(dataDir: string, lines: string[]): string {
  const file = path.resolve(dataDir, FIRST_START_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    unlinkSync(file); // left by an earlier database: its secrets are worthless now
  } catch {
    // none
  }
  writeFileSync(file, lines.join("\n") + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return file;
}

export interface BootstrapResult {
  rootKey: "none" | "set";
  adminUser: "none" | "set";
  /** Where the first start's generated credentials were written. */
  firstStartFile?: string;
}

export async function bootstrap(env: BootstrapEnv = process.env as BootstrapEnv): Promise<BootstrapResult> {
  const accountId = getSettings().ACCOUNT_ID;
  const root = pair(env, "ROOT_ACCESS_KEY_ID", "ROOT_SECRET_ACCESS_KEY");
  const admin = pair(env, "ADMIN_EMAIL", "ADMIN_PASSWORD");
  // Hash outside the transaction (scrypt takes ~50 ms).
  const adminHash = admin ? await hashPassword(admin[1]) : undefined;
  return runInTransaction(async (tx: Tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`;
    await ensureAccountId(tx, accountId, "default");
    const result: BootstrapResult = { rootKey: "none", adminUser: "none" };
    if (root) {
      await putKnownAccessKey(tx, {
        accessKeyId: root[0],
        secretAccessKey: root[1],
        accountId,
        role: "admin",
        description: "root credentials (ROOT_ACCESS_KEY_ID)",
        createdBy: "bootstrap",
      });
      result.rootKey = "set";
    }
    if (admin && adminHash) {
      const existing = await findUserByEmail(tx, admin[0]);
      const same = existing?.passwordHash ? await verifyPassword(admin[1], existing.passwordHash) : false;
      const { id } = await upsertUserByEmail(tx, { email: admin[0], passwordHash: same ? null : adminHash });
      await setMembership(tx, { userId: id, accountId, role: "admin" });
      result.adminUser = "set";
    }
    const lines: string[] = [];
    if (!root && (await countAccessKeys(tx)) === 0) {
      const key = await createAccessKey(tx, {
        accountId,
        role: "admin",
        description: "first start",
        createdBy: "bootstrap",
      });
      lines.push(
        "# An admin access key of the default account, for the AWS CLI and SDKs (source this file, or copy into ~/.aws/credentials).",
        `export AWS_ACCESS_KEY_ID=${key.accessKeyId}`,
        `export AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`,
      );
    }
    if (!admin && (await countConsoleUsers(tx)) === 0) {
      const password = randomBytes(18).toString("base64url");
      const { id } = await upsertUserByEmail(tx, {
        email: FIRST_START_EMAIL,
        passwordHash: await hashPassword(password),
      });
      await setMembership(tx, { userId: id, accountId, role: "admin" });
      lines.push(
        "# The console's first admin: sign in with this email and password, then create your own users.",
        `export PIPELINEHOUSE_ADMIN_EMAIL=${FIRST_START_EMAIL}`,
        `export PIPELINEHOUSE_ADMIN_PASSWORD=${password}`,
      );
    }
    if (lines.length) {
      // Written before the commit: if it cannot be written, nothing is created and the start fails.
      result.firstStartFile = writeCredentialsFile(env.DATA_DIR ?? ".data", [
        `# pipelinehouse: credentials generated on the first start, ${new Date().toISOString()}. Readable only by the server's user.`,
        ...lines,
      ]);
    }
    return result;
  });
}

let done: Promise<void> | undefined;

/** Runs bootstrap once per process (again after a failure); the first call logs what it did. */
export function ensureBootstrapped(): Promise<void> {
  done ??= bootstrap().then(
    (r) => {
      if (r.firstStartFile)
        logger().info(
          { file: r.firstStartFile },
          `first start: generated admin credentials are in ${r.firstStartFile} (readable only by this user)`,
        );
      if (r.rootKey === "set") logger().info("root access key (ROOT_ACCESS_KEY_ID) is set");
    },
    (err: unknown) => {
      done = undefined;
      logger().error({ err }, "bootstrap failed");
      throw err;
    },
  );
  return done;
}
