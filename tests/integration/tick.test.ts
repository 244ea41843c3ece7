import { describe, expect, it } from "vitest";
import { endpoint } from "./helpers";

describe("POST /api/tick", () => {
  it("runs one round of background work for a loopback caller and reports it", async () => {
    const res = await fetch(`${endpoint()}/api/tick`, { method: "POST" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, number>;
    expect(Object.keys(body).sort()).toEqual(["created", "pipelines", "requeued", "stalled"]);
    for (const n of Object.values(body)) expect(Number.isInteger(n)).toBe(true);
  });
});
