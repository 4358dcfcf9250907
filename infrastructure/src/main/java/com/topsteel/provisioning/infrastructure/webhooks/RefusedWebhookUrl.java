package com.topsteel.provisioning.infrastructure.webhooks;

/** A URL webhooks may not be sent to, with the reason, worded to follow "the url …". */
public final class RefusedWebhookUrl extends Exception {

    public RefusedWebhookUrl(String reason) {
        // an expected answer, not a fault: no stack trace to fill
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
