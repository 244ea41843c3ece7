-- Every scheduler tick asks, for each scheduled pipeline, whether any instance waits on its
-- dependencies (findPipelinesToTick). (pipeline_id, sphere, status) answers that, but without
-- statistics (a fresh database, or autovacuum off) the planner took the partial instance schedule
-- index instead and read every instance of every pipeline on each tick. This index holds only the
-- waiting instances, so it is the cheapest way in whatever the statistics say, and it stays tiny:
-- an instance leaves it when it stops waiting, and attempts and components never enter it.
CREATE INDEX "pipeline_objects_waiting_idx" ON "pipeline_objects"("pipeline_id") WHERE "sphere" = 'INSTANCE' AND "status" = 'WAITING_ON_DEPENDENCIES';
