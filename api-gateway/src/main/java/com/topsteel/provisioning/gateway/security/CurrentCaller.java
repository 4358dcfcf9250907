package com.topsteel.provisioning.gateway.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import com.topsteel.provisioning.jobs.Viewer;

/** Who is calling: the API key's name, and whether it may see everyone's sociétés and jobs. */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    /** The key's name; "anonymous" outside an authenticated request (scheduled work). */
    public static String name() {
        return authentication().map(Authentication::getName).orElse("anonymous");
    }

    /** Who reads: an operator sees everything, a client its own sociétés, jobs and subscriptions. */
    public static Viewer viewer() {
        boolean ops = authentication().stream()
                .flatMap(authentication -> authentication.getAuthorities().stream())
                .anyMatch(authority -> ApiRole.OPS.authority().equals(authority.getAuthority()));
        return ops ? Viewer.OPS : Viewer.client(name());
    }

    private static Optional<Authentication> authentication() {
        return Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication());
    }
}
