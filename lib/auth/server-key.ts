import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// The server key that encrypts access key secrets at rest (AES-256-GCM, lib/auth/secret-box.ts).
// SECRET_KEY (64 hex characters) when set: every app instance on one database must share it.
// Otherwise, for the one-box default, a key generated once into DATA_DIR/secret-key, readable only
// by the server's user; the admin CLI run from the same folder finds the same file.

export const SECRET_KEY_FILE = "secret-key";

let cached: { source: string; key: Buffer } | undefined;

function parseHexKey(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new Error(`${where} must be 64 hexadecimal characters (32 bytes); generate one with: openssl rand -hex 32`);
  return Buffer.from(hex, "hex");
}

function fromFile(dataDir: string): Buffer {
  const file = path.resolve(dataDir, SECRET_KEY_FILE);
  try {
    return parseHexKey(readFileSync(file, "utf8"), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": if another process created it in between, read theirs instead of overwriting it.
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return parseHexKey(readFileSync(file, "utf8"), file);
}

/** The 32-byte server key, from SECRET_KEY or DATA_DIR (created there on first use). */
export function serverKey(
  env: { SECRET_KEY?: string | undefined; DATA_DIR?: string | undefined } = process.env as {
    SECRET_KEY?: string;
    DATA_DIR?: string;
  },
): Buffer {
  const source = env.SECRET_KEY ? "env" : `file:${path.resolve(env.DATA_DIR ?? ".data")}`;
  if (cached?.source === source) return cached.key;
  const key = env.SECRET_KEY ? parseHexKey(env.SECRET_KEY, "SECRET_KEY") : fromFile(env.DATA_DIR ?? ".data");
  cached = { source, key };
  return key;
}

export function resetServerKeyForTests(): void {
  cached = undefined;
}
