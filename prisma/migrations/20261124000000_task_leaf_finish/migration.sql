-- SetTaskStatus FINISHED in one statement when nothing else has to move: the task's instance has
-- no dependents and its component no onSuccess action. Dependents are checked at finish time (an
-- edge may be added by a later run); the action list is a property of the definition version, so
-- the scheduler records here the active version under which the component has none (NULL: always
-- take the general path). A re-activation with another version sends the task back to it.
ALTER TABLE "tasks" ADD COLUMN "plain_finish_version" INTEGER;
