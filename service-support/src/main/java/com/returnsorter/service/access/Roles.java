package com.returnsorter.service.access;

/**
 * The roles an {@code Authentication} carries; controllers name them in {@code @Secured}. Each comes
 * from one kind of credential, so a credential for one purpose never opens another's routes.
 */
public final class Roles {

    /** A valid {@code X-API-Key} of this service, or anyone while the service has no keys (open mode). */
    public static final String API = "api";
    /** An internal API key ({@code name:key:internal}): the nightly batch; not rate limited. */
    public static final String INTERNAL = "internal";
    /** A Pub/Sub push: an OIDC token issued to the push service account for this service's audience. */
    public static final String PUSH = "push";
    /** A person signed in through Identity-Aware Proxy (or the local user in the {@code local} environment). */
    public static final String PEOPLE = "people";

    private Roles() {
    }
}
