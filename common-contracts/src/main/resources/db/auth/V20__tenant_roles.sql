-- A login role per tenant database (docs/servers.md#a-role-per-tenant), owner of its objects.
alter table societes add column database_role varchar(63);

-- Its password, sealed (SecretBox) until an operator reads it once on the job that created it.
create table provisioning.tenant_role_secrets (
    job_id      uuid primary key,
    role_name   varchar(63) not null,
    sealed      text        not null,
    created_at  timestamptz not null default now()
);
