import { runBackgroundTickRequest } from "@/lib/http/tick-request";

export const dynamic = "force-dynamic";

/** One round of background work, for hosts without a long-lived process (POST from any scheduler, GET from Vercel Cron). */
export function POST(req: Request): Promise<Response> {
  return runBackgroundTickRequest(req);
}

export function GET(req: Request): Promise<Response> {
  return runBackgroundTickRequest(req);
}
