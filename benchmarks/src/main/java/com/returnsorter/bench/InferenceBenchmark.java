package com.returnsorter.bench;

import ai.onnxruntime.OrtException;
import com.returnsorter.inference.ImageClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Raw ONNX Runtime latency: {@link ImageClassifier#infer(float[], int)} on tensors already
 * preprocessed from the sample photos, one image per call and 16 images per call. Decoding and
 * preprocessing are not part of the measurement (see {@link PreprocessBenchmark}).
 *
 * <p>{@code model}: {@code bundled} (the Fashion-MNIST CNN on the classpath), {@code mobilenet}
 * (the file named by {@code -Dreturnsorter.bench.mobilenet}, default
 * {@code model/build/mobilenetv2-untrained.onnx}) or a path to any {@code .onnx} file with a
 * {@code .card.json} beside it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InferenceBenchmark {

    @Param({BenchSupport.BUNDLED, BenchSupport.MOBILENET})
    public String model;

    private ImageClassifier classifier;
    private float[] one;
    private float[] sixteen;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        classifier = BenchSupport.classifier(model);
        List<byte[]> photos = BenchSupport.decodableSamples(classifier.decoder());
        sixteen = BenchSupport.tensor(classifier.decoder(), classifier.preprocessor(), photos, 16);
        one = Arrays.copyOf(sixteen, classifier.preprocessor().imageSize());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (classifier != null) {
            classifier.close();
        }
    }

    /** One image per ONNX Runtime call. */
    @Benchmark
    public float[][] inferBatch1() throws OrtException {
        return classifier.infer(one, 1);
    }

    /** One call with 16 images (the service's default {@code INFERENCE_MAX_BATCH}); the score is per batch. */
    @Benchmark
    public float[][] inferBatch16() throws OrtException {
        return classifier.infer(sixteen, 16);
    }
}
