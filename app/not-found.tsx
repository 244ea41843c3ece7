// Any URL no page answers: said plainly inside the console's frame, with the ways back.
import type { Metadata } from "next";
import Link from "next/link";
import { CurrentPath } from "@/components/current-path";
import { Providers } from "@/components/providers";
import { ConsoleShell } from "./(console)/_components/console-shell";
import buttonCss from "@/components/ui/button.module.css";
import pageCss from "@/components/ui/page.module.css";
import statesCss from "@/components/states.module.css";
import styles from "./not-found.module.css";
import { cx } from "@/components/ui/cx";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <Providers>
      <ConsoleShell>
        <div className={pageCss.page}>
          <div className={cx(statesCss.state, styles.notFound)}>
            <p className={styles.code} aria-hidden="true">
              404
            </p>
            <h1 className={statesCss.title}>Page not found</h1>
            <p className={statesCss.body}>
              No console page lives at <CurrentPath />. The address may have been mistyped, or it points at something
              that was never here. Pipelines, objects, instances and attempts each have a stable link from their lists.
            </p>
            <div className={pageCss.actions}>
              <Link href="/" className={cx(buttonCss.btn, buttonCss.primary)}>
                All pipelines
              </Link>
              <Link href="/runners" className={buttonCss.btn}>
                Runners
              </Link>
              <Link href="/audit" className={buttonCss.btn}>
                Audit log
              </Link>
            </div>
          </div>
        </div>
      </ConsoleShell>
    </Providers>
  );
}
