// The OperationContext of a console request: the signed-in user's account, recorded in the audit
// log as `console:<email>` (the real principal, from the session; never from a header).
import "server-only";
import { randomUUID } from "node:crypto";
import type { ConsoleSession } from "@/lib/console-auth/sessions";
import type { OperationContext } from "@/lib/operations/operation-context";

export function sessionContext(
  session: Pick<ConsoleSession, "accountId" | "email">,
  requestId: string = randomUUID(),
): OperationContext {
  return { requestId, accountId: session.accountId, actor: `console:${session.email}` };
}
