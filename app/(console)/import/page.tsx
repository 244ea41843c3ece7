import type { Metadata } from "next";
import { requirePageSession } from "@/lib/console-auth/page-session";
import { roleAllows } from "@/lib/console-auth/roles";
import { ImportView } from "../_components/import-view";
import bannerCss from "@/components/ui/banner.module.css";
import pageCss from "@/components/ui/page.module.css";
import { cx } from "@/components/ui/cx";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import definition" };

export default async function ImportPage() {
  const session = await requirePageSession();
  if (!roleAllows(session.role, "operator")) {
    return (
      <div className={cx(pageCss.page, pageCss.narrow)}>
        <h1>Import definition</h1>
        <p className={cx(bannerCss.banner, bannerCss.info)} role="note">
          Importing needs the operator role; you are a viewer. Ask an admin of {session.accountName} for it.
        </p>
      </div>
    );
  }
  return <ImportView />;
}
