// What an unknown or deleted pipeline URL shows: which id, why, and the way back.
import Link from "next/link";
import buttonCss from "@/components/ui/button.module.css";
import pageCss from "@/components/ui/page.module.css";
import statesCss from "@/components/states.module.css";
import { cx } from "@/components/ui/cx";

export function PipelineMissing({ pipelineId, deleted }: { pipelineId: string; deleted?: boolean }) {
  return (
    <div className={pageCss.page}>
      <div className={cx(statesCss.state, statesCss.error)} role="alert">
        <h1 className={statesCss.title}>{deleted ? "This pipeline has been deleted" : "Pipeline not found"}</h1>
        <p className={statesCss.body}>
          {deleted ? "Pipeline " : "There is no pipeline with the id "}
          <code>{pipelineId}</code>
          {deleted
            ? " was deleted; its definition and run history are gone."
            : " in this account. It may have been deleted, or the link may be mistyped."}
        </p>
        <Link href="/" className={buttonCss.btn}>
          Back to all pipelines
        </Link>
      </div>
    </div>
  );
}
