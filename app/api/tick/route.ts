import { runBackgroundTickRequest } from "@/lib/http/tick-request";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// One round is bounded (batches of stalled attempts, pipelines planned one by one); a host's cron
// may still call it while a big backlog is planned.
export const maxDuration = 300;

/** One round of background work, for hosts without a long-lived process (POST from any scheduler, GET from Vercel Cron). */
export function POST(req: Request): Promise<Response> {
  return runBackgroundTickRequest(req);
}

export function GET(req: Request): Promise<Response> {
  return runBackgroundTickRequest(req);
}
