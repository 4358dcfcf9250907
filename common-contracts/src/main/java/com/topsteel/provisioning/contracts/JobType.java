package com.topsteel.provisioning.contracts;

public enum JobType {
    PROVISION_TENANT, DESTROY_TENANT
}
