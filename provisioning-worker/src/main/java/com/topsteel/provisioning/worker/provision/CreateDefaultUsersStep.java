package com.topsteel.provisioning.worker.provision;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.SagaStep;
import com.topsteel.provisioning.worker.seed.DefaultUsers;

/** admin@{code}.topsteel.local and user@{code}.topsteel.local in AUTH; undone with their links and settings. */
@Component
class CreateDefaultUsersStep implements SagaStep {

    private final DefaultUsers defaultUsers;

    CreateDefaultUsersStep(DefaultUsers defaultUsers) {
        this.defaultUsers = defaultUsers;
    }

    @Override
    public String name() {
        return "create-default-users";
    }

    @Override
    public void execute(JobContext job) {
        defaultUsers.create(job.jobId(), job.societeId(), job.societeCode(), job.societeNom());
    }

    @Override
    public void compensate(JobContext job) {
        defaultUsers.undoCreate(job.jobId(), job.societeId(), job.societeCode());
    }
}
