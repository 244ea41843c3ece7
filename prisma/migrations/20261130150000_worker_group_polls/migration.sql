-- Hosts seen by PollForTask, per worker group: runners are not required to heartbeat, so a host
-- that only polls was invisible to the console. PollForTask is the hot path: a server writes a
-- (group, host) row at most once per POLL_SIGHTING_INTERVAL (lib/scheduler/poll-sightings.ts), so
-- last_poll_at is accurate to that interval, never a write per poll. Worker groups are per account (two accounts may share a name).
CREATE TABLE "worker_group_polls" (
    "account_id" TEXT NOT NULL,
    "worker_group" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "first_poll_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "last_poll_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "worker_group_polls_pkey" PRIMARY KEY ("account_id", "worker_group", "hostname")
);
