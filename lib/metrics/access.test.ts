import { afterEach, describe, expect, it } from "vitest";
import { resetSettingsForTests } from "@/lib/config/settings";
import type { IncomingMessage } from "node:http";
import { PEER_HEADER, stampPeer } from "@/lib/http/trusted-peer";
import { metricsAccess } from "./access";

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;

afterEach(() => {
  delete process.env.METRICS_TOKEN;
  resetSettingsForTests();
});

describe("who may read /metrics", () => {
  it("with METRICS_TOKEN: 401 without a bearer token, 403 with a wrong one, allowed with it", () => {
    process.env.METRICS_TOKEN = "a-metrics-token-0123456789";
    resetSettingsForTests();
    expect(metricsAccess(headers({}))).toMatchObject({ allowed: false, status: 401 });
    expect(metricsAccess(headers({ authorization: "Bearer nope" }))).toMatchObject({ allowed: false, status: 403 });
    expect(metricsAccess(headers({ authorization: "Basic a-metrics-token-0123456789" }))).toMatchObject({
      allowed: false,
      status: 403,
    });
    expect(metricsAccess(headers({ authorization: "Bearer a-metrics-token-0123456789" }))).toEqual({ allowed: true });
  });

  it("without it: no socket address stamped by this process (next start, a forged header) is refused", () => {
    resetSettingsForTests();
    expect(metricsAccess(headers({}))).toMatchObject({ allowed: false, status: 403 });
    expect(metricsAccess(headers({ [PEER_HEADER]: "forged 127.0.0.1", "x-forwarded-for": "127.0.0.1" }))).toMatchObject(
      { allowed: false, status: 403 },
    );
  });

  it("without it: a loopback socket, as npm start stamps it, is allowed; another address is not", () => {
    resetSettingsForTests();
    const stamped = (addr: string) => {
      // Only what stampPeer reads and writes: the headers and the socket's address.
      const req = { headers: {}, socket: { remoteAddress: addr } } as unknown as IncomingMessage;
      stampPeer(req);
      return headers(req.headers as Record<string, string>);
    };
    expect(metricsAccess(stamped("127.0.0.1"))).toEqual({ allowed: true });
    expect(metricsAccess(stamped("::ffff:127.0.0.1"))).toEqual({ allowed: true });
    expect(metricsAccess(stamped("10.1.2.3"))).toMatchObject({ allowed: false, status: 403 });
  });
});
