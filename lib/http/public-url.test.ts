import { afterEach, describe, expect, it } from "vitest";
import { isHostAllowed, publicUrl } from "./public-url";

describe("isHostAllowed", () => {
  afterEach(() => {
    delete process.env.PUBLIC_URL;
  });

  it("serves every host without PUBLIC_URL", () => {
    expect(isHostAllowed("anything:1234", "/")).toBe(true);
    expect(isHostAllowed(undefined, "/")).toBe(true);
  });

  it("with PUBLIC_URL serves only its host, except health checks", () => {
    process.env.PUBLIC_URL = "https://Pipelines.Example.com/";
    expect(isHostAllowed("pipelines.example.com", "/")).toBe(true);
    expect(isHostAllowed("PIPELINES.example.com", "/api/console/pipelines")).toBe(true);
    expect(isHostAllowed("attacker.example", "/")).toBe(false);
    expect(isHostAllowed("pipelines.example.com:8443", "/")).toBe(false);
    expect(isHostAllowed(undefined, "/")).toBe(false);
    expect(isHostAllowed("10.0.0.5:3000", "/api/health")).toBe(true);
  });

  it("rejects a malformed PUBLIC_URL loudly", () => {
    process.env.PUBLIC_URL = "not a url";
    expect(() => publicUrl()).toThrow(/PUBLIC_URL/);
    process.env.PUBLIC_URL = "ftp://x";
    expect(() => publicUrl()).toThrow(/http/);
  });
});
