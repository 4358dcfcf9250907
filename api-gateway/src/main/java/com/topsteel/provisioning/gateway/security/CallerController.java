package com.topsteel.provisioning.gateway.security;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.jobs.Viewer;

/** Who the API key is, so a page offers only what its role may do (the API refuses the rest anyway). */
@RestController
class CallerController {

    /** @param name the API key's configured name, which owns the sociétés and jobs it creates */
    record Caller(String name, ApiRole role) {
    }

    @GetMapping("/api/me")
    Caller me() {
        return new Caller(CurrentCaller.name(), CurrentCaller.viewer() instanceof Viewer.Ops ? ApiRole.OPS : ApiRole.CLIENT);
    }
}
