-- TENANT database: the société's business data.

create table clients (
    id             uuid primary key default gen_random_uuid(),
    code           varchar(50)  not null unique,
    raison_sociale varchar(255) not null,
    siret          varchar(14),
    tva_intracom   varchar(20),
    email          varchar(255),
    telephone      varchar(30),
    adresse        varchar(500),
    code_postal    varchar(10),
    ville          varchar(100),
    pays           varchar(100) not null default 'FR',
    actif          boolean      not null default true,
    notes          text,
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now()
);

create table fournisseurs (
    id             uuid primary key default gen_random_uuid(),
    code           varchar(50)  not null unique,
    raison_sociale varchar(255) not null,
    siret          varchar(14),
    tva_intracom   varchar(20),
    email          varchar(255),
    telephone      varchar(30),
    adresse        varchar(500),
    code_postal    varchar(10),
    ville          varchar(100),
    pays           varchar(100) not null default 'FR',
    actif          boolean      not null default true,
    notes          text,
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now()
);

create table materiaux (
    id               uuid primary key default gen_random_uuid(),
    reference        varchar(100) not null unique,
    designation      varchar(255) not null,
    category_id      uuid references material_categories (id),
    nuance           varchar(50),
    forme            varchar(20) check (forme in ('TOLE', 'TUBE', 'PROFILE', 'BARRE', 'FIL', 'AUTRE')),
    dimensions       jsonb        not null default '{}'::jsonb,
    unite            varchar(10)  not null default 'kg',
    poids_unitaire_kg numeric(12, 4) check (poids_unitaire_kg >= 0),
    prix_unitaire    numeric(14, 4) check (prix_unitaire >= 0),
    actif            boolean      not null default true,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now()
);

create index materiaux_category_idx on materiaux (category_id);

create table stocks (
    id                uuid primary key default gen_random_uuid(),
    materiau_id       uuid          not null references materiaux (id),
    site_id           uuid          not null references sites (id),
    quantite          numeric(14, 3) not null default 0 check (quantite >= 0),
    quantite_reservee numeric(14, 3) not null default 0 check (quantite_reservee >= 0),
    seuil_alerte      numeric(14, 3),
    emplacement       varchar(100),
    updated_at        timestamptz   not null default now(),
    unique (materiau_id, site_id)
);

create index stocks_site_idx on stocks (site_id);

create table produits (
    id            uuid primary key default gen_random_uuid(),
    reference     varchar(100) not null unique,
    designation   varchar(255) not null,
    description   text,
    prix_vente_ht numeric(14, 2) check (prix_vente_ht >= 0),
    taux_tva      numeric(5, 2) not null default 20.0,
    unite         varchar(10)  not null default 'u',
    actif         boolean      not null default true,
    created_at    timestamptz  not null default now(),
    updated_at    timestamptz  not null default now()
);

create table projets (
    id               uuid primary key default gen_random_uuid(),
    numero           varchar(50)  not null unique,
    nom              varchar(255) not null,
    client_id        uuid references clients (id),
    statut           varchar(20)  not null default 'BROUILLON'
                     check (statut in ('BROUILLON', 'EN_COURS', 'SUSPENDU', 'TERMINE', 'ANNULE')),
    date_debut       date,
    date_fin_prevue  date,
    date_fin_reelle  date,
    budget_ht        numeric(14, 2),
    responsable      varchar(255),
    description      text,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now()
);

create index projets_client_idx on projets (client_id);
create index projets_statut_idx on projets (statut);

create table commandes (
    id                    uuid primary key default gen_random_uuid(),
    numero                varchar(50) not null unique,
    client_id             uuid        not null references clients (id),
    projet_id             uuid references projets (id),
    statut                varchar(20) not null default 'BROUILLON'
                          check (statut in ('BROUILLON', 'CONFIRMEE', 'EN_COURS', 'LIVREE', 'FACTUREE', 'ANNULEE')),
    date_commande         date        not null default current_date,
    date_livraison_prevue date,
    montant_ht            numeric(14, 2) not null default 0,
    montant_tva           numeric(14, 2) not null default 0,
    montant_ttc           numeric(14, 2) not null default 0,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now()
);

create index commandes_client_idx on commandes (client_id);
create index commandes_projet_idx on commandes (projet_id);
create index commandes_statut_idx on commandes (statut);

create table commande_lignes (
    id               uuid primary key default gen_random_uuid(),
    commande_id      uuid          not null references commandes (id) on delete cascade,
    produit_id       uuid references produits (id),
    designation      varchar(255)  not null,
    quantite         numeric(14, 3) not null check (quantite > 0),
    prix_unitaire_ht numeric(14, 4) not null check (prix_unitaire_ht >= 0),
    taux_tva         numeric(5, 2) not null default 20.0
);

create index commande_lignes_commande_idx on commande_lignes (commande_id);

create table ordres_fabrication (
    id                uuid primary key default gen_random_uuid(),
    numero            varchar(50) not null unique,
    projet_id         uuid references projets (id),
    commande_id       uuid references commandes (id),
    site_id           uuid references sites (id),
    statut            varchar(20) not null default 'PLANIFIE'
                      check (statut in ('PLANIFIE', 'EN_COURS', 'EN_PAUSE', 'TERMINE', 'ANNULE')),
    priorite          varchar(20) not null default 'NORMALE'
                      check (priorite in ('BASSE', 'NORMALE', 'HAUTE', 'URGENTE')),
    date_debut_prevue timestamptz,
    date_fin_prevue   timestamptz,
    date_debut_reelle timestamptz,
    date_fin_reelle   timestamptz,
    description       text,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);

create index ordres_fabrication_statut_idx on ordres_fabrication (statut);
create index ordres_fabrication_projet_idx on ordres_fabrication (projet_id);

create table operations_fabrication (
    id                   uuid primary key default gen_random_uuid(),
    ordre_id             uuid         not null references ordres_fabrication (id) on delete cascade,
    sequence             integer      not null,
    libelle              varchar(255) not null,
    poste_travail        varchar(100),
    duree_prevue_minutes integer check (duree_prevue_minutes >= 0),
    duree_reelle_minutes integer check (duree_reelle_minutes >= 0),
    statut               varchar(20)  not null default 'A_FAIRE'
                         check (statut in ('A_FAIRE', 'EN_COURS', 'TERMINEE')),
    unique (ordre_id, sequence)
);

create table query_builders (
    id          uuid primary key default gen_random_uuid(),
    name        varchar(255) not null,
    description text,
    main_table  varchar(100) not null,
    is_public   boolean      not null default false,
    max_rows    integer      check (max_rows > 0),
    settings    jsonb        not null default '{}'::jsonb,
    -- a user of the AUTH database: no foreign key across databases
    created_by  uuid         not null,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create table query_builder_columns (
    id               uuid primary key default gen_random_uuid(),
    query_builder_id uuid         not null references query_builders (id) on delete cascade,
    table_name       varchar(100) not null,
    column_name      varchar(100) not null,
    alias            varchar(100),
    label            varchar(255) not null,
    data_type        varchar(50)  not null,
    is_primary_key   boolean      not null default false,
    is_visible       boolean      not null default true,
    is_filterable    boolean      not null default true,
    is_sortable      boolean      not null default true,
    display_order    integer      not null default 0,
    format           jsonb
);

create index query_builder_columns_builder_idx on query_builder_columns (query_builder_id);

create table query_builder_joins (
    id               uuid primary key default gen_random_uuid(),
    query_builder_id uuid         not null references query_builders (id) on delete cascade,
    from_table       varchar(100) not null,
    from_column      varchar(100) not null,
    to_table         varchar(100) not null,
    to_column        varchar(100) not null,
    join_type        varchar(10)  not null default 'LEFT' check (join_type in ('INNER', 'LEFT', 'RIGHT')),
    alias            varchar(100) not null,
    join_order       integer      not null default 0
);

create index query_builder_joins_builder_idx on query_builder_joins (query_builder_id);

create table query_builder_calculated_fields (
    id               uuid primary key default gen_random_uuid(),
    query_builder_id uuid         not null references query_builders (id) on delete cascade,
    name             varchar(100) not null,
    label            varchar(255) not null,
    expression       text         not null,
    data_type        varchar(50)  not null,
    is_visible       boolean      not null default true,
    display_order    integer      not null default 0
);

create index query_builder_calculated_fields_builder_idx on query_builder_calculated_fields (query_builder_id);

create table query_builder_permissions (
    id               uuid primary key default gen_random_uuid(),
    query_builder_id uuid        not null references query_builders (id) on delete cascade,
    user_id          uuid,
    role             varchar(20),
    permission_type  varchar(10) not null check (permission_type in ('VIEW', 'EDIT', 'DELETE', 'SHARE', 'EXECUTE')),
    is_allowed       boolean     not null default true,
    check (user_id is not null or role is not null)
);

create index query_builder_permissions_builder_idx on query_builder_permissions (query_builder_id);
