package com.returnsorter.predict;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions stamped into the jar by the build ({@code build-info.properties}, filtered by Maven). */
@Singleton
public class BuildInfo {

    private final Properties properties = new Properties();

    public BuildInfo() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/build-info.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return properties.getProperty("version", "unknown");
    }

    public String onnxRuntimeVersion() {
        return properties.getProperty("onnxruntime.version", "unknown");
    }
}
