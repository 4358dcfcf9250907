package com.topsteel.provisioning.gateway.server;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry.ServerLoad;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;

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

    private static NotFoundException notFound(String name) {
        // quoted back only when it is a name: never a megabyte or control characters
        return new NotFoundException(DatabaseServers.NAME.matcher(name).matches() ? "No database server " + name
                : "No such database server");
    }
}
