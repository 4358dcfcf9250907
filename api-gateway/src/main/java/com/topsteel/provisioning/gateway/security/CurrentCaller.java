package com.topsteel.provisioning.gateway.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is calling: the API key's name, and whether it may see everyone's sociétés and jobs. */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    /** The key's name; "anonymous" outside an authenticated request (scheduled work). */
    public static String name() {
        return authentication().map(Authentication::getName).orElse("anonymous");
    }

    /** The owner whose records the caller may read: null for OPS (everything), its own name for a CLIENT. */
    public static String ownerFilter() {
        boolean ops = authentication().stream()
                .flatMap(authentication -> authentication.getAuthorities().stream())
                .anyMatch(authority -> ApiRole.OPS.authority().equals(authority.getAuthority()));
        return ops ? null : name();
    }

    private static Optional<Authentication> authentication() {
        return Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication());
    }
}
