package com.returnsorter.bench;

import com.returnsorter.inference.DecodedImage;
import com.returnsorter.inference.DecoderLimits;
import com.returnsorter.inference.ImageClassifier;
import com.returnsorter.inference.ImageDecoder;
import com.returnsorter.inference.ImageRejectedException;
import com.returnsorter.inference.ModelCard;
import com.returnsorter.inference.ModelLoader;
import com.returnsorter.inference.Preprocessor;
import com.returnsorter.inference.Preprocessors;
import io.micronaut.serde.ObjectMapper;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the benchmarks share: where the repository is, which model a {@code model} parameter
 * means, the sample photos, and the 800 px JPEG.
 *
 * <p>System properties (JMH passes the host JVM's {@code -D} options on to its forks):
 * <ul>
 *   <li>{@code returnsorter.root} — the repository root; default: the nearest directory upwards
 *       from the working directory that has {@code samples/returns}</li>
 *   <li>{@code returnsorter.bench.mobilenet} — the MobileNetV2 {@code .onnx} file; default
 *       {@code <root>/model/build/mobilenetv2-untrained.onnx}</li>
 *   <li>{@code returnsorter.bench.intraOpThreads} — ONNX Runtime intra-op threads; default 0
 *       (ONNX Runtime chooses, as the service does)</li>
 * </ul>
 */
final class BenchSupport {

    static final String BUNDLED = "bundled";
    static final String MOBILENET = "mobilenet";

    private static final List<String> PHOTO_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff");

    private BenchSupport() {
    }

    static Path root() {
        String configured = System.getProperty("returnsorter.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("samples/returns"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find samples/returns above " + dir
                + "; run from the repository root or set -Dreturnsorter.root=<repo>");
    }

    static Path samplesDir() {
        return root().resolve("samples/returns");
    }

    /** The model URI a {@code model} parameter stands for: {@code bundled}, {@code mobilenet} or a path to an {@code .onnx} file. */
    static String modelUri(String model) {
        if (BUNDLED.equals(model)) {
            return ModelLoader.BUNDLED_MODEL;
        }
        Path path;
        if (MOBILENET.equals(model)) {
            String configured = System.getProperty("returnsorter.bench.mobilenet");
            path = configured == null || configured.isBlank()
                    ? root().resolve("model/build/mobilenetv2-untrained.onnx") : Path.of(configured);
        } else {
            path = Path.of(model);
        }
        path = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no model file " + path + (MOBILENET.equals(model)
                    ? "; export it with: /usr/bin/python3 model/train.py --arch mobilenetv2-untrained --out-dir model/build"
                    : ""));
        }
        return path.toString();
    }

    static ModelLoader loader() {
        return new ModelLoader(ObjectMapper.getDefault(), () -> {
            throw new IllegalStateException("benchmarks read no gs:// models");
        });
    }

    static ModelCard card(String model) throws IOException {
        String uri = modelUri(model);
        byte[] bytes = loader().read(ModelLoader.defaultCardUri(uri));
        return ObjectMapper.getDefault().readValue(bytes, ModelCard.class).validate();
    }

    /** The classifier the service would build for this model, with the service's default settings. */
    static ImageClassifier classifier(String model) throws IOException {
        String uri = modelUri(model);
        int threads = Integer.getInteger("returnsorter.bench.intraOpThreads", 0);
        ModelLoader.InferenceSettings settings = new ModelLoader.InferenceSettings(
                DecoderLimits.DEFAULT_MAX_BYTES, DecoderLimits.DEFAULT_MAX_PIXELS, threads, 5, 16);
        return loader().load(uri, ModelLoader.defaultCardUri(uri), settings);
    }

    /** The decoder the service builds for a card (the card may lower the decode side). */
    static ImageDecoder decoder(ModelCard card) {
        Integer side = card.preprocessing().maxDecodeSide();
        return new ImageDecoder(new DecoderLimits(DecoderLimits.DEFAULT_MAX_BYTES, DecoderLimits.DEFAULT_MAX_PIXELS,
                side == null ? DecoderLimits.DEFAULT_MAX_DECODE_SIDE : side));
    }

    /** The decoder of the bundled model's card, else of the MobileNetV2's card, else with the default limits. */
    static ImageDecoder anyDecoder() {
        for (String model : List.of(BUNDLED, MOBILENET)) {
            try {
                return decoder(card(model));
            } catch (IOException | RuntimeException unavailable) {
                System.err.println("no card for " + model + ": " + unavailable.getMessage());
            }
        }
        return new ImageDecoder(DecoderLimits.defaults());
    }

    /** The card whose preprocessing profile is {@code profile}: the bundled model's or the MobileNetV2's. */
    static ModelCard cardForProfile(String profile) throws IOException {
        ModelCard card = switch (profile) {
            case "fashion-mnist" -> card(BUNDLED);
            case "rgb" -> card(MOBILENET);
            default -> throw new IllegalArgumentException("unknown profile " + profile + "; use fashion-mnist or rgb");
        };
        if (!profile.equals(card.preprocessing().profile())) {
            throw new IllegalStateException("the card " + card.name() + " uses profile "
                    + card.preprocessing().profile() + ", not " + profile);
        }
        return card;
    }

    /**
     * A card with the {@code garment-photo} profile: the file named by {@code -Dreturnsorter.bench.garmentCard},
     * else the bundled model's card when it uses that profile.
     */
    static ModelCard garmentPhotoCard() throws IOException {
        String file = System.getProperty("returnsorter.bench.garmentCard");
        ModelCard card = file == null || file.isBlank() ? card(BUNDLED)
                : ObjectMapper.getDefault().readValue(Files.readAllBytes(Path.of(file)), ModelCard.class).validate();
        if (!"garment-photo".equals(card.preprocessing().profile())) {
            throw new IllegalStateException("the card " + card.name() + " uses profile " + card.preprocessing().profile()
                    + ", not garment-photo; name one with -Dreturnsorter.bench.garmentCard=<file>");
        }
        return card;
    }

    static Preprocessor preprocessor(ModelCard card) {
        return Preprocessors.forCard(card);
    }

    /** The sample photos, sorted by name. */
    static List<Path> samplePhotos() {
        Path dir = samplesDir();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> photos = files.filter(Files::isRegularFile)
                    .filter(p -> PHOTO_EXTENSIONS.stream().anyMatch(p.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith))
                    .sorted()
                    .toList();
            if (photos.isEmpty()) {
                throw new IllegalStateException("no photos in " + dir);
            }
            return photos;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of every sample photo that {@code decoder} accepts. */
    static List<byte[]> decodableSamples(ImageDecoder decoder) throws IOException {
        List<byte[]> images = new ArrayList<>();
        for (Path photo : samplePhotos()) {
            byte[] bytes = Files.readAllBytes(photo);
            try {
                decoder.decode(bytes);
                images.add(bytes);
            } catch (ImageRejectedException rejected) {
                System.err.println("skipping " + photo.getFileName() + ": " + rejected.getMessage());
            }
        }
        return images;
    }

    /**
     * A JPEG whose longer side is {@code side} px, made from the first JPEG sample photo (or the
     * first photo of any format), scaled bicubically, quality 0.9, 4:2:0 — what a phone or photo
     * station sends after a resize.
     */
    static byte[] scaledJpeg(int side) throws IOException {
        List<Path> photos = samplePhotos();
        Path source = photos.stream().filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
                .findFirst().orElse(photos.get(0));
        BufferedImage original = ImageIO.read(source.toFile());
        if (original == null) {
            throw new IOException("cannot read " + source);
        }
        double factor = (double) side / Math.max(original.getWidth(), original.getHeight());
        int w = Math.max(1, (int) Math.round(original.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(original.getHeight() * factor));
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(original, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(scaled, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Decodes and preprocesses {@code count} images (cycling through {@code images}) into one batch tensor. */
    static float[] tensor(ImageDecoder decoder, Preprocessor preprocessor, List<byte[]> images, int count)
            throws ImageRejectedException {
        int size = preprocessor.imageSize();
        float[] tensor = new float[count * size];
        for (int i = 0; i < count; i++) {
            DecodedImage decoded = decoder.decode(images.get(i % images.size()));
            preprocessor.preprocess(decoded, tensor, i * size);
        }
        return tensor;
    }
}
