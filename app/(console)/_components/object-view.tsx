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
import bannerCss from "@/components/ui/banner.module.css";
import listCss from "@/components/ui/lists.module.css";
import objectCss from "./object-view.module.css";
import panelCss from "@/components/ui/panel.module.css";
import tableCss from "@/components/ui/table.module.css";
import tagCss from "@/components/ui/tag.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

function FieldValue({ pipelineId, field }: { pipelineId: string; field: ObjectFieldView }) {
  if (field.refValue !== undefined) {
    return field.refExists ? (
      <Link href={objectHref(pipelineId, field.refValue)} className={textCss.mono}>
        {field.refValue}
      </Link>
    ) : (
      <span className={cx(textCss.mono, textCss.missing)} title="No object with this id">
        {field.refValue} (missing)
      </span>
    );
  }
  return (
    <>
      <span className={cx(textCss.mono, textCss.wrap)}>
        {field.stringValue === "" ? <span className={textCss.muted}>(empty)</span> : field.stringValue}
      </span>
      {field.evaluation ? (
        field.evaluation.ok ? (
          <div className={objectCss.evaluated}>
            <span className={cx(textCss.muted, textCss.small)}>evaluates to</span>{" "}
            <span className={textCss.mono}>{field.evaluation.value}</span>
          </div>
        ) : (
          <div className={cx(objectCss.evaluated, objectCss.evaluatedError)}>
            <span className={cx(textCss.muted, textCss.small)}>cannot evaluate here:</span> {field.evaluation.message}
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
    <div className={tableCss.wrap}>
      <table className={cx(tableCss.table, tableCss.fields)}>
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
              <th scope="row" className={cx(textCss.mono, tableCss.fieldKey)}>
                {f.key}
                {f.refValue !== undefined ? <span className={tagCss.tag}>ref</span> : null}
              </th>
              <td>
                <FieldValue pipelineId={pipelineId} field={f} />
              </td>
              {showSource ? (
                <td>
                  {f.origin === "implicit" ? (
                    <span className={textCss.muted}>
                      implicit (every object without a parent inherits from Default)
                    </span>
                  ) : f.from === objectId ? (
                    <span className={textCss.muted}>own</span>
                  ) : (
                    <>
                      inherited from{" "}
                      <Link href={objectHref(pipelineId, f.from)} className={textCss.mono}>
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
    <dl className={panelCss.facts}>
      <div>
        <dt>Name</dt>
        <dd>{o.name}</dd>
      </div>
      <div>
        <dt>Type</dt>
        <dd>{o.type ?? <span className={textCss.muted}>none</span>}</dd>
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
            <span className={textCss.muted}>nothing</span>
          ) : (
            o.chain.slice(1).map((id, i) => (
              <Fragment key={id}>
                {i > 0 ? " → " : null}
                <Link href={objectHref(pipelineId, id)} className={textCss.mono}>
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
              <span className={textCss.muted}>none yet</span>
            )}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function ReferencedBy({ pipelineId, o }: { pipelineId: string; o: ObjectDetail }) {
  return (
    <section className={panelCss.panel} aria-labelledby="referenced-by-heading">
      <h3 id="referenced-by-heading" className={panelCss.title}>
        Referenced by
      </h3>
      {o.referencedBy.length === 0 ? (
        <p className={textCss.muted}>No other object refers to {o.id}.</p>
      ) : (
        <ul className={listCss.referencedBy}>
          {o.referencedBy.map((r, i) => (
            <li key={`${r.objectId}-${r.key}-${i}`}>
              <Link href={objectHref(pipelineId, r.objectId)} className={textCss.mono}>
                {r.objectId}
              </Link>{" "}
              <span className={cx(textCss.muted, textCss.small)}>{r.type ?? ""}</span>{" "}
              <span className={listCss.via}>via {r.implicit ? "implicit parent" : r.key}</span>
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
    <section className={panelCss.panel} aria-labelledby="attempts-of-heading">
      <h3 id="attempts-of-heading" className={panelCss.title}>
        Attempts of this instance
      </h3>
      <ul className={listCss.linkedList}>
        {execution.attempts.map((a) => (
          <li key={a.id} aria-current={a.id === attemptId ? "true" : undefined}>
            {a.id === attemptId ? (
              <span className={textCss.mono}>#{a.attemptNumber ?? "?"} (this one)</span>
            ) : (
              <Link
                href={objectHref(pipelineId, a.id)}
                className={textCss.mono}
                aria-label={`Attempt ${a.attemptNumber ?? "?"}: ${a.id}`}
              >
                #{a.attemptNumber ?? "?"}
              </Link>
            )}
            <span className={listCss.linkedMeta}>
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
    <article className={objectCss.page} aria-labelledby="object-heading">
      <div className={objectCss.head}>
        <Link
          href={pipelineTabHref(pipelineId, o.sphere === "COMPONENT" ? "objects" : "instances")}
          className={objectCss.back}
        >
          {o.sphere === "COMPONENT" ? "Objects" : "Instances"}
        </Link>
        <span aria-hidden="true" className={textCss.muted}>
          /
        </span>
        <h2 id="object-heading" className={objectCss.title}>
          {o.id}
        </h2>
        {o.status ? <StatusBadge status={o.status} /> : null}
        <div className={objectCss.headActions}>
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
        <div className={cx(bannerCss.banner, bannerCss.warn)} role="note">
          {o.problems.join(" ")}
        </div>
      ) : null}
      {o.evaluatesAgainstActive ? (
        <div className={cx(bannerCss.banner, bannerCss.info)} role="note">
          Shown as in the latest definition; expressions are evaluated against the active version, which differs.
        </div>
      ) : null}
      {o.sphere === "INSTANCE" && run ? <InstanceRun pipelineId={pipelineId} execution={run} /> : null}
      {o.sphere !== "COMPONENT" && run && (logAttempt || o.sphere === "INSTANCE") ? (
        <AttemptLogs attempt={logAttempt} pipelineLogUri={pipelineLogUri} headingId="output-heading" />
      ) : null}

      <div className={objectCss.grid}>
        <div className={objectCss.fields}>
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
        <aside className={objectCss.side} aria-label="Relations and evaluation">
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
