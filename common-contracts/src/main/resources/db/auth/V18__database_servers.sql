-- Several PostgreSQL servers for tenant databases (docs/servers.md). AUTH and SHARED stay on the
-- primary server, named 'default'; each société names the server its database is on.

create table provisioning.database_servers (
    name                varchar(63) primary key check (name ~ '^[a-z0-9][a-z0-9_-]*$'),
    -- where the services' settings say it is; never its credentials
    host                varchar(255),
    port                integer,
    status              varchar(20) not null default 'ACTIVE' check (status in ('ACTIVE', 'DRAINING', 'DISABLED')),
    -- null: no limit
    max_tenants         integer check (max_tenants >= 0),
    -- once an operator set the capacity through the API, the settings no longer overwrite it
    capacity_set_by_ops boolean not null default false,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);

insert into provisioning.database_servers (name) values ('default');

alter table societes add column server varchar(63) not null default 'default'
    references provisioning.database_servers (name);
create index societes_server_idx on societes (server);

-- The tenant database's size, as last measured by a worker (null: not measured yet).
alter table societes
    add column database_size_bytes bigint,
    add column database_size_measured_at timestamptz;
