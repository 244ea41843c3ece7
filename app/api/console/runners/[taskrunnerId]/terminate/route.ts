import { TerminateRunnerInput, terminateRunnerForConsole } from "@/lib/console/runners";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/runners/[taskrunnerId]/terminate { terminate? } – the runner's next heartbeat answers terminate: true (false withdraws)
export const POST = consoleRoute(TerminateRunnerInput, terminateRunnerForConsole, { role: "operator", body: true });
