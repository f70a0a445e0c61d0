package com.returnsorter.service.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.Optional;

/** In the local environment without IAP, everyone is the configured local user for the pages. */
@Singleton
@Requires(beans = IapAccess.class)
public class LocalPeopleGrant implements AnonymousGrant {

    private final IapAccess access;

    public LocalPeopleGrant(IapAccess access) {
        this.access = access;
    }

    @Override
    public Optional<String> role(HttpRequest<?> request) {
        return access.localUser().map(user -> Roles.PEOPLE);
    }

    @Override
    public Optional<String> name() {
        return access.localUser();
    }
}
