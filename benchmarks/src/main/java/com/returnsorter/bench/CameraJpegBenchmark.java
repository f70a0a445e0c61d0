package com.returnsorter.bench;

import com.returnsorter.inference.DecodedImage;
import com.returnsorter.inference.DecoderLimits;
import com.returnsorter.inference.FashionMnistPreprocessor;
import com.returnsorter.inference.ImageDecoder;
import com.returnsorter.inference.ImageRejectedException;
import com.returnsorter.inference.ModelCard;
import com.returnsorter.inference.Preprocessors;
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

import java.util.concurrent.TimeUnit;

/**
 * Decode + preprocess of one 12 MP camera JPEG (see {@link CameraPhotos}), as the service does it
 * before inference.
 *
 * <p>{@code path}: {@code fashion-mnist-subsampled} — the path before issue 13: every k-th pixel
 * while decoding (k = ceil(4032 / 1024) = 4, the default {@code maxDecodeSide}), ARGB, EXIF
 * orientation, then the {@code fashion-mnist} profile (size 28, fit 28, trim threshold 24), fixed
 * here so that the figure does not change when the bundled card does.
 * {@code garment-photo} — the path of issue 13: the JPEG library decodes the luma (Y) channel alone at
 * full size, it is area-reduced (k = ceil(4032 / workingSide)) with the EXIF orientation applied to the
 * reduced plane, then the {@code garment-photo} profile with the card's parameters: the bundled card's
 * when it uses that profile, else the card named by {@code -Dreturnsorter.bench.garmentCard=<file>}.
 * {@code photo}: {@code landscape} (4032 × 3024) or {@code portrait-exif6} (stored 4032 × 3024,
 * EXIF orientation 6).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CameraJpegBenchmark {

    @Param({"fashion-mnist-subsampled", "garment-photo"})
    public String path;

    @Param({"landscape", "portrait-exif6"})
    public String photo;

    private ImageDecoder decoder;
    private Preprocessor preprocessor;
    private byte[] bytes;
    private float[] tensor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        switch (path) {
            case "fashion-mnist-subsampled" -> {
                decoder = new ImageDecoder(DecoderLimits.defaults());
                preprocessor = new FashionMnistPreprocessor(28, 28, 24);
            }
            case "garment-photo" -> {
                ModelCard card = BenchSupport.garmentPhotoCard();
                preprocessor = Preprocessors.forCard(card);
                decoder = new ImageDecoder(DecoderLimits.defaults(), preprocessor.lumaWorkingSide());
            }
            default -> throw new IllegalArgumentException("unknown path " + path);
        }
        bytes = CameraPhotos.photo(photo);
        tensor = new float[preprocessor.imageSize()];
        System.err.printf("%s: %d bytes%n", photo, bytes.length);
    }

    @Benchmark
    public float[] decodeAndPreprocess() throws ImageRejectedException {
        DecodedImage decoded = decoder.decode(bytes);
        preprocessor.preprocess(decoded, tensor, 0);
        return tensor;
    }
}
