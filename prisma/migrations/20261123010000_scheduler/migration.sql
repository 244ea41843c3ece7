-- Scheduler and leasing: runtime columns on instances and attempts, the dependency edges between
-- instances, and what a task row needs to be handed out and timed out without further lookups.

ALTER TABLE "pipeline_objects"
    ADD COLUMN "node_id" TEXT,
    ADD COLUMN "worker_group" TEXT,
    ADD COLUMN "hostname" TEXT,
    ADD COLUMN "error_id" TEXT,
    ADD COLUMN "error_message" TEXT,
    ADD COLUMN "error_stack_trace" TEXT,
    ADD COLUMN "cascade_failed_on" TEXT,
    ADD COLUMN "reported_progress_at" TIMESTAMPTZ(3),
    -- the attempt number a rerun started from, so @triesLeft counts from the rerun
    ADD COLUMN "run_start_attempt" INTEGER NOT NULL DEFAULT 1;
-- Planning asks for the latest instance of each component.
CREATE INDEX "pipeline_objects_component_schedule_idx" ON "pipeline_objects"("pipeline_id", "component_id", "scheduled_start_time") WHERE "sphere" = 'INSTANCE';

-- An instance waits until every instance it depends on is FINISHED. The target is named by id,
-- which is deterministic (@<component>_<scheduledStartTime>), so it may not exist yet.
CREATE TABLE "instance_dependencies" (
    "pipeline_id" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "depends_on_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    CONSTRAINT "instance_dependencies_pkey" PRIMARY KEY ("pipeline_id", "instance_id", "depends_on_id")
);
CREATE INDEX "instance_dependencies_target_idx" ON "instance_dependencies"("pipeline_id", "depends_on_id");
ALTER TABLE "instance_dependencies" ADD CONSTRAINT "instance_dependencies_pipeline_id_fkey"
    FOREIGN KEY ("pipeline_id") REFERENCES "pipelines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "tasks"
    ADD COLUMN "instance_id" TEXT NOT NULL DEFAULT '',
    ADD COLUMN "is_precondition" BOOLEAN NOT NULL DEFAULT false,
    -- The TaskObject's objects, resolved and evaluated when the attempt became ready.
    ADD COLUMN "payload" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "progress_timeout_seconds" INTEGER,
    -- attemptTimeout counted from the first hand-out
    ADD COLUMN "attempt_timeout_seconds" INTEGER,
    ADD COLUMN "deadline_at" TIMESTAMPTZ(3),
    ADD COLUMN "last_progress_at" TIMESTAMPTZ(3);
CREATE INDEX "tasks_deadline_idx" ON "tasks"("deadline_at") WHERE "state" = 'LEASED' AND "deadline_at" IS NOT NULL;
CREATE INDEX "tasks_due_idx" ON "tasks"("ready_at") WHERE "state" = 'READY';

-- Finished queue rows are deleted, so the queue table stays small; keep vacuum eager on it anyway.
ALTER TABLE "tasks" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 500, fillfactor = 80);
