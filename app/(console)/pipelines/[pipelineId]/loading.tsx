import { Loading } from "@/components/states";

export default function PipelineTabLoading() {
  return <Loading label="Loading…" />;
}
