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
    <section className="panel" aria-labelledby="new-key-title">
      <h2 id="new-key-title" className="panel-title">
        New {created.key.role} key: copy the secret now
      </h2>
      <p className="banner banner-warn" role="note">
        This is the only time the secret is shown. Store it where the client that uses it can read it; if it is lost,
        create a new key and delete this one.
      </p>
      <dl className="facts">
        <dt>Access key id</dt>
        <dd className="mono" aria-label="Access key id">
          {created.key.accessKeyId}
        </dd>
        <dt>Secret access key</dt>
        <dd className="mono secret-once" aria-label="Secret access key">
          {created.secretAccessKey}
        </dd>
      </dl>
      <div className="actions">
        <CopyButton text={created.secretAccessKey} label="Copy secret" />
        <CopyButton text={env} label="Copy as environment variables" />
        <button type="button" className="btn" onClick={onDone}>
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
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel-title">
        New access key
      </h2>
      <div className="form-grid">
        <div className="form-row">
          <label htmlFor={`${id}-role`}>Key role</label>
          <select id={`${id}-role`} name="role" defaultValue="runner" aria-describedby={`${id}-roles`}>
            {KEY_ROLES.map((r) => (
              <option key={r.role} value={r.role}>
                {r.role}
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <label htmlFor={`${id}-description`}>Description (optional)</label>
          <input id={`${id}-description`} name="description" type="text" maxLength={256} autoComplete="off" />
        </div>
      </div>
      <ul id={`${id}-roles`} className="hint">
        {KEY_ROLES.map((r) => (
          <li key={r.role}>
            <strong>{r.role}</strong>: {r.what}
          </li>
        ))}
      </ul>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
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
      <th scope="row" className="mono">
        {k.accessKeyId}
        {k.description ? <div className="muted small">{k.description}</div> : null}
      </th>
      <td>{k.role}</td>
      <td>{k.disabled ? <span className="tag tag-warn">disabled</span> : "enabled"}</td>
      <td>
        <TimeAgo iso={k.lastUsedAt} empty="never" />
      </td>
      <td className="small">
        <TimeAgo iso={k.createdAt} />
        {k.createdBy ? <div className="muted">{k.createdBy}</div> : null}
      </td>
      <td className="cell-actions">
        <div className="actions">
          <button
            type="button"
            className="btn btn-small"
            disabled={update.isPending}
            onClick={() => update.mutate({ accessKeyId: k.accessKeyId, disabled: !k.disabled })}
          >
            {k.disabled ? `Enable ${k.accessKeyId}` : `Disable ${k.accessKeyId}`}
          </button>
          <button type="button" className="btn btn-small btn-danger" onClick={() => onDelete(k.accessKeyId)}>
            Delete {k.accessKeyId}
          </button>
        </div>
      </td>
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
      <p className="lead">
        Access keys sign API calls (AWS Signature Version 4) as this account. Give each client its own key with the
        narrowest role.
      </p>
      {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
      {query.isPending ? (
        <Loading label="Loading access keys" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Access keys</caption>
            <thead>
              <tr>
                <th scope="col">Access key id</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Last used</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {query.data.keys.length === 0 ? (
                <tr>
                  <td colSpan={6} className="muted">
                    No access keys yet.
                  </td>
                </tr>
              ) : (
                query.data.keys.map((k) => <KeyRow key={k.accessKeyId} k={k} onDelete={setDeleting} />)
              )}
            </tbody>
          </table>
        </div>
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
