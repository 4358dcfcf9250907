package com.topsteel.provisioning.jobs.reconcile;

/** The ways the fleet can drift from its records, each found by the reconciler (docs/reconciler.md). */
public enum DriftKind {
    /** A société that should have a database has none: flagged DEGRADED, never recreated empty. */
    MISSING_DATABASE,
    /** A tenant database no société names: dropped only with proof that a finished job of ours made it. */
    ORPHAN_DATABASE,
    /** A société PROVISIONING or DELETING that no job is working on. */
    STUCK_SOCIETE,
    /** A RUNNING job whose lease no attempt holds: its worker died. */
    ABANDONED_JOB,
    /** A tenant behind the newest TENANT schema version a live worker knows, with no campaign running. */
    BEHIND_SCHEMA,
    /** A default user of a société that no longer exists, linked to none. */
    ORPHAN_USER,
    /** A tenant template of a version no live worker builds from. */
    TEMPLATE_LEFTOVER,
    /** A database named as a warm pool member that the pool's records do not know. */
    POOL_LEFTOVER
}
