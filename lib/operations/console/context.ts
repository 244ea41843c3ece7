// The OperationContext of a console request: the configured account, acting as "console".
import { randomUUID } from "node:crypto";
import { getSettings } from "@/lib/config/settings";
import type { OperationContext } from "@/lib/operations/context";

export function consoleContext(requestId: string = randomUUID()): OperationContext {
  return { requestId, accountId: getSettings().ACCOUNT_ID, actor: "console" };
}
