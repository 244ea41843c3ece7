import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { ConsoleShell } from "./_components/console-shell";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <Providers>
      <ConsoleShell>{children}</ConsoleShell>
    </Providers>
  );
}
