-- The API key (by name) that asked for a société or a job: a client reads only its own.

alter table societes add column requested_by varchar(100) not null default 'unknown';
alter table provisioning.jobs add column requested_by varchar(100) not null default 'unknown';

create index societes_requested_by_idx on societes (requested_by, created_at desc);
create index jobs_requested_by_idx on provisioning.jobs (requested_by, created_at desc);
