// What every API call leaves behind once answered: one structured log line (request id, operation,
// account, status, duration, bytes in and out) and its count and latency in /metrics. Nothing that
// authenticates (signatures, secrets) and no body is ever logged; the access key id is, as AWS's own
// CloudTrail records it, because it says which key made the call.
import { flatLineLogger } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";
import { OPERATIONS } from "./registry";

export interface ApiCallRecord {
  requestId: string;
  /** The operation named by the call, when it named one this API has. */
  operation: string | undefined;
  accountId: string | undefined;
  accessKeyId: string | undefined;
  status: number;
  /** The error's __type, or undefined for a success. */
  errorType: string | undefined;
  startedAt: number;
  bytesIn: number;
  bytesOut: number;
  /** Which way the call came: npm start's direct path, or Next's route handler. */
  via: "direct" | "route";
}

/** Label values are bounded: an operation this API does not have is "unknown", whatever the caller sent. */
function operationLabel(name: string | undefined): string {
  return name !== undefined && Object.hasOwn(OPERATIONS, name) ? name : "unknown";
}

export function recordApiCall(r: ApiCallRecord): void {
  const seconds = (performance.now() - r.startedAt) / 1000;
  const operation = operationLabel(r.operation);
  const m = metrics();
  m.apiRequests.inc({ operation, outcome: r.errorType ?? "ok" });
  m.apiLatency.observe({ operation }, seconds);
  // Flat, scalars only (the type says so): written without the redaction pass (flatLineLogger).
  const line: Record<string, string | number | undefined> = {
    kind: "api",
    requestId: r.requestId,
    operation,
    account: r.accountId,
    accessKeyId: r.accessKeyId,
    status: r.status,
    errorType: r.errorType,
    durationMs: Math.round(seconds * 10_000) / 10,
    bytesIn: r.bytesIn,
    bytesOut: r.bytesOut,
    via: r.via,
  };
  const log = flatLineLogger();
  if (r.status >= 500) log.error(line, "request");
  else log.info(line, "request");
}
