import { describe, expect, it } from "vitest";
import { endpoint } from "./helpers";
import { defaultEntry } from "./test-server";

describe("POST /api/tick", () => {
  // Only `npm start` sees the caller's socket; under `next start` (and on Vercel) a token is the only way in.
  it.runIf(defaultEntry() === "serve")(
    "runs one round of background work for a loopback caller and reports it",
    async () => {
      const res = await fetch(`${endpoint()}/api/tick`, { method: "POST" });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, number>;
      expect(Object.keys(body).sort()).toEqual(["created", "pipelines", "requeued", "stalled"]);
      for (const n of Object.values(body)) expect(Number.isInteger(n)).toBe(true);
    },
  );

  it.runIf(defaultEntry() === "next-start")(
    "refuses a caller without a token where the socket is not known",
    async () => {
      const res = await fetch(`${endpoint()}/api/tick`, { method: "POST" });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ __type: "AccessDeniedException" });
    },
  );

  it("ignores a forged loopback stamp", async () => {
    // A client cannot claim to be loopback with the header npm start uses internally.
    const res = await fetch(`${endpoint()}/api/tick`, {
      method: "POST",
      headers: { "x-pipelinehouse-peer": "0000 127.0.0.1" },
    });
    expect(res.status).toBe(defaultEntry() === "serve" ? 200 : 403);
  });
});
