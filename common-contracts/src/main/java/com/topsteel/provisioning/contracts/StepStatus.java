package com.topsteel.provisioning.contracts;

/** What happened to one saga step: its execution, then possibly its compensation. */
public enum StepStatus {
    RUNNING, SUCCEEDED, FAILED, COMPENSATING, COMPENSATED, COMPENSATION_FAILED
}
