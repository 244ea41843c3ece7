import { metricsAccess } from "@/lib/metrics/access";
import { scrapeMetrics } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Prometheus metrics of this process (README, "Metrics"); METRICS_TOKEN or a loopback caller. */
export async function GET(req: Request): Promise<Response> {
  const access = metricsAccess((n) => req.headers.get(n));
  if (!access.allowed) {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (access.status === 401) headers["www-authenticate"] = 'Bearer realm="metrics"';
    return Response.json(
      { __type: "AccessDeniedException", message: access.message },
      { status: access.status, headers },
    );
  }
  const { body, contentType } = await scrapeMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
