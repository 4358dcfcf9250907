package com.topsteel.provisioning.gateway.job;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.jobs.JobFilter;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.Viewer;

/** Jobs as the API shows them, to whoever may see them. */
@Service
public class JobListing {

    private final Jobs jobs;

    JobListing(Jobs jobs) {
        this.jobs = jobs;
    }

    public Optional<JobView> find(UUID jobId, Viewer viewer) {
        return jobs.find(jobId, viewer).map(JobView::of);
    }

    /** Newest first, without their step logs. */
    public PageOf<JobView> page(JobSearch search, Viewer viewer, int page, int size) {
        JobFilter filter = search.filter();
        return PageOf.of(jobs.page(filter, viewer, page, size).stream().map(JobView::of).toList(), page, size,
                jobs.count(filter, viewer));
    }
}
