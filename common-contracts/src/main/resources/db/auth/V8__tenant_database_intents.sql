-- Which job means to create which tenant database, recorded before CREATE DATABASE: a worker
-- dying between CREATE DATABASE and COMMENT ON DATABASE leaves an untagged database that its
-- job still recognises as its own (and may drop), while anyone else's stays untouched.
create table provisioning.tenant_databases (
    database_name varchar(63) primary key,
    job_id        uuid        not null,
    created_at    timestamptz not null default now()
);
