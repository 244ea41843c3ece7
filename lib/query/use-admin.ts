"use client";
// The Admin pages' mutations: users (create, role, disable) and access keys.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/lib/notices/toast-context";
import type { ConsoleRole } from "@/lib/console-auth/roles";
import type { AccessKeyView, CreatedKeyView } from "@/lib/console/admin-keys";
import type { AccountUserView } from "@/lib/console/admin-users";
import { adminKeys } from "./admin";
import { apiPost, enc } from "./api-client";
import { auditKeys } from "./audit";

export function useCreateUser() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (input: { email: string; name?: string; role: ConsoleRole; password: string }) =>
      apiPost<{ user: AccountUserView }>("/api/console/admin/users", input),
    onSuccess: ({ user }) =>
      toast.push({
        tone: "success",
        title: `User created: ${user.email}`,
        detail: `Role ${user.role}. Give them their password through a channel you trust.`,
      }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.users }),
        client.invalidateQueries({ queryKey: auditKeys.all }),
      ]),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ userId, ...change }: { userId: string; role?: ConsoleRole; disabled?: boolean }) =>
      apiPost<{ user: AccountUserView }>(`/api/console/admin/users/${enc(userId)}`, change),
    onSuccess: ({ user }) =>
      toast.push({ tone: "success", title: `${user.email}: ${user.disabled ? "disabled" : user.role}` }),
    onError: (error) => toast.push({ tone: "error", title: "Could not change the user", detail: error.message }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.users }),
        client.invalidateQueries({ queryKey: auditKeys.all }),
      ]),
  });
}

export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { role: string; description?: string }) =>
      apiPost<CreatedKeyView>("/api/console/admin/keys", input),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.keys }),
        client.invalidateQueries({ queryKey: auditKeys.all }),
      ]),
  });
}

export function useUpdateKey() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ accessKeyId, disabled }: { accessKeyId: string; disabled: boolean }) =>
      apiPost<{ key: AccessKeyView }>(`/api/console/admin/keys/${enc(accessKeyId)}`, { disabled }),
    onSuccess: ({ key }) =>
      toast.push({ tone: "success", title: `${key.accessKeyId} ${key.disabled ? "disabled" : "enabled"}` }),
    onError: (error) => toast.push({ tone: "error", title: "Could not change the key", detail: error.message }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.keys }),
        client.invalidateQueries({ queryKey: auditKeys.all }),
      ]),
  });
}

export function useDeleteKey() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ accessKeyId }: { accessKeyId: string }) =>
      apiPost<{ deleted: string }>(`/api/console/admin/keys/${enc(accessKeyId)}/delete`, {}),
    onSuccess: ({ deleted }) => toast.push({ tone: "success", title: `${deleted} deleted` }),
    onError: (error) => toast.push({ tone: "error", title: "Could not delete the key", detail: error.message }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.keys }),
        client.invalidateQueries({ queryKey: auditKeys.all }),
      ]),
  });
}
