import { createHmac } from "node:crypto";

// The webhook sender for teams without SNS: a JSON POST, signed like Stripe's webhooks so a
// receiver can check origin and freshness: X-Pipelinehouse-Signature: t=<unix seconds>,v1=<hex
// HMAC-SHA256 of "<t>.<body>" with the shared secret>.

const SIGNATURE_HEADER = "x-pipelinehouse-signature";

export function signWebhookBody(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** For receivers (and tests): whether a signature header matches the body and is at most `toleranceSeconds` old. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  return signWebhookBody(secret, body, t) === header;
}

export async function postWebhook(
  url: string,
  secret: string,
  deliveryId: string,
  payload: unknown,
  timeoutMs: number,
): Promise<void> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "pipelinehouse-actions",
      "x-pipelinehouse-delivery": deliveryId,
      [SIGNATURE_HEADER]: signWebhookBody(secret, body, Math.floor(Date.now() / 1000)),
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`webhook answered HTTP ${res.status}`);
}
