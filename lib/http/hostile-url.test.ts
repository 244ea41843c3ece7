import { describe, expect, it } from "vitest";
import { hostileTargetReason, hostileTargetReply } from "./hostile-url";

describe("hostileTargetReason", () => {
  it("refuses encoded NUL and escapes that are not UTF-8, in paths and queries", () => {
    expect(hostileTargetReason("/pipelines/df-1%00x")).toMatch(/%00/);
    expect(hostileTargetReason("/pipelines/%ED%A0%80")).toMatch(/not valid UTF-8/);
    expect(hostileTargetReason("/?q=%ed%a0%80")).toMatch(/not valid UTF-8/);
    expect(hostileTargetReason("/audit?actor=%FF")).toMatch(/not valid UTF-8/);
    expect(hostileTargetReason("/api/console/pipelines?q=a%00")).toMatch(/NUL/);
  });

  it("lets ordinary addresses through", () => {
    expect(hostileTargetReason("/pipelines/df-ABC/instances?status=FAILED,RUNNING")).toBeNull();
    expect(
      hostileTargetReason("/pipelines/df-1/objects/%40Job_2024-01-01T00%3A00%3A00?expr=%23%7B1%2B1%7D"),
    ).toBeNull();
    expect(hostileTargetReason("/?q=%C3%A9%F0%9F%98%80")).toBeNull();
    expect(hostileTargetReason("/100%25")).toBeNull();
  });

  it("answers in the caller's shape", () => {
    expect(hostileTargetReply("/api/console/x?q=%00", "r").body).toContain('"BAD_REQUEST"');
    expect(hostileTargetReply("/?Action=ListPipelines&marker=%00", "r").body).toContain('"InvalidRequestException"');
    const page = hostileTargetReply("/pipelines/%00", "<r>");
    expect(page.contentType).toMatch(/html/);
    expect(page.body).toContain("&#60;r&#62;");
  });
});
