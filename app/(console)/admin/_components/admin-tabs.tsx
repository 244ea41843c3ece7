import Link from "next/link";
import tabsCss from "@/components/ui/tabs.module.css";

const TABS = [
  { id: "users", href: "/admin/users", label: "Users" },
  { id: "keys", href: "/admin/keys", label: "Access keys" },
] as const;

export function AdminTabs({ current }: { current: (typeof TABS)[number]["id"] }) {
  return (
    <>
      <h1>Admin</h1>
      <nav aria-label="Admin" className={tabsCss.tabs}>
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <Link href={t.href} className={tabsCss.tab} aria-current={t.id === current ? "page" : undefined}>
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
