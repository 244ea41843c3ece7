"use client";
// Definition tab: the definition as `aws datapipeline get-pipeline-definition` prints it, latest or
// active, with copy and download, and the validation results of that version.

import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { CopyButton, DownloadButton } from "@/components/copy-button";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { Time } from "@/components/time";
import type { DefinitionView as DefinitionData } from "@/lib/console/get-definition";
import { definitionQuery } from "@/lib/query/definition";
import { DefinitionSearch } from "@/lib/query/search-params";
import { useUrlState } from "./use-url-state";
import formCss from "@/components/ui/form.module.css";
import listCss from "@/components/ui/lists.module.css";
import textCss from "@/components/ui/text.module.css";
import bannerCss from "@/components/ui/banner.module.css";
import { cx } from "@/components/ui/cx";

const DEFAULTS = { version: "latest" };
type DefinitionQueryResult = UseQueryResult<DefinitionData>;

export function DefinitionView({ pipelineId }: { pipelineId: string }) {
  const [search, setSearch] = useUrlState(DefinitionSearch, DEFAULTS);
  const live = useLiveQueryOptions();
  const query = useQuery({ ...definitionQuery(pipelineId, search.version), ...live });
  const data = query.data;
  const json = data?.available ? JSON.stringify(data.file, null, 2) : "";

  return (
    <div>
      <div className={formCss.toolbar}>
        <fieldset className={formCss.segmented}>
          <legend className="sr-only">Definition version</legend>
          {(["latest", "active"] as const).map((v) => (
            <label key={v} className={formCss.segmentedOption}>
              <input
                type="radio"
                name="definition-version"
                value={v}
                checked={search.version === v}
                onChange={() => setSearch({ version: v })}
              />
              <span>{v === "latest" ? "Latest" : "Active"}</span>
            </label>
          ))}
        </fieldset>
        {data?.available ? (
          <>
            <p className={formCss.toolbarNote}>
              Version {data.version}, saved <Time iso={data.createdAt} />
              {data.activatedAt ? (
                <>
                  , activated <Time iso={data.activatedAt} />
                </>
              ) : null}
            </p>
            <div className={formCss.toolbarEnd}>
              <CopyButton text={json} label="Copy JSON" />
              <DownloadButton
                text={json}
                filename={`${pipelineId}-${search.version}-v${data.version}.json`}
                label="Download"
              />
            </div>
          </>
        ) : null}
      </div>
      <DefinitionBody version={search.version} query={query} json={json} />
    </div>
  );
}

function DefinitionBody({ version, query, json }: { version: string; query: DefinitionQueryResult; json: string }) {
  const data = query.data;
  if (query.isPending) return <Loading label="Loading the definition…" />;
  if (!data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!data.available) {
    return (
      <Empty title={version === "active" ? "No active definition" : "No definition"}>
        <p>{data.reason}</p>
      </Empty>
    );
  }
  return (
    <>
      {data.validationErrors.length > 0 || data.validationWarnings.length > 0 ? (
        <div className={cx(bannerCss.banner, data.errored ? bannerCss.error : bannerCss.warn)} role="note">
          <strong>{data.errored ? "Validation errors (cannot be activated)" : "Validation warnings"}</strong>
          <ul className={listCss.problemList}>
            {data.validationErrors.flatMap((e) =>
              (e.errors ?? []).map((m, i) => (
                <li key={`e-${e.id}-${i}`}>
                  <span className={textCss.mono}>{e.id}</span>: {m}
                </li>
              )),
            )}
            {data.validationWarnings.flatMap((w) =>
              (w.warnings ?? []).map((m, i) => (
                <li key={`w-${w.id}-${i}`}>
                  <span className={textCss.mono}>{w.id}</span> (warning): {m}
                </li>
              )),
            )}
          </ul>
        </div>
      ) : null}
      <pre className={textCss.codeBlock} tabIndex={0} aria-label={`Definition JSON, ${version} version`}>
        {json}
      </pre>
    </>
  );
}
