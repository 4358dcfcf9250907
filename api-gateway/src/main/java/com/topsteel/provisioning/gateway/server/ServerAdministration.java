package com.topsteel.provisioning.gateway.server;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry;

/** Reading the servers and the changes an operator makes to them. */
@Service
class ServerAdministration {

    private static final Logger log = LoggerFactory.getLogger(ServerAdministration.class);

    private final DatabaseServerRegistry registry;

    ServerAdministration(DatabaseServerRegistry registry) {
        this.registry = registry;
    }

    List<ServerView> list() {
        return registry.loads().stream().map(ServerView::of).toList();
    }

    ServerView get(String name) {
        return registry.load(name).map(ServerView::of).orElseThrow(() -> notFound(name));
    }

    ServerView change(String name, ServerChange change) {
        if (!registry.change(name, change.status(), change.changeCapacity(), change.maxTenants())) {
            throw notFound(name);
        }
        ServerView changed = get(name);
        log.info("Database server {} changed by {}: status {}, capacity {}", name, CurrentCaller.name(), changed.status(),
                changed.maxTenants() == null ? "unlimited" : changed.maxTenants());
        return changed;
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("No database server " + abbreviated(name));
    }

    private static String abbreviated(String name) {
        return name.length() <= 63 ? name : name.substring(0, 63) + "…";
    }
}
