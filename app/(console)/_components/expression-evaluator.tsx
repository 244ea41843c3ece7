"use client";
// Evaluate a `#{...}` expression on this object: the result, or the error with a caret under the
// position it names, and every field, reference and parameter the evaluation read.

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { caretLines } from "@/components/caret-lines";
import { objectHref } from "@/components/links";
import { ErrorState } from "@/components/states";
import type { EvaluateResult } from "@/lib/console/evaluate";
import { evaluationQuery } from "@/lib/query/objects";
import { ObjectSearch } from "@/lib/query/search-params";
import { useUrlState } from "./use-url-state";

const DEFAULTS = { expr: "" };

function Outcome({
  pipelineId,
  expression,
  result,
}: {
  pipelineId: string;
  expression: string;
  result: EvaluateResult;
}) {
  if (!result.ok) {
    const { lineNumber, line, caret } = caretLines(expression, result.position);
    return (
      <div className="eval-error" role="alert">
        <p>
          <strong>Error</strong> at position {result.position}
          {expression.includes("\n") ? ` (line ${lineNumber})` : ""}:{" "}
          <span className="eval-message">{result.message}</span>
        </p>
        <pre className="caret-block" aria-label={`Expression with a caret at position ${result.position}`}>
          {line}
          {"\n"}
          <span className="caret">{caret}</span>
        </pre>
      </div>
    );
  }
  return (
    <div className="eval-result">
      <div className="eval-value" role="status">
        <span className="eval-label" id="eval-result-label">
          Result
        </span>
        <output aria-labelledby="eval-result-label" className="mono">
          {result.value === "" ? <span className="muted">(empty string)</span> : result.value}
        </output>
        {result.values ? <span className="muted small">a list of {result.values.length}</span> : null}
      </div>
      <h4 className="sub-heading">Read during evaluation</h4>
      {result.reads.length === 0 ? (
        <p className="muted">Nothing: the expression uses no fields, references or parameters.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption className="sr-only">Fields, references and parameters read</caption>
            <thead>
              <tr>
                <th scope="col">Object</th>
                <th scope="col">Field</th>
                <th scope="col">Kind</th>
                <th scope="col">Value</th>
                <th scope="col">Evaluated</th>
              </tr>
            </thead>
            <tbody>
              {result.reads.map((r, i) => (
                <tr key={`${r.objectId}-${r.key}-${i}`}>
                  <td>
                    {r.kind === "parameter" ? (
                      <span className="muted">parameter</span>
                    ) : (
                      <Link href={objectHref(pipelineId, r.objectId)} className="mono">
                        {r.objectId}
                      </Link>
                    )}
                  </td>
                  <td className="mono">{r.key}</td>
                  <td>{r.kind}</td>
                  <td className="mono wrap">{r.value}</td>
                  <td className="mono wrap">{r.evaluated ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ExpressionEvaluator({
  pipelineId,
  objectId,
  examples,
}: {
  pipelineId: string;
  objectId: string;
  examples: string[];
}) {
  const [search, setSearch] = useUrlState(ObjectSearch, DEFAULTS);
  const [draft, setDraft] = useState(search.expr);
  const textareaId = useId();
  const hintId = useId();
  // Back/forward or a shared link: show the expression the URL holds.
  useEffect(() => setDraft(search.expr), [search.expr]);
  const query = useQuery(evaluationQuery(pipelineId, objectId, search.expr));
  const submit = () => {
    if (draft === search.expr) void query.refetch();
    else setSearch({ expr: draft }, "replace");
  };

  return (
    <section className="panel" aria-labelledby={`${textareaId}-heading`}>
      <h3 id={`${textareaId}-heading`} className="panel-title">
        Evaluate an expression
      </h3>
      <form
        className="eval-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor={textareaId}>Expression</label>
        <textarea
          id={textareaId}
          className="mono"
          rows={3}
          value={draft}
          spellCheck={false}
          aria-describedby={hintId}
          placeholder="#{@scheduledStartTime}"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <p id={hintId} className="hint">
          Text with <code>#{"{…}"}</code> slots, evaluated on <code>{objectId}</code> with its inherited fields.
          Ctrl+Enter evaluates.
        </p>
        <div className="eval-actions">
          <button type="submit" className="btn btn-primary" disabled={draft.trim() === ""}>
            Evaluate
          </button>
          {examples.length > 0 ? (
            <span className="examples">
              <span className="muted small">Try:</span>
              {examples.map((ex) => (
                <button key={ex} type="button" className="btn btn-ghost btn-small mono" onClick={() => setDraft(ex)}>
                  {ex}
                </button>
              ))}
            </span>
          ) : null}
        </div>
      </form>
      <div className="eval-outcome" aria-live="polite">
        {search.expr.trim() === "" ? null : query.isPending ? (
          <p className="muted">Evaluating…</p>
        ) : query.isError ? (
          <ErrorState error={query.error} title="Could not evaluate" onRetry={() => void query.refetch()} />
        ) : (
          <Outcome pipelineId={pipelineId} expression={search.expr} result={query.data} />
        )}
      </div>
    </section>
  );
}
