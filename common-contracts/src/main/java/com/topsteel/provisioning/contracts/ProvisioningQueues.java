package com.topsteel.provisioning.contracts;

/** Names of the RabbitMQ topology both services rely on. */
public final class ProvisioningQueues {

    public static final String COMMANDS_EXCHANGE = "provisioning.commands";
    public static final String COMMANDS_QUEUE = "provisioning.commands";
    public static final String DEAD_LETTER_EXCHANGE = "provisioning.commands.dlx";
    public static final String DEAD_LETTER_QUEUE = "provisioning.commands.dead";

    public static final String PROVISION_TENANT_ROUTING_KEY = "tenant.provision";
    public static final String DESTROY_TENANT_ROUTING_KEY = "tenant.destroy";
    public static final String UPGRADE_FLEET_ROUTING_KEY = "fleet.upgrade";
    public static final String RECONCILE_FLEET_ROUTING_KEY = "fleet.reconcile";
    public static final String BACKUP_TENANT_ROUTING_KEY = "tenant.backup";
    public static final String RESTORE_TENANT_ROUTING_KEY = "tenant.restore";
    public static final String RECOVER_TENANT_ROUTING_KEY = "tenant.recover";
    public static final String BACKUP_FLEET_ROUTING_KEY = "fleet.backup";
    public static final String DRILL_RESTORES_ROUTING_KEY = "fleet.drill";
    public static final String MEASURE_FLEET_ROUTING_KEY = "fleet.measure";
    public static final String MOVE_TENANT_ROUTING_KEY = "tenant.move";
    public static final String DRAIN_SERVER_ROUTING_KEY = "fleet.drain";

    private ProvisioningQueues() {
    }
}
