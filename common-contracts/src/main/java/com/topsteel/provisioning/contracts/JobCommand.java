package com.topsteel.provisioning.contracts;

import java.util.UUID;

/** What every command names: the job, and the run of that job it starts. */
public sealed interface JobCommand permits ProvisionTenant, DestroyTenant {

    UUID jobId();

    UUID runId();

    JobType jobType();

    String societeCode();

    /** The AMQP {@code type} property the command travels with. */
    String messageType();
}
