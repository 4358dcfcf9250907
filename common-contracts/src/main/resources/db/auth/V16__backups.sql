-- Backups of tenant databases (docs/backups.md): one row per dump, SUCCEEDED only once the whole
-- file is stored and its checksum recorded; a société being restored is in MAINTENANCE.

alter table societes drop constraint societes_status_check;
alter table societes add constraint societes_status_check
    check (status in ('PROVISIONING', 'ACTIVE', 'INACTIVE', 'SUSPENDED', 'TRIAL', 'DELETING', 'DEGRADED', 'MAINTENANCE'));

create table provisioning.backups (
    id             uuid primary key,
    -- no foreign key: a FINAL backup outlives its société
    societe_id     uuid         not null,
    societe_code   varchar(63)  not null,
    database_name  varchar(63)  not null,
    -- the job that makes the dump: a BACKUP_TENANT or DESTROY_TENANT job, or the BACKUP_FLEET job of a schedule
    job_id         uuid         not null,
    trigger        varchar(20)  not null check (trigger in ('SCHEDULED', 'MANUAL', 'PRE_UPGRADE', 'FINAL')),
    status         varchar(20)  not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'PURGED')),
    storage_key    varchar(500) not null,
    schema_version varchar(50),
    size_bytes     bigint,
    -- hex, lower case
    sha256         char(64),
    -- {table: rows} as the dump's snapshot saw them, checked after a restore and by drills
    row_counts     jsonb,
    error          text,
    requested_by   varchar(100),
    created_at     timestamptz  not null default now(),
    started_at     timestamptz,
    finished_at    timestamptz,
    purged_at      timestamptz,
    -- the last restore drill that restored this dump and found it as recorded
    verified_at    timestamptz
);
-- one dump per job and société: a job's retry finds its record again
create unique index backups_job_societe_key on provisioning.backups (job_id, societe_id);
create index backups_societe_created_idx on provisioning.backups (societe_id, created_at desc);

-- One row per RESTORE_TENANT job: what it restores where, and the status the société goes back to.
create table provisioning.restores (
    job_id          uuid primary key,
    backup_id       uuid        not null references provisioning.backups (id) on delete cascade,
    societe_id      uuid        not null,
    mode            varchar(20) not null check (mode in ('IN_PLACE', 'NEW_DATABASE')),
    target_database varchar(63) not null,
    previous_status varchar(20),
    created_at      timestamptz not null default now()
);

-- A destroyed société kept for its grace period: its row and its users as they were, and its FINAL backup.
create table provisioning.deleted_societes (
    id              uuid primary key,
    code            varchar(63)  not null,
    nom             varchar(255) not null,
    database_name   varchar(63)  not null,
    -- the societes row as JSON, and its users with their links and settings
    societe         jsonb        not null,
    users           jsonb        not null,
    final_backup_id uuid,
    destroy_job_id  uuid         not null,
    deleted_at      timestamptz  not null default now(),
    purge_after     timestamptz  not null,
    status          varchar(20)  not null default 'DELETED' check (status in ('DELETED', 'RECOVERING', 'RECOVERED', 'PURGED')),
    recover_job_id  uuid,
    purged_at       timestamptz
);
create index deleted_societes_deleted_idx on provisioning.deleted_societes (deleted_at desc);
