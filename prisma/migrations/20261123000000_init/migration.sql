-- Initial schema: pipelines, definition versions, objects of every sphere, the task queue,
-- task runners and the audit log. Mirrors prisma/schema.prisma.

CREATE TABLE "pipelines" (
    "id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unique_id" TEXT NOT NULL,
    "description" TEXT,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "tags" JSONB NOT NULL DEFAULT '[]',
    "latest_version" INTEGER,
    "active_version" INTEGER,
    "activation_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "first_activated_at" TIMESTAMPTZ(3),
    "last_activated_at" TIMESTAMPTZ(3),
    "last_deactivated_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "resume_from" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    CONSTRAINT "pipelines_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "pipelines_seq_key" ON "pipelines"("seq");
CREATE INDEX "pipelines_account_id_name_unique_id_idx" ON "pipelines"("account_id", "name", "unique_id");
-- CreatePipeline is idempotent on (name, uniqueId): this index makes two racing creates agree.
CREATE UNIQUE INDEX "pipelines_live_identity_key" ON "pipelines"("account_id", "name", "unique_id") WHERE "deleted_at" IS NULL;

CREATE TABLE "pipeline_definitions" (
    "pipeline_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "objects" JSONB NOT NULL,
    "parameter_objects" JSONB NOT NULL DEFAULT '[]',
    "parameter_values" JSONB NOT NULL DEFAULT '[]',
    "errored" BOOLEAN NOT NULL DEFAULT false,
    "validation_errors" JSONB NOT NULL DEFAULT '[]',
    "validation_warnings" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),
    "activation_values" JSONB,
    CONSTRAINT "pipeline_definitions_pkey" PRIMARY KEY ("pipeline_id", "version")
);
ALTER TABLE "pipeline_definitions" ADD CONSTRAINT "pipeline_definitions_pipeline_id_fkey"
    FOREIGN KEY ("pipeline_id") REFERENCES "pipelines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "pipeline_objects" (
    "pk" BIGSERIAL NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "object_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sphere" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "component_id" TEXT,
    "instance_id" TEXT,
    "status" TEXT,
    "attempt_number" INTEGER,
    "scheduled_start_time" TIMESTAMPTZ(3),
    "scheduled_end_time" TIMESTAMPTZ(3),
    "actual_start_time" TIMESTAMPTZ(3),
    "actual_end_time" TIMESTAMPTZ(3),
    "fields" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pipeline_objects_pkey" PRIMARY KEY ("pk")
);
CREATE INDEX "pipeline_objects_pipeline_id_sphere_status_idx" ON "pipeline_objects"("pipeline_id", "sphere", "status");
CREATE INDEX "pipeline_objects_pipeline_id_instance_id_idx" ON "pipeline_objects"("pipeline_id", "instance_id");
-- Component ids are unique within a definition version; instance and attempt ids within a pipeline.
CREATE UNIQUE INDEX "pipeline_objects_component_key" ON "pipeline_objects"("pipeline_id", "version", "object_id") WHERE "sphere" = 'COMPONENT';
CREATE UNIQUE INDEX "pipeline_objects_runtime_key" ON "pipeline_objects"("pipeline_id", "object_id") WHERE "sphere" <> 'COMPONENT';
ALTER TABLE "pipeline_objects" ADD CONSTRAINT "pipeline_objects_pipeline_id_fkey"
    FOREIGN KEY ("pipeline_id") REFERENCES "pipelines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "tasks" (
    "pk" BIGSERIAL NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "attempt_id" TEXT NOT NULL,
    "worker_group" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'READY',
    "ready_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "task_id" TEXT,
    "leased_at" TIMESTAMPTZ(3),
    "acked_at" TIMESTAMPTZ(3),
    "lease_expires_at" TIMESTAMPTZ(3),
    "hostname" TEXT,
    "handouts" INTEGER NOT NULL DEFAULT 0,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "tasks_pkey" PRIMARY KEY ("pk")
);
CREATE UNIQUE INDEX "tasks_task_id_key" ON "tasks"("task_id");
CREATE UNIQUE INDEX "tasks_pipeline_id_attempt_id_key" ON "tasks"("pipeline_id", "attempt_id");
-- The lease query scans only ready rows of one worker group, oldest first.
CREATE INDEX "tasks_ready_idx" ON "tasks"("worker_group", "ready_at", "pk") WHERE "state" = 'READY';
-- Expired leases are found without scanning ready rows.
CREATE INDEX "tasks_lease_expiry_idx" ON "tasks"("lease_expires_at") WHERE "state" = 'LEASED';

CREATE TABLE "task_runners" (
    "taskrunner_id" TEXT NOT NULL,
    "worker_group" TEXT,
    "hostname" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "terminate_requested" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "task_runners_pkey" PRIMARY KEY ("taskrunner_id")
);

CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "pipeline_id" TEXT,
    "object_ids" JSONB NOT NULL DEFAULT '[]',
    "details" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_log_pipeline_id_at_idx" ON "audit_log"("pipeline_id", "at");
