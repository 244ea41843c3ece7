import { describe, expect, it } from "vitest";
import { signWebhookBody, verifyWebhookSignature } from "./webhook";

describe("webhook signatures", () => {
  it("signs t.body with HMAC-SHA256 and verifies within the tolerance", () => {
    const header = signWebhookBody("0123456789abcdef", '{"a":1}', 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature("0123456789abcdef", '{"a":1}', header, 1_800_000_100)).toBe(true);
  });

  it("refuses another body, another secret and an old timestamp", () => {
    const header = signWebhookBody("0123456789abcdef", '{"a":1}', 1_800_000_000);
    expect(verifyWebhookSignature("0123456789abcdef", '{"a":2}', header, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature("fedcba9876543210", '{"a":1}', header, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature("0123456789abcdef", '{"a":1}', header, 1_800_000_301)).toBe(false);
  });
});
