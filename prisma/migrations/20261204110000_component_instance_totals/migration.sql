-- Issue #16, a history that stays fast: the console's "N instances" of each component (pipeline
-- overview, component pages) counted every instance the pipeline ever had, by component. They are
-- now kept per (pipeline, component) the way 20261203000000_pipeline_instance_totals keeps them
-- per pipeline: by the same statement-level triggers on INSERT and DELETE, never on UPDATE (an
-- instance's component never changes, and the runner cycle's status updates do not write here).
-- An insert statement without instances (the attempts the cycle adds) writes nothing here either.
-- Read by countInstancesByComponent (lib/store/console-instances.ts).
-- Writers wait until this migration commits, so the count below and the triggers see the same rows.
LOCK TABLE "pipeline_objects" IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE "pipeline_component_instance_totals" (
  "pipeline_id" TEXT NOT NULL,
  "component_id" TEXT NOT NULL,
  "instances" BIGINT NOT NULL,
  PRIMARY KEY ("pipeline_id", "component_id")
);

INSERT INTO "pipeline_component_instance_totals" ("pipeline_id", "component_id", "instances")
SELECT "pipeline_id", "component_id", count(*) FROM "pipeline_objects"
WHERE "sphere" = 'INSTANCE' AND "component_id" IS NOT NULL GROUP BY "pipeline_id", "component_id";

-- The same functions as in 20261203000000 (same triggers), each with the per-component statement
-- after the per-pipeline one, in the same lock order (pipeline, then component).
CREATE OR REPLACE FUNCTION "pipeline_instance_totals_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pipeline_instance_totals (pipeline_id, instances)
  SELECT pipeline_id, count(*) FROM inserted_rows WHERE sphere = 'INSTANCE' GROUP BY pipeline_id
  ORDER BY pipeline_id -- one lock order for statements that insert for several pipelines
  ON CONFLICT (pipeline_id) DO UPDATE SET instances = pipeline_instance_totals.instances + excluded.instances;
  INSERT INTO pipeline_component_instance_totals (pipeline_id, component_id, instances)
  SELECT pipeline_id, component_id, count(*) FROM inserted_rows
  WHERE sphere = 'INSTANCE' AND component_id IS NOT NULL GROUP BY pipeline_id, component_id
  ORDER BY pipeline_id, component_id
  ON CONFLICT (pipeline_id, component_id) DO UPDATE
    SET instances = pipeline_component_instance_totals.instances + excluded.instances;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "pipeline_instance_totals_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An UPDATE rather than an upsert: a pipeline's row exists from its first instance on. (No
  -- foreign key to pipelines: a pipeline deleted with its objects leaves its row at zero.)
  UPDATE pipeline_instance_totals t SET instances = t.instances - d.n
  FROM (SELECT pipeline_id, count(*) AS n FROM deleted_rows WHERE sphere = 'INSTANCE' GROUP BY pipeline_id ORDER BY pipeline_id) d
  WHERE t.pipeline_id = d.pipeline_id;
  -- Rows left at zero (a component whose instances retention deleted) stay, and are not listed.
  UPDATE pipeline_component_instance_totals t SET instances = t.instances - d.n
  FROM (SELECT pipeline_id, component_id, count(*) AS n FROM deleted_rows
        WHERE sphere = 'INSTANCE' AND component_id IS NOT NULL
        GROUP BY pipeline_id, component_id ORDER BY pipeline_id, component_id) d
  WHERE t.pipeline_id = d.pipeline_id AND t.component_id = d.component_id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "pipeline_instance_totals_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM pipeline_instance_totals;
  DELETE FROM pipeline_component_instance_totals;
  RETURN NULL;
END $$;
