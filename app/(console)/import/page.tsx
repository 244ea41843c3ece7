import type { Metadata } from "next";
import { ImportView } from "../_components/import-view";

export const metadata: Metadata = { title: "Import definition" };

export default function ImportPage() {
  return <ImportView />;
}
