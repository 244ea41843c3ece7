-- Everything under an account is scoped to it: the task queue (PollForTask hands out only the
-- caller account's tasks, so two accounts polling a worker group of the same name never get each
-- other's work), task runners (one taskrunnerId per account) and audit entries.
-- Rows made before accounts existed belong to the account of their pipeline, or, for rows with no
-- pipeline, to the account that owns the pipelines (the single ACCOUNT_ID of earlier versions).

ALTER TABLE "tasks" ADD COLUMN "account_id" TEXT;
UPDATE "tasks" t SET "account_id" = p."account_id" FROM "pipelines" p WHERE p."id" = t."pipeline_id";
UPDATE "tasks" SET "account_id" = '000000000000' WHERE "account_id" IS NULL;
ALTER TABLE "tasks" ALTER COLUMN "account_id" SET NOT NULL;
-- The claim looks up the ready rows of one account's worker group, oldest first.
CREATE INDEX "tasks_ready_account_idx" ON "tasks"("account_id", "worker_group", "ready_at", "pk") WHERE "state" = 'READY';
DROP INDEX "tasks_ready_idx";

ALTER TABLE "task_runners" ADD COLUMN "account_id" TEXT;
UPDATE "task_runners" SET "account_id" = coalesce((SELECT min("account_id") FROM "pipelines"), '000000000000');
ALTER TABLE "task_runners" ALTER COLUMN "account_id" SET NOT NULL;
ALTER TABLE "task_runners" DROP CONSTRAINT "task_runners_pkey";
ALTER TABLE "task_runners" ADD CONSTRAINT "task_runners_pkey" PRIMARY KEY ("account_id", "taskrunner_id");

ALTER TABLE "audit_log" ADD COLUMN "account_id" TEXT;
UPDATE "audit_log" a SET "account_id" = p."account_id" FROM "pipelines" p WHERE p."id" = a."pipeline_id";
UPDATE "audit_log" SET "account_id" = coalesce((SELECT min("account_id") FROM "pipelines"), '000000000000') WHERE "account_id" IS NULL;
ALTER TABLE "audit_log" ALTER COLUMN "account_id" SET NOT NULL;
CREATE INDEX "audit_log_account_id_id_idx" ON "audit_log"("account_id", "id");
