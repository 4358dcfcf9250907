package com.topsteel.provisioning.gateway.societe;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A user of a société as the API shows it: who, with which role, whether still to change the
 * initial password. Deliberately without the password hash.
 *
 * @param role        the user's role in the ERP
 * @param societeRole the user's role in this société
 */
record SocieteUser(
        UUID id,
        String email,
        String prenom,
        String nom,
        String role,
        String societeRole,
        boolean active,
        boolean mustChangePassword,
        OffsetDateTime lastLoginAt,
        OffsetDateTime createdAt) {
}
