package com.returnsorter.inference.hostile;

import com.returnsorter.inference.DecodedImage;
import com.returnsorter.inference.DecoderLimits;
import com.returnsorter.inference.ImageDecoder;
import com.returnsorter.inference.ImageRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every committed hostile file gets its expected answer, in the heap the service ships with: Surefire
 * runs this class in its own fork with {@code -Xmx128m -XX:+ExitOnOutOfMemoryError} (the
 * {@code hostile-corpus-128m} execution in this module's pom), so a decode that allocated from an
 * unchecked header would end the fork and fail the build rather than pass by luck on a big heap.
 */
class HostileCorpusTest {

    private static final long SERVICE_HEAP = 128L * 1024 * 1024;

    private final ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults());
    private final ImageDecoder lumaDecoder = new ImageDecoder(DecoderLimits.defaults(), 256);

    static List<HostileCorpus.Case> committed() {
        return HostileCorpus.committed();
    }

    @Test
    void runsWithTheServicesHeapLimit() {
        // Runtime.maxMemory() is a little under -Xmx with the serial collector; anything near 128 MB is the fork.
        assertThat(Runtime.getRuntime().maxMemory()).as("this fork's heap").isLessThanOrEqualTo(SERVICE_HEAP);
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theCommittedCorpusIsExactlyWhatTheGeneratorMakes() {
        Map<String, HostileCorpus.Case> committed = HostileCorpus.committed().stream()
                .collect(Collectors.toMap(HostileCorpus.Case::path, Function.identity()));
        List<HostileCorpus.Case> generated = HostileCorpus.cases();
        assertThat(committed.keySet()).containsExactlyInAnyOrderElementsOf(generated.stream().map(HostileCorpus.Case::path).toList());
        for (HostileCorpus.Case c : generated) {
            assertThat(Arrays.equals(committed.get(c.path()).bytes(), c.bytes()))
                    .as(c.path() + " differs from what the generator makes; run HostileCorpus.main to regenerate").isTrue();
            assertThat(committed.get(c.path()).expected()).as(c.path()).isEqualTo(c.expected());
        }
        assertThat(HostileCorpus.byFormat(generated).keySet()).containsExactlyInAnyOrder("png", "jpeg", "tiff", "webp", "gif", "bmp");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committed")
    void everyHostileFileGetsItsExpectedAnswerInBoundedMemory(HostileCorpus.Case file) {
        assertExpectedAnswer(decoder, file);
    }

    /** The same through the decoder of the garment-photo profile (JPEG luma decode, area reduction). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("committed")
    void everyHostileFileGetsItsExpectedAnswerFromTheLumaReducingDecoder(HostileCorpus.Case file) {
        assertExpectedAnswer(lumaDecoder, file);
    }

    private static void assertExpectedAnswer(ImageDecoder decoder, HostileCorpus.Case file) {
        Throwable thrown = catchThrowable(() -> {
            DecodedImage image = decoder.decode(file.bytes());
            assertThat(image.width()).isPositive();
            if (file.why().contains("with a warning")) {
                assertThat(image.warnings()).as("warnings for " + file.path()).isNotEmpty();
            }
        });
        if (file.decodes()) {
            assertThat(thrown).as(file.path() + ": " + file.why()).isNull();
        } else {
            assertThat(thrown).as(file.path() + ": " + file.why()).isInstanceOf(ImageRejectedException.class);
            ImageRejectedException rejected = (ImageRejectedException) thrown;
            assertThat(rejected.reason().code()).as(file.path() + ": " + rejected.getMessage()).isEqualTo(file.expected());
            assertThat(rejected.reason().httpStatus()).isBetween(400, 499);
        }
    }
}
