"use client";
// Object page: fields own vs inherited (and from where), references as links, the objects that
// point here, and the expression evaluator. Components can be paused; instances show their run
// (attempts, errors, dependencies) with Rerun / Cancel / Mark finished; attempts their lease and error.

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment } from "react";
import { objectHref, pipelineTabHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { ErrorState, Loading } from "@/components/states";
import { StatusBadge } from "@/components/status-badge";
import type { InstanceExecution } from "@/lib/console/get-instance-execution";
import type { ObjectDetail, ObjectFieldView } from "@/lib/console/get-object-detail";
import { ApiError } from "@/lib/query/api-client";
import { instanceExecutionQuery } from "@/lib/query/executions";
import { objectDetailQuery } from "@/lib/query/objects";
import { ComponentActions } from "./component-actions";
import { ExpressionEvaluator } from "./expression-evaluator";
import { AttemptLogs } from "./attempt-logs";
import { AttemptRun, InstanceActions, InstanceRelations, InstanceRun, InstanceRunFacts } from "./instance-run";
import { WorkerGroupPanel } from "./worker-groups-view";
import { ObjectMissing } from "./object-missing";

function FieldValue({ pipelineId, field }: { pipelineId: string; field: ObjectFieldView }) {
  if (field.refValue !== undefined) {
    return field.refExists ? (
      <Link href={objectHref(pipelineId, field.refValue)} className="mono ref-link">
        {field.refValue}
      </Link>
    ) : (
      <span className="mono missing" title="No object with this id">
        {field.refValue} (missing)
      </span>
    );
  }
  return (
    <>
      <span className="mono wrap">
        {field.stringValue === "" ? <span className="muted">(empty)</span> : field.stringValue}
      </span>
      {field.evaluation ? (
        field.evaluation.ok ? (
          <div className="evaluated">
            <span className="muted small">evaluates to</span> <span className="mono">{field.evaluation.value}</span>
          </div>
        ) : (
          <div className="evaluated evaluated-error">
            <span className="muted small">cannot evaluate here:</span> {field.evaluation.message}
          </div>
        )
      ) : null}
    </>
  );
}

function FieldTable({
  title,
  pipelineId,
  objectId,
  fields,
  showSource,
}: {
  title: string;
  pipelineId: string;
  objectId: string;
  fields: ObjectFieldView[];
  showSource: boolean;
}) {
  if (fields.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table table-fields">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            {showSource ? <th scope="col">From</th> : null}
          </tr>
        </thead>
        <tbody>
          {fields.map((f, i) => (
            <tr key={`${f.key}-${i}`}>
              <th scope="row" className="mono field-key">
                {f.key}
                {f.refValue !== undefined ? <span className="tag">ref</span> : null}
              </th>
              <td>
                <FieldValue pipelineId={pipelineId} field={f} />
              </td>
              {showSource ? (
                <td>
                  {f.origin === "implicit" ? (
                    <span className="muted">implicit (every object without a parent inherits from Default)</span>
                  ) : f.from === objectId ? (
                    <span className="muted">own</span>
                  ) : (
                    <>
                      inherited from{" "}
                      <Link href={objectHref(pipelineId, f.from)} className="mono">
                        {f.from}
                      </Link>
                    </>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EXAMPLES: Record<ObjectDetail["sphere"], string[]> = {
  COMPONENT: ["#{@id}", "#{type}", "#{@status} since version #{@version}"],
  INSTANCE: ["#{@scheduledStartTime}", "#{format(@scheduledStartTime, 'YYYY-MM-dd HH:mm')}", "#{@status}"],
  ATTEMPT: ["#{@status}", "#{@scheduledStartTime}", "#{@instanceParent}"],
};

const PAUSABLE_KINDS = new Set(["activity", "precondition", "dataNode", "resource"]);

function ObjectFacts({ pipelineId, o }: { pipelineId: string; o: ObjectDetail }) {
  return (
    <dl className="facts">
      <div>
        <dt>Name</dt>
        <dd>{o.name}</dd>
      </div>
      <div>
        <dt>Type</dt>
        <dd>{o.type ?? <span className="muted">none</span>}</dd>
      </div>
      <div>
        <dt>Sphere</dt>
        <dd>{o.sphere}</dd>
      </div>
      {o.version !== null ? (
        <div>
          <dt>Definition version</dt>
          <dd>{o.version}</dd>
        </div>
      ) : null}
      <div>
        <dt>Inherits from</dt>
        <dd>
          {o.chain.length <= 1 ? (
            <span className="muted">nothing</span>
          ) : (
            o.chain.slice(1).map((id, i) => (
              <Fragment key={id}>
                {i > 0 ? " → " : null}
                <Link href={objectHref(pipelineId, id)} className="mono">
                  {id}
                </Link>
              </Fragment>
            ))
          )}
        </dd>
      </div>
      {o.instanceCount !== null ? (
        <div>
          <dt>Instances</dt>
          <dd>
            {o.instanceCount > 0 ? (
              <Link
                href={`${pipelineTabHref(pipelineId, "instances")}?status=all&component=${encodeURIComponent(o.id)}`}
              >
                {o.instanceCount}
              </Link>
            ) : (
              <span className="muted">none yet</span>
            )}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function ReferencedBy({ pipelineId, o }: { pipelineId: string; o: ObjectDetail }) {
  return (
    <section className="panel" aria-labelledby="referenced-by-heading">
      <h3 id="referenced-by-heading" className="panel-title">
        Referenced by
      </h3>
      {o.referencedBy.length === 0 ? (
        <p className="muted">No other object refers to {o.id}.</p>
      ) : (
        <ul className="referenced-by">
          {o.referencedBy.map((r, i) => (
            <li key={`${r.objectId}-${r.key}-${i}`}>
              <Link href={objectHref(pipelineId, r.objectId)} className="mono">
                {r.objectId}
              </Link>{" "}
              <span className="muted small">{r.type ?? ""}</span>{" "}
              <span className="via">via {r.implicit ? "implicit parent" : r.key}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SiblingAttempts({
  pipelineId,
  attemptId,
  execution,
}: {
  pipelineId: string;
  attemptId: string;
  execution: InstanceExecution;
}) {
  return (
    <section className="panel" aria-labelledby="attempts-of-heading">
      <h3 id="attempts-of-heading" className="panel-title">
        Attempts of this instance
      </h3>
      <ul className="linked-list">
        {execution.attempts.map((a) => (
          <li key={a.id} aria-current={a.id === attemptId ? "true" : undefined}>
            {a.id === attemptId ? (
              <span className="mono">#{a.attemptNumber ?? "?"} (this one)</span>
            ) : (
              <Link
                href={objectHref(pipelineId, a.id)}
                className="mono"
                aria-label={`Attempt ${a.attemptNumber ?? "?"}: ${a.id}`}
              >
                #{a.attemptNumber ?? "?"}
              </Link>
            )}
            <span className="linked-meta">
              <StatusBadge status={a.status} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ObjectView({ pipelineId, objectId }: { pipelineId: string; objectId: string }) {
  const live = useLiveQueryOptions();
  const query = useQuery({ ...objectDetailQuery(pipelineId, objectId), ...live });
  // Instances and attempts: their run, attempts and leases come from the instance's execution view.
  const instanceId = query.data?.instanceId ?? null;
  const execution = useQuery({
    ...instanceExecutionQuery(pipelineId, instanceId ?? ""),
    ...live,
    enabled: instanceId !== null,
  });

  if (query.isPending) return <Loading label={`Loading ${objectId}…`} />;
  if (query.isError && !query.data) {
    if (query.error instanceof ApiError && query.error.code === "OBJECT_NOT_FOUND")
      return <ObjectMissing pipelineId={pipelineId} objectId={objectId} />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const o = query.data;
  const own = o.fields.filter((f) => f.origin === "own" || f.origin === "implicit");
  const inherited = o.fields.filter((f) => f.origin === "inherited");
  const service = o.fields.filter((f) => f.origin === "service");
  const run = instanceId !== null ? execution.data : undefined;
  const logUri = o.fields.find((f) => f.key === "pipelineLogUri");
  const pipelineLogUri = logUri
    ? logUri.evaluation?.ok
      ? logUri.evaluation.value
      : (logUri.stringValue ?? null)
    : null;
  // The instance page shows the output of its newest attempt that sent any.
  const logAttempt = run
    ? o.sphere === "ATTEMPT"
      ? run.attempts.find((a) => a.id === o.id)
      : (run.attempts.find((a) => a.logs) ?? run.attempts[0])
    : undefined;
  const queuedIn = run?.attempts.find((a) => a.lease)?.lease?.workerGroup ?? null;
  const runError =
    instanceId !== null && execution.isError && !execution.data ? (
      <ErrorState error={execution.error} title="Could not load the run" onRetry={() => void execution.refetch()} />
    ) : null;

  return (
    <article className="object-page" aria-labelledby="object-heading">
      <div className="object-head">
        <Link
          href={pipelineTabHref(pipelineId, o.sphere === "COMPONENT" ? "objects" : "instances")}
          className="object-back"
        >
          {o.sphere === "COMPONENT" ? "Objects" : "Instances"}
        </Link>
        <span aria-hidden="true" className="muted">
          /
        </span>
        <h2 id="object-heading" className="object-title">
          {o.id}
        </h2>
        {o.status ? <StatusBadge status={o.status} /> : null}
        <div className="object-head-actions">
          {o.sphere === "COMPONENT" && o.kind && PAUSABLE_KINDS.has(o.kind) ? (
            <ComponentActions pipelineId={pipelineId} componentId={o.id} status={o.status} />
          ) : null}
          {o.sphere === "INSTANCE" && run ? <InstanceActions pipelineId={pipelineId} execution={run} /> : null}
        </div>
      </div>
      <ObjectFacts pipelineId={pipelineId} o={o} />
      {o.sphere === "INSTANCE" && run ? <InstanceRunFacts execution={run} /> : null}
      {o.sphere === "ATTEMPT" && run ? <AttemptRun pipelineId={pipelineId} attemptId={o.id} execution={run} /> : null}
      {runError}
      {o.problems.length > 0 ? (
        <div className="banner banner-warn" role="note">
          {o.problems.join(" ")}
        </div>
      ) : null}
      {o.evaluatesAgainstActive ? (
        <div className="banner banner-info" role="note">
          Shown as in the latest definition; expressions are evaluated against the active version, which differs.
        </div>
      ) : null}
      {o.sphere === "INSTANCE" && run ? <InstanceRun pipelineId={pipelineId} execution={run} /> : null}
      {o.sphere !== "COMPONENT" && run && (logAttempt || o.sphere === "INSTANCE") ? (
        <AttemptLogs attempt={logAttempt} pipelineLogUri={pipelineLogUri} headingId="output-heading" />
      ) : null}

      <div className="object-grid">
        <div className="object-fields">
          <FieldTable
            title="Own fields"
            pipelineId={pipelineId}
            objectId={o.id}
            fields={own}
            showSource={own.some((f) => f.origin === "implicit")}
          />
          <FieldTable title="Inherited fields" pipelineId={pipelineId} objectId={o.id} fields={inherited} showSource />
          <FieldTable
            title="Set by the service"
            pipelineId={pipelineId}
            objectId={o.id}
            fields={service}
            showSource={false}
          />
        </div>
        <aside className="object-side" aria-label="Relations and evaluation">
          {o.sphere === "COMPONENT" ? <ReferencedBy pipelineId={pipelineId} o={o} /> : null}
          {o.sphere === "INSTANCE" && run ? <InstanceRelations pipelineId={pipelineId} execution={run} /> : null}
          {o.sphere === "INSTANCE" && queuedIn ? <WorkerGroupPanel workerGroup={queuedIn} /> : null}
          {o.sphere === "ATTEMPT" && run ? (
            <SiblingAttempts pipelineId={pipelineId} attemptId={o.id} execution={run} />
          ) : null}
          <ExpressionEvaluator pipelineId={pipelineId} objectId={o.id} examples={EXAMPLES[o.sphere]} />
        </aside>
      </div>
    </article>
  );
}
