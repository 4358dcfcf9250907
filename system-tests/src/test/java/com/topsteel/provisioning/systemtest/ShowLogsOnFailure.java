package com.topsteel.provisioning.systemtest;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** A failing system test says where the logs of the services it drove are. */
class ShowLogsOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.err.println(context.getDisplayName() + " failed; the services' logs are in " + TestLogs.DIRECTORY);
    }
}
