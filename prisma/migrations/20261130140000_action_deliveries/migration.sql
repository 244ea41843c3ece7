-- Actions (onSuccess, onFail, onLateAction) to deliver: one row per instance outcome, action and
-- channel, written in the transaction that records the outcome (so none is lost), then sent by the
-- background worker with retries. The unique key makes every outcome fire its actions once.
CREATE TABLE "action_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "action_id" TEXT NOT NULL,
    "action_type" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "outcome_key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "action_deliveries_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "action_deliveries_once_key" ON "action_deliveries"("pipeline_id", "instance_id", "trigger", "action_id", "channel", "outcome_key");
CREATE INDEX "action_deliveries_due_idx" ON "action_deliveries"("due_at") WHERE "status" = 'PENDING';
CREATE INDEX "action_deliveries_instance_idx" ON "action_deliveries"("pipeline_id", "instance_id");
