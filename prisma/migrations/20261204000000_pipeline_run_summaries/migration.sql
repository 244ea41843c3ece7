-- Issue #16, a history that stays fast: a pipeline's run summary (DescribePipelines' @healthStatus,
-- @latestRunTime... and the console's health and last run) was three maxima over every instance the
-- pipeline ever had, and no index may read the times and statuses the runner cycle writes without
-- making its updates non-HOT. This table keeps the three per pipeline, exactly, so the read is one
-- primary-key row (lib/store/run-summary.ts):
--   latest_run       = max(actual_start_time) of its instances
--   latest_completed = max(actual_end_time) of its FINISHED instances
--   last_*           = the outcome that decides health: the latest (by end time, then object id) of
--                      the FINISHED / FAILED / TIMEDOUT instances, and of the rerun instances without an
--                      outcome of their own yet, the outcome their previous run's last attempt ended with.
--
-- Statement-level AFTER triggers on pipeline_objects keep it, reading the statement's transition
-- tables. (UPDATE OF column lists can't be combined with transition tables, so the UPDATE trigger
-- runs for every update statement; it reads only the statement's own rows.) A maximum only moves up
-- with what a statement writes, so the new rows are merged with greatest(); only when a statement
-- takes away the very value a maximum stands on (a rerun of the latest run, a delete, a mark-finished
-- of the last failure) is that pipeline's summary computed again from its history, which is rare and
-- off the runner's path: the cycle's own changes (a start, a finish, a failure, a retry) only add.
-- A pipeline's row is written only when a value changes (a run starting, an outcome), once per
-- statement and pipeline, in pipeline order.
--
-- Writers wait until this migration commits, so the backfill below and the triggers see the same rows.
LOCK TABLE "pipeline_objects" IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE "pipeline_run_summaries" (
  "pipeline_id" TEXT NOT NULL PRIMARY KEY,
  "latest_run" TIMESTAMPTZ(3),
  "latest_completed" TIMESTAMPTZ(3),
  "last_status" TEXT,
  "last_instance" TEXT,
  "last_end" TIMESTAMPTZ(3)
);

-- The summary of some pipelines computed from their whole history, as the read did before; a
-- pipeline with nothing to summarize (no run yet, or deleted) has no row. The rows are locked first,
-- so what is read next (each statement here takes a new snapshot) includes whatever a transaction
-- that wrote them before has committed.
CREATE FUNCTION "pipeline_run_summary_recompute"(ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM pipeline_run_summaries WHERE pipeline_id = ANY(ids) ORDER BY pipeline_id FOR UPDATE;
  WITH outcomes AS (
    SELECT o.pipeline_id, o.object_id, o.status, o.actual_end_time AS ended
    FROM pipeline_objects o
    WHERE o.pipeline_id = ANY(ids) AND o.sphere = 'INSTANCE'
      AND o.status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND o.actual_end_time IS NOT NULL
    UNION ALL
    SELECT i.pipeline_id, i.object_id, a.status, a.actual_end_time AS ended
    FROM pipeline_objects i
    JOIN pipeline_objects a ON a.pipeline_id = i.pipeline_id AND a.sphere = 'ATTEMPT'
      AND a.instance_id = i.object_id AND a.attempt_number = i.run_start_attempt - 1
    WHERE i.pipeline_id = ANY(ids) AND i.sphere = 'INSTANCE' AND i.run_start_attempt > 1
      AND coalesce(i.status, '') NOT IN ('FINISHED', 'FAILED', 'TIMEDOUT', 'CASCADE_FAILED')
      AND a.status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND a.actual_end_time IS NOT NULL
  ),
  latest AS (
    SELECT DISTINCT ON (pipeline_id) pipeline_id, object_id, status, ended FROM outcomes ORDER BY pipeline_id, ended DESC, object_id
  ),
  runs AS (
    SELECT o.pipeline_id, max(o.actual_start_time) AS latest_run,
           max(o.actual_end_time) FILTER (WHERE o.status = 'FINISHED') AS latest_completed
    FROM pipeline_objects o WHERE o.pipeline_id = ANY(ids) AND o.sphere = 'INSTANCE' GROUP BY o.pipeline_id
  ),
  fresh AS (
    SELECT coalesce(r.pipeline_id, l.pipeline_id) AS pipeline_id, r.latest_run, r.latest_completed,
           l.status AS last_status, l.object_id AS last_instance, l.ended AS last_end
    FROM runs r FULL JOIN latest l ON l.pipeline_id = r.pipeline_id
    WHERE r.latest_run IS NOT NULL OR r.latest_completed IS NOT NULL OR l.ended IS NOT NULL
  ),
  gone AS (
    DELETE FROM pipeline_run_summaries s
    WHERE s.pipeline_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.pipeline_id = s.pipeline_id)
  )
  INSERT INTO pipeline_run_summaries AS s (pipeline_id, latest_run, latest_completed, last_status, last_instance, last_end)
  SELECT * FROM fresh ORDER BY pipeline_id
  ON CONFLICT (pipeline_id) DO UPDATE SET latest_run = excluded.latest_run, latest_completed = excluded.latest_completed,
    last_status = excluded.last_status, last_instance = excluded.last_instance, last_end = excluded.last_end
  WHERE (s.latest_run, s.latest_completed, s.last_status, s.last_instance, s.last_end)
    IS DISTINCT FROM (excluded.latest_run, excluded.latest_completed, excluded.last_status, excluded.last_instance, excluded.last_end);
END $$;

-- The outcome an instance row gives (its own, or, for a rerun without one yet, its previous run's
-- through attempt run_start_attempt - 1) as a value to compare before and after a change; NULL for none.
CREATE FUNCTION "pipeline_run_outcome_key"(status TEXT, ended TIMESTAMPTZ, run_start_attempt INT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND ended IS NOT NULL THEN status || ' ' || extract(epoch FROM ended)::text
    WHEN run_start_attempt > 1 AND coalesce(status, '') NOT IN ('FINISHED', 'FAILED', 'TIMEDOUT', 'CASCADE_FAILED') THEN 'previous ' || run_start_attempt::text
  END
$$;

-- Whether changing a row from o to n (n all NULL: deleted) takes away a value a maximum may stand on:
-- a start time, a FINISHED end time, an outcome; not when the new row has the same or a later one.
-- The cycle's own updates (waiting to RUNNING to FINISHED or FAILED, a retry, an attempt ending) take
-- nothing away.
CREATE FUNCTION "pipeline_run_summary_takes_away"(sphere TEXT,
  o_start TIMESTAMPTZ, o_status TEXT, o_end TIMESTAMPTZ, o_rsa INT,
  n_start TIMESTAMPTZ, n_status TEXT, n_end TIMESTAMPTZ, n_rsa INT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT CASE sphere
    WHEN 'INSTANCE' THEN
         (o_start IS NOT NULL AND NOT coalesce(n_start >= o_start, false))
      OR (o_status = 'FINISHED' AND o_end IS NOT NULL AND NOT coalesce(n_status = 'FINISHED' AND n_end >= o_end, false))
      OR (pipeline_run_outcome_key(o_status, o_end, o_rsa) IS NOT NULL
          AND pipeline_run_outcome_key(o_status, o_end, o_rsa) IS DISTINCT FROM pipeline_run_outcome_key(n_status, n_end, n_rsa))
    WHEN 'ATTEMPT' THEN
      o_status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND o_end IS NOT NULL AND (n_status, n_end) IS DISTINCT FROM (o_status, o_end)
    ELSE false
  END
$$;

-- Whether that change takes away the value the stored summary s stands on, so that the pipeline's
-- summary has to be computed again (an instance that was the last outcome and now has a later outcome
-- of its own, as a rerun that ends, keeps it: the merge takes the new one).
CREATE FUNCTION "pipeline_run_summary_takes_max"(sphere TEXT, object_id TEXT, instance_id TEXT,
  o_start TIMESTAMPTZ, o_status TEXT, o_end TIMESTAMPTZ, o_rsa INT,
  n_start TIMESTAMPTZ, n_status TEXT, n_end TIMESTAMPTZ, n_rsa INT,
  s pipeline_run_summaries) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT CASE sphere
    WHEN 'INSTANCE' THEN
         (o_start = s.latest_run AND NOT coalesce(n_start >= o_start, false))
      OR (o_status = 'FINISHED' AND o_end = s.latest_completed AND NOT coalesce(n_status = 'FINISHED' AND n_end >= o_end, false))
      OR (object_id = s.last_instance
          AND pipeline_run_outcome_key(o_status, o_end, o_rsa) IS DISTINCT FROM pipeline_run_outcome_key(n_status, n_end, n_rsa)
          AND NOT coalesce(n_status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND n_end >= s.last_end, false))
    WHEN 'ATTEMPT' THEN
      instance_id = s.last_instance AND o_status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND o_end = s.last_end
      AND (n_status, n_end) IS DISTINCT FROM (o_status, o_end)
    ELSE false
  END
$$;

-- One function for the three triggers (their transition tables are named alike): first what the
-- statement takes away, then what it adds.
CREATE FUNCTION "pipeline_run_summary_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched TEXT[];
  again TEXT[];
  adds_outcomes BOOLEAN := false;
  adds_times BOOLEAN := false;
BEGIN
  -- One pass over the statement's rows finds what it may take away and what it adds: most
  -- statements change nothing the summary reads (a lease stamping an attempt, a progress report, a
  -- new waiting instance or attempt) and end there; an acknowledgement only adds a start time; only
  -- a statement that gives an instance or attempt an outcome runs the outcome merge below.
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(DISTINCT o.pipeline_id ORDER BY o.pipeline_id)
             FILTER (WHERE pipeline_run_summary_takes_away(o.sphere, o.actual_start_time, o.status, o.actual_end_time,
               o.run_start_attempt, n.actual_start_time, n.status, n.actual_end_time, n.run_start_attempt)),
           coalesce(bool_or(CASE o.sphere
             WHEN 'INSTANCE' THEN pipeline_run_outcome_key(n.status, n.actual_end_time, n.run_start_attempt)
               IS DISTINCT FROM pipeline_run_outcome_key(o.status, o.actual_end_time, o.run_start_attempt)
             ELSE n.status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND n.actual_end_time IS NOT NULL
               AND (n.status, n.actual_end_time) IS DISTINCT FROM (o.status, o.actual_end_time) END), false),
           coalesce(bool_or(o.sphere = 'INSTANCE' AND (
               (n.actual_start_time IS NOT NULL AND n.actual_start_time IS DISTINCT FROM o.actual_start_time)
               OR (n.status = 'FINISHED' AND n.actual_end_time IS NOT NULL
                   AND (n.status, n.actual_end_time) IS DISTINCT FROM (o.status, o.actual_end_time)))), false)
      INTO touched, adds_outcomes, adds_times
    FROM old_rows o JOIN new_rows n ON n.pk = o.pk
    WHERE o.sphere IN ('INSTANCE', 'ATTEMPT');
  ELSIF TG_OP = 'INSERT' THEN
    SELECT coalesce(bool_or(CASE sphere
             WHEN 'INSTANCE' THEN pipeline_run_outcome_key(status, actual_end_time, run_start_attempt) IS NOT NULL
             ELSE status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND actual_end_time IS NOT NULL END), false),
           coalesce(bool_or(sphere = 'INSTANCE' AND (actual_start_time IS NOT NULL
             OR (status = 'FINISHED' AND actual_end_time IS NOT NULL))), false)
      INTO adds_outcomes, adds_times
    FROM new_rows WHERE sphere IN ('INSTANCE', 'ATTEMPT');
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.pipeline_id ORDER BY o.pipeline_id) INTO touched
    FROM old_rows o
    WHERE pipeline_run_summary_takes_away(o.sphere, o.actual_start_time, o.status, o.actual_end_time, o.run_start_attempt,
            NULL, NULL, NULL, NULL);
  END IF;
  IF touched IS NOT NULL THEN
    -- Locked before they are compared: a concurrent recompute of these pipelines then either
    -- committed first (and is compared here) or waits and reads this statement's change.
    PERFORM 1 FROM pipeline_run_summaries WHERE pipeline_id = ANY(touched) ORDER BY pipeline_id FOR UPDATE;
    IF TG_OP = 'UPDATE' THEN
      SELECT array_agg(DISTINCT o.pipeline_id) INTO again
      FROM old_rows o JOIN new_rows n ON n.pk = o.pk JOIN pipeline_run_summaries s ON s.pipeline_id = o.pipeline_id
      WHERE o.pipeline_id = ANY(touched)
        AND pipeline_run_summary_takes_max(o.sphere, o.object_id, o.instance_id,
              o.actual_start_time, o.status, o.actual_end_time, o.run_start_attempt,
              n.actual_start_time, n.status, n.actual_end_time, n.run_start_attempt, s);
    ELSE
      SELECT array_agg(DISTINCT o.pipeline_id) INTO again
      FROM old_rows o JOIN pipeline_run_summaries s ON s.pipeline_id = o.pipeline_id
      WHERE o.pipeline_id = ANY(touched)
        AND pipeline_run_summary_takes_max(o.sphere, o.object_id, o.instance_id,
              o.actual_start_time, o.status, o.actual_end_time, o.run_start_attempt,
              NULL, NULL, NULL, NULL, s);
    END IF;
  END IF;

  IF adds_outcomes THEN
    -- What the new rows add: their start and finish times, and the outcomes they give (an instance's
    -- own; a rerun instance's previous run, through its attempt; an attempt that is the previous run
    -- of its instance, through the instance). The counterpart row is read from the table, where this
    -- statement's changes are in place. Merged with greatest(): a value replaces the stored one only
    -- when it is later (the last outcome: a later end, or the same end and an object id not after it,
    -- as the read's DISTINCT ON orders them; the same instance at the same end is its current outcome).
    -- The row is written only when something changes.
    WITH n AS (
      SELECT * FROM new_rows WHERE sphere IN ('INSTANCE', 'ATTEMPT') AND pipeline_id <> ALL(coalesce(again, '{}'))
    ),
    cand AS (
      SELECT n.pipeline_id, n.object_id, n.status, n.actual_end_time AS ended
      FROM n WHERE n.sphere = 'INSTANCE' AND n.status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND n.actual_end_time IS NOT NULL
      UNION ALL
      SELECT n.pipeline_id, n.object_id, a.status, a.actual_end_time
      FROM n JOIN pipeline_objects a ON a.pipeline_id = n.pipeline_id AND a.sphere = 'ATTEMPT'
        AND a.instance_id = n.object_id AND a.attempt_number = n.run_start_attempt - 1
      WHERE n.sphere = 'INSTANCE' AND n.run_start_attempt > 1
        AND coalesce(n.status, '') NOT IN ('FINISHED', 'FAILED', 'TIMEDOUT', 'CASCADE_FAILED')
        AND a.status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND a.actual_end_time IS NOT NULL
      UNION ALL
      SELECT i.pipeline_id, i.object_id, n.status, n.actual_end_time
      FROM n JOIN pipeline_objects i ON i.pipeline_id = n.pipeline_id AND i.sphere <> 'COMPONENT' AND i.object_id = n.instance_id
        AND i.sphere = 'INSTANCE'
      WHERE n.sphere = 'ATTEMPT' AND n.status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND n.actual_end_time IS NOT NULL
        AND i.run_start_attempt = n.attempt_number + 1
        AND coalesce(i.status, '') NOT IN ('FINISHED', 'FAILED', 'TIMEDOUT', 'CASCADE_FAILED')
    ),
    top AS (
      SELECT DISTINCT ON (pipeline_id) pipeline_id, object_id, status, ended FROM cand ORDER BY pipeline_id, ended DESC, object_id
    ),
    runs AS (
      SELECT pipeline_id, max(actual_start_time) AS latest_run,
             max(actual_end_time) FILTER (WHERE status = 'FINISHED') AS latest_completed
      FROM n WHERE sphere = 'INSTANCE' GROUP BY pipeline_id
    ),
    adds AS (
      SELECT coalesce(r.pipeline_id, t.pipeline_id) AS pipeline_id, r.latest_run, r.latest_completed,
             t.status AS last_status, t.object_id AS last_instance, t.ended AS last_end
      FROM runs r FULL JOIN top t ON t.pipeline_id = r.pipeline_id
      WHERE r.latest_run IS NOT NULL OR r.latest_completed IS NOT NULL OR t.ended IS NOT NULL
    )
    INSERT INTO pipeline_run_summaries AS s (pipeline_id, latest_run, latest_completed, last_status, last_instance, last_end)
    SELECT * FROM adds ORDER BY pipeline_id
    ON CONFLICT (pipeline_id) DO UPDATE SET
      latest_run = greatest(s.latest_run, excluded.latest_run),
      latest_completed = greatest(s.latest_completed, excluded.latest_completed),
      (last_status, last_instance, last_end) = (
        SELECT CASE WHEN x.newer THEN excluded.last_status ELSE s.last_status END,
               CASE WHEN x.newer THEN excluded.last_instance ELSE s.last_instance END,
               CASE WHEN x.newer THEN excluded.last_end ELSE s.last_end END
        FROM (SELECT excluded.last_end IS NOT NULL AND (s.last_end IS NULL OR excluded.last_end > s.last_end
                OR (excluded.last_end = s.last_end AND excluded.last_instance <= s.last_instance)) AS newer) x)
    WHERE excluded.latest_run > s.latest_run OR (s.latest_run IS NULL AND excluded.latest_run IS NOT NULL)
       OR excluded.latest_completed > s.latest_completed OR (s.latest_completed IS NULL AND excluded.latest_completed IS NOT NULL)
       OR (excluded.last_end IS NOT NULL AND (s.last_end IS NULL OR excluded.last_end > s.last_end
            OR (excluded.last_end = s.last_end AND excluded.last_instance < s.last_instance)
            OR (excluded.last_end = s.last_end AND excluded.last_instance = s.last_instance
                AND excluded.last_status IS DISTINCT FROM s.last_status)));
  ELSIF adds_times THEN
    -- Only start times or FINISHED end times: the two maxima alone.
    INSERT INTO pipeline_run_summaries AS s (pipeline_id, latest_run, latest_completed)
    SELECT pipeline_id, max(actual_start_time), max(actual_end_time) FILTER (WHERE status = 'FINISHED')
    FROM new_rows WHERE sphere = 'INSTANCE' AND pipeline_id <> ALL(coalesce(again, '{}'))
    GROUP BY pipeline_id
    HAVING max(actual_start_time) IS NOT NULL OR max(actual_end_time) FILTER (WHERE status = 'FINISHED') IS NOT NULL
    ORDER BY pipeline_id
    ON CONFLICT (pipeline_id) DO UPDATE SET
      latest_run = greatest(s.latest_run, excluded.latest_run),
      latest_completed = greatest(s.latest_completed, excluded.latest_completed)
    WHERE excluded.latest_run > s.latest_run OR (s.latest_run IS NULL AND excluded.latest_run IS NOT NULL)
       OR excluded.latest_completed > s.latest_completed OR (s.latest_completed IS NULL AND excluded.latest_completed IS NOT NULL);
  END IF;

  IF again IS NOT NULL THEN
    PERFORM pipeline_run_summary_recompute(again);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "pipeline_run_summary_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM pipeline_run_summaries;
  RETURN NULL;
END $$;

CREATE TRIGGER "pipeline_run_summary_insert" AFTER INSERT ON "pipeline_objects"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "pipeline_run_summary_sync"();
CREATE TRIGGER "pipeline_run_summary_update" AFTER UPDATE ON "pipeline_objects"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "pipeline_run_summary_sync"();
CREATE TRIGGER "pipeline_run_summary_delete" AFTER DELETE ON "pipeline_objects"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "pipeline_run_summary_sync"();
CREATE TRIGGER "pipeline_run_summary_truncate" AFTER TRUNCATE ON "pipeline_objects"
  FOR EACH STATEMENT EXECUTE FUNCTION "pipeline_run_summary_truncate"();

-- Every pipeline's summary from the history it has now.
SELECT pipeline_run_summary_recompute(ARRAY(SELECT id FROM pipelines));
