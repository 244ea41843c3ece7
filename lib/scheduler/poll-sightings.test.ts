import { describe, expect, it } from "vitest";
import { PollSightings } from "./poll-sightings";

describe("PollSightings", () => {
  it("writes a (group, host) pair at most once per interval", () => {
    const book = new PollSightings(30_000);
    expect(book.note("000000000000", "wg", "h1", 1_000)).toBe(true);
    expect(book.note("000000000000", "wg", "h1", 20_000)).toBe(false);
    expect(book.note("000000000000", "wg", "h2", 20_000)).toBe(true);
    expect(book.take().map((s) => s.hostname)).toEqual(["h1", "h2"]);
    expect(book.take()).toEqual([]);
    expect(book.note("000000000000", "wg", "h1", 31_000)).toBe(true);
    expect(book.take()).toEqual([
      { accountId: "000000000000", workerGroup: "wg", hostname: "h1", at: new Date(31_000) },
    ]);
  });

  it("records a poll without hostname as the empty host, and lets a failed write be retried", () => {
    const book = new PollSightings(30_000);
    expect(book.note("000000000000", "wg", undefined, 0)).toBe(true);
    const batch = book.take();
    expect(batch[0]!.hostname).toBe("");
    expect(book.note("000000000000", "wg", null, 1)).toBe(false);
    book.forget(batch);
    expect(book.note("000000000000", "wg", null, 2)).toBe(true);
  });
});
