package com.topsteel.provisioning.gateway.server;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.gateway.job.JobAccepted;

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

    /**
     * Moves every tenant of the server away ({@code {"maxParallel": n}}, 2 by default, or no body):
     * the server DRAINING, then 202 with the DRAIN_SERVER job; 409 while a drain of it runs.
     */
    @PostMapping("/{name}/drain")
    ResponseEntity<JobAccepted> drain(@PathVariable String name, @RequestBody(required = false) JsonNode body) {
        JobAccepted accepted = servers.drain(name, ServerDrainRequest.maxParallelOf(body));
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + accepted.jobId())).body(accepted);
    }

    /** {@code {"status": "DRAINING"}}, {@code {"maxTenants": 500}} (null: no limit), or both. */
    @PatchMapping("/{name}")
    ServerView change(@PathVariable String name, @RequestBody JsonNode change) {
        return servers.change(name, ServerChange.parse(change));
    }
}
