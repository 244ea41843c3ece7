import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileTargetReason } from "./hostile-url";
import { UNDECODABLE_PATH } from "./undecodable-path.mjs";

/** What next.config.js must catch: a path Next's router fails to decode, or one that decodes to a NUL. */
function nextCannotRoute(path: string): boolean {
  try {
    return decodeURIComponent(path).includes("\0");
  } catch {
    return true;
  }
}

const hex2 = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, "0")}`);
const piece = fc.oneof(
  fc.constantFrom("a", "/", "-", "_", "@", ".", "%", "%4", "%zz", "%2F", "%25", "00"),
  hex2,
  hex2.map((h) => h.toUpperCase()),
  // a whole character written as UTF-8 escapes, surrogates included (as a lone one would be)
  fc.integer({ min: 0x80, max: 0x10ffff }).map((cp) => {
    const bytes =
      cp >= 0xd800 && cp <= 0xdfff
        ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
        : [...Buffer.from(String.fromCodePoint(cp))];
    return bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join("");
  }),
);

describe("UNDECODABLE_PATH", () => {
  it("matches exactly the paths Next cannot decode or that hold %00", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const path = `/api/console/${pieces.join("")}`;
        expect(UNDECODABLE_PATH.test(path.slice(1)), path).toBe(nextCannotRoute(path));
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees with the check scripts/serve.ts makes under npm start", () => {
    for (const path of [
      "/p/%ED%A0%80/activate",
      "/p/%00",
      "/p/%FF",
      "/p/%C0%AF",
      "/p/caf%C3%A9",
      "/p/%40Object_2012",
      "/p/a%20b",
      "/p/%F0%9F%98%80",
    ]) {
      expect(UNDECODABLE_PATH.test(path.slice(1)), path).toBe(hostileTargetReason(path) !== null);
    }
  });

  it("stays linear on long paths", () => {
    const long = `${"%C3%A9a/".repeat(50_000)}%ED%A0%80`;
    const t0 = performance.now();
    expect(UNDECODABLE_PATH.test(long)).toBe(true);
    expect(UNDECODABLE_PATH.test(long.slice(0, -9))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
