import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// Console passwords, hashed with scrypt (memory-hard, in Node's standard library). The stored form
// carries its own parameters, so they can be raised later without invalidating existing hashes:
//   scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>

const N = 16384; // 2^14: about 16 MiB and ~50 ms per hash at r = 8
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** Passwords longer than this are refused before hashing (scrypt's cost grows with the input). */
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number, length: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length === 0) throw new Error("A password cannot be empty");
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error(`A password is at most ${MAX_PASSWORD_LENGTH} characters`);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, N, R, P, KEY_LENGTH);
  return ["scrypt", N, R, P, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const n = Number(parts[1]);
  const r = Number(parts[2]);
  const p = Number(parts[3]);
  // Bounds keep a tampered row from making verification allocate gigabytes.
  if (!Number.isInteger(n) || n < 2 || n > 2 ** 20 || (n & (n - 1)) !== 0) return undefined;
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return undefined;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const hash = Buffer.from(parts[5] ?? "", "base64url");
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined;
  return { n, r, p, salt, hash };
}

// Verifying against this when there is no user (or no password) costs the same as a real check,
// so the answer's timing does not tell which emails exist.
const DUMMY: Parsed = { n: N, r: R, p: P, salt: Buffer.alloc(SALT_BYTES), hash: Buffer.alloc(KEY_LENGTH) };

/**
 * True when `password` matches `stored`. `stored` null or unreadable (an SSO-only user, an unknown
 * email) is false, after the same work as a real check. Compares in constant time.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parse(stored) : undefined;
  const target = parsed ?? DUMMY;
  const candidate = password.length > MAX_PASSWORD_LENGTH ? "" : password;
  const derived = await derive(candidate, target.salt, target.n, target.r, target.p, target.hash.length);
  const same = timingSafeEqual(derived, target.hash);
  return parsed !== undefined && password.length <= MAX_PASSWORD_LENGTH && same;
}

/** True when a stored hash uses weaker parameters than new hashes do (re-hash on the next sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.n < N || parsed.r < R || parsed.hash.length < KEY_LENGTH;
}
