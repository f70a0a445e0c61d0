package com.returnsorter.predict;

import com.returnsorter.inference.ModelManager;
import com.returnsorter.service.startup.ServiceStarter;
import io.micronaut.context.ApplicationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Starts the predict service on Netty (Cloud Run, local). Cloud Functions use
 * {@code io.micronaut.gcp.function.http.HttpFunction}.
 *
 * <p>Fails fast: a setting that cannot be bound or is out of range ({@link StartupChecks}), an
 * object store that cannot be built, or a model that does not load stops the process with exit
 * status 1 and one {@code cannot start: …} line that says why ({@link ServiceStarter}), rather than
 * a service that answers 500 or 503 to every request.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    /** Longer than any model load seen (a MobileNetV2 from Cloud Storage takes seconds). */
    private static final Duration MODEL_LOAD_DEADLINE = Duration.ofMinutes(5);

    private Application() {
    }

    public static void main(String[] args) {
        ApplicationContext context = ServiceStarter.start(Application.class, args);
        ModelManager models = context.getBean(ModelManager.class);
        Thread watcher = new Thread(() -> stopIfTheModelDoesNotLoad(context, models), "model-load-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void stopIfTheModelDoesNotLoad(ApplicationContext context, ModelManager models) {
        String reason;
        try {
            models.awaitReady(MODEL_LOAD_DEADLINE);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (TimeoutException e) {
            reason = "it was still loading after " + MODEL_LOAD_DEADLINE.toMinutes() + " minutes";
        } catch (RuntimeException e) {
            reason = ServiceStarter.reason(e);
        }
        LOG.error("cannot start: the model did not load: {}", reason);
        context.close();
        System.exit(1);
    }
}
