-- Generated initial passwords, encrypted, until an operator reads them once.
create table provisioning.job_secrets (
    job_id     uuid primary key references provisioning.jobs (id) on delete cascade,
    salt       varchar(32) not null,
    sealed     text        not null,
    created_at timestamptz not null default now()
);
