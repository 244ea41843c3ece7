// The Admin pages: the account's console users and access keys (mutations: use-admin.ts).
import { queryOptions } from "@tanstack/react-query";
import type { AccessKeyView } from "@/lib/console/admin-keys";
import type { AccountUserView } from "@/lib/console/admin-users";
import { apiGet } from "./api-client";

export const adminKeys = {
  users: ["admin", "users"] as const,
  keys: ["admin", "keys"] as const,
};

export const usersQuery = () =>
  queryOptions({
    queryKey: adminKeys.users,
    queryFn: ({ signal }) => apiGet<{ users: AccountUserView[] }>("/api/console/admin/users", { signal }),
  });

export const keysQuery = () =>
  queryOptions({
    queryKey: adminKeys.keys,
    queryFn: ({ signal }) => apiGet<{ keys: AccessKeyView[] }>("/api/console/admin/keys", { signal }),
  });
