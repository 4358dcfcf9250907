package com.topsteel.provisioning.gateway.security;

/**
 * CLIENT provisions and reads its own sociétés and jobs; OPS does everything, destroy and
 * retry included, and sees everyone's.
 */
public enum ApiRole {
    CLIENT, OPS;

    public String authority() {
        return "ROLE_" + name();
    }
}
