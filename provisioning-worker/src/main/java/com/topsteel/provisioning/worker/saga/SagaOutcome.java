package com.topsteel.provisioning.worker.saga;

import java.time.Instant;

/** How one run of a saga ended. */
public sealed interface SagaOutcome {

    record Succeeded() implements SagaOutcome {
    }

    /** Rolled back; {@code compensationComplete} is false when an undo failed and left something behind. */
    record Failed(String error, boolean compensationComplete) implements SagaOutcome {
    }

    /** A step failed transiently and is to be tried again at {@code nextAttemptAt}. */
    record RetryAt(Instant nextAttemptAt) implements SagaOutcome {
    }

    /** This worker cannot run the job (see {@link Saga#whyNotHere}): no attempt was started, another worker takes it. */
    record LeftToAnotherWorker(String why) implements SagaOutcome {
    }

    /** The job had already finished (a repeated command or a stale run): nothing was done. */
    record AlreadyFinished() implements SagaOutcome {
    }
}
