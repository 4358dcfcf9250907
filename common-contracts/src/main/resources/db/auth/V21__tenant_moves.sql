-- Moving a tenant between servers (docs/servers.md#moving-a-tenant): one row per MOVE_TENANT job,
-- written by whoever accepts it (the gateway, or a drain), then by the move's steps.
create table provisioning.tenant_moves (
    job_id                 uuid         primary key references provisioning.jobs (id) on delete cascade,
    societe_id             uuid         not null,
    source_server          varchar(63)  not null,
    target_server          varchar(63)  not null,
    -- the copy's name on the target until the switch: no société code can give it (codes never start with '_')
    copy_database          varchar(63)  not null,
    -- the DRAIN_SERVER job that asked for it, if any
    drain_job_id           uuid,
    previous_status        varchar(20),
    source_schema_version  varchar(50),
    -- {table: rows} as the copy's snapshot saw the source
    source_row_counts      jsonb,
    maintenance_entered_at timestamptz,
    maintenance_left_at    timestamptz,
    switched_at            timestamptz,
    created_at             timestamptz  not null default now()
);
create index tenant_moves_drain_idx on provisioning.tenant_moves (drain_job_id) where drain_job_id is not null;
