// Any URL no page answers: said plainly inside the console's frame, with the ways back.
import type { Metadata } from "next";
import Link from "next/link";
import { CurrentPath } from "@/components/current-path";
import { Providers } from "@/components/providers";
import { ConsoleShell } from "./(console)/_components/console-shell";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <Providers>
      <ConsoleShell>
        <div className="page">
          <div className="state not-found">
            <p className="not-found-code" aria-hidden="true">
              404
            </p>
            <h1 className="state-title">Page not found</h1>
            <p className="state-body">
              No console page lives at <CurrentPath />. The address may have been mistyped, or it points at something
              that was never here. Pipelines, objects, instances and attempts each have a stable link from their lists.
            </p>
            <div className="actions">
              <Link href="/" className="btn btn-primary">
                All pipelines
              </Link>
              <Link href="/runners" className="btn">
                Runners
              </Link>
              <Link href="/audit" className="btn">
                Audit log
              </Link>
            </div>
          </div>
        </div>
      </ConsoleShell>
    </Providers>
  );
}
