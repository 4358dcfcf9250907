package com.topsteel.provisioning.systemtest;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.springframework.context.ConfigurableApplicationContext;

import com.topsteel.provisioning.worker.WorkerApplication;

/**
 * A provisioning worker in a JVM of its own, as {@link WorkerProcess} starts it: the real
 * worker application plus the tests' fault injector. {@code --test.pause=CODE:step:seconds} (several, comma-separated)
 * makes that step of that société sleep, so a test can kill the process in the middle of it;
 * {@code --test.hold-pool-claim=FILE} and {@code --test.hold-pool-refill=FILE} hold the warm pool's
 * claims or refills while FILE exists.
 */
public final class WorkerProcessMain {

    private WorkerProcessMain() {
    }

    private static Optional<String> testArgument(String[] args, String prefix) {
        return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).map(arg -> arg.substring(prefix.length())).findFirst();
    }

    public static void main(String[] args) {
        String[] springArgs = Arrays.stream(args).filter(arg -> !arg.startsWith("--test.")).toArray(String[]::new);
        // read by TestFaultsConfiguration before the pool's first refill, which starts with the context
        testArgument(args, "--test.hold-pool-claim=").ifPresent(file -> System.setProperty(TestFaultsConfiguration.HOLD_POOL_CLAIM, file));
        testArgument(args, "--test.hold-pool-refill=").ifPresent(file -> System.setProperty(TestFaultsConfiguration.HOLD_POOL_REFILL, file));
        ConfigurableApplicationContext worker;
        try {
            worker = WorkerApplication.application().sources(TestFaultsConfiguration.class).run(springArgs);
        } catch (RuntimeException refused) {
            System.exit(1);
            return;
        }
        // several pauses in one option, comma-separated: one worker holds several jobs, each at its step
        Arrays.stream(args).filter(arg -> arg.startsWith("--test.pause=")).flatMap(arg -> Arrays.stream(
                arg.substring("--test.pause=".length()).split(","))).forEach(one -> {
            String[] pause = one.split(":");
            worker.getBean(ScriptedStepFaults.class).pause(pause[0], pause[1], Duration.ofSeconds(Long.parseLong(pause[2])));
        });
        System.out.println("WORKER READY");
    }
}
