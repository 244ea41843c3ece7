import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { isDirectApiCall } from "./api-paths";

const req = (method: string, url: string, target?: string) =>
  ({ method, url, headers: target === undefined ? {} : { "x-amz-target": target } }) as unknown as IncomingMessage;

describe("isDirectApiCall", () => {
  it("takes a POST with X-Amz-Target at the origin or the API route, with or without slash or query", () => {
    for (const url of ["/", "/api/datapipeline", "/api/datapipeline/", "/?x=1", "/api/datapipeline/?x=1"]) {
      expect(isDirectApiCall(req("POST", url, "DataPipeline.ListPipelines"))).toBe(true);
    }
  });

  it("leaves everything else to Next: other methods, no target header, other paths", () => {
    expect(isDirectApiCall(req("GET", "/?Action=ListPipelines"))).toBe(false);
    expect(isDirectApiCall(req("GET", "/", "DataPipeline.ListPipelines"))).toBe(false);
    expect(isDirectApiCall(req("POST", "/"))).toBe(false);
    expect(isDirectApiCall(req("POST", "/api/console/pipelines", "DataPipeline.ListPipelines"))).toBe(false);
    expect(isDirectApiCall(req("POST", "/api/datapipelinex", "DataPipeline.ListPipelines"))).toBe(false);
  });
});
