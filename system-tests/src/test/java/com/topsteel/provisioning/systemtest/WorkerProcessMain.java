package com.topsteel.provisioning.systemtest;

import java.time.Duration;
import java.util.Arrays;

import org.springframework.context.ConfigurableApplicationContext;

import com.topsteel.provisioning.worker.WorkerApplication;

/**
 * A provisioning worker in a JVM of its own, as {@link WorkerProcess} starts it: the real
 * worker application plus the tests' fault injector. {@code --test.pause=CODE:step:seconds}
 * makes that step of that société sleep, so a test can kill the process in the middle of it.
 */
public final class WorkerProcessMain {

    private WorkerProcessMain() {
    }

    public static void main(String[] args) {
        String[] springArgs = Arrays.stream(args).filter(arg -> !arg.startsWith("--test.")).toArray(String[]::new);
        ConfigurableApplicationContext worker;
        try {
            worker = WorkerApplication.application().sources(TestFaultsConfiguration.class).run(springArgs);
        } catch (RuntimeException refused) {
            System.exit(1);
            return;
        }
        Arrays.stream(args).filter(arg -> arg.startsWith("--test.pause=")).forEach(arg -> {
            String[] pause = arg.substring("--test.pause=".length()).split(":");
            worker.getBean(ScriptedStepFaults.class).pause(pause[0], pause[1], Duration.ofSeconds(Long.parseLong(pause[2])));
        });
        System.out.println("WORKER READY");
    }
}
