"use client";
// Evaluate a `#{...}` expression on this object: the result, or the error with a caret under the
// position it names, and every field, reference and parameter the evaluation read.

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { caretLines } from "@/components/caret-lines";
import { objectHref } from "@/components/links";
import { ErrorState } from "@/components/states";
import type { EvaluateResult } from "@/lib/console/evaluate";
import { evaluationQuery } from "@/lib/query/objects";
import { ObjectSearch } from "@/lib/query/search-params";
import { useUrlState } from "./use-url-state";
import buttonCss from "@/components/ui/button.module.css";
import pageCss from "@/components/ui/page.module.css";
import panelCss from "@/components/ui/panel.module.css";
import styles from "./expression-evaluator.module.css";
import tableCss from "@/components/ui/table.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

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
      <div className={styles.error} role="alert">
        <p>
          <strong>Error</strong> at position {result.position}
          {expression.includes("\n") ? ` (line ${lineNumber})` : ""}: <span>{result.message}</span>
        </p>
        <pre className={styles.caretBlock} aria-label={`Expression with a caret at position ${result.position}`}>
          {line}
          {"\n"}
          <span className={styles.caret}>{caret}</span>
        </pre>
      </div>
    );
  }
  return (
    <div>
      <div className={styles.value} role="status">
        <span className={styles.label} id="eval-result-label">
          Result
        </span>
        <output aria-labelledby="eval-result-label" className={textCss.mono}>
          {result.value === "" ? <span className={textCss.muted}>(empty string)</span> : result.value}
        </output>
        {result.values ? (
          <span className={cx(textCss.muted, textCss.small)}>a list of {result.values.length}</span>
        ) : null}
      </div>
      <h4 className={styles.subHeading}>Read during evaluation</h4>
      {result.reads.length === 0 ? (
        <p className={textCss.muted}>Nothing: the expression uses no fields, references or parameters.</p>
      ) : (
        <div className={tableCss.wrap}>
          <table className={cx(tableCss.table, tableCss.compact)}>
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
                      <span className={textCss.muted}>parameter</span>
                    ) : (
                      <Link href={objectHref(pipelineId, r.objectId)} className={textCss.mono}>
                        {r.objectId}
                      </Link>
                    )}
                  </td>
                  <td className={textCss.mono}>{r.key}</td>
                  <td>{r.kind}</td>
                  <td className={cx(textCss.mono, textCss.wrap)}>{r.value}</td>
                  <td className={cx(textCss.mono, textCss.wrap)}>
                    {r.evaluated ?? <span className={textCss.muted}>—</span>}
                  </td>
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
  // Back/forward or a shared link: show the expression the URL holds once it changes. Adjusted
  // during render, not in an effect: an effect also ran right after mount and set the draft back to
  // the URL's value, wiping what was typed between hydration and that effect (an e2e run saw it).
  const [urlExpr, setUrlExpr] = useState(search.expr);
  if (urlExpr !== search.expr) {
    setUrlExpr(search.expr);
    setDraft(search.expr);
  }
  const query = useQuery(evaluationQuery(pipelineId, objectId, search.expr));
  const submit = () => {
    if (draft === search.expr) void query.refetch();
    else setSearch({ expr: draft }, "replace");
  };

  return (
    <section className={panelCss.panel} aria-labelledby={`${textareaId}-heading`}>
      <h3 id={`${textareaId}-heading`} className={panelCss.title}>
        Evaluate an expression
      </h3>
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor={textareaId}>Expression</label>
        <textarea
          id={textareaId}
          className={textCss.mono}
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
        <p id={hintId} className={pageCss.hint}>
          Text with <code>#{"{…}"}</code> slots, evaluated on <code>{objectId}</code> with its inherited fields.
          Ctrl+Enter evaluates.
        </p>
        <div className={styles.actions}>
          <button type="submit" className={cx(buttonCss.btn, buttonCss.primary)} disabled={draft.trim() === ""}>
            Evaluate
          </button>
          {examples.length > 0 ? (
            <span className={styles.examples}>
              <span className={cx(textCss.muted, textCss.small)}>Try:</span>
              {examples.map((ex) => (
                <button
                  key={ex}
                  type="button"
                  className={cx(buttonCss.btn, buttonCss.ghost, buttonCss.small)}
                  onClick={() => setDraft(ex)}
                >
                  {ex}
                </button>
              ))}
            </span>
          ) : null}
        </div>
      </form>
      <div className={styles.outcome} aria-live="polite">
        {search.expr.trim() === "" ? null : query.isPending ? (
          <p className={textCss.muted}>Evaluating…</p>
        ) : query.isError ? (
          <ErrorState error={query.error} title="Could not evaluate" onRetry={() => void query.refetch()} />
        ) : (
          <Outcome pipelineId={pipelineId} expression={search.expr} result={query.data} />
        )}
      </div>
    </section>
  );
}
