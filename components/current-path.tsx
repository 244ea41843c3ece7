"use client";
// The path the browser asked for, for pages that explain why nothing is there.
import { usePathname } from "next/navigation";

export function CurrentPath() {
  return <code>{usePathname() ?? "/"}</code>;
}
