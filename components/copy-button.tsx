"use client";

import { useState } from "react";
import buttonCss from "@/components/ui/button.module.css";

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  return (
    <button
      type="button"
      className={buttonCss.btn}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setCopied("done"),
          () => setCopied("failed"),
        );
        window.setTimeout(() => setCopied("idle"), 2_000);
      }}
    >
      <span aria-live="polite">{copied === "done" ? "Copied" : copied === "failed" ? "Copy failed" : label}</span>
    </button>
  );
}

export function DownloadButton({
  text,
  filename,
  label = "Download",
}: {
  text: string;
  filename: string;
  label?: string;
}) {
  return (
    <button
      type="button"
      className={buttonCss.btn}
      onClick={() => {
        const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = filename;
        a.click();
        URL.revokeObjectURL(url);
      }}
    >
      {label}
    </button>
  );
}
