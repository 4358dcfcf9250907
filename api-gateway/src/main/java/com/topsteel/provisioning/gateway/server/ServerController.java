package com.topsteel.provisioning.gateway.server;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** The fleet's PostgreSQL servers: their load, status and capacity. OPS role only (under /api/ops). */
@RestController
@RequestMapping("/api/ops/servers")
class ServerController {

    private final ServerAdministration servers;

    ServerController(ServerAdministration servers) {
        this.servers = servers;
    }

    @GetMapping
    List<ServerView> servers() {
        return servers.list();
    }

    @GetMapping("/{name}")
    ServerView server(@PathVariable String name) {
        return servers.get(name);
    }

    /** {@code {"status": "DRAINING"}}, {@code {"maxTenants": 500}} (null: no limit), or both. */
    @PatchMapping("/{name}")
    ServerView change(@PathVariable String name, @RequestBody JsonNode change) {
        return servers.change(name, ServerChange.parse(change));
    }
}
