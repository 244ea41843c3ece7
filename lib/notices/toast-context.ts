"use client";
// The channel mutation hooks (lib/query/use-*.ts) announce their outcome on; components/toaster.tsx
// provides it and shows the notices. Here, in lib, so that lib never imports from components.

import { createContext, useContext } from "react";

type ToastTone = "success" | "error" | "info";

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  detail?: string;
}

export interface ToastApi {
  push: (toast: Omit<Toast, "id">) => void;
}

export const ToastContext = createContext<ToastApi>({ push: () => undefined });

export function useToast(): ToastApi {
  return useContext(ToastContext);
}
