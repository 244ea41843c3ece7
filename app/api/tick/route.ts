import { runBackgroundTickRequest } from "@/lib/operations/run-tick";

export const dynamic = "force-dynamic";

/** One round of background work, for hosts without a long-lived process (e.g. a Vercel cron). */
export function POST(req: Request): Promise<Response> {
  return runBackgroundTickRequest(req);
}
