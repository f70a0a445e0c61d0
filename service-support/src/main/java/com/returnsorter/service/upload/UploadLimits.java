package com.returnsorter.service.upload;

import java.time.Duration;

/**
 * How much request body a service holds in memory at once and how long a body may take to arrive. A
 * service whose configuration provides this bean gets {@link UploadAdmissionFilter} and its
 * {@link UploadBudget}: predict-function ({@code predict.*}) and report-function ({@code workspace.*}).
 */
public interface UploadLimits {

    /** Request bodies held in memory at once, in MB; beyond it, 503 with Retry-After. */
    int inFlightBodyBudgetMb();

    /** Longest pause between two pieces of a request body; then 408. */
    Duration uploadReadIdleTimeout();

    /** Longest time to receive a whole request body; then 408. */
    Duration uploadTimeout();
}
