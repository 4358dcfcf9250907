package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

/**
 * A worker that dies between CREATE DATABASE and COMMENT ON DATABASE leaves an untagged
 * database: its job still recognises it as its own, while an untagged database that no job
 * said it would create is never taken, nor dropped.
 */
class TenantDatabaseOwnershipTest extends SystemTest {

    @Test
    void an_untagged_database_its_job_meant_to_create_is_the_jobs_own() {
        UUID jobId = UUID.randomUUID();
        String database = system.services.tenantDatabasePrefix + "crashed" + Long.toString(System.nanoTime(), 36);
        db.auth().sql("insert into provisioning.tenant_databases (database_name, job_id) values (:name, :job)")
                .param("name", database).param("job", jobId).update();
        // as the job left it, created by the services' role, the crash coming before its tag
        db.in("postgres").sql("create database " + database + " owner \"" + system.services.provisioningRole.username() + "\"")
                .update();
        TenantDatabases databases = system.workerBean(TenantDatabases.class);
        PostgresServer primary = system.workerBean(DatabaseServers.class).primary();

        databases.create(primary, database, jobId);
        assertThat(db.in("postgres").sql("select shobj_description(oid, 'pg_database') from pg_database where datname = :name")
                .param("name", database).query(String.class).single()).contains(jobId.toString());
        databases.dropIfCreatedBy(primary, database, jobId);

        assertThat(db.exists(database)).isFalse();
    }

    @Test
    void an_untagged_database_no_job_announced_is_neither_taken_nor_dropped() {
        UUID jobId = UUID.randomUUID();
        String database = system.services.tenantDatabasePrefix + "foreign" + Long.toString(System.nanoTime(), 36);
        db.in("postgres").sql("create database " + database).update();
        TenantDatabases databases = system.workerBean(TenantDatabases.class);
        PostgresServer primary = system.workerBean(DatabaseServers.class).primary();

        assertThatThrownBy(() -> databases.create(primary, database, jobId)).isInstanceOf(PermanentStepFailure.class);
        databases.dropIfCreatedBy(primary, database, jobId);

        assertThat(db.exists(database)).isTrue();
        db.in("postgres").sql("drop database " + database).update();
    }
}
