-- SHARED database (erp_topsteel_shared): reference data and configuration common to every société.

-- Notifications ----------------------------------------------------------------------------------

create table notification_templates (
    id         uuid primary key default gen_random_uuid(),
    code       varchar(100) not null unique,
    name       varchar(255) not null,
    category   varchar(50)  not null,
    channel    varchar(20)  not null check (channel in ('email', 'push', 'in_app')),
    subject    varchar(255),
    body       text         not null,
    variables  jsonb        not null default '[]'::jsonb check (jsonb_typeof(variables) = 'array'),
    active     boolean      not null default true,
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now(),
    check (code <> ''),
    check (channel <> 'email' or subject is not null)
);

create index notification_templates_category_idx on notification_templates (category);

create table notification_rules (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(100) not null unique,
    name        varchar(255) not null,
    event_type  varchar(100) not null,
    template_id uuid         not null references notification_templates (id) on delete restrict,
    conditions  jsonb        not null default '{}'::jsonb check (jsonb_typeof(conditions) = 'object'),
    enabled     boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    check (code <> '')
);

create index notification_rules_template_idx on notification_rules (template_id);
create index notification_rules_event_type_idx on notification_rules (event_type) where enabled;

-- Menus ------------------------------------------------------------------------------------------

create table menu_configurations (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(100) not null unique,
    name        varchar(255) not null,
    description text,
    is_default  boolean      not null default false,
    active      boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    check (code <> '')
);

-- at most one default configuration
create unique index menu_configurations_single_default_idx on menu_configurations (is_default) where is_default;

create table menu_items (
    id               uuid primary key default gen_random_uuid(),
    configuration_id uuid         not null references menu_configurations (id) on delete cascade,
    parent_id        uuid,
    code             varchar(100) not null,
    title            varchar(255) not null,
    icon             varchar(100),
    route            varchar(255),
    order_index      integer      not null default 0,
    permission       varchar(100),
    active           boolean      not null default true,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    unique (configuration_id, code),
    -- target of the self-reference below: a parent belongs to the same configuration
    unique (configuration_id, id),
    foreign key (configuration_id, parent_id) references menu_items (configuration_id, id) on delete cascade,
    check (parent_id is null or parent_id <> id),
    check (code <> ''),
    check (route is null or route like '/%')
);

create index menu_items_parent_idx on menu_items (parent_id);
create index menu_items_configuration_order_idx on menu_items (configuration_id, parent_id, order_index);

-- Global parameters and settings -----------------------------------------------------------------

create table system_parameters (
    id          uuid primary key default gen_random_uuid(),
    key         varchar(100) not null unique,
    value       text         not null,
    type        varchar(20)  not null default 'string' check (type in ('string', 'number', 'boolean', 'json')),
    category    varchar(50)  not null default 'general',
    description text,
    editable    boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    check (key <> ''),
    check (type <> 'boolean' or value in ('true', 'false')),
    check (type <> 'number' or value ~ '^-?[0-9]+(\.[0-9]+)?$')
);

create index system_parameters_category_idx on system_parameters (category);

create table system_settings (
    id          uuid primary key default gen_random_uuid(),
    section     varchar(100) not null,
    key         varchar(100) not null,
    value       jsonb        not null,
    description text,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    unique (section, key),
    check (section <> '' and key <> '')
);

-- Shared reference data --------------------------------------------------------------------------

create table shared_materials (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(50)   not null unique,
    name        varchar(255)  not null,
    description text,
    family      varchar(50)   not null,           -- ACIER, INOX, ALUMINIUM, CUIVRE, LAITON ...
    grade       varchar(50),                      -- nuance / numéro de matière (ex. 1.4307)
    density     numeric(8, 3) check (density > 0), -- g/cm³
    standard    varchar(50),                      -- norme de référence (ex. EN 10025-2)
    active      boolean       not null default true,
    created_at  timestamptz   not null default now(),
    updated_at  timestamptz   not null default now(),
    check (code <> '')
);

create index shared_materials_family_idx on shared_materials (family);

create table shared_suppliers (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(50)  not null unique,
    name        varchar(255) not null,
    description text,
    siret       varchar(14)  check (siret ~ '^[0-9]{14}$'),
    email       varchar(255) check (email like '%_@_%'),
    phone       varchar(30),
    website     varchar(255),
    country     varchar(2)   not null default 'FR' check (country ~ '^[A-Z]{2}$'), -- ISO 3166-1 alpha-2
    active      boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    check (code <> '')
);

create index shared_suppliers_name_idx on shared_suppliers (name);

create table shared_processes (
    id                       uuid primary key default gen_random_uuid(),
    code                     varchar(50)  not null unique,
    name                     varchar(255) not null,
    description              text,
    type                     varchar(30)  not null
                             check (type in ('DECOUPE', 'PLIAGE', 'SOUDAGE', 'USINAGE', 'ASSEMBLAGE',
                                             'TRAITEMENT_SURFACE', 'CONTROLE', 'AUTRE')),
    default_duration_minutes integer      check (default_duration_minutes > 0),
    active                   boolean      not null default true,
    created_at               timestamptz  not null default now(),
    updated_at               timestamptz  not null default now(),
    check (code <> '')
);

create index shared_processes_type_idx on shared_processes (type);

create table shared_quality_standards (
    id          uuid primary key default gen_random_uuid(),
    code        varchar(50)  not null unique,
    name        varchar(255) not null,
    description text,
    reference   varchar(50)  not null unique,     -- ex. "EN 10025-2"
    title       varchar(255) not null,
    scope       varchar(100),                     -- Matériaux, Fabrication, Organisation ...
    active      boolean      not null default true,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    check (code <> '' and reference <> '')
);
