-- One job model for every job type (see the jobs module).

-- A job type is a JobType constant and a saga in the worker, not a migration: the code checks it.
alter table provisioning.jobs drop constraint jobs_type_check;

-- What a job was accepted with, whatever its type (until now only the provisioning request).
alter table provisioning.jobs rename column request to payload;

-- Fleet-wide jobs (upgrade campaigns) work on no single société.
alter table provisioning.jobs
    alter column societe_id drop not null,
    alter column societe_code drop not null,
    alter column societe_nom drop not null,
    alter column database_name drop not null;

-- The job an outbox message starts a run of, so the relay logs it with its job and société.
alter table provisioning.outbox add column job_id uuid;
update provisioning.outbox set job_id = cast(payload::jsonb ->> 'jobId' as uuid)
where published_at is null and job_id is null and payload::jsonb ? 'jobId';

-- A delivery names the job its event is about, as it was when the event was dispatched: webhook
-- code reads deliveries without reaching into the job tables.
alter table provisioning.webhook_deliveries
    add column job_id       uuid,
    add column job_type     varchar(40),
    add column societe_code varchar(63);
update provisioning.webhook_deliveries d
set job_id = e.job_id, job_type = j.type, societe_code = j.societe_code
from provisioning.job_events e join provisioning.jobs j on j.id = e.job_id
where e.id = d.event_id;
create index webhook_deliveries_job_idx on provisioning.webhook_deliveries (job_id, event_id desc);
