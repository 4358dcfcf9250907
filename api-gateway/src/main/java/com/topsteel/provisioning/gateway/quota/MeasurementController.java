package com.topsteel.provisioning.gateway.quota;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.quota.FleetMeasurements;

/**
 * Measures the tenant databases now, besides the schedule: a MEASURE_FLEET job, whose sizes and
 * quota flags show on the sociétés and servers once it succeeds. OPS role only (under /api/ops);
 * {@code 409} while one is queued or running.
 */
@RestController
@RequestMapping("/api/ops/quotas")
class MeasurementController {

    private static final Logger log = LoggerFactory.getLogger(MeasurementController.class);

    private final FleetMeasurements measurements;

    MeasurementController(FleetMeasurements measurements) {
        this.measurements = measurements;
    }

    @PostMapping("/measure")
    @Transactional
    ResponseEntity<JobAccepted> measure() {
        Job job = measurements.request(CurrentCaller.name());
        log.info("Measurement of the tenant databases asked for by {}: job {}", CurrentCaller.name(), job.id());
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + job.id()))
                .body(JobAccepted.of(job, "Mesure des bases de données en cours"));
    }
}
