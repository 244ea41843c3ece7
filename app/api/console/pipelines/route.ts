import { z } from "zod";
import { ListPipelinesForConsoleInput, listPipelinesForConsole } from "@/lib/console/list-pipelines";
import { consoleRoute } from "../_lib/console-route";

export const dynamic = "force-dynamic";

// `?state=SCHEDULED,PENDING` in the URL; the operation takes a list.
const Query = z.preprocess((raw) => {
  const { search, state } = (raw ?? {}) as { search?: unknown; state?: unknown };
  return { search, states: typeof state === "string" && state !== "" ? state.split(",") : undefined };
}, ListPipelinesForConsoleInput);

// GET /api/console/pipelines?search=&state= – pipelines with health, schedule, run times and instance counts
export const GET = consoleRoute(Query, listPipelinesForConsole, { role: "viewer" });
