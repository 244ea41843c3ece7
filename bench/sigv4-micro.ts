// What SigV4 costs per call, in process, without HTTP or the database: the server's verification
// (parse, clock check, @smithy/signature-v4 over a SetTaskStatus request, constant-time compare,
// signing key cached per key and day) and the client's signing. `npx tsx bench/sigv4-micro.ts`.
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../lib/auth/sha256";
import { parseQuery, parseSignature, checkTime, signatureMatches, signerFor } from "../lib/auth/sigv4";
const ID = "PHAKTESTTESTTEST0001", SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const client = new SignatureV4({ credentials: { accessKeyId: ID, secretAccessKey: SECRET }, region: "us-east-1", service: "datapipeline", sha256: Sha256, applyChecksum: false });
const server = signerFor(ID, SECRET);
async function main() {
  const body = JSON.stringify({ taskId: "x".repeat(43), taskStatus: "FINISHED" });
  const signed = await client.sign({ method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 3000, path: "/", query: {}, headers: { host: "127.0.0.1:3000", "content-type": "application/x-amz-json-1.1", "x-amz-target": "DataPipeline.SetTaskStatus" }, body });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v as string;
  const req = { method: "POST", path: "/", rawQuery: "", headers, body: Buffer.from(body) };
  const verify = async () => { const q = parseQuery(""); const s = parseSignature(req, q); checkTime(s, new Date()); if (!(await signatureMatches(server, req, q, s, ["/"]))) throw new Error("mismatch"); };
  for (let i = 0; i < 2000; i++) await verify();
  const n = 20000;
  let t = process.cpuUsage(); const w = performance.now();
  for (let i = 0; i < n; i++) await verify();
  let c = process.cpuUsage(t); console.log(`server verify: ${((c.user + c.system) / n).toFixed(1)} us CPU/call, ${((performance.now() - w) * 1000 / n).toFixed(1)} us wall/call`);
  t = process.cpuUsage();
  for (let i = 0; i < n; i++) await client.sign({ method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 3000, path: "/", query: {}, headers: { host: "127.0.0.1:3000", "content-type": "application/x-amz-json-1.1", "x-amz-target": "DataPipeline.SetTaskStatus" }, body });
  c = process.cpuUsage(t); console.log(`client sign: ${((c.user + c.system) / n).toFixed(1)} us CPU/call`);
}
main();
