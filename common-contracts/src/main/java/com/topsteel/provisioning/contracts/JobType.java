package com.topsteel.provisioning.contracts;

import java.util.Optional;

/**
 * The kinds of job, and what each means on the wire: the routing key its commands travel with,
 * and the event announced when one succeeds. A new kind of job is a constant here and a saga
 * declaration in the worker (see docs/jobs-and-crashes.md, "Adding a job type").
 */
public enum JobType {
    PROVISION_TENANT(ProvisioningQueues.PROVISION_TENANT_ROUTING_KEY, JobEventType.SOCIETE_PROVISIONED),
    DESTROY_TENANT(ProvisioningQueues.DESTROY_TENANT_ROUTING_KEY, JobEventType.SOCIETE_DESTROYED),
    /** An upgrade campaign: every tenant database brought to a TENANT schema version, tenant by tenant. */
    UPGRADE_FLEET(ProvisioningQueues.UPGRADE_FLEET_ROUTING_KEY, null),
    /** The fleet compared with its records, and the drift repaired or reported (docs/reconciler.md). */
    RECONCILE_FLEET(ProvisioningQueues.RECONCILE_FLEET_ROUTING_KEY, null),
    /** One société's database dumped with pg_dump into the backup store (docs/backups.md). */
    BACKUP_TENANT(ProvisioningQueues.BACKUP_TENANT_ROUTING_KEY, null),
    /** A backup restored, in place of the société's database or beside it. */
    RESTORE_TENANT(ProvisioningQueues.RESTORE_TENANT_ROUTING_KEY, null),
    /** A destroyed société provisioned back from its FINAL backup, with its users. */
    RECOVER_TENANT(ProvisioningQueues.RECOVER_TENANT_ROUTING_KEY, JobEventType.SOCIETE_PROVISIONED),
    /** The scheduled backups of every ACTIVE société, retention, and the purge of FINAL backups past their grace period. */
    BACKUP_FLEET(ProvisioningQueues.BACKUP_FLEET_ROUTING_KEY, null),
    /** Restore drills: the latest backups of a sample of sociétés restored into scratch databases and checked. */
    DRILL_RESTORES(ProvisioningQueues.DRILL_RESTORES_ROUTING_KEY, null),
    /** Every tenant database measured on its server, and the sociétés over their storage quota flagged (docs/servers.md). */
    MEASURE_FLEET(ProvisioningQueues.MEASURE_FLEET_ROUTING_KEY, null),
    /** One société's database copied to another server, verified, switched to, and dropped where it was (docs/servers.md). */
    MOVE_TENANT(ProvisioningQueues.MOVE_TENANT_ROUTING_KEY, null),
    /** Every tenant of a server moved away, a few at a time, each by a MOVE_TENANT job of its own. */
    DRAIN_SERVER(ProvisioningQueues.DRAIN_SERVER_ROUTING_KEY, null);

    private final String routingKey;
    private final JobEventType announcedOnSuccess;

    JobType(String routingKey, JobEventType announcedOnSuccess) {
        this.routingKey = routingKey;
        this.announcedOnSuccess = announcedOnSuccess;
    }

    /**
     * A job that may run for minutes or hours: the consumer hands it to JobRunr rather than hold
     * its message unacknowledged (RabbitMQ closes a channel whose delivery waits past its consumer timeout).
     */
    public boolean runsLong() {
        return this == UPGRADE_FLEET || this == BACKUP_FLEET || this == DRILL_RESTORES || this == DRAIN_SERVER;
    }

    /** The routing key of this type's commands on {@link ProvisioningQueues#COMMANDS_EXCHANGE}. */
    public String routingKey() {
        return routingKey;
    }

    /** What a success announces besides {@code job.succeeded}, if anything. */
    public Optional<JobEventType> announcedOnSuccess() {
        return Optional.ofNullable(announcedOnSuccess);
    }
}
