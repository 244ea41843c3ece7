-- Issue #16: the runner cycle's updates become HOT updates (no index writes), which needs every
-- index to leave alone the columns the cycle changes.
--
-- tasks: an acknowledgement renews lease_expires_at, which tasks_lease_expiry_idx indexed, so
-- every ReportTaskProgress wrote an index entry. The expiry sweeps only need the leased rows (as
-- many as hand-outs in flight): a partial index of them by pk, a key nothing ever changes.
CREATE INDEX "tasks_leased_idx" ON "tasks"("pk") WHERE "state" = 'LEASED';
DROP INDEX "tasks_lease_expiry_idx";

-- pipeline_objects: the cycle moves an attempt and its instance WAITING_FOR_RUNNER -> RUNNING ->
-- FINISHED, and `status` was indexed ((pipeline_id, sphere, status), and the predicate of the
-- waiting index). Postgres decides HOT by column: any index that reads `status` makes every
-- status change a non-HOT update. The indexes read instead a stored generated column that is
-- NULL for the three statuses of the cycle and the status otherwise: those moves leave it NULL
-- (HOT), while lookups of the other statuses (waiting on dependencies, paused, failed...) stay
-- index lookups. The column is computed by Postgres; the application never writes it.
-- (Adding a stored generated column rewrites the table once, under its lock.)
ALTER TABLE "pipeline_objects" ADD COLUMN "off_cycle_status" TEXT GENERATED ALWAYS AS (
  CASE WHEN "status" IN ('WAITING_FOR_RUNNER', 'RUNNING', 'FINISHED') THEN NULL ELSE "status" END) STORED;
CREATE INDEX "pipeline_objects_pipeline_id_sphere_off_cycle_status_idx" ON "pipeline_objects"("pipeline_id", "sphere", "off_cycle_status");
DROP INDEX "pipeline_objects_pipeline_id_sphere_status_idx";
CREATE INDEX "pipeline_objects_waiting_on_deps_idx" ON "pipeline_objects"("pipeline_id") WHERE "sphere" = 'INSTANCE' AND "off_cycle_status" = 'WAITING_ON_DEPENDENCIES';
DROP INDEX "pipeline_objects_waiting_idx";

-- A HOT update puts the new row version on the same page, so the page needs room for it: the
-- attempt of a cycle is written three times after its insert (hand-out, acknowledgement, FINISHED)
-- and its instance three times, and a version can only be pruned once no transaction still sees
-- it. Fill factors leave that room in pages written from now on (existing pages keep theirs until
-- rewritten). tasks only holds live work, so its size does not matter; the run history grows, so
-- it gives up less.
ALTER TABLE "tasks" SET (fillfactor = 50);
ALTER TABLE "pipeline_objects" SET (fillfactor = 70);
