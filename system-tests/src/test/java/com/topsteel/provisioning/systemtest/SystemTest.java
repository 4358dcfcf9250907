package com.topsteel.provisioning.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every system test stands on: the running system, an OPS client of its API, its databases. */
@ExtendWith(ShowLogsOnFailure.class)
abstract class SystemTest {

    static RunningSystem system;
    static Api api;
    static Databases db;

    @BeforeAll
    static void startSystem() {
        system = RunningSystem.get();
        api = system.api;
        db = new Databases(system.services);
    }
}
