package com.topsteel.provisioning.worker.provision;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.SagaStep;
import com.topsteel.provisioning.worker.seed.TenantSeedData;

/** System parameters, material categories, numbering sequences and the main site of the tenant. */
@Component
class SeedTenantDataStep implements SagaStep {

    private final TenantSeedData seedData;

    SeedTenantDataStep(TenantSeedData seedData) {
        this.seedData = seedData;
    }

    @Override
    public String name() {
        return "seed-tenant-data";
    }

    @Override
    public void execute(JobContext job) {
        seedData.seed(job.databaseName(), job.societeCode(), job.societeId(), job.jobId());
    }

    @Override
    public void compensate(JobContext job) {
        // the rows live inside the tenant database, which create-database's compensation drops
    }
}
