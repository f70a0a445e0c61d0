package com.returnsorter.inference;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Loads a model and its card from {@code classpath:…}, {@code gs://bucket/object}, a
 * {@code file:} URI or a plain path, checks the model against the card's sha256, and builds the
 * classifier the card describes.
 */
public final class ModelLoader {

    public static final String BUNDLED_MODEL = "classpath:model/fashion-mnist-cnn.onnx";

    private final ObjectMapper json;
    private final Supplier<Storage> storage;

    /**
     * @param json    reads the card
     * @param storage the Cloud Storage client, asked for only when a URI is {@code gs://}
     */
    public ModelLoader(ObjectMapper json, Supplier<Storage> storage) {
        this.json = json;
        this.storage = storage;
    }

    /** The card URI that belongs to a model URI when none is given: {@code x.onnx} → {@code x.card.json}. */
    public static String defaultCardUri(String modelUri) {
        if (!modelUri.endsWith(".onnx")) {
            throw new IllegalArgumentException("cannot derive a card location from " + modelUri
                    + "; set MODEL_CARD_URI");
        }
        return modelUri.substring(0, modelUri.length() - ".onnx".length()) + ".card.json";
    }

    public ImageClassifier load(String modelUri, String cardUri, InferenceSettings settings) throws IOException {
        ModelCard card = json.readValue(read(cardUri), ModelCard.class).validate();
        requireRegistryPlace(modelUri, card);
        byte[] model = read(modelUri);
        if (card.sha256() != null && !card.sha256().isBlank()) {
            String actual = sha256(model);
            if (!actual.equalsIgnoreCase(card.sha256())) {
                throw new IOException("the model at " + modelUri + " has sha256 " + actual
                        + " but its card " + cardUri + " names " + card.sha256());
            }
        }
        Preprocessor preprocessor = Preprocessors.forCard(card);
        int maxDecodeSide = card.preprocessing().maxDecodeSide() == null
                ? DecoderLimits.DEFAULT_MAX_DECODE_SIDE : card.preprocessing().maxDecodeSide();
        ImageDecoder decoder = new ImageDecoder(new DecoderLimits(settings.maxImageBytes(), settings.maxPixels(), maxDecodeSide)
                .withDecodeTimeout(settings.decodeTimeout()), preprocessor.lumaWorkingSide());
        try {
            OnnxModel onnx = new OnnxModel(card, model, preprocessor.imageShape(), settings.intraOpThreads());
            return new ImageClassifier(card, decoder, preprocessor, onnx, settings.topK(), settings.maxBatchSize());
        } catch (ai.onnxruntime.OrtException e) {
            throw new IOException("ONNX Runtime cannot load " + modelUri + ": " + e.getMessage(), e);
        }
    }

    /**
     * A model kept in the bucket's registry layout, {@code …/models/<name>/<version>/<file>.onnx} (docs/models.md),
     * must carry a card that names the same model and version: promoting by configuration then cannot serve one
     * model under another's name. A model outside that layout (the bundled one, a local path) is not checked.
     */
    static void requireRegistryPlace(String modelUri, ModelCard card) throws IOException {
        Matcher place = REGISTRY_PLACE.matcher(modelUri);
        if (place.find() && !(place.group(1).equals(card.name()) && place.group(2).equals(card.version()))) {
            throw new IOException("the model at " + modelUri + " lives under models/" + place.group(1) + "/"
                    + place.group(2) + "/ but its card names " + card.name() + " " + card.version()
                    + "; publish it with model/publish_model.sh, which places it by its card");
        }
    }

    /** {@code models/<name>/<version>/<file>.onnx} at the end of a model URI. */
    static final Pattern REGISTRY_PLACE = Pattern.compile("(?:^|/)models/([^/]+)/([^/]+)/[^/]+\\.onnx$");

    /** Reads the bytes behind a model or card URI. */
    public byte[] read(String uri) throws IOException {
        if (uri == null || uri.isBlank()) {
            throw new IOException("no location given");
        }
        if (uri.startsWith("classpath:")) {
            String resource = uri.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = ModelLoader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no classpath resource " + resource);
                }
                return in.readAllBytes();
            }
        }
        if (uri.startsWith("gs://")) {
            try {
                return storage.get().readAllBytes(BlobId.fromGsUtilUri(uri));
            } catch (RuntimeException e) {
                throw new IOException("cannot read " + uri + ": " + e.getMessage(), e);
            }
        }
        Path path = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IOException("no file " + path.toAbsolutePath(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The serving settings that are configuration, not part of the card. */
    public record InferenceSettings(long maxImageBytes, long maxPixels, int intraOpThreads, int topK, int maxBatchSize,
                                    java.time.Duration decodeTimeout) {

        /** Settings with the default decode deadline. */
        public InferenceSettings(long maxImageBytes, long maxPixels, int intraOpThreads, int topK, int maxBatchSize) {
            this(maxImageBytes, maxPixels, intraOpThreads, topK, maxBatchSize, DecoderLimits.DEFAULT_DECODE_TIMEOUT);
        }
    }
}
