package com.topsteel.provisioning.worker.destroy;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;

/**
 * {@code DROP DATABASE ... WITH (FORCE)}, and only the tenant database that the société's code
 * names: never AUTH, SHARED or any other database, whatever a row might say.
 */
@Component
class DropTenantDatabaseStep implements ForwardOnlyStep {

    private final PostgresServer postgres;

    DropTenantDatabaseStep(PostgresServer postgres) {
        this.postgres = postgres;
    }

    @Override
    public String name() {
        return "drop-database";
    }

    @Override
    public void execute(JobContext job) {
        String expected = SocieteCode.databaseName(postgres.settings().tenantDatabasePrefix(), job.societeCode());
        if (!expected.equals(job.databaseName())) {
            throw new PermanentStepFailure("refusing to drop " + job.databaseName() + ": société " + job.societeCode()
                    + " owns " + expected);
        }
        postgres.dropDatabase(job.databaseName());
    }
}
