-- Control plane: jobs, their step log and the outbox, in the same database as the sociétés
-- so that "société + job + outgoing command" commit together.

create schema provisioning;

create table provisioning.jobs (
    id            uuid primary key,
    type          varchar(20)  not null check (type in ('PROVISION_TENANT', 'DESTROY_TENANT')),
    status        varchar(20)  not null check (status in ('QUEUED', 'RUNNING', 'RETRYING', 'SUCCEEDED', 'FAILED')),
    -- no foreign key: the job outlives a société removed by compensation or destroy
    societe_id    uuid         not null,
    societe_code  varchar(63)  not null,
    societe_nom   varchar(255) not null,
    database_name varchar(63)  not null,
    attempts      integer      not null default 0,
    message       text,
    last_error    text,
    created_at    timestamptz  not null default now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    updated_at    timestamptz  not null default now()
);

create index jobs_status_idx on provisioning.jobs (status, created_at desc);
create index jobs_societe_idx on provisioning.jobs (societe_id, created_at desc);
create index jobs_created_idx on provisioning.jobs (created_at desc);

create table provisioning.job_steps (
    job_id                   uuid        not null references provisioning.jobs (id) on delete cascade,
    position                 integer     not null,
    name                     varchar(64) not null,
    status                   varchar(24) not null
                             check (status in ('RUNNING', 'SUCCEEDED', 'FAILED', 'COMPENSATING', 'COMPENSATED', 'COMPENSATION_FAILED')),
    attempts                 integer     not null default 0,
    started_at               timestamptz,
    finished_at              timestamptz,
    last_error               text,
    compensation_started_at  timestamptz,
    compensation_finished_at timestamptz,
    compensation_error       text,
    primary key (job_id, name)
);

create table provisioning.outbox (
    id           bigint generated always as identity primary key,
    message_id   uuid         not null unique,
    exchange     varchar(255) not null,
    routing_key  varchar(255) not null,
    message_type varchar(100) not null,
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz,
    attempts     integer      not null default 0,
    last_error   text
);

create index outbox_unpublished_idx on provisioning.outbox (id) where published_at is null;
