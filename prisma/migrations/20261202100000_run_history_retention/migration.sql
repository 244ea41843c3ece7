-- Retention of finished runs (RUN_HISTORY_RETENTION_DAYS, lib/store/run-history.ts) walks the runs
-- older than the cutoff by scheduled start. This index lets it find them without reading the whole
-- history. It holds instances only, and the scheduled start is written once when an instance is
-- created: the runner cycle's updates never touch an indexed column of it (they stay HOT).
CREATE INDEX "pipeline_objects_run_start_idx" ON "pipeline_objects"("scheduled_start_time", "pipeline_id") WHERE "sphere" = 'INSTANCE';
