-- The listings page through sociétés and jobs newest first, ties broken by id
-- (order by created_at desc, id): an index in that exact order serves a page without
-- sorting the whole table, however many sociétés there are.
create index societes_created_idx on societes (created_at desc, id);
create index jobs_created_id_idx on provisioning.jobs (created_at desc, id);
drop index provisioning.jobs_created_idx;
