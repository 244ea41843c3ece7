-- Status and state columns accept only the names of lib/objects/statuses.ts (its unit test compares
-- the lists below with the module's, one constraint per line). Every value the code has ever written
-- is in these lists (checked against the repository's history and existing databases), so adding the
-- constraints to a database with existing runs only scans it; a write of any other value now fails
-- instead of leaving a row that no status set knows.
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_state_check" CHECK ("state" IN ('PENDING', 'SCHEDULED', 'DEACTIVATING', 'INACTIVE', 'FINISHED', 'DELETED'));
ALTER TABLE "pipeline_objects" ADD CONSTRAINT "pipeline_objects_component_status_check" CHECK ("sphere" <> 'COMPONENT' OR "status" IS NULL OR "status" IN ('PENDING', 'SCHEDULED', 'PAUSED'));
ALTER TABLE "pipeline_objects" ADD CONSTRAINT "pipeline_objects_instance_status_check" CHECK ("sphere" = 'COMPONENT' OR "status" IS NULL OR "status" IN ('CREATING', 'WAITING_ON_DEPENDENCIES', 'WAITING_FOR_RUNNER', 'SCHEDULED', 'ACTIVATING', 'RUNNING', 'PAUSED', 'SHUTTING_DOWN', 'FINISHED', 'MARK_FINISHED', 'FAILED', 'CASCADE_FAILED', 'CANCELED', 'TIMEDOUT', 'SKIPPED'));
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_state_check" CHECK ("state" IN ('READY', 'LEASED', 'PAUSED'));
ALTER TABLE "action_deliveries" ADD CONSTRAINT "action_deliveries_status_check" CHECK ("status" IN ('PENDING', 'DELIVERED', 'FAILED', 'SKIPPED'));
