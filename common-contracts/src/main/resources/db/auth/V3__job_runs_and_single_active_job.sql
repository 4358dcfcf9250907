-- Runs and retries of a job, and what an operator's retry needs to start it again.

alter table provisioning.jobs
    add column run_id          uuid,
    add column runs            integer not null default 1,
    add column next_attempt_at timestamptz,
    -- the provisioning request as accepted, so a retried provisioning can record its société again
    add column request         jsonb;

update provisioning.jobs set run_id = id where run_id is null;
alter table provisioning.jobs alter column run_id set not null;

-- One société, one job at a time: provision and destroy of the same société never overlap,
-- whichever gateway accepted them.
create unique index jobs_one_active_per_societe on provisioning.jobs (societe_id)
    where status in ('QUEUED', 'RUNNING', 'RETRYING');
