-- Quotas (docs/servers.md#quotas): when a measurement first found the société's database over its
-- max_storage_bytes; null while it is within it.
alter table societes add column quota_exceeded_at timestamptz;
create index societes_quota_exceeded_idx on societes (quota_exceeded_at) where quota_exceeded_at is not null;
