package com.topsteel.provisioning.worker.provision;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.SagaStep;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

/** Runs the TENANT Flyway migrations in the new database. */
@Component
class MigrateTenantDatabaseStep implements SagaStep {

    private final TenantDatabases databases;

    MigrateTenantDatabaseStep(TenantDatabases databases) {
        this.databases = databases;
    }

    @Override
    public String name() {
        return "migrate-tenant-schema";
    }

    @Override
    public void execute(JobContext job) {
        databases.migrate(job.databaseName());
    }

    @Override
    public void compensate(JobContext job) {
        // the schema lives inside the tenant database, which create-database's compensation drops
    }
}
