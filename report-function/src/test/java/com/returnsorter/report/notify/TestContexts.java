package com.returnsorter.report.notify;

import io.micronaut.context.ApplicationContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Application contexts of the module for the notifier tests, with every local file under a test folder. */
final class TestContexts {

    private TestContexts() {
    }

    static ApplicationContext start(Path folder, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        // Other beans of the module start with the context; keep their local files out of the source tree.
        all.put("history.sqlite-file", folder.resolve("history.db").toString());
        all.put("storage.local-root", folder.resolve("bucket").toString());
        all.put("notifications.local-dir", folder.resolve("notifications").toString());
        all.putAll(properties);
        return ApplicationContext.builder()
                .deduceEnvironment(false)
                // "local": these contexts receive no pushes and serve no pages, so no push account or IAP.
                .environments("test", "local")
                .properties(all)
                .start();
    }
}
