package com.topsteel.provisioning.gateway.job;

import java.util.UUID;

/**
 * Records again the société of a provisioning whose failure removed it, so that an operator's
 * retry starts from the request as it was accepted.
 */
public interface SocieteRestorer {

    /** @throws com.topsteel.provisioning.gateway.web.ConflictException when its code has been taken since */
    void restoreForRetry(UUID societeId, String acceptedRequest, String databaseName, String requestedBy);
}
