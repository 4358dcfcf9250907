-- AUTH database: sociétés, users, their links and their settings.

create table societes (
    id                uuid primary key,
    nom               varchar(255) not null,
    code              varchar(63)  not null,
    email             varchar(255),
    plan              varchar(20)  not null default 'STARTER'
                      check (plan in ('STARTER', 'PROFESSIONAL', 'ENTERPRISE', 'CUSTOM')),
    max_users         integer      not null default 5 check (max_users between 1 and 1000),
    max_sites         integer      not null default 1 check (max_sites between 1 and 50),
    max_storage_bytes bigint       check (max_storage_bytes >= 0),
    status            varchar(20)  not null default 'TRIAL'
                      check (status in ('PROVISIONING', 'ACTIVE', 'INACTIVE', 'SUSPENDED', 'TRIAL', 'DELETING')),
    database_name     varchar(63)  not null,
    siret             varchar(14),
    tva               varchar(20),
    adresse           varchar(500),
    code_postal       varchar(10),
    ville             varchar(100),
    pays              varchar(100),
    telephone         varchar(30),
    website           varchar(255),
    configuration     jsonb        not null default '{}'::jsonb,
    date_activation   timestamptz,
    created_at        timestamptz  not null default now(),
    updated_at        timestamptz  not null default now()
);

-- ACME and acme are one société and one database.
create unique index societes_code_key on societes (lower(code));
create unique index societes_database_name_key on societes (database_name);
create index societes_status_idx on societes (status);

-- The original let another endpoint rewrite the database name, so destroy could drop any
-- database. Code and database name are fixed for the life of the row.
create function societes_keep_identity() returns trigger language plpgsql as $$
begin
    if new.code is distinct from old.code or new.database_name is distinct from old.database_name then
        raise exception 'societe % code and database name cannot change', old.id;
    end if;
    return new;
end $$;

create trigger societes_keep_identity before update on societes
    for each row execute function societes_keep_identity();

create table users (
    id                   uuid primary key,
    email                varchar(255) not null,
    password_hash        varchar(255) not null,
    nom                  varchar(100) not null,
    prenom               varchar(100) not null,
    role                 varchar(20)  not null check (role in ('SUPER_ADMIN', 'ADMIN', 'MANAGER', 'USER', 'VIEWER')),
    active               boolean      not null default true,
    must_change_password boolean      not null default true,
    last_login_at        timestamptz,
    created_at           timestamptz  not null default now(),
    updated_at           timestamptz  not null default now()
);

create unique index users_email_key on users (lower(email));

create table societe_users (
    user_id          uuid        not null references users (id) on delete cascade,
    societe_id       uuid        not null references societes (id) on delete cascade,
    role             varchar(20) not null check (role in ('OWNER', 'ADMIN', 'MANAGER', 'USER', 'VIEWER', 'GUEST')),
    permissions      jsonb       not null default '[]'::jsonb,
    -- null means every site of the société
    allowed_site_ids jsonb,
    is_default       boolean     not null default false,
    active           boolean     not null default true,
    created_at       timestamptz not null default now(),
    primary key (user_id, societe_id)
);

create index societe_users_societe_idx on societe_users (societe_id);

create table user_settings (
    user_id             uuid primary key references users (id) on delete cascade,
    language            varchar(10)  not null,
    timezone            varchar(64)  not null,
    theme               varchar(20)  not null,
    date_format         varchar(20)  not null,
    email_notifications boolean      not null,
    push_notifications  boolean      not null,
    sms_notifications   boolean      not null,
    email_types         jsonb        not null,
    push_types          jsonb        not null,
    quiet_hours         jsonb        not null,
    appearance          jsonb        not null,
    created_at          timestamptz  not null default now(),
    updated_at          timestamptz  not null default now()
);

create table notification_settings (
    user_id        uuid primary key references users (id) on delete cascade,
    enable_sound   boolean     not null,
    enable_toast   boolean     not null,
    enable_browser boolean     not null,
    enable_email   boolean     not null,
    enable_push    boolean     not null,
    categories     jsonb       not null,
    priorities     jsonb       not null,
    working_hours  jsonb       not null,
    weekdays       jsonb       not null,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
