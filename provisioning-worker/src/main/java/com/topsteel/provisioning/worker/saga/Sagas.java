package com.topsteel.provisioning.worker.saga;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobType;

/**
 * The one place a job type is branched on: its saga, declared as a {@link Saga} bean. A worker
 * refuses to start when a type has no saga or two, rather than fail the first such job.
 */
@Component
public class Sagas {

    private final Map<JobType, Saga> byType = new EnumMap<>(JobType.class);

    Sagas(List<Saga> sagas) {
        for (Saga saga : sagas) {
            if (byType.put(saga.type(), saga) != null) {
                throw new IllegalStateException("two sagas declared for " + saga.type());
            }
        }
        Set<JobType> missing = EnumSet.allOf(JobType.class);
        missing.removeAll(byType.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no saga declared for " + missing);
        }
    }

    public Saga of(JobType type) {
        return byType.get(type);
    }
}
