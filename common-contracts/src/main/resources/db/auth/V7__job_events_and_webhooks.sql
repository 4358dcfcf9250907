-- Every job status change as an event, written in the statement that changes the status; the
-- webhook dispatcher turns events into deliveries, one per matching subscription.

create table provisioning.job_events (
    id            bigint generated always as identity primary key,
    job_id        uuid        not null references provisioning.jobs (id) on delete cascade,
    type          varchar(40) not null,
    occurred_at   timestamptz not null default now(),
    dispatched_at timestamptz
);

create index job_events_undispatched_idx on provisioning.job_events (id) where dispatched_at is null;
create index job_events_job_idx on provisioning.job_events (job_id, id);

create table provisioning.webhook_subscriptions (
    id                         uuid primary key,
    url                        varchar(2000) not null,
    event_types                text[]        not null,
    -- signing secrets, encrypted with provisioning.secrets.key; the previous one is still sent during rotation
    sealed_secret              text          not null,
    previous_sealed_secret     text,
    previous_secret_expires_at timestamptz,
    enabled                    boolean       not null default true,
    disabled_reason            text,
    requested_by               varchar(100)  not null,
    -- an OPS subscription hears every job; a client's only its own
    sees_all_jobs              boolean       not null,
    created_at                 timestamptz   not null default now(),
    updated_at                 timestamptz   not null default now()
);

create table provisioning.webhook_deliveries (
    id               uuid primary key,
    subscription_id  uuid        not null references provisioning.webhook_subscriptions (id) on delete cascade,
    event_id         bigint      not null references provisioning.job_events (id) on delete cascade,
    type             varchar(40) not null,
    -- the exact bytes signed and sent, every attempt
    payload          text        not null,
    status           varchar(20) not null check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz not null default now(),
    delivered_at     timestamptz,
    unique (subscription_id, event_id)
);

create index webhook_deliveries_due_idx on provisioning.webhook_deliveries (next_attempt_at, event_id) where status = 'PENDING';
create index webhook_deliveries_subscription_idx on provisioning.webhook_deliveries (subscription_id, created_at desc);

create table provisioning.webhook_delivery_attempts (
    delivery_id  uuid        not null references provisioning.webhook_deliveries (id) on delete cascade,
    attempt      integer     not null,
    attempted_at timestamptz not null default now(),
    status_code  integer,
    duration_ms  integer     not null,
    error        text,
    primary key (delivery_id, attempt)
);
