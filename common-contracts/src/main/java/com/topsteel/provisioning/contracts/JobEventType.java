package com.topsteel.provisioning.contracts;

import java.util.Arrays;
import java.util.Optional;

/** What webhooks announce: past-tense facts about a job and its société. */
public enum JobEventType {
    JOB_QUEUED("job.queued"),
    JOB_RUNNING("job.running"),
    JOB_RETRYING("job.retrying"),
    JOB_SUCCEEDED("job.succeeded"),
    JOB_FAILED("job.failed"),
    SOCIETE_PROVISIONED("societe.provisioned"),
    SOCIETE_DESTROYED("societe.destroyed"),
    UPGRADE_STARTED("upgrade.started"),
    UPGRADE_TENANT_FAILED("upgrade.tenant.failed"),
    UPGRADE_COMPLETED("upgrade.completed"),
    /** A reconciliation found the fleet apart from its records; the details list what it found. */
    FLEET_DRIFT_DETECTED("fleet.drift.detected"),
    /** A société's database grew past its maxStorageBytes; the details name it and both sizes. */
    SOCIETE_QUOTA_EXCEEDED("societe.quota.exceeded");

    private final String wireName;

    JobEventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code job.succeeded}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<JobEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
