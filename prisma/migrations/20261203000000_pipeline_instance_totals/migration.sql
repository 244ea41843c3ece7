-- Issue #16, a history that stays fast: the console's counts of instances by status read every
-- instance a pipeline ever had (since 20261202000000_hot_cycle_indexes no index reads `status`,
-- and FINISHED shares off_cycle_status' NULL with WAITING_FOR_RUNNER and RUNNING). The counts are
-- now put together from pieces that do not grow with finished history
-- (lib/store/instance-status-counts.ts): this exact total of instances per pipeline, the
-- off-cycle statuses from their index, the live WAITING_FOR_RUNNER / RUNNING ones from the tasks
-- of live work, and FINISHED as what is left.
--
-- The total changes only when instances are inserted or deleted, never when one changes status,
-- so it is kept by statement-level triggers on INSERT and DELETE (not UPDATE): the runner cycle's
-- updates never touch it. An insert statement without instances (the attempts the cycle adds)
-- writes nothing here. Instances of one pipeline are created under that pipeline's scheduling
-- (its tick lock or its activation), so the row of a pipeline is not a point many writers queue on.
-- Writers wait until this migration commits, so the count below and the triggers see the same rows.
LOCK TABLE "pipeline_objects" IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE "pipeline_instance_totals" (
  "pipeline_id" TEXT NOT NULL PRIMARY KEY,
  "instances" BIGINT NOT NULL
);

INSERT INTO "pipeline_instance_totals" ("pipeline_id", "instances")
SELECT "pipeline_id", count(*) FROM "pipeline_objects" WHERE "sphere" = 'INSTANCE' GROUP BY "pipeline_id";

CREATE FUNCTION "pipeline_instance_totals_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pipeline_instance_totals (pipeline_id, instances)
  SELECT pipeline_id, count(*) FROM inserted_rows WHERE sphere = 'INSTANCE' GROUP BY pipeline_id
  ORDER BY pipeline_id -- one lock order for statements that insert for several pipelines
  ON CONFLICT (pipeline_id) DO UPDATE SET instances = pipeline_instance_totals.instances + excluded.instances;
  RETURN NULL;
END $$;

CREATE FUNCTION "pipeline_instance_totals_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An UPDATE rather than an upsert: a pipeline's row exists from its first instance on. (No
  -- foreign key to pipelines: a pipeline deleted with its objects leaves its row at zero.)
  UPDATE pipeline_instance_totals t SET instances = t.instances - d.n
  FROM (SELECT pipeline_id, count(*) AS n FROM deleted_rows WHERE sphere = 'INSTANCE' GROUP BY pipeline_id ORDER BY pipeline_id) d
  WHERE t.pipeline_id = d.pipeline_id;
  RETURN NULL;
END $$;

CREATE FUNCTION "pipeline_instance_totals_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM pipeline_instance_totals;
  RETURN NULL;
END $$;

CREATE TRIGGER "pipeline_instance_totals_insert" AFTER INSERT ON "pipeline_objects"
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION "pipeline_instance_totals_insert"();
CREATE TRIGGER "pipeline_instance_totals_delete" AFTER DELETE ON "pipeline_objects"
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION "pipeline_instance_totals_delete"();
CREATE TRIGGER "pipeline_instance_totals_truncate" AFTER TRUNCATE ON "pipeline_objects"
  FOR EACH STATEMENT EXECUTE FUNCTION "pipeline_instance_totals_truncate"();

-- FINISHED is the total less every other status, so an instance without a status (shown as
-- PENDING) would be counted as FINISHED. The scheduler always writes a status
-- (lib/store/runtime-objects.ts); this makes that a rule for every row written from now on.
-- (NOT VALID: no scan of the existing history at start-up.)
ALTER TABLE "pipeline_objects" ADD CONSTRAINT "pipeline_objects_instance_has_status_check"
  CHECK ("sphere" <> 'INSTANCE' OR "status" IS NOT NULL) NOT VALID;
