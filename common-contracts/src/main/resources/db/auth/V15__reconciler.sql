-- The reconciler (see docs/reconciler.md): a société whose records and database disagree is
-- DEGRADED until an operator decides; each reconciliation keeps its report beside its job.

alter table societes drop constraint societes_status_check;
alter table societes add constraint societes_status_check
    check (status in ('PROVISIONING', 'ACTIVE', 'INACTIVE', 'SUSPENDED', 'TRIAL', 'DELETING', 'DEGRADED'));

-- One row per RECONCILE_FLEET job: what it found and, unless a dry run, what it did about each.
create table provisioning.reconciliations (
    job_id       uuid primary key,
    dry_run      boolean     not null,
    requested_by varchar(100),
    -- [{kind, severity, target, proposedAction, detail, proof, outcome, outcomeDetail}], once inspected
    findings     jsonb,
    created_at   timestamptz not null default now(),
    finished_at  timestamptz
);
create index reconciliations_created_idx on provisioning.reconciliations (created_at desc);
