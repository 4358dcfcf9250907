package com.topsteel.provisioning.infrastructure.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.MDC;

import com.topsteel.provisioning.contracts.RunJob;
import com.topsteel.provisioning.contracts.JobType;

/**
 * Names the job a thread is working on in the MDC ({@code jobId}, {@code jobType},
 * {@code societeCode}), so every log line written meanwhile carries them, as text or as JSON
 * fields. Closing restores what was there before, so contexts nest.
 */
public final class JobLogContext implements AutoCloseable {

    public static final String JOB_ID = "jobId";
    public static final String JOB_TYPE = "jobType";
    public static final String SOCIETE_CODE = "societeCode";

    private final Map<String, String> previous = new LinkedHashMap<>();

    private JobLogContext(UUID jobId, JobType type, String societeCode) {
        put(JOB_ID, jobId == null ? null : jobId.toString());
        put(JOB_TYPE, type == null ? null : type.name());
        put(SOCIETE_CODE, societeCode);
    }

    public static JobLogContext of(UUID jobId, JobType type, String societeCode) {
        return new JobLogContext(jobId, type, societeCode);
    }

    /** A command's job, before its société is known. */
    public static JobLogContext of(RunJob command) {
        return new JobLogContext(command.jobId(), command.type(), null);
    }

    private void put(String key, String value) {
        previous.put(key, MDC.get(key));
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
