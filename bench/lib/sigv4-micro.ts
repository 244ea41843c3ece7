// What SigV4 costs per call in process, without HTTP or the database: the server's verification
// (parse, clock check, the signature over a SetTaskStatus request, constant-time compare,
// signing key cached per key and day) and the client's signing with the SDK's signer. The cycle
// phases measure the same verification inside the running server (CycleResult.verify); this is the
// floor without a server's other work interleaved.
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../../lib/auth/sha256";
import { checkTime, parseQuery, parseSignature, signatureMatches, signerFor } from "../../lib/auth/sigv4";

export interface Sigv4MicroResult {
  calls: number;
  /** Server side: CPU and wall time per verified call, µs. */
  verifyCpuUs: number;
  verifyWallUs: number;
  /** Client side: CPU per signed call, µs. */
  signCpuUs: number;
}

const ID = "PHAKTESTTESTTEST0001";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

export async function measureSigv4Micro(o: { calls: number; warmup: number }): Promise<Sigv4MicroResult> {
  const client = new SignatureV4({
    credentials: { accessKeyId: ID, secretAccessKey: SECRET },
    region: "us-east-1",
    service: "datapipeline",
    sha256: Sha256,
    applyChecksum: false,
  });
  const server = signerFor(ID, SECRET);
  const body = JSON.stringify({ taskId: "x".repeat(43), taskStatus: "FINISHED" });
  const request = () => ({
    method: "POST",
    protocol: "http:",
    hostname: "127.0.0.1",
    port: 3000,
    path: "/",
    query: {},
    headers: {
      host: "127.0.0.1:3000",
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "DataPipeline.SetTaskStatus",
    },
    body,
  });
  const signed = await client.sign(request());
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = String(v);
  const req = { method: "POST", path: "/", rawQuery: "", headers, body: Buffer.from(body) };
  const verify = async () => {
    const q = parseQuery("");
    const s = parseSignature(req, q);
    checkTime(s, new Date());
    if (!(await signatureMatches(server, req, q, s, ["/"])))
      throw new Error("sigv4 micro-bench: the signature did not verify");
  };
  for (let i = 0; i < o.warmup; i++) await verify();
  let cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < o.calls; i++) await verify();
  const v = process.cpuUsage(cpu);
  const verifyWallUs = ((performance.now() - wall) * 1000) / o.calls;
  for (let i = 0; i < o.warmup; i++) await client.sign(request());
  cpu = process.cpuUsage();
  for (let i = 0; i < o.calls; i++) await client.sign(request());
  const c = process.cpuUsage(cpu);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    calls: o.calls,
    verifyCpuUs: round((v.user + v.system) / o.calls),
    verifyWallUs: round(verifyWallUs),
    signCpuUs: round((c.user + c.system) / o.calls),
  };
}
