package com.topsteel.provisioning.contracts;

/** Subscription plans of a société; STARTER when the request names none. */
public enum Plan {
    STARTER, PROFESSIONAL, ENTERPRISE, CUSTOM
}
