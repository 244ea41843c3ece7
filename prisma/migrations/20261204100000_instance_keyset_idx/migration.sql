-- Issue #16, the console's Instances tab at millions of rows: its pages are a pipeline's instances
-- in pk order (keyset: pk > the previous page's last). No index had (pipeline_id, pk) for instances,
-- so a page walked the pipeline's whole history (or the whole table by pk) and sorted it. This one
-- is read in order and stops after a page. pk, pipeline_id and sphere never change after the
-- insert, so the runner cycle's updates stay HOT (they change status and times, never these).
CREATE INDEX "pipeline_objects_instance_pk_idx" ON "pipeline_objects"("pipeline_id", "pk") WHERE "sphere" = 'INSTANCE';
