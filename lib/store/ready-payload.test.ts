import { describe, expect, it } from "vitest";
import { decodeReadyPayload, encodeReadyPayload, queueKey, splitQueueKey } from "./tasks";

describe("task-ready notifications", () => {
  it("carry the account, the worker group and how many tasks became ready", () => {
    expect(decodeReadyPayload(encodeReadyPayload("000000000000", "etl", 99))).toEqual({
      accountId: "000000000000",
      workerGroup: "etl",
      count: 99,
    });
    expect(decodeReadyPayload(encodeReadyPayload("123456789012", '{"g":"x"}', 2))).toEqual({
      accountId: "123456789012",
      workerGroup: '{"g":"x"}',
      count: 2,
    });
  });

  it("read the account-less form of earlier servers without an account", () => {
    expect(decodeReadyPayload('{"g":"etl","n":2}')).toEqual({ workerGroup: "etl", count: 2 });
  });

  it("name one queue per account and group, split back unambiguously", () => {
    expect(queueKey("123456789012", "a:b")).toBe("123456789012:a:b");
    expect(splitQueueKey(queueKey("123456789012", "a:b"))).toEqual({ accountId: "123456789012", workerGroup: "a:b" });
    expect(queueKey("123456789012", "wg")).not.toBe(queueKey("000000000000", "wg"));
  });

  it("read a bare group name (what older servers send) as one task, even one that looks like JSON", () => {
    expect(decodeReadyPayload("etl")).toEqual({ workerGroup: "etl", count: 1 });
    expect(decodeReadyPayload('{"g": 1}')).toEqual({ workerGroup: '{"g": 1}', count: 1 });
    expect(decodeReadyPayload("{oops")).toEqual({ workerGroup: "{oops", count: 1 });
  });

  it("accept Postgres's own json rendering (json_build_object adds spaces)", () => {
    expect(decodeReadyPayload('{"g" : "etl", "n" : 3}')).toEqual({ workerGroup: "etl", count: 3 });
    expect(decodeReadyPayload('{"a" : "000000000000", "g" : "etl", "n" : 3}')).toEqual({
      accountId: "000000000000",
      workerGroup: "etl",
      count: 3,
    });
  });
});
