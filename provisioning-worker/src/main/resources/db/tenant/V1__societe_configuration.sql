-- TENANT database: the société's own configuration, seeded at provisioning.

create table system_parameters (
    key         varchar(100) primary key,
    value       text         not null,
    type        varchar(20)  not null check (type in ('string', 'number', 'boolean', 'json')),
    category    varchar(50)  not null,
    description text,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create table material_categories (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(50)  not null unique,
    name        varchar(100) not null unique,
    description text,
    active      boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create table numbering_sequences (
    document_type varchar(50) primary key,
    prefix        varchar(10) not null,
    next_value    bigint      not null default 1 check (next_value >= 1),
    padding       integer     not null default 5 check (padding between 1 and 12),
    include_year  boolean     not null default true,
    updated_at    timestamptz not null default now()
);

create table sites (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(50)  not null unique,
    name        varchar(255) not null,
    adresse     varchar(500),
    code_postal varchar(10),
    ville       varchar(100),
    pays        varchar(100) not null default 'FR',
    is_default  boolean      not null default false,
    active      boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create unique index sites_single_default on sites (is_default) where is_default;

create table audit_log (
    id          bigint generated always as identity primary key,
    occurred_at timestamptz  not null default now(),
    user_id     uuid,
    action      varchar(50)  not null,
    entity_type varchar(100) not null,
    entity_id   varchar(100),
    details     jsonb        not null default '{}'::jsonb
);

create index audit_log_entity_idx on audit_log (entity_type, entity_id);
create index audit_log_occurred_idx on audit_log (occurred_at desc);
