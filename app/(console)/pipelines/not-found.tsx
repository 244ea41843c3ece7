"use client";
// A pipeline URL whose pipeline is not there (never created, or deleted): HTTP 404, inside the
// console's frame, naming the id. The layout of [pipelineId] calls notFound(), which lands here.
import Link from "next/link";
import { useBrowserPath } from "@/components/current-path";
import buttonCss from "@/components/ui/button.module.css";
import pageCss from "@/components/ui/page.module.css";
import statesCss from "@/components/states.module.css";
import { cx } from "@/components/ui/cx";

export default function PipelineNotFound() {
  const path = useBrowserPath();
  const raw = path?.match(/^\/pipelines\/([^/]+)/)?.[1];
  const id = raw ? decodeURIComponent(raw) : null;
  return (
    <div className={pageCss.page}>
      <div className={cx(statesCss.state, statesCss.error)} role="alert">
        <h1 className={statesCss.title}>Pipeline not found</h1>
        <p className={statesCss.body}>
          There is no pipeline with the id <code>{id ?? "…"}</code> in this account: it was never created, or it has
          been deleted (a deleted pipeline&apos;s definition and run history are gone). The link may also be mistyped.
        </p>
        <Link href="/" className={buttonCss.btn}>
          Back to all pipelines
        </Link>
      </div>
    </div>
  );
}
