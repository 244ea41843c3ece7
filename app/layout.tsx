import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Inline, so the icon costs no request and needs no file outside the app's own folders.
const ICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0a58ca"/><path d="M2 5h4v3H2zM10 2h4v3h-4zM10 10h4v3h-4zM6 6.5h2v-3h2M8 6.5v5h2" fill="none" stroke="#fff" stroke-width="1.2"/></svg>',
  );

export const metadata: Metadata = {
  title: { default: "pipelinehouse", template: "%s · pipelinehouse" },
  description: "Self-hosted AWS Data Pipeline control plane",
  icons: { icon: ICON },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
