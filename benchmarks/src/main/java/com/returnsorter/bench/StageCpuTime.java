package com.returnsorter.bench;

import com.returnsorter.inference.DecodedImage;
import com.returnsorter.inference.DecoderLimits;
import com.returnsorter.inference.ImageDecoder;
import com.returnsorter.inference.ModelCard;
import com.returnsorter.inference.Preprocessor;
import com.returnsorter.inference.Preprocessors;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CPU time of the two stages of a prediction that cost the most (docs/throughput.md): decoding (header
 * checks, the reader, the luma reduction) and the bundled card's preprocessing, per photo of a folder,
 * on one thread, as the service's decoder does them. CPU time rather than wall time, so that a machine
 * shared with other work gives comparable figures. Also prints a checksum of the tensors, so that two
 * builds can be seen to compute the same values.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar com.returnsorter.bench.StageCpuTime DIR [rounds]
 * </pre>
 */
public final class StageCpuTime {

    private StageCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        ModelCard card = BenchSupport.card(BenchSupport.BUNDLED);
        Preprocessor preprocessor = Preprocessors.forCard(card);
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults(), preprocessor.lumaWorkingSide());
        List<byte[]> photos = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().filter(f -> f.toString().matches("(?i).*\\.(jpe?g|png|webp)$")).toList()) {
                photos.add(Files.readAllBytes(file));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        float[] tensor = new float[preprocessor.imageSize()];
        for (int round = 1; round <= rounds; round++) {
            long decode = 0;
            long preprocess = 0;
            double checksum = 0;
            for (byte[] photo : photos) {
                long t0 = threads.getCurrentThreadCpuTime();
                DecodedImage image = decoder.decode(photo);
                long t1 = threads.getCurrentThreadCpuTime();
                preprocessor.preprocess(image, tensor, 0);
                long t2 = threads.getCurrentThreadCpuTime();
                decode += t1 - t0;
                preprocess += t2 - t1;
                for (float value : tensor) {
                    checksum += value;
                }
            }
            System.out.printf(Locale.ROOT, "round %d: %d photos, CPU per photo: decode %.2f ms, preprocess %.2f ms; tensor checksum %s%n",
                    round, photos.size(), decode / 1e6 / photos.size(), preprocess / 1e6 / photos.size(), checksum);
        }
    }
}
