package com.topsteel.provisioning.contracts;

/**
 * A PostgreSQL server of the fleet, as operators set it: ACTIVE takes new tenants; DRAINING keeps
 * its tenants but takes no new one (a drain moves them away); DISABLED takes none either, and is
 * not offered as a move's target.
 */
public enum ServerStatus {
    ACTIVE, DRAINING, DISABLED
}
