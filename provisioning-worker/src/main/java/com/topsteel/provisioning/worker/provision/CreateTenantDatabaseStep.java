package com.topsteel.provisioning.worker.provision;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.SagaStep;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

/** {@code CREATE DATABASE erp_topsteel_{code}}, tagged with this job; undone only if this job created it. */
@Component
class CreateTenantDatabaseStep implements SagaStep {

    private final TenantDatabases databases;

    CreateTenantDatabaseStep(TenantDatabases databases) {
        this.databases = databases;
    }

    @Override
    public String name() {
        return "create-database";
    }

    @Override
    public void execute(JobContext job) {
        databases.create(job.databaseName(), job.jobId());
    }

    @Override
    public void compensate(JobContext job) {
        databases.dropIfCreatedBy(job.databaseName(), job.jobId());
    }
}
