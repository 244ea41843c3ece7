import { randomUUID } from "node:crypto";
import { z } from "zod";
import { signInWithPassword } from "@/lib/console-auth/sessions";
import { sessionCookie } from "@/lib/console-auth/session-token";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { isBehindHttps } from "@/lib/http/security-headers";
import { clientAddress } from "@/lib/http/trusted-peer";
import { ConsoleError } from "@/lib/console/errors";
import {
  NO_STORE,
  consoleErrorResponse,
  secured,
  readJsonBody,
  refuseCrossSite,
  requireSession,
} from "../_lib/console-route";

export const dynamic = "force-dynamic";

const SignInInput = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

// GET /api/console/session – who is signed in (401 when nobody)
export const GET = secured(get);

async function get(req: Request): Promise<Response> {
  const requestId = randomUUID();
  try {
    const s = await requireSession(req, "viewer");
    return Response.json(
      { email: s.email, name: s.name, role: s.role, accountId: s.accountId, accountName: s.accountName },
      { headers: NO_STORE },
    );
  } catch (err) {
    return consoleErrorResponse(err, requestId);
  }
}

// POST /api/console/session – sign in with email and password; sets the session cookie
export const POST = secured(post);

async function post(req: Request): Promise<Response> {
  const requestId = randomUUID();
  try {
    // Signing in is a change like any other: another site cannot sign a browser in to its account.
    refuseCrossSite(req);
    const parsed = SignInInput.safeParse(await readJsonBody(req, 8 * 1024));
    if (!parsed.success) throw new ConsoleError("BAD_REQUEST", "Enter an email and a password");
    const header = (n: string) => req.headers.get(n);
    const started = await signInWithPassword(parsed.data.email, parsed.data.password, {
      ip: nullIfUnknown(clientAddress(header)),
      userAgent: header("user-agent"),
    });
    const s = started.session;
    return Response.json(
      { email: s.email, name: s.name, role: s.role, accountId: s.accountId, accountName: s.accountName },
      {
        headers: {
          ...NO_STORE,
          "set-cookie": sessionCookie(started.token, {
            secure: isBehindHttps(header),
            maxAgeSeconds: started.maxAgeSeconds,
          }),
        },
      },
    );
  } catch (err) {
    return consoleErrorResponse(err, requestId);
  }
}

function nullIfUnknown(addr: string): string | null {
  return addr === "unknown" ? null : addr;
}
