"use client";
// A failing tab keeps the pipeline's header and tabs around it.

import { PageError } from "@/components/page-error";

export default function PipelineTabError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError {...props} heading="h2" />;
}
