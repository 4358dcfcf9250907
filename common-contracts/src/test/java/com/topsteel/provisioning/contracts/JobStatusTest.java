package com.topsteel.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The job lifecycle as declared once, for every status update to be guarded by. */
class JobStatusTest {

    @Test
    void an_attempt_starts_from_a_queued_running_or_retrying_job_never_from_a_finished_one() {
        assertThat(JobStatus.RUNNING.reachableFrom())
                .containsExactlyInAnyOrder(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING);
    }

    @Test
    void only_a_running_attempt_ends_in_success_or_a_retry() {
        assertThat(JobStatus.SUCCEEDED.reachableFrom()).containsExactly(JobStatus.RUNNING);
        assertThat(JobStatus.RETRYING.reachableFrom()).containsExactly(JobStatus.RUNNING);
    }

    @Test
    void only_a_failed_job_is_queued_again() {
        assertThat(JobStatus.QUEUED.reachableFrom()).containsExactly(JobStatus.FAILED);
    }

    @Test
    void no_status_is_reachable_from_success() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(status.reachableFrom()).doesNotContain(JobStatus.SUCCEEDED);
        }
    }
}
