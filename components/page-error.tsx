"use client";
// What a console page shows when rendering fails: inside the shell, with a retry. The heading level
// follows where it appears (a whole page, or a tab inside the pipeline frame).

import { useEffect } from "react";
import buttonCss from "@/components/ui/button.module.css";
import statesCss from "./states.module.css";
import { cx } from "@/components/ui/cx";

export function PageError({
  error,
  reset,
  heading,
}: {
  error: Error & { digest?: string };
  reset: () => void;
  heading: "h1" | "h2";
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const Heading = heading;
  return (
    <div className={cx(statesCss.state, statesCss.error)} role="alert">
      <Heading className={statesCss.title}>This page could not be shown</Heading>
      <p className={statesCss.body}>
        The server or the browser hit an unexpected error{error.digest ? ` (reference ${error.digest})` : ""}. Reloading
        usually helps; if it does not, the server log has the details.
      </p>
      <button type="button" className={buttonCss.btn} onClick={reset}>
        Try again
      </button>
    </div>
  );
}
