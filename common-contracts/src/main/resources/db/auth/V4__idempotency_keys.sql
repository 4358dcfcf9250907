-- Idempotency-Key (IETF draft): the first response to a key, replayed to every repeat of it.

create table provisioning.idempotency_keys (
    -- who used the key: keys of different clients never collide
    client            varchar(100) not null,
    key               varchar(255) not null,
    -- SHA-256 of method, path and body: the same key with another request is refused
    fingerprint       char(64)     not null,
    status            varchar(20)  not null check (status in ('IN_PROGRESS', 'COMPLETED')),
    response_status   integer,
    response_type     varchar(100),
    response_location varchar(500),
    response_body     text,
    created_at        timestamptz  not null default now(),
    expires_at        timestamptz  not null,
    primary key (client, key)
);

create index idempotency_keys_expiry_idx on provisioning.idempotency_keys (expires_at);
