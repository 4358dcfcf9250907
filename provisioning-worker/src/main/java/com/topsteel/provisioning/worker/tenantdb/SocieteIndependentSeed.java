package com.topsteel.provisioning.worker.tenantdb;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed rows that do not depend on the société, written into warm pool databases ahead of
 * demand. Implemented where the seed is (the seed step writes them too, idempotently, so a copy of
 * the bare template and a pool database end the same).
 */
public interface SocieteIndependentSeed {

    /** Changes whenever the rows do: pool databases seeded with other rows are dropped, never handed out. */
    String fingerprint();

    /** Writes the rows into a freshly copied database, in the caller's transaction. */
    void seed(JdbcClient tenantDatabase);
}
