"use client";
// Admin › Access keys: the account's API credentials. Create one with a role — its secret is shown
// once, here, with the settings an SDK or the reference runner needs —, disable or enable it,
// delete it; the list shows when each was last used.

import { useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { ErrorState, Loading } from "@/components/states";
import { TimeAgo } from "@/components/time-ago";
import type { AccessKeyView, CreatedKeyView } from "@/lib/console/admin-keys";
import { keysQuery } from "@/lib/query/admin";
import { useCreateKey, useDeleteKey, useUpdateKey } from "@/lib/query/use-admin";
import bannerCss from "@/components/ui/banner.module.css";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import pageCss from "@/components/ui/page.module.css";
import panelCss from "@/components/ui/panel.module.css";
import styles from "./keys-view.module.css";
import tagCss from "@/components/ui/tag.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";
import { ACTIONS_COLUMN, ActionsCell, DataTable, EmptyRow } from "@/components/ui/data-table";
import { FormField } from "@/components/ui/form-field";

const KEY_ROLES = [
  {
    role: "runner",
    what: "a task runner: PollForTask, ReportTaskProgress, SetTaskStatus, ReportTaskRunnerHeartbeat, EvaluateExpression",
  },
  { role: "readonly", what: "reads: List, Describe, Get, Query, Validate, EvaluateExpression" },
  { role: "operator", what: "all 19 operations" },
  { role: "admin", what: "all 19 operations; meant for automation that also manages keys" },
] as const;

function NewSecret({ created, onDone }: { created: CreatedKeyView; onDone: () => void }) {
  const env = `AWS_ACCESS_KEY_ID=${created.key.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${created.secretAccessKey}`;
  return (
    <section className={panelCss.panel} aria-labelledby="new-key-title">
      <h2 id="new-key-title" className={panelCss.title}>
        New {created.key.role} key: copy the secret now
      </h2>
      <p className={cx(bannerCss.banner, bannerCss.warn)} role="note">
        This is the only time the secret is shown. Store it where the client that uses it can read it; if it is lost,
        create a new key and delete this one.
      </p>
      <dl className={panelCss.facts}>
        <dt>Access key id</dt>
        <dd className={textCss.mono} aria-label="Access key id">
          {created.key.accessKeyId}
        </dd>
        <dt>Secret access key</dt>
        <dd className={cx(textCss.mono, styles.secretOnce)} aria-label="Secret access key">
          {created.secretAccessKey}
        </dd>
      </dl>
      <div className={pageCss.actions}>
        <CopyButton text={created.secretAccessKey} label="Copy secret" />
        <CopyButton text={env} label="Copy as environment variables" />
        <button type="button" className={buttonCss.btn} onClick={onDone}>
          I have stored it
        </button>
      </div>
    </section>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (c: CreatedKeyView) => void }) {
  const create = useCreateKey();
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setError(null);
    try {
      onCreated(
        await create.mutateAsync({
          role: String(data.get("role")),
          description: String(data.get("description") ?? "") || undefined,
        }),
      );
      form.reset();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <form className={formCss.form} onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={panelCss.title}>
        New access key
      </h2>
      <div className={formCss.grid}>
        <FormField id={`${id}-role`} label="Key role">
          <select id={`${id}-role`} name="role" defaultValue="runner" aria-describedby={`${id}-roles`}>
            {KEY_ROLES.map((r) => (
              <option key={r.role} value={r.role}>
                {r.role}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id={`${id}-description`} label="Description (optional)">
          <input id={`${id}-description`} name="description" type="text" maxLength={256} autoComplete="off" />
        </FormField>
      </div>
      <ul id={`${id}-roles`} className={pageCss.hint}>
        {KEY_ROLES.map((r) => (
          <li key={r.role}>
            <strong>{r.role}</strong>: {r.what}
          </li>
        ))}
      </ul>
      {error ? (
        <p className={textCss.errorText} role="alert">
          {error}
        </p>
      ) : null}
      <div className={formCss.actions}>
        <button type="submit" className={cx(buttonCss.btn, buttonCss.primary)} disabled={create.isPending}>
          Create key
        </button>
      </div>
    </form>
  );
}

function KeyRow({ k, onDelete }: { k: AccessKeyView; onDelete: (id: string) => void }) {
  const update = useUpdateKey();
  return (
    <tr>
      <th scope="row" className={textCss.mono}>
        {k.accessKeyId}
        {k.description ? <div className={cx(textCss.muted, textCss.small)}>{k.description}</div> : null}
      </th>
      <td>{k.role}</td>
      <td>{k.disabled ? <span className={cx(tagCss.tag, tagCss.warn)}>disabled</span> : "enabled"}</td>
      <td>
        <TimeAgo iso={k.lastUsedAt} empty="never" />
      </td>
      <td className={textCss.small}>
        <TimeAgo iso={k.createdAt} />
        {k.createdBy ? <div className={textCss.muted}>{k.createdBy}</div> : null}
      </td>
      <ActionsCell group>
        <button
          type="button"
          className={cx(buttonCss.btn, buttonCss.small)}
          disabled={update.isPending}
          onClick={() => update.mutate({ accessKeyId: k.accessKeyId, disabled: !k.disabled })}
        >
          {k.disabled ? `Enable ${k.accessKeyId}` : `Disable ${k.accessKeyId}`}
        </button>
        <button
          type="button"
          className={cx(buttonCss.btn, buttonCss.small, buttonCss.danger)}
          onClick={() => onDelete(k.accessKeyId)}
        >
          Delete {k.accessKeyId}
        </button>
      </ActionsCell>
    </tr>
  );
}

export function KeysView() {
  const query = useQuery(keysQuery());
  const [created, setCreated] = useState<CreatedKeyView | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const del = useDeleteKey();
  return (
    <>
      <p className={pageCss.lead}>
        Access keys sign API calls (AWS Signature Version 4) as this account. Give each client its own key with the
        narrowest role.
      </p>
      {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
      {query.isPending ? (
        <Loading label="Loading access keys" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          caption="Access keys"
          columns={["Access key id", "Role", "State", "Last used", "Created", ACTIONS_COLUMN]}
        >
          {query.data.keys.length === 0 ? (
            <EmptyRow columns={6}>No access keys yet.</EmptyRow>
          ) : (
            query.data.keys.map((k) => <KeyRow key={k.accessKeyId} k={k} onDelete={setDeleting} />)
          )}
        </DataTable>
      )}
      <CreateKeyForm onCreated={setCreated} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting ?? ""}?`}
        confirmLabel="Delete"
        tone="danger"
        busy={del.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && del.mutate({ accessKeyId: deleting }, { onSettled: () => setDeleting(null) })}
      >
        <p>Clients signing with this key are refused from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
