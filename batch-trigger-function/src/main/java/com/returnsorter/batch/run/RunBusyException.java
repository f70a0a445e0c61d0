package com.returnsorter.batch.run;

/**
 * Another live delivery holds the run. The push is nacked, so Pub/Sub delivers it again later,
 * by which time that delivery has finished the run or has died and its lease has expired.
 */
public class RunBusyException extends RuntimeException {

    public RunBusyException(String runId, java.time.Instant leaseExpiry) {
        super("run " + runId + " is being worked on by another delivery until " + leaseExpiry);
    }
}
