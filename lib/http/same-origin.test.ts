import { afterEach, describe, expect, it } from "vitest";
import { crossSiteRefusal } from "./same-origin";

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;

describe("crossSiteRefusal", () => {
  afterEach(() => {
    delete process.env.PUBLIC_URL;
  });

  it("accepts JSON from the console's own origin", () => {
    expect(
      crossSiteRefusal(
        headers({
          host: "127.0.0.1:3000",
          origin: "http://127.0.0.1:3000",
          "content-type": "application/json",
          "sec-fetch-site": "same-origin",
        }),
      ),
    ).toBeNull();
    expect(
      crossSiteRefusal(
        headers({
          host: "127.0.0.1:3000",
          origin: "http://127.0.0.1:3000",
          "content-type": "application/json; charset=utf-8",
        }),
      ),
    ).toBeNull();
  });

  it("refuses the encodings an HTML form or a no-cors fetch can send", () => {
    for (const ct of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      expect(crossSiteRefusal(headers({ host: "a:1", origin: "http://a:1", "content-type": ct }))).toMatch(
        /application\/json/,
      );
    }
  });

  it("refuses another origin, another site and a missing origin", () => {
    expect(
      crossSiteRefusal(headers({ host: "a:1", origin: "http://evil.example", "content-type": "application/json" })),
    ).toMatch(/own origin/);
    expect(
      crossSiteRefusal(
        headers({
          host: "a:1",
          origin: "http://a:1",
          "content-type": "application/json",
          "sec-fetch-site": "cross-site",
        }),
      ),
    ).toMatch(/own pages/);
    expect(
      crossSiteRefusal(headers({ host: "a:1", origin: "null", "content-type": "application/json" })),
    ).not.toBeNull();
    expect(crossSiteRefusal(headers({ host: "a:1", "content-type": "application/json" }))).toMatch(/Origin/);
    expect(
      crossSiteRefusal(headers({ host: "a:1", "content-type": "application/json", "sec-fetch-site": "same-origin" })),
    ).toBeNull();
  });

  it("with PUBLIC_URL, only its exact origin", () => {
    process.env.PUBLIC_URL = "https://pipelines.example.com";
    expect(
      crossSiteRefusal(
        headers({
          host: "pipelines.example.com",
          origin: "https://pipelines.example.com",
          "content-type": "application/json",
        }),
      ),
    ).toBeNull();
    expect(
      crossSiteRefusal(
        headers({
          host: "pipelines.example.com",
          origin: "http://pipelines.example.com",
          "content-type": "application/json",
        }),
      ),
    ).not.toBeNull();
  });
});
