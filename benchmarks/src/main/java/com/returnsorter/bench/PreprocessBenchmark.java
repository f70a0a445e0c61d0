package com.returnsorter.bench;

import com.returnsorter.inference.DecodedImage;
import com.returnsorter.inference.ImageDecoder;
import com.returnsorter.inference.ImageRejectedException;
import com.returnsorter.inference.ModelCard;
import com.returnsorter.inference.Preprocessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decode + preprocess of one photo, exactly as the service does it before inference: signature
 * sniffing, header checks, decoding, EXIF orientation, then the card's preprocessing profile
 * into a tensor.
 *
 * <p>{@code profile}: {@code fashion-mnist} (the bundled model's card) or {@code rgb} (the
 * MobileNetV2 card: 224×224, ImageNet mean/std, NCHW).
 * {@code image}: {@code jpeg800} — one JPEG scaled to 800 px on its longer side, made in setup
 * from a sample photo; {@code samples} — every sample photo in {@code samples/returns} in turn
 * (mixed JPEG/PNG/WebP, about 400 px), i.e. the mean over the same photos the load generator sends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PreprocessBenchmark {

    @Param({"fashion-mnist", "rgb"})
    public String profile;

    @Param({"jpeg800", "samples"})
    public String image;

    private ImageDecoder decoder;
    private Preprocessor preprocessor;
    private byte[][] images;
    private float[] tensor;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ModelCard card = BenchSupport.cardForProfile(profile);
        decoder = BenchSupport.decoder(card);
        preprocessor = BenchSupport.preprocessor(card);
        images = images(image, decoder);
        tensor = new float[preprocessor.imageSize()];
    }

    static byte[][] images(String image, ImageDecoder decoder) throws Exception {
        return switch (image) {
            case "jpeg800" -> new byte[][] {BenchSupport.scaledJpeg(800)};
            case "samples" -> BenchSupport.decodableSamples(decoder).toArray(byte[][]::new);
            default -> throw new IllegalArgumentException("unknown image set " + image + "; use jpeg800 or samples");
        };
    }

    @Benchmark
    public float[] decodeAndPreprocess() throws ImageRejectedException {
        byte[] bytes = images[next];
        next = next + 1 == images.length ? 0 : next + 1;
        DecodedImage decoded = decoder.decode(bytes);
        preprocessor.preprocess(decoded, tensor, 0);
        return tensor;
    }
}
