-- SHARED database: reference data common to every société.

create table notification_templates (
    id         uuid primary key default gen_random_uuid(),
    code       varchar(100) not null unique,
    name       varchar(255) not null,
    category   varchar(50)  not null,
    channel    varchar(20)  not null check (channel in ('email', 'push', 'in_app')),
    subject    varchar(255),
    body       text         not null,
    variables  jsonb        not null default '[]'::jsonb,
    active     boolean      not null default true,
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now()
);

create table notification_rules (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(100) not null unique,
    name        varchar(255) not null,
    event_type  varchar(100) not null,
    template_id uuid         not null references notification_templates (id),
    conditions  jsonb        not null default '{}'::jsonb,
    enabled     boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create index notification_rules_template_idx on notification_rules (template_id);

create table menu_configurations (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(100) not null unique,
    name        varchar(255) not null,
    description text,
    is_default  boolean      not null default false,
    active      boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create unique index menu_configurations_single_default on menu_configurations (is_default) where is_default;

create table menu_items (
    id               uuid primary key default gen_random_uuid(),
    configuration_id uuid         not null references menu_configurations (id) on delete cascade,
    parent_id        uuid references menu_items (id) on delete cascade,
    code             varchar(100) not null,
    title            varchar(255) not null,
    icon             varchar(100),
    route            varchar(255),
    order_index      integer      not null default 0,
    permission       varchar(100),
    active           boolean      not null default true,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    unique (configuration_id, code)
);

create index menu_items_parent_idx on menu_items (parent_id);

create table system_parameters (
    key         varchar(100) primary key,
    value       text         not null,
    type        varchar(20)  not null check (type in ('string', 'number', 'boolean', 'json')),
    category    varchar(50)  not null,
    description text,
    editable    boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create table system_settings (
    section    varchar(100) not null,
    key        varchar(100) not null,
    value      jsonb        not null,
    updated_at timestamptz  not null default now(),
    primary key (section, key)
);

create table shared_materials (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(50)  not null unique,
    name        varchar(255) not null,
    family      varchar(50)  not null,
    grade       varchar(50),
    density     numeric(8, 3) check (density > 0),
    description text,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create table shared_suppliers (
    id         uuid primary key default gen_random_uuid(),
    code       varchar(50)  not null unique,
    name       varchar(255) not null,
    siret      varchar(14),
    email      varchar(255),
    phone      varchar(30),
    country    varchar(100) not null default 'FR',
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now()
);

create table shared_processes (
    id                       uuid primary key default gen_random_uuid(),
    code                     varchar(50)  not null unique,
    name                     varchar(255) not null,
    type                     varchar(50)  not null,
    default_duration_minutes integer check (default_duration_minutes > 0),
    description              text,
    created_at               timestamptz  not null default now(),
    updated_at               timestamptz  not null default now()
);

create table shared_quality_standards (
    id         uuid primary key default gen_random_uuid(),
    reference  varchar(50)  not null unique,
    title      varchar(255) not null,
    scope      text,
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now()
);
