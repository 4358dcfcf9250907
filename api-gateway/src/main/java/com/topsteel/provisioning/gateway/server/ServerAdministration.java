package com.topsteel.provisioning.gateway.server;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.ServerStatus;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry.ServerLoad;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.move.TenantMoves;

/** Reading the servers and the changes an operator makes to them. */
@Service
class ServerAdministration {

    private static final Logger log = LoggerFactory.getLogger(ServerAdministration.class);

    private final DatabaseServerRegistry registry;
    private final TenantMoves moves;

    ServerAdministration(DatabaseServerRegistry registry, TenantMoves moves) {
        this.registry = registry;
        this.moves = moves;
    }

    List<ServerView> list() {
        return registry.loads().stream().map(ServerView::of).toList();
    }

    ServerView get(String name) {
        // a name no server can have is looked up nowhere
        return (DatabaseServers.NAME.matcher(name).matches() ? registry.load(name) : java.util.Optional.<ServerLoad>empty())
                .map(ServerView::of).orElseThrow(() -> notFound(name));
    }

    ServerView change(String name, ServerChange change) {
        if (!DatabaseServers.NAME.matcher(name).matches() || !registry.change(name, change.status(), change.changeCapacity(), change.maxTenants())) {
            throw notFound(name);
        }
        ServerView changed = get(name);
        log.info("Database server {} changed by {}: status {}, capacity {}", name, CurrentCaller.name(), changed.status(),
                changed.maxTenants() == null ? "unlimited" : changed.maxTenants());
        return changed;
    }

    /** The server DRAINING (if it was not) and a DRAIN_SERVER job, in one transaction; 409 while one of it runs. */
    @Transactional
    JobAccepted drain(String name, int maxParallel) {
        if (!DatabaseServers.NAME.matcher(name).matches() || registry.load(name).isEmpty()) {
            throw notFound(name);
        }
        Job job = moves.requestDrain(name, maxParallel, CurrentCaller.name());
        registry.change(name, ServerStatus.DRAINING, false, null);
        try (var logContext = JobLogContext.of(job.id(), job.type(), null)) {
            log.info("Drain of database server {} asked by {} as job {}, {} moves at a time", name, CurrentCaller.name(),
                    job.id(), maxParallel);
        }
        return JobAccepted.of(job, "Vidage du serveur " + name + " en cours");
    }

    private static NotFoundException notFound(String name) {
        // quoted back only when it is a name: never a megabyte or control characters
        return new NotFoundException(DatabaseServers.NAME.matcher(name).matches() ? "No database server " + name
                : "No such database server");
    }
}
