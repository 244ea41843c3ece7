"use client";
// Anything that fails while rendering a console page lands here.

import { PageError } from "@/components/page-error";

export default function ConsoleError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError {...props} heading="h1" />;
}
