"use client";
// The frame of every console page: skip link, banner with navigation and the live-refresh
// setting, and the main landmark.

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { RefreshControl } from "@/components/refresh-settings";
import { useSignedInUser } from "@/components/session-context";
import { roleAllows } from "@/lib/console-auth/roles";
import { SignOutButton } from "./sign-out-button";
import styles from "./console-shell.module.css";
import tagCss from "@/components/ui/tag.module.css";

const NAV = [
  {
    href: "/",
    label: "Pipelines",
    isActive: (p: string) => p === "/" || p.startsWith("/pipelines") || p === "/import",
  },
  { href: "/worker-groups", label: "Worker groups", isActive: (p: string) => p.startsWith("/worker-groups") },
  { href: "/runners", label: "Runners", isActive: (p: string) => p.startsWith("/runners") },
  { href: "/audit", label: "Audit log", isActive: (p: string) => p.startsWith("/audit") },
];

const ADMIN_NAV = { href: "/admin/users", label: "Admin", isActive: (p: string) => p.startsWith("/admin") };

export function ConsoleShell({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? "/";
  const user = useSignedInUser();
  const nav = user && roleAllows(user.role, "admin") ? [...NAV, ADMIN_NAV] : NAV;
  return (
    <>
      <a className={styles.skipLink} href="#main">
        Skip to content
      </a>
      <header className={styles.topbar}>
        <Link href="/" className={styles.brand}>
          <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true" focusable="false">
            <path
              d="M1 4h5v3H1zM10 1h5v3h-5zM10 9h5v3h-5zM6 5.5h2v-3h2M8 5.5v5h2"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
            />
          </svg>
          pipelinehouse
        </Link>
        <nav aria-label="Main">
          <ul className={styles.navList}>
            {nav.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className={styles.navLink}
                  aria-current={item.isActive(pathname) ? "page" : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className={styles.topbarEnd}>
          <RefreshControl />
          {user ? (
            <div className={styles.topbarUser}>
              <span>
                <span className="sr-only">Signed in as </span>
                {user.email} <span className={tagCss.tag}>{user.role}</span>
              </span>
              <SignOutButton />
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" className={styles.main} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
