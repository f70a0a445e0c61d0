package com.returnsorter.bench;

import com.returnsorter.inference.DecodedImage;
import com.returnsorter.inference.ImageDecoder;
import com.returnsorter.inference.ImageRejectedException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Decoding alone (signature, header checks, pixels, EXIF orientation), over the same images as
 * {@link PreprocessBenchmark}, so that its figure splits into decode and preprocess. Neither
 * card lowers the decode side below 800 px, so one card's decoder stands for both (the bundled
 * model's, else the MobileNetV2's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecodeBenchmark {

    @Param({"jpeg800", "samples"})
    public String image;

    private ImageDecoder decoder;
    private byte[][] images;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        decoder = BenchSupport.anyDecoder();
        images = PreprocessBenchmark.images(image, decoder);
    }

    @Benchmark
    public DecodedImage decode() throws ImageRejectedException {
        byte[] bytes = images[next];
        next = next + 1 == images.length ? 0 : next + 1;
        return decoder.decode(bytes);
    }
}
