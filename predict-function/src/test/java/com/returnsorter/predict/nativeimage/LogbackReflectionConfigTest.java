package com.returnsorter.predict.nativeimage;

import com.returnsorter.inference.nativeimage.NativeImageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledInNativeImage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * logback.xml is read by Joran, which creates the appenders, encoders and layouts it names by
 * reflection and sets their properties through their public setters. The native executable can do
 * that only for classes in this module's reflect-config.json (docs/native-image.md): every class
 * logback.xml names, and the encoder Logback picks when an {@code <encoder>} names none, must be
 * there, constructible and with its public methods.
 */
@DisabledInNativeImage
class LogbackReflectionConfigTest {

    private static final String CONFIG = "META-INF/native-image/com.returnsorter/predict-function/reflect-config.json";

    /** What Joran instantiates for an {@code <encoder>} without {@code class} in an OutputStreamAppender. */
    private static final String DEFAULT_ENCODER = "ch.qos.logback.classic.encoder.PatternLayoutEncoder";

    private static final Pattern CLASS_ATTRIBUTE = Pattern.compile("class=\"([^\"]+)\"");

    @Test
    void everyConfiguredClassExistsWithItsConstructor() {
        assertThat(NativeImageConfig.missingElements(CONFIG)).as("configured elements the classpath does not have").isEmpty();
    }

    @Test
    void everyClassLogbackXmlInstantiatesIsRegisteredForReflection() {
        String logback = new String(NativeImageConfig.read("logback.xml"), StandardCharsets.UTF_8)
                .replaceAll("(?s)<!--.*?-->", "");
        Set<String> instantiated = new LinkedHashSet<>();
        Matcher matcher = CLASS_ATTRIBUTE.matcher(logback);
        while (matcher.find()) {
            instantiated.add(matcher.group(1));
        }
        if (logback.contains("<encoder>")) {
            instantiated.add(DEFAULT_ENCODER);
        }
        assertThat(instantiated).as("classes logback.xml instantiates").isNotEmpty();

        List<String> missing = new ArrayList<>();
        for (String className : instantiated) {
            Map<String, Object> entry = NativeImageConfig.entries(CONFIG).stream()
                    .filter(e -> className.equals(e.get("name"))).findFirst().orElse(null);
            if (entry == null) {
                missing.add(className + " is not in " + CONFIG);
            } else if (!Boolean.TRUE.equals(entry.get("allPublicMethods"))) {
                missing.add(className + " needs allPublicMethods: Joran finds its setters by reflection");
            } else if (!entry.toString().contains("<init>")) {
                missing.add(className + " needs its no-argument constructor registered");
            }
        }
        assertThat(missing).isEmpty();
    }
}
