"use client";
// Import definition: paste or upload an AWS CLI definition file; problems are shown next to the
// objects they concern, and nothing is created unless the definition can be saved.

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { pipelineHref } from "@/components/links";
import type { ImportDefinitionResult, ImportProblems } from "@/lib/console/import-definition";
import { useImportDefinition } from "@/lib/query/use-import-definition";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import listCss from "@/components/ui/lists.module.css";
import pageCss from "@/components/ui/page.module.css";
import statesCss from "@/components/states.module.css";
import styles from "./import-view.module.css";
import tableCss from "@/components/ui/table.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

const EXAMPLE = JSON.stringify(
  {
    objects: [
      {
        id: "Default",
        name: "Default",
        workerGroup: "workerGroup",
        scheduleType: "cron",
        failureAndRerunMode: "CASCADE",
      },
      { id: "Schedule", name: "Every hour", type: "Schedule", period: "1 hour", startDateTime: "2030-01-01T00:00:00" },
      {
        id: "SayHello",
        name: "SayHello",
        type: "ShellCommandActivity",
        command: "echo hello #{@scheduledStartTime}",
        schedule: { ref: "Schedule" },
      },
    ],
  },
  null,
  2,
);

function ProblemReport({ problems }: { problems: ImportProblems }) {
  const general = [...problems.fatal, ...problems.general.errors];
  return (
    <>
      {general.length > 0 || problems.general.warnings.length > 0 ? (
        <ul className={cx(listCss.problemList, styles.stretch)}>
          {general.map((m, i) => (
            <li key={`g-${i}`} className={textCss.errorText}>
              {m}
            </li>
          ))}
          {problems.general.warnings.map((m, i) => (
            <li key={`w-${i}`}>Warning: {m}</li>
          ))}
        </ul>
      ) : null}
      <div className={cx(tableCss.wrap, styles.stretch)}>
        <table className={cx(tableCss.table, tableCss.compact)}>
          <caption>Objects in the file</caption>
          <thead>
            <tr>
              <th scope="col">Object</th>
              <th scope="col">Type</th>
              <th scope="col">Problems</th>
            </tr>
          </thead>
          <tbody>
            {problems.objects.map((o) => (
              <tr key={o.id} className={o.errors.length ? tableCss.rowError : undefined}>
                <th scope="row" className={textCss.mono}>
                  {o.id}
                </th>
                <td>{o.type ?? <span className={textCss.muted}>—</span>}</td>
                <td>
                  {o.errors.length === 0 && o.warnings.length === 0 ? (
                    <span className={textCss.muted}>none</span>
                  ) : (
                    <ul className={listCss.problemList}>
                      {o.errors.map((m, i) => (
                        <li key={`e-${i}`} className={textCss.errorText}>
                          {m}
                        </li>
                      ))}
                      {o.warnings.map((m, i) => (
                        <li key={`w-${i}`}>Warning: {m}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ResultPanel({
  result,
  onImportAnyway,
  busy,
}: {
  result: ImportDefinitionResult;
  onImportAnyway: () => void;
  busy: boolean;
}) {
  switch (result.status) {
    case "invalid-file":
      return (
        <div className={cx(statesCss.state, statesCss.error)} role="alert">
          <p className={statesCss.title}>This is not a definition file the AWS CLI would accept</p>
          <p className={statesCss.body}>{result.message}</p>
        </div>
      );
    case "rejected":
      return (
        <div className={styles.resultPanel} role="alert">
          <p className={cx(statesCss.title, textCss.errorText)}>
            The definition cannot be saved; no pipeline was created.
          </p>
          <ProblemReport problems={result} />
        </div>
      );
    case "has-errors":
      return (
        <div className={styles.resultPanel} role="alert">
          <p className={cx(statesCss.title, textCss.errorText)}>
            The definition has validation errors; no pipeline was created.
          </p>
          <p>
            Fix them and import again, or import anyway: the pipeline is created but cannot be activated until a
            corrected definition is put.
          </p>
          <ProblemReport problems={result} />
          <button type="button" className={buttonCss.btn} onClick={onImportAnyway} disabled={busy}>
            Import anyway
          </button>
        </div>
      );
    case "imported":
      return (
        <div className={styles.resultPanel} role="status">
          <p className={statesCss.title}>
            Imported as <Link href={pipelineHref(result.pipelineId)}>{result.pipelineId}</Link>
          </p>
        </div>
      );
  }
}

export function ImportView() {
  const router = useRouter();
  const mutation = useImportDefinition();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [definition, setDefinition] = useState("");
  const [fileNote, setFileNote] = useState("");
  const ids = { name: useId(), description: useId(), definition: useId(), file: useId(), hint: useId() };

  const submit = (acceptErrors: boolean) =>
    mutation.mutate(
      {
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        definition,
        acceptErrors,
      },
      { onSuccess: (result) => result.status === "imported" && router.push(pipelineHref(result.pipelineId)) },
    );

  return (
    <div className={cx(pageCss.page, pageCss.narrow)}>
      <nav aria-label="Breadcrumb" className={pageCss.breadcrumb}>
        <ol>
          <li>
            <Link href="/">Pipelines</Link>
          </li>
          <li aria-current="page">Import definition</li>
        </ol>
      </nav>
      <h1>Import definition</h1>
      <p className={pageCss.lead}>
        Creates a pipeline from a definition file in the AWS CLI format (
        <code>{'{"objects": […], "parameters": […], "values": {…}}'}</code>), the file
        <code> aws datapipeline put-pipeline-definition --pipeline-definition file://…</code> reads.
      </p>
      <form
        className={formCss.form}
        onSubmit={(e) => {
          e.preventDefault();
          submit(false);
        }}
      >
        <div className={formCss.row}>
          <label htmlFor={ids.name}>Pipeline name</label>
          <input
            id={ids.name}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={1024}
            autoComplete="off"
          />
        </div>
        <div className={formCss.row}>
          <label htmlFor={ids.description}>Description (optional)</label>
          <input
            id={ids.description}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={1024}
            autoComplete="off"
          />
        </div>
        <div className={formCss.row}>
          <label htmlFor={ids.file}>Upload a definition file</label>
          <input
            id={ids.file}
            type="file"
            accept=".json,application/json"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setDefinition(await file.text());
              setFileNote(`Loaded ${file.name} (${file.size} bytes)`);
              if (!name.trim()) setName(file.name.replace(/\.json$/i, ""));
            }}
          />
          {fileNote ? (
            <p className={pageCss.hint} aria-live="polite">
              {fileNote}
            </p>
          ) : null}
        </div>
        <div className={formCss.row}>
          <div className={formCss.labelRow}>
            <label htmlFor={ids.definition}>Definition JSON</label>
            <button
              type="button"
              className={cx(buttonCss.btn, buttonCss.ghost, buttonCss.small)}
              onClick={() => setDefinition(EXAMPLE)}
            >
              Insert an example
            </button>
          </div>
          <textarea
            id={ids.definition}
            className={textCss.mono}
            rows={16}
            value={definition}
            onChange={(e) => setDefinition(e.target.value)}
            spellCheck={false}
            aria-describedby={ids.hint}
            required
          />
          <p id={ids.hint} className={pageCss.hint}>
            Paste the file or upload it above. It is validated before anything is created.
          </p>
        </div>
        <div className={formCss.actions}>
          <button type="submit" className={cx(buttonCss.btn, buttonCss.primary)} disabled={mutation.isPending}>
            {mutation.isPending ? "Importing…" : "Import"}
          </button>
          <Link href="/" className={cx(buttonCss.btn, buttonCss.ghost)}>
            Cancel
          </Link>
        </div>
      </form>
      {mutation.data ? (
        <ResultPanel result={mutation.data} onImportAnyway={() => submit(true)} busy={mutation.isPending} />
      ) : null}
      {mutation.isError ? (
        <div className={cx(statesCss.state, statesCss.error)} role="alert">
          <p className={statesCss.title}>Import failed</p>
          <p className={statesCss.body}>{mutation.error.message}</p>
        </div>
      ) : null}
    </div>
  );
}
