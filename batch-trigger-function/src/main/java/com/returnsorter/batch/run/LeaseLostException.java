package com.returnsorter.batch.run;

/**
 * This delivery no longer holds its run: another delivery took it over after the lease expired
 * (this one was slow, not dead), or wrote a chunk this one was about to write. Whatever this
 * delivery has not committed is left as it is, for the new holder to complete from the claims.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String runId, String why) {
        super("run " + runId + " is no longer held by this delivery: " + why);
    }
}
