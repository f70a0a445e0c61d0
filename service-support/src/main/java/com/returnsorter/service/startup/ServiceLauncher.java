package com.returnsorter.service.startup;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;

/**
 * Starts a service like {@link Micronaut#run}, except that a configuration the service cannot run
 * with ends the process with exit status 1 and one line on standard error naming the setting and
 * the problem, not a page of nested bean-creation stack traces.
 */
public final class ServiceLauncher extends Micronaut {

    private ServiceLauncher() {
    }

    public static void launch(Class<?> mainClass, String... args) {
        new ServiceLauncher().mainClass(mainClass).args(args).banner(false).start();
    }

    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException invalid) {
                System.err.println(invalid.getMessage());
                System.exit(1);
            }
        }
        super.handleStartupException(environment, exception);
    }
}
