// What an unknown or deleted pipeline URL shows: which id, why, and the way back.
import Link from "next/link";

export function PipelineMissing({ pipelineId, deleted }: { pipelineId: string; deleted?: boolean }) {
  return (
    <div className="page">
      <div className="state state-error" role="alert">
        <h1 className="state-title">{deleted ? "This pipeline has been deleted" : "Pipeline not found"}</h1>
        <p className="state-body">
          {deleted ? "Pipeline " : "There is no pipeline with the id "}
          <code>{pipelineId}</code>
          {deleted
            ? " was deleted; its definition and run history are gone."
            : " in this account. It may have been deleted, or the link may be mistyped."}
        </p>
        <Link href="/" className="btn">
          Back to all pipelines
        </Link>
      </div>
    </div>
  );
}
