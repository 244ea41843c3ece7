"use client";
// Everything client-side the console needs: the query cache, the live-refresh setting and toasts.

import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { getQueryClient } from "@/lib/query/query-client";
import { RefreshSettingsProvider } from "./refresh-settings";
import { ToastProvider } from "./toaster";

export function Providers({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  return (
    <QueryClientProvider client={queryClient}>
      <RefreshSettingsProvider>
        <ToastProvider>{children}</ToastProvider>
      </RefreshSettingsProvider>
    </QueryClientProvider>
  );
}
