import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FUNCTION_TIME_MARGIN_SECONDS, holdLimitForFunction, pollHoldMs } from "./poll-hold";

describe("PollForTask hold", () => {
  it("is LONG_POLL_SECONDS where nothing limits the call (npm start's direct path)", () => {
    expect(pollHoldMs(90, undefined)).toBe(90_000);
    expect(pollHoldMs(900, undefined)).toBe(900_000);
  });

  it("never outlives the function that serves it", () => {
    expect(pollHoldMs(90, holdLimitForFunction(300))).toBe(90_000);
    expect(pollHoldMs(900, holdLimitForFunction(300))).toBe((300 - FUNCTION_TIME_MARGIN_SECONDS) * 1000);
    expect(pollHoldMs(90, holdLimitForFunction(60))).toBe(50_000);
    expect(holdLimitForFunction(5)).toBe(1);
  });

  it("follows a host's limit when it is lower than the declared maxDuration", () => {
    expect(holdLimitForFunction(300, 26)).toBe(16);
    expect(holdLimitForFunction(300, 900)).toBe(290);
    expect(pollHoldMs(90, holdLimitForFunction(300, 60))).toBe(50_000);
  });

  it("is clamped by the API route's declared maxDuration", () => {
    // Next reads maxDuration from the route file as a literal; the clamp must use that same number.
    const route = readFileSync(path.join(process.cwd(), "app/api/datapipeline/route.ts"), "utf8");
    expect(route).toMatch(/export const runtime = "nodejs";/);
    expect(route).toMatch(/export const maxDuration = \d+;/);
    expect(route).toMatch(/holdLimitForFunction\(maxDuration, getSettings\(\)\.FUNCTION_TIME_LIMIT_SECONDS\)/);
  });
});
