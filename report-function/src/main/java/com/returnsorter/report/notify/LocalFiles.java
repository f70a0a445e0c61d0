package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.DeliveryException;
import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.alerts.Severity;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** What the two local transports share: one file per alert, written whole, and one line in the log. */
final class LocalFiles {

    /** Writes the content of one file. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws Exception;
    }

    private LocalFiles() {
    }

    /** The file of an alert: its id made safe as a file name, so no id can point outside the directory. */
    static Path fileOf(Path directory, String alertId, String extension) {
        return directory.resolve(alertId.replaceAll("[^A-Za-z0-9._-]", "_") + extension);
    }

    /**
     * Writes to a temporary file beside the target and moves it over the target, so a reader (or a
     * redelivery of the same alert) never sees half a file.
     *
     * @return the target, {@code file:<absolute path>}
     */
    static String writeAtomically(Path file, Content content) throws DeliveryException {
        String target = "file:" + file;
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (Exception e) {
            throw new DeliveryException(target, "could not write " + file + ": " + e, false, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless; the delivery's own error matters more
                }
            }
        }
    }

    /** {@code ALERT [WARNING] low-confidence 20261122_020000_abc123: 57 photos to review → file:/…}. */
    static void log(Logger log, Notification notification, String target) {
        var alert = notification.alert();
        String format = "ALERT [{}] {} {}: {} → {}";
        Object[] arguments = {alert.severity().wireName(), alert.rule(), Figures.reference(notification),
                alert.subject(), target};
        if (alert.severity() == Severity.INFO) {
            log.info(format, arguments);
        } else {
            log.warn(format, arguments);
        }
    }
}
