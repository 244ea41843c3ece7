"use client";
// The path the browser asked for, for pages that explain why nothing is there. Read from the
// browser after hydration: on a not-found render the server's idea of the path can differ from the
// browser's, and a different text in the first client render is React's hydration error #418.
import { useSyncExternalStore } from "react";

const subscribe = (onChange: () => void) => {
  window.addEventListener("popstate", onChange);
  return () => window.removeEventListener("popstate", onChange);
};

export function useBrowserPath(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => window.location.pathname,
    () => null,
  );
}

export function CurrentPath() {
  const path = useBrowserPath();
  return <code>{path ?? "this address"}</code>;
}
