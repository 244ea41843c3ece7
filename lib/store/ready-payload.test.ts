import { describe, expect, it } from "vitest";
import { decodeReadyPayload, encodeReadyPayload } from "./tasks";

describe("task-ready notifications", () => {
  it("carry the worker group and how many tasks became ready", () => {
    expect(decodeReadyPayload(encodeReadyPayload("etl", 99))).toEqual({ workerGroup: "etl", count: 99 });
    expect(decodeReadyPayload(encodeReadyPayload('{"g":"x"}', 2))).toEqual({ workerGroup: '{"g":"x"}', count: 2 });
  });

  it("read a bare group name (what older servers send) as one task, even one that looks like JSON", () => {
    expect(decodeReadyPayload("etl")).toEqual({ workerGroup: "etl", count: 1 });
    expect(decodeReadyPayload('{"g": 1}')).toEqual({ workerGroup: '{"g": 1}', count: 1 });
    expect(decodeReadyPayload("{oops")).toEqual({ workerGroup: "{oops", count: 1 });
  });

  it("accept Postgres's own json rendering (json_build_object adds spaces)", () => {
    expect(decodeReadyPayload('{"g" : "etl", "n" : 3}')).toEqual({ workerGroup: "etl", count: 3 });
  });
});
