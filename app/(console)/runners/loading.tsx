import { Loading } from "@/components/states";

// Per page rather than for the whole console: a loading boundary above the pipeline layout would
// stream a 200 before that layout could answer 404 for a missing pipeline.
export default function PageLoading() {
  return <Loading label="Loading…" />;
}
