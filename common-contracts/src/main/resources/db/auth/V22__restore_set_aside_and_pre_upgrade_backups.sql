-- An IN_PLACE restore sets the tenant's previous database aside under this name. It is dropped after the
-- job has SUCCEEDED (a DROP DATABASE forces a checkpoint: seconds the restore no longer waits for), and
-- the drop is recorded; the reconciler drops one left behind with this record as its proof.
alter table provisioning.restores
    add column set_aside_server     varchar(63),
    add column set_aside_database   varchar(63),
    add column set_aside_dropped_at timestamptz;

-- A campaign asked to back each tenant up (trigger PRE_UPGRADE) before migrating it.
alter table provisioning.upgrade_campaigns
    add column backup_first boolean not null default false;
