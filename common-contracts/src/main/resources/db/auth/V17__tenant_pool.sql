-- The warm pool (see docs/warm-pool.md): databases copied from a template and seeded ahead of
-- demand, one pool per PostgreSQL server. A row is written before its database is created
-- (CREATING), so a refill that dies half-way leaves a record to clean up; a claim turns READY into
-- CLAIMED for one job, and the row goes once the database has been renamed to the tenant's.
create table provisioning.tenant_pool (
    database_name    varchar(63) primary key,
    server           varchar(100) not null,
    template_version varchar(50)  not null,
    seed_fingerprint varchar(64)  not null,
    state            varchar(16)  not null check (state in ('CREATING', 'READY', 'CLAIMED')),
    created_at       timestamptz  not null default now(),
    ready_at         timestamptz,
    claimed_at       timestamptz,
    claimed_by_job   uuid,
    check ((state = 'CLAIMED') = (claimed_by_job is not null))
);
-- a claim takes the oldest ready member of its server, version and seed
create index tenant_pool_ready_idx on provisioning.tenant_pool (server, template_version, seed_fingerprint, created_at)
    where state = 'READY';
create index tenant_pool_claimed_by_idx on provisioning.tenant_pool (claimed_by_job) where claimed_by_job is not null;
