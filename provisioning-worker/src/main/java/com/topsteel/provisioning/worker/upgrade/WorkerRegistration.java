package com.topsteel.provisioning.worker.upgrade;

import java.lang.management.ManagementFactory;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.jobs.upgrade.Workers;
import com.topsteel.provisioning.worker.tenantdb.TenantMigrations;

/**
 * This worker in {@code provisioning.workers}, with the TENANT migrations it has, every 5 s: what
 * the gateway offers as a campaign's target, and what keeps this worker's template from being
 * dropped as obsolete.
 */
@Component
class WorkerRegistration implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkerRegistration.class);

    private final Workers workers;
    private final TenantMigrations migrations;
    private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();

    WorkerRegistration(Workers workers, TenantMigrations migrations) {
        this.workers = workers;
        this.migrations = migrations;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        heartbeat();
        log.info("Worker {} knows TENANT migrations up to version {}", workerId, migrations.newestVersion());
    }

    @Scheduled(fixedDelay = 5000, initialDelay = 5000)
    void heartbeat() {
        try {
            workers.heartbeat(workerId, migrations.newestVersion(), migrations.knownVersions());
        } catch (RuntimeException unreachable) {
            log.warn("Worker heartbeat not recorded: {}", unreachable.toString());
        }
    }

    @Override
    public void destroy() {
        try {
            workers.leave(workerId);
        } catch (RuntimeException unreachable) {
            log.warn("Worker {} could not record that it stops: {}", workerId, unreachable.toString());
        }
    }
}
