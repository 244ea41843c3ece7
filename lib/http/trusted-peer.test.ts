import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { PEER_HEADER, isLoopbackAddress, stampPeer, trustedPeerAddress } from "./trusted-peer";

function fakeRequest(remoteAddress: string, headers: Record<string, string> = {}): IncomingMessage {
  return { headers: { ...headers }, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe("trusted peer address", () => {
  it("trusts only the stamp of this process, replacing a forged header", () => {
    const req = fakeRequest("10.1.2.3", { [PEER_HEADER]: "forged 127.0.0.1" });
    stampPeer(req);
    expect(trustedPeerAddress(req.headers[PEER_HEADER] as string)).toBe("10.1.2.3");
    expect(trustedPeerAddress("forged 127.0.0.1")).toBeNull();
    expect(trustedPeerAddress("127.0.0.1")).toBeNull();
    expect(trustedPeerAddress(null)).toBeNull();
  });

  it("knows the loopback forms", () => {
    for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ["10.0.0.1", "::ffff:10.0.0.1", "128.0.0.1", "", null]) expect(isLoopbackAddress(a)).toBe(false);
  });
});
