"use client";
// Anything that fails while rendering a console page lands here, inside the shell, with a retry.

import { useEffect } from "react";

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="state state-error" role="alert">
      <h1 className="state-title">This page could not be shown</h1>
      <p className="state-body">
        The server or the browser hit an unexpected error{error.digest ? ` (reference ${error.digest})` : ""}. Reloading usually helps; if it does not, the server log has the details.
      </p>
      <button type="button" className="btn" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
