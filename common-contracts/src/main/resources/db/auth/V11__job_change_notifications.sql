-- Every change to a job or its step log is announced on one channel, with the job id as payload,
-- at commit. A gateway follows the channel on one connection and pushes the changed job to its
-- Server-Sent Event streams, instead of each stream polling the tables. The trigger's argument
-- names the column holding the job id.
create function provisioning.announce_job_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('provisioning_job_changed', to_jsonb(new) ->> tg_argv[0]);
    return null;
end $$;

create trigger jobs_announce_change after insert or update on provisioning.jobs
    for each row execute function provisioning.announce_job_change('id');

create trigger job_steps_announce_change after insert or update on provisioning.job_steps
    for each row execute function provisioning.announce_job_change('job_id');
