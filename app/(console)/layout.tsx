import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { SessionProvider } from "@/components/session-context";
import { requirePageSession } from "@/lib/console-auth/page-session";
import { ConsoleShell } from "./_components/console-shell";

// Every console page needs a signed-in user: without one, the sign-in page.
export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession();
  return (
    <Providers>
      <SessionProvider
        user={{ email: session.email, name: session.name, role: session.role, accountName: session.accountName }}
      >
        <ConsoleShell>{children}</ConsoleShell>
      </SessionProvider>
    </Providers>
  );
}
