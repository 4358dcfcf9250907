package com.topsteel.provisioning.worker.destroy;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.seed.DefaultUsers;

/** The société's links, and its users who belong to no other société, with their settings. */
@Component
class RemoveSocieteUsersStep implements ForwardOnlyStep {

    private final DefaultUsers users;

    RemoveSocieteUsersStep(DefaultUsers users) {
        this.users = users;
    }

    @Override
    public String name() {
        return "remove-users";
    }

    @Override
    public void execute(JobContext job) {
        users.remove(job.societeId(), job.societeCode());
    }
}
