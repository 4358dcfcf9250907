package com.topsteel.provisioning.worker.quota;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;

/** A measurement of the fleet: one step, sizes recorded and quotas checked. */
@Configuration(proxyBeanMethods = false)
class MeasureSaga {

    @Bean
    Saga measureFleet(FleetMeasurement measurement) {
        return Saga.of(JobType.MEASURE_FLEET)
                .step("measure-databases", measurement::measure)
                        .nothingToUndo("a measurement changes no database; its records are true when written")
                .succeedsWith(measurement::summary)
                .failsWith((job, step) -> "Mesure des bases interrompue à l'étape " + step)
                .build();
    }
}
