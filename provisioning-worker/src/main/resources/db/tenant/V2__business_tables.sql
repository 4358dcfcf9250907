-- TENANT database (erp_topsteel_{code}): the société's business data. No seed rows here.
-- Relies on V1: material_categories (id) and sites (id).

-- Tiers ------------------------------------------------------------------------------------------

create table clients (
    id             uuid primary key default gen_random_uuid(),
    code           varchar(50)  not null unique,
    raison_sociale varchar(255) not null,
    siret          varchar(14)  check (siret ~ '^[0-9]{14}$'),
    tva_intracom   varchar(20),
    email          varchar(255) check (email like '%_@_%'),
    telephone      varchar(30),
    adresse        varchar(500),
    code_postal    varchar(10),
    ville          varchar(100),
    pays           varchar(2)   not null default 'FR' check (pays ~ '^[A-Z]{2}$'), -- ISO 3166-1 alpha-2
    actif          boolean      not null default true,
    notes          text,
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now(),
    check (code <> '')
);

create index clients_raison_sociale_idx on clients (raison_sociale);
create index clients_siret_idx on clients (siret) where siret is not null;

create table fournisseurs (
    id             uuid primary key default gen_random_uuid(),
    code           varchar(50)  not null unique,
    raison_sociale varchar(255) not null,
    siret          varchar(14)  check (siret ~ '^[0-9]{14}$'),
    tva_intracom   varchar(20),
    email          varchar(255) check (email like '%_@_%'),
    telephone      varchar(30),
    adresse        varchar(500),
    code_postal    varchar(10),
    ville          varchar(100),
    pays           varchar(2)   not null default 'FR' check (pays ~ '^[A-Z]{2}$'),
    actif          boolean      not null default true,
    notes          text,
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now(),
    check (code <> '')
);

create index fournisseurs_raison_sociale_idx on fournisseurs (raison_sociale);
create index fournisseurs_siret_idx on fournisseurs (siret) where siret is not null;

-- Matériaux et stocks ----------------------------------------------------------------------------

create table materiaux (
    id                uuid primary key default gen_random_uuid(),
    reference         varchar(100)   not null unique,
    designation       varchar(255)   not null,
    category_id       uuid           references material_categories (id) on delete restrict,
    nuance            varchar(50),                                   -- ex. S235JR, 304L
    forme             varchar(20)    check (forme in ('TOLE', 'TUBE', 'PROFILE', 'BARRE', 'FIL', 'AUTRE')),
    dimensions        jsonb          not null default '{}'::jsonb check (jsonb_typeof(dimensions) = 'object'),
    unite             varchar(10)    not null default 'kg',
    poids_unitaire_kg numeric(12, 4) check (poids_unitaire_kg >= 0),
    prix_unitaire     numeric(14, 4) check (prix_unitaire >= 0),
    actif             boolean        not null default true,
    created_at        timestamptz    not null default now(),
    updated_at        timestamptz    not null default now(),
    check (reference <> '')
);

create index materiaux_category_idx on materiaux (category_id);
create index materiaux_nuance_idx on materiaux (nuance);
create index materiaux_forme_idx on materiaux (forme);

create table stocks (
    id                uuid primary key default gen_random_uuid(),
    materiau_id       uuid           not null references materiaux (id) on delete restrict,
    site_id           uuid           not null references sites (id) on delete restrict,
    quantite          numeric(14, 3) not null default 0 check (quantite >= 0),
    quantite_reservee numeric(14, 3) not null default 0 check (quantite_reservee >= 0),
    seuil_alerte      numeric(14, 3) check (seuil_alerte >= 0),
    emplacement       varchar(100),
    created_at        timestamptz    not null default now(),
    updated_at        timestamptz    not null default now(),
    unique (materiau_id, site_id)   -- also serves lookups by materiau_id
);

create index stocks_site_idx on stocks (site_id);

-- Produits ---------------------------------------------------------------------------------------

create table produits (
    id            uuid primary key default gen_random_uuid(),
    reference     varchar(100)   not null unique,
    designation   varchar(255)   not null,
    description   text,
    prix_vente_ht numeric(14, 2) check (prix_vente_ht >= 0),
    taux_tva      numeric(5, 2)  not null default 20.0 check (taux_tva between 0 and 100),
    unite         varchar(10)    not null default 'u',
    actif         boolean        not null default true,
    created_at    timestamptz    not null default now(),
    updated_at    timestamptz    not null default now(),
    check (reference <> '')
);

-- Projets ----------------------------------------------------------------------------------------

create table projets (
    id              uuid primary key default gen_random_uuid(),
    numero          varchar(50)    not null unique,
    nom             varchar(255)   not null,
    client_id       uuid           references clients (id) on delete restrict,
    statut          varchar(20)    not null default 'BROUILLON'
                    check (statut in ('BROUILLON', 'EN_COURS', 'SUSPENDU', 'TERMINE', 'ANNULE')),
    date_debut      date,
    date_fin_prevue date,
    date_fin_reelle date,
    budget_ht       numeric(14, 2) check (budget_ht >= 0),
    responsable     varchar(255),
    description     text,
    created_at      timestamptz    not null default now(),
    updated_at      timestamptz    not null default now(),
    check (numero <> ''),
    check (date_fin_prevue is null or date_debut is null or date_fin_prevue >= date_debut),
    check (date_fin_reelle is null or date_debut is null or date_fin_reelle >= date_debut)
);

create index projets_client_idx on projets (client_id);
create index projets_statut_idx on projets (statut);

-- Commandes --------------------------------------------------------------------------------------

create table commandes (
    id                    uuid primary key default gen_random_uuid(),
    numero                varchar(50)    not null unique,
    client_id             uuid           not null references clients (id) on delete restrict,
    projet_id             uuid           references projets (id) on delete set null,
    statut                varchar(20)    not null default 'BROUILLON'
                          check (statut in ('BROUILLON', 'CONFIRMEE', 'EN_COURS', 'LIVREE', 'FACTUREE', 'ANNULEE')),
    date_commande         date           not null default current_date,
    date_livraison_prevue date,
    montant_ht            numeric(14, 2) not null default 0 check (montant_ht >= 0),
    montant_tva           numeric(14, 2) not null default 0 check (montant_tva >= 0),
    montant_ttc           numeric(14, 2) not null default 0 check (montant_ttc >= 0),
    created_at            timestamptz    not null default now(),
    updated_at            timestamptz    not null default now(),
    check (numero <> ''),
    check (date_livraison_prevue is null or date_livraison_prevue >= date_commande)
);

create index commandes_client_idx on commandes (client_id);
create index commandes_projet_idx on commandes (projet_id);
create index commandes_statut_idx on commandes (statut);
create index commandes_date_commande_idx on commandes (date_commande);

create table commande_lignes (
    id               uuid primary key default gen_random_uuid(),
    commande_id      uuid           not null references commandes (id) on delete cascade,
    produit_id       uuid           references produits (id) on delete set null,
    designation      varchar(255)   not null,
    quantite         numeric(14, 3) not null check (quantite > 0),
    prix_unitaire_ht numeric(14, 4) not null check (prix_unitaire_ht >= 0),
    taux_tva         numeric(5, 2)  not null default 20.0 check (taux_tva between 0 and 100),
    created_at       timestamptz    not null default now(),
    updated_at       timestamptz    not null default now()
);

create index commande_lignes_commande_idx on commande_lignes (commande_id);
create index commande_lignes_produit_idx on commande_lignes (produit_id);

-- Production -------------------------------------------------------------------------------------

create table ordres_fabrication (
    id                uuid primary key default gen_random_uuid(),
    numero            varchar(50) not null unique,
    projet_id         uuid        references projets (id) on delete set null,
    commande_id       uuid        references commandes (id) on delete set null,
    site_id           uuid        references sites (id) on delete restrict,
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
    updated_at        timestamptz not null default now(),
    check (numero <> ''),
    check (date_fin_prevue is null or date_debut_prevue is null or date_fin_prevue >= date_debut_prevue),
    check (date_fin_reelle is null or date_debut_reelle is null or date_fin_reelle >= date_debut_reelle)
);

create index ordres_fabrication_projet_idx on ordres_fabrication (projet_id);
create index ordres_fabrication_commande_idx on ordres_fabrication (commande_id);
create index ordres_fabrication_site_idx on ordres_fabrication (site_id);
create index ordres_fabrication_statut_idx on ordres_fabrication (statut, priorite);
create index ordres_fabrication_date_fin_prevue_idx on ordres_fabrication (date_fin_prevue)
    where statut in ('PLANIFIE', 'EN_COURS', 'EN_PAUSE');

create table operations_fabrication (
    id                   uuid primary key default gen_random_uuid(),
    ordre_id             uuid         not null references ordres_fabrication (id) on delete cascade,
    sequence             integer      not null check (sequence > 0),
    libelle              varchar(255) not null,
    poste_travail        varchar(100),
    duree_prevue_minutes integer      check (duree_prevue_minutes >= 0),
    duree_reelle_minutes integer      check (duree_reelle_minutes >= 0),
    statut               varchar(20)  not null default 'A_FAIRE'
                         check (statut in ('A_FAIRE', 'EN_COURS', 'TERMINEE', 'ANNULEE')),
    created_at           timestamptz  not null default now(),
    updated_at           timestamptz  not null default now(),
    unique (ordre_id, sequence)      -- also serves lookups by ordre_id
);

create index operations_fabrication_poste_idx on operations_fabrication (poste_travail, statut);

-- Query builder ----------------------------------------------------------------------------------

create table query_builders (
    id          uuid primary key default gen_random_uuid(),
    name        varchar(255) not null,
    description text,
    main_table  varchar(100) not null,
    is_public   boolean      not null default false,
    max_rows    integer      check (max_rows > 0),
    settings    jsonb        not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
    -- a user of the AUTH database: no foreign key across databases
    created_by  uuid         not null,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create index query_builders_created_by_idx on query_builders (created_by);
create index query_builders_public_idx on query_builders (is_public) where is_public;

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
    format           jsonb,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now()
);

create index query_builder_columns_builder_idx on query_builder_columns (query_builder_id, display_order);

create table query_builder_joins (
    id               uuid primary key default gen_random_uuid(),
    query_builder_id uuid         not null references query_builders (id) on delete cascade,
    from_table       varchar(100) not null,
    from_column      varchar(100) not null,
    to_table         varchar(100) not null,
    to_column        varchar(100) not null,
    join_type        varchar(10)  not null default 'LEFT' check (join_type in ('INNER', 'LEFT', 'RIGHT')),
    alias            varchar(100) not null,
    join_order       integer      not null default 0,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    unique (query_builder_id, alias)
);

create index query_builder_joins_builder_idx on query_builder_joins (query_builder_id, join_order);

create table query_builder_calculated_fields (
    id               uuid primary key default gen_random_uuid(),
    query_builder_id uuid         not null references query_builders (id) on delete cascade,
    name             varchar(100) not null,
    label            varchar(255) not null,
    expression       text         not null,
    data_type        varchar(50)  not null,
    is_visible       boolean      not null default true,
    display_order    integer      not null default 0,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    unique (query_builder_id, name)  -- also serves lookups by query_builder_id
);

create table query_builder_permissions (
    id               uuid primary key default gen_random_uuid(),
    query_builder_id uuid        not null references query_builders (id) on delete cascade,
    user_id          uuid,        -- a user of the AUTH database: no foreign key across databases
    role             varchar(50),
    permission_type  varchar(10) not null check (permission_type in ('VIEW', 'EDIT', 'DELETE', 'SHARE', 'EXECUTE')),
    is_allowed       boolean     not null default true,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    check (user_id is not null or role is not null),
    unique nulls not distinct (query_builder_id, user_id, role, permission_type)
);

create index query_builder_permissions_user_idx on query_builder_permissions (user_id) where user_id is not null;
create index query_builder_permissions_role_idx on query_builder_permissions (role) where role is not null;
