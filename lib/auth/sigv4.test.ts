import { createHash } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/protocol/errors";
import { Sha256 } from "./sha256";
import {
  checkTime,
  headerSignature,
  parseQuery,
  parseSignature,
  preflight,
  signatureMatches,
  signerFor,
  type ReceivedRequest,
} from "./sigv4";

const ID = "PHAKTESTTESTTEST0001";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const NOW = new Date("2026-11-30T10:00:00Z");

// The client side: the JS SDK's own signer, as a client would use it.
const client = (secret = SECRET, service = "datapipeline") =>
  new SignatureV4({
    credentials: { accessKeyId: ID, secretAccessKey: secret },
    region: "eu-west-3",
    service,
    sha256: Sha256,
  });

async function signed(
  opts: { body?: string; secret?: string; service?: string; date?: Date; path?: string } = {},
): Promise<ReceivedRequest> {
  const body = opts.body ?? '{"workerGroup":"wg"}';
  const req = await client(opts.secret, opts.service).sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 3000,
      path: opts.path ?? "/",
      query: {},
      headers: {
        host: "127.0.0.1:3000",
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "DataPipeline.PollForTask",
        "content-length": String(Buffer.byteLength(body)),
      },
      body,
    },
    { signingDate: opts.date ?? NOW },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  return { method: "POST", path: opts.path ?? "/", rawQuery: "", headers, body: Buffer.from(body) };
}

async function verify(req: ReceivedRequest, secret = SECRET, paths = [req.path]): Promise<boolean> {
  const query = parseQuery(req.rawQuery);
  const sig = parseSignature(req, query);
  checkTime(sig, NOW);
  return signatureMatches(signerFor(ID, secret), req, query, sig, paths);
}

function errorType(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ServiceError ? err.type : String(err);
  }
  return undefined;
}

describe("SigV4 header form", () => {
  it("accepts what the SDK's signer signs, in any region", async () => {
    expect(await verify(await signed())).toBe(true);
  });

  it("refuses another secret, an altered body or an altered signed header", async () => {
    expect(await verify(await signed({ secret: "x".repeat(40) }))).toBe(false);
    const req = await signed();
    expect(await verify({ ...req, body: Buffer.from('{"workerGroup":"other"}') })).toBe(false);
    expect(await verify({ ...req, headers: { ...req.headers, "x-amz-target": "DataPipeline.DeletePipeline" } })).toBe(
      false,
    );
  });

  it("ignores unsigned headers but refuses a declared payload hash that is not the body's", async () => {
    const req = await signed();
    expect(
      await verify({ ...req, headers: { ...req.headers, "user-agent": "changed", "x-forwarded-for": "1.2.3.4" } }),
    ).toBe(true);
    expect(await verify({ ...req, headers: { ...req.headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } })).toBe(
      false,
    );
  });

  it("accepts a signature over an equivalent API path the server rewrote", async () => {
    const req = await signed({ path: "/" });
    expect(await verify({ ...req, path: "/api/datapipeline" }, SECRET, ["/api/datapipeline"])).toBe(false);
    expect(await verify({ ...req, path: "/api/datapipeline" }, SECRET, ["/api/datapipeline", "/"])).toBe(true);
  });

  it("allows 15 minutes of skew either way, and no more", async () => {
    expect(await verify(await signed({ date: new Date(NOW.getTime() - 14 * 60_000) }))).toBe(true);
    expect(await verify(await signed({ date: new Date(NOW.getTime() + 14 * 60_000) }))).toBe(true);
    const old = await signed({ date: new Date(NOW.getTime() - 16 * 60_000) });
    expect(errorType(() => preflight(old, NOW))).toBe("InvalidSignatureException");
    const future = await signed({ date: new Date(NOW.getTime() + 16 * 60_000) });
    expect(errorType(() => preflight(future, NOW))).toBe("InvalidSignatureException");
  });

  it("answers the AWS error types for missing, incomplete and mis-scoped signatures", async () => {
    const req = await signed();
    const without = (name: string) => {
      const headers = { ...req.headers };
      delete headers[name];
      return { ...req, headers };
    };
    expect(errorType(() => preflight(without("authorization"), NOW))).toBe("MissingAuthenticationTokenException");
    expect(errorType(() => preflight(without("x-amz-date"), NOW))).toBe("IncompleteSignatureException");
    const auth = req.headers["authorization"]!;
    const withAuth = (a: string) => ({ ...req, headers: { ...req.headers, authorization: a } });
    expect(errorType(() => preflight(withAuth(auth.replace(/, Signature=[0-9a-f]+/, "")), NOW))).toBe(
      "IncompleteSignatureException",
    );
    expect(errorType(() => preflight(withAuth("AWS AKID:signature"), NOW))).toBe("IncompleteSignatureException");
    expect(errorType(() => preflight(withAuth(auth.replace("Credential=PHAK", "Credential=phak")), NOW))).toBe(
      "UnrecognizedClientException",
    );
    expect(errorType(() => preflight(withAuth(auth.replace("/20261130/", "/20261129/")), NOW))).toBe(
      "InvalidSignatureException",
    );
    const dynamo = await signed({ service: "dynamodb" });
    expect(errorType(() => preflight(dynamo, NOW))).toBe("InvalidSignatureException");
  });
});

describe("SigV4 header form computed without the SDK's signer", () => {
  // A small deterministic generator, so a failure names a reproducible case.
  function rng(seed: number): () => number {
    let x = seed;
    return () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
  }
  const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)]!;

  it("computes the SDK signer's own signature, over many shapes of request, and takes the direct path for them", async () => {
    const r = rng(16);
    const regions = ["us-east-1", "eu-west-3", "ap-southeast-2"];
    const paths = ["/", "/api/datapipeline", "/api/datapipeline/", "/a_b/c~d/e-f.g"];
    const values = ["v", "  padded  ", "two  spaces\tand tab", "a\r\nb", "", "ünïcödé", "x".repeat(300)];
    for (let i = 0; i < 300; i++) {
      const region = pick(r, regions);
      const path = pick(r, paths);
      const date = new Date(NOW.getTime() + Math.floor((r() - 0.5) * 3 * 86_400_000));
      const body = r() < 0.2 ? "" : JSON.stringify({ taskId: "t".repeat(Math.floor(r() * 60)), n: i });
      const headers: Record<string, string> = {
        host: pick(r, ["127.0.0.1:3000", "localhost", "api.example.com:8443"]),
        "x-amz-target": "DataPipeline.SetTaskStatus",
      };
      if (r() < 0.7) headers["content-type"] = "application/x-amz-json-1.1";
      if (r() < 0.5) headers["amz-sdk-invocation-id"] = pick(r, values);
      if (r() < 0.3) headers["x-custom-header"] = pick(r, values);
      if (r() < 0.3) headers["x-amz-content-sha256"] = createHash("sha256").update(body).digest("hex");
      const signer = new SignatureV4({
        credentials: { accessKeyId: ID, secretAccessKey: SECRET },
        region,
        service: "datapipeline",
        sha256: Sha256,
        applyChecksum: r() < 0.5,
      });
      const out = await signer.sign(
        { method: "POST", protocol: "http:", hostname: "h", path, query: {}, headers, body: body || undefined },
        { signingDate: date },
      );
      const received: Record<string, string> = {};
      for (const [k, v] of Object.entries(out.headers)) received[k.toLowerCase()] = v;
      const req: ReceivedRequest = { method: "POST", path, rawQuery: "", headers: received, body: Buffer.from(body) };
      const sig = parseSignature(req, []);
      const bodyHash = createHash("sha256").update(req.body).digest("hex");
      const direct = headerSignature(signerFor(ID, SECRET), req, sig, path, received["host"]!, bodyHash);
      expect(direct, `case ${i}`).toBe(sig.signature);
      expect(await signatureMatches(signerFor(ID, SECRET), req, [], sig, [path]), `case ${i}`).toBe(true);
    }
  });

  it("leaves requests it cannot prove equivalent to the SDK's signer (query, unusual path or header names)", async () => {
    const req = await signed();
    const sig = parseSignature(req, []);
    const signer = signerFor(ID, SECRET);
    const hash = createHash("sha256").update(req.body).digest("hex");
    const host = req.headers["host"]!;
    expect(headerSignature(signer, req, sig, "/", host, hash)).toBe(sig.signature);
    expect(headerSignature(signer, { ...req, rawQuery: "a=1" }, sig, "/", host, hash)).toBeUndefined();
    for (const path of ["/a/../b", "/./a", "//", "/a%20b", "/a b"])
      expect(headerSignature(signer, req, sig, path, host, hash), path).toBeUndefined();
    for (const name of ["date", "authorization", "__proto__", "X-Upper"])
      expect(
        headerSignature(signer, req, { ...sig, signedHeaders: [...sig.signedHeaders, name] }, "/", host, hash),
        name,
      ).toBeUndefined();
  });

  it("a cached signing key still refuses another secret, another day, another region", async () => {
    const signer = signerFor(ID, SECRET);
    const check = async (req: ReceivedRequest) => {
      const sig = parseSignature(req, []);
      return signatureMatches(signer, req, [], sig, ["/"]);
    };
    // The same signer (so its cached keys) across days and a wrong secret.
    expect(await check(await signed())).toBe(true);
    expect(await check(await signed({ date: new Date(NOW.getTime() + 86_400_000) }))).toBe(true);
    expect(await check(await signed({ secret: "y".repeat(40) }))).toBe(false);
    expect(await check(await signed({ secret: "y".repeat(40), date: new Date(NOW.getTime() + 86_400_000) }))).toBe(
      false,
    );
    // A signature made for one region, presented as another's (or another day's) scope.
    const req = await signed();
    const auth = req.headers["authorization"]!;
    expect(
      await check({ ...req, headers: { ...req.headers, authorization: auth.replace("/eu-west-3/", "/us-east-1/") } }),
    ).toBe(false);
    const nextDay = { ...req, headers: { ...req.headers, "x-amz-date": "20261201T100000Z" } };
    expect(
      await check({
        ...nextDay,
        headers: { ...nextDay.headers, authorization: auth.replace("/20261130/", "/20261201/") },
      }),
    ).toBe(false);
    // Another key's signer (another secret) refuses what this one accepts.
    expect(await signatureMatches(signerFor(ID, "z".repeat(40)), req, [], parseSignature(req, []), ["/"])).toBe(false);
  });
});

describe("SigV4 query form (presigned)", () => {
  async function presigned(
    opts: { expiresIn?: number; date?: Date; unsignedPayload?: boolean } = {},
  ): Promise<ReceivedRequest> {
    const req = await client().presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: "127.0.0.1",
        port: 3000,
        path: "/",
        query: { Action: "PollForTask", workerGroup: "wg a/b" },
        headers: {
          host: "127.0.0.1:3000",
          ...(opts.unsignedPayload ? { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } : {}),
        },
      },
      {
        signingDate: opts.date ?? NOW,
        expiresIn: opts.expiresIn ?? 300,
        unhoistableHeaders: new Set(["x-amz-content-sha256"]),
        unsignableHeaders: new Set(["x-amz-content-sha256"]),
      },
    );
    const rawQuery = Object.entries(req.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join("&");
    return { method: "GET", path: "/", rawQuery, headers: { host: "127.0.0.1:3000" }, body: new Uint8Array() };
  }

  it("accepts a presigned URL (empty-body hash or UNSIGNED-PAYLOAD) and refuses an altered one", async () => {
    const req = await presigned();
    expect(await verify(req)).toBe(true);
    expect(await verify(await presigned({ unsignedPayload: true }))).toBe(true);
    expect(await verify({ ...req, rawQuery: req.rawQuery.replace("PollForTask", "DeletePipeline") })).toBe(false);
    expect(await verify({ ...req, rawQuery: `${req.rawQuery}&pipelineId=df-1` })).toBe(false);
  });

  it("refuses an expired URL and a missing parameter", async () => {
    const old = await presigned({ date: new Date(NOW.getTime() - 10 * 60_000), expiresIn: 300 });
    expect(errorType(() => preflight(old, NOW))).toBe("InvalidSignatureException");
    const req = await presigned();
    expect(errorType(() => preflight({ ...req, rawQuery: req.rawQuery.replace(/X-Amz-Expires=\d+&?/, "") }, NOW))).toBe(
      "IncompleteSignatureException",
    );
    expect(
      errorType(() => preflight({ ...req, headers: { ...req.headers, authorization: "AWS4-HMAC-SHA256 x" } }, NOW)),
    ).toBe("IncompleteSignatureException");
  });
});
