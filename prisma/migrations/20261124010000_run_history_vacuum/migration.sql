-- Every runner cycle adds an instance and an attempt and updates them a few times, so the run
-- history grows and churns without pause. Vacuum it in small, frequent steps (the default waits
-- for 20% of a large table to be dead, and that vacuum then competes with the runners for the
-- CPU), and leave room in each page so the updates that touch no indexed column (a hand-out's
-- hostname and start time) can stay on their page (HOT).
ALTER TABLE "pipeline_objects" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000, fillfactor = 90);
