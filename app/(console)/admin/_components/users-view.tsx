"use client";
// Admin › Users: who may use the console in this account, with which role; create a user with an
// initial password, change a role, disable or enable. Your own row cannot be demoted or disabled
// here (the server also refuses to leave the account without an enabled admin).

import { useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { ErrorState, Loading } from "@/components/states";
import { TimeAgo } from "@/components/time-ago";
import { CONSOLE_ROLES, ROLE_DESCRIPTIONS, type ConsoleRole } from "@/lib/console-auth/roles";
import type { AccountUserView } from "@/lib/console/admin-users";
import { usersQuery } from "@/lib/query/admin";
import { useCreateUser, useUpdateUser } from "@/lib/query/use-admin";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import pageCss from "@/components/ui/page.module.css";
import panelCss from "@/components/ui/panel.module.css";
import tagCss from "@/components/ui/tag.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";
import { ACTIONS_COLUMN, ActionsCell, DataTable } from "@/components/ui/data-table";
import { FormField } from "@/components/ui/form-field";

function CreateUserForm() {
  const create = useCreateUser();
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setError(null);
    try {
      await create.mutateAsync({
        email: String(data.get("email") ?? ""),
        name: String(data.get("name") ?? "") || undefined,
        role: String(data.get("role")) as ConsoleRole,
        password: String(data.get("password") ?? ""),
      });
      form.reset();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <form className={formCss.form} onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={panelCss.title}>
        New user
      </h2>
      <div className={formCss.grid}>
        <FormField id={`${id}-email`} label="Email">
          <input id={`${id}-email`} name="email" type="email" required autoComplete="off" />
        </FormField>
        <FormField id={`${id}-name`} label="Name (optional)">
          <input id={`${id}-name`} name="name" type="text" autoComplete="off" />
        </FormField>
        <FormField id={`${id}-role`} label="Role">
          <select id={`${id}-role`} name="role" defaultValue="viewer">
            {CONSOLE_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id={`${id}-password`} label="Initial password">
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            required
            minLength={12}
            autoComplete="new-password"
            aria-describedby={`${id}-password-hint`}
          />
          <p id={`${id}-password-hint`} className={pageCss.hint}>
            At least 12 characters. Hand it over through a channel you trust.
          </p>
        </FormField>
      </div>
      {error ? (
        <p className={textCss.errorText} role="alert">
          {error}
        </p>
      ) : null}
      <div className={formCss.actions}>
        <button type="submit" className={cx(buttonCss.btn, buttonCss.primary)} disabled={create.isPending}>
          Create user
        </button>
      </div>
    </form>
  );
}

function UserRow({ user, isSelf }: { user: AccountUserView; isSelf: boolean }) {
  const update = useUpdateUser();
  const roleId = useId();
  return (
    <tr>
      <th scope="row">
        {user.email}
        {user.name ? <div className={cx(textCss.muted, textCss.small)}>{user.name}</div> : null}
        {isSelf ? <div className={cx(textCss.muted, textCss.small)}>you</div> : null}
      </th>
      <td>
        <label htmlFor={roleId} className="sr-only">
          Role of {user.email}
        </label>
        <select
          id={roleId}
          value={user.role}
          disabled={isSelf || update.isPending}
          onChange={(e) => update.mutate({ userId: user.id, role: e.target.value as ConsoleRole })}
        >
          {CONSOLE_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>{user.disabled ? <span className={cx(tagCss.tag, tagCss.warn)}>disabled</span> : "enabled"}</td>
      <td>{user.signIn}</td>
      <td>
        <TimeAgo iso={user.lastSeenAt} empty="never" />
      </td>
      <ActionsCell>
        {isSelf ? null : (
          <button
            type="button"
            className={cx(buttonCss.btn, buttonCss.small)}
            disabled={update.isPending}
            onClick={() => update.mutate({ userId: user.id, disabled: !user.disabled })}
          >
            {user.disabled ? `Enable ${user.email}` : `Disable ${user.email}`}
          </button>
        )}
      </ActionsCell>
    </tr>
  );
}

export function UsersView({ selfEmail }: { selfEmail: string }) {
  const query = useQuery(usersQuery());
  return (
    <>
      <p className={pageCss.lead}>
        Roles: <strong>viewer</strong> — {ROLE_DESCRIPTIONS.viewer} <strong>operator</strong> —{" "}
        {ROLE_DESCRIPTIONS.operator} <strong>admin</strong> — {ROLE_DESCRIPTIONS.admin}
      </p>
      {query.isPending ? (
        <Loading label="Loading users" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          caption="Console users"
          columns={["User", "Role", "State", "Signs in with", "Last seen", ACTIONS_COLUMN]}
        >
          {query.data.users.map((u) => (
            <UserRow key={u.id} user={u} isSelf={u.email.toLowerCase() === selfEmail.toLowerCase()} />
          ))}
        </DataTable>
      )}
      <CreateUserForm />
    </>
  );
}
