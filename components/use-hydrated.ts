"use client";
// Whether this render is in the browser after hydration: false in the server's HTML and the first
// client render (so they match), true from then on. A control that only works through a JS
// handler is disabled until then; otherwise a click on the server's HTML before hydration is lost
// without a sign (seen in CI: Sign out clicked right after a navigation did nothing).
import { useSyncExternalStore } from "react";

const noChange = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noChange,
    () => true,
    () => false,
  );
}
