-- Fleet upgrades: each société's TENANT schema version, the workers and the versions they know,
-- upgrade campaigns and their per-tenant ledger (see docs/upgrades.md).

-- Read from the tenant database's flyway_schema_history by every job that migrates it; null
-- until a worker of this release has read it (workers fill it in at start).
alter table societes
    add column schema_version varchar(50),
    add column schema_status  varchar(20) not null default 'CURRENT' check (schema_status in ('CURRENT', 'UPGRADE_FAILED'));
create index societes_schema_version_idx on societes (schema_version);

-- Each worker says, every few seconds, which TENANT migrations it has: the gateway's default
-- campaign target is the newest version a live worker knows.
create table provisioning.workers (
    id                    varchar(100) primary key,
    tenant_schema_version varchar(50),
    known_versions        text[]      not null default '{}',
    started_at            timestamptz not null default now(),
    seen_at               timestamptz not null default now()
);

create table provisioning.upgrade_campaigns (
    id                uuid primary key,
    job_id            uuid        not null,
    target_version    varchar(50) not null,
    status            varchar(20) not null check (status in ('RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'ABORTED')),
    canary_size       int         not null,
    wave_size         int         not null,
    max_parallel      int         not null,
    failure_threshold int         not null,
    -- why it paused, failed or was aborted
    reason            text,
    requested_by      varchar(100),
    -- a worker's auto-start: once per version, whatever the number of workers
    auto_started_for  varchar(50) unique,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    finished_at       timestamptz
);
-- one campaign holds the fleet at a time, whichever gateway or worker starts it
create unique index upgrade_campaigns_one_active on provisioning.upgrade_campaigns ((true))
    where status in ('RUNNING', 'PAUSED');
create index upgrade_campaigns_created_idx on provisioning.upgrade_campaigns (created_at desc);

create table provisioning.upgrade_ledger (
    campaign_id   uuid        not null references provisioning.upgrade_campaigns (id) on delete cascade,
    societe_id    uuid        not null,
    societe_code  varchar(63) not null,
    database_name varchar(63) not null,
    -- 0 for the canary, then 1, 2, … as waves are formed
    wave          int,
    canary        boolean     not null default false,
    from_version  varchar(50),
    to_version    varchar(50) not null,
    status        varchar(20) not null default 'PENDING'
                  check (status in ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
    attempts      int         not null default 0,
    duration_ms   bigint,
    error         text,
    started_at    timestamptz,
    finished_at   timestamptz,
    primary key (campaign_id, societe_id)
);
create index upgrade_ledger_status_idx on provisioning.upgrade_ledger (campaign_id, status);

-- What an event is about beyond its job: the tenant an upgrade failed on, a campaign's counts.
alter table provisioning.job_events add column details jsonb;
