import { describe, expect, it } from "vitest";
import { isSessionExpired } from "./session-lifetime";
import {
  SESSION_COOKIE,
  hashSessionToken,
  isWellFormedToken,
  newSessionToken,
  readCookie,
  sessionCookie,
} from "./session-token";

describe("session cookie", () => {
  it("makes unguessable, well-formed tokens and stores only their hash", () => {
    const a = newSessionToken();
    expect(isWellFormedToken(a)).toBe(true);
    expect(a).not.toBe(newSessionToken());
    expect(hashSessionToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(isWellFormedToken("short")).toBe(false);
    expect(isWellFormedToken(null)).toBe(false);
  });

  it("reads its cookie among others", () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=abc; b=2`, SESSION_COOKIE)).toBe("abc");
    expect(readCookie("a=1", SESSION_COOKIE)).toBeNull();
    expect(readCookie(null, SESSION_COOKIE)).toBeNull();
  });

  it("is httpOnly and SameSite=Lax, Secure only behind HTTPS", () => {
    expect(sessionCookie("t", { secure: false, maxAgeSeconds: 60 })).toBe(
      `${SESSION_COOKIE}=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60`,
    );
    expect(sessionCookie("t", { secure: true, maxAgeSeconds: 60 })).toMatch(/; Secure$/);
  });
});

describe("session lifetime", () => {
  const l = { idleMs: 60_000, absoluteMs: 600_000 };
  const t0 = new Date("2026-11-30T10:00:00Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);
  it("ends after the idle limit", () => {
    expect(isSessionExpired({ createdAt: t0, lastSeenAt: t0 }, at(59_999), l)).toBe(false);
    expect(isSessionExpired({ createdAt: t0, lastSeenAt: t0 }, at(60_000), l)).toBe(true);
  });
  it("ends at the absolute limit even when active", () => {
    expect(isSessionExpired({ createdAt: t0, lastSeenAt: at(599_000) }, at(599_999), l)).toBe(false);
    expect(isSessionExpired({ createdAt: t0, lastSeenAt: at(599_000) }, at(600_000), l)).toBe(true);
  });
});
