import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  ACCESS_KEY_ID_PATTERN,
  newAccessKeyId,
  newAccountId,
  newSecretAccessKey,
  SECRET_PATTERN,
} from "./key-material";
import { open, seal } from "./secret-box";
import { resetServerKeyForTests, serverKey } from "./server-key";

describe("secret box", () => {
  const key = randomBytes(32);

  it("opens what it sealed, bound to the same associated data", () => {
    const sealed = seal(key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "PHAKAAAAAAAAAAAAAAAA");
    expect(sealed.toString("utf8")).not.toContain("wJalrXUtnFEMI");
    expect(open(key, sealed, "PHAKAAAAAAAAAAAAAAAA")).toBe("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    expect(open(key, sealed, "PHAKBBBBBBBBBBBBBBBB")).toBeUndefined();
    expect(open(randomBytes(32), sealed, "PHAKAAAAAAAAAAAAAAAA")).toBeUndefined();
  });

  it("refuses altered or truncated ciphertexts", () => {
    const sealed = seal(key, "secret", "id");
    const altered = Buffer.from(sealed);
    altered[14] = (altered[14] ?? 0) ^ 1;
    expect(open(key, altered, "id")).toBeUndefined();
    expect(open(key, sealed.subarray(0, 20), "id")).toBeUndefined();
  });

  it("uses a fresh nonce every time", () => {
    expect(seal(key, "same", "id").equals(seal(key, "same", "id"))).toBe(false);
  });
});

describe("server key", () => {
  let dir: string | undefined;
  afterEach(() => {
    resetServerKeyForTests();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("takes SECRET_KEY when set and refuses a malformed one", () => {
    const hex = randomBytes(32).toString("hex");
    expect(serverKey({ SECRET_KEY: hex }).toString("hex")).toBe(hex);
    resetServerKeyForTests();
    expect(() => serverKey({ SECRET_KEY: "short" })).toThrow(/64 hexadecimal/);
  });

  it("otherwise generates one file in DATA_DIR, mode 0600, and keeps using it", () => {
    dir = mkdtempSync(path.join(tmpdir(), "ph-key-"));
    const first = serverKey({ DATA_DIR: dir });
    const file = path.join(dir, "secret-key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    resetServerKeyForTests();
    expect(serverKey({ DATA_DIR: dir }).equals(first)).toBe(true);
    expect(readFileSync(file, "utf8").trim()).toBe(first.toString("hex"));
  });
});

describe("key material", () => {
  it("makes AWS-shaped ids, secrets and account ids", () => {
    const id = newAccessKeyId();
    expect(id).toMatch(ACCESS_KEY_ID_PATTERN);
    expect(id).toHaveLength(20);
    expect(newSecretAccessKey()).toMatch(SECRET_PATTERN);
    expect(newAccountId()).toMatch(/^[1-9]\d{11}$/);
    expect(newAccessKeyId()).not.toBe(id);
  });
});
