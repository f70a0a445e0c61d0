package com.returnsorter.report.photos;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.returnsorter.inference.DecodeBudget;
import com.returnsorter.inference.DecodedImage;
import com.returnsorter.inference.DecoderLimits;
import com.returnsorter.inference.ImageDecoder;
import com.returnsorter.inference.ImageRejectedException;
import com.returnsorter.inference.InferenceConfiguration;
import com.returnsorter.report.workspace.Workspace;
import com.returnsorter.report.workspace.WorkspaceConfiguration;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.StoredObject;
import jakarta.inject.Singleton;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Small JPEG thumbnails of photos in the bucket, made on the fly and cached by key and generation.
 *
 * <p>The photo is read only up to the decoder's byte limit and decoded by the inference module's
 * {@link ImageDecoder}: its header inspection refuses a decode whose memory would exceed the limits
 * before any pixel is allocated, large photos are subsampled while decoding, and every decode of this
 * service shares one {@link DecodeBudget}, so many thumbnails at once cannot hold more than it. The
 * browser only ever gets the re-encoded thumbnail, never the original bytes. The cache is bounded by
 * the bytes of its thumbnails ({@code workspace.thumbnail-cache}).
 */
@Singleton
public class Thumbnails {

    private static final float QUALITY = 0.82f;
    /** How long a thumbnail waits for a decode slot before answering 503 busy. */
    private static final long DECODE_WAIT_SECONDS = 10;

    private final ObjectStore store;
    private final ImageDecoder decoder;
    private final DecodeBudget budget;
    /**
     * Decodes at once: as many as the shared budget holds at the largest single decode
     * ({@code maxRequestDecodeBytes / maxDecodeHeapBytes}, 2 by default). Without it, a queue page asking
     * for many thumbnails of phone photos at once overran the budget and some answered 422 no-thumbnail.
     */
    private final java.util.concurrent.Semaphore decodes;
    private final int side;
    private final Cache<String, byte[]> cache;

    public Thumbnails(ObjectStore store, InferenceConfiguration inference, WorkspaceConfiguration configuration) {
        this.store = store;
        DecoderLimits limits = new DecoderLimits(inference.maxImageBytes(), inference.maxPixels(),
                DecoderLimits.DEFAULT_MAX_DECODE_SIDE);
        if (inference.decodeTimeout() != null) {
            limits = limits.withDecodeTimeout(inference.decodeTimeout());
        }
        this.decoder = new ImageDecoder(limits);
        this.budget = decoder.newRequestBudget();
        this.decodes = new java.util.concurrent.Semaphore((int) Math.max(1,
                Math.min(64, limits.maxRequestDecodeBytes() / limits.maxDecodeHeapBytes())), true);
        this.side = configuration.thumbnailSide();
        this.cache = Caffeine.newBuilder()
                .maximumWeight(configuration.thumbnailCache())
                .<String, byte[]>weigher((key, jpeg) -> jpeg.length + key.length() * 2)
                .build();
    }

    /** The thumbnail of the current version of {@code key}; an {@link ApiException} (404, 413, 422) otherwise. */
    public byte[] of(String key) {
        Workspace.requirePhotoKey(key);
        ObjectInfo info = Workspace.guarded(() -> store.stat(key)).orElseThrow(() -> notFound(key));
        String cacheKey = info.generation() + ":" + key;
        byte[] cached = cache.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        byte[] made = make(info);
        cache.put(cacheKey, made);
        return made;
    }

    /** Thumbnails held now (for tests and the docs' figures). */
    public long cachedBytes() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    private byte[] make(ObjectInfo info) {
        StoredObject photo;
        try {
            photo = Workspace.guarded(() -> store.read(info.key(), decoder.limits().maxBytes()));
        } catch (com.returnsorter.storage.ObjectTooLargeException e) {
            throw new ApiException(413, "photo-too-large", "no thumbnail for " + ObjectKeys.escape(info.key())
                    + ": it is over " + decoder.limits().maxBytes() + " bytes");
        } catch (com.returnsorter.storage.ObjectNotFoundException e) {
            throw notFound(info.key());
        }
        try {
            if (!decodes.tryAcquire(DECODE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new ApiException(503, "busy", "thumbnails are being made for others; try again", 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "busy", "thumbnails are being made for others; try again", 1);
        }
        try {
            DecodedImage image;
            try {
                image = decoder.decode(photo.bytes(), budget);
            } catch (ImageRejectedException e) {
                throw new ApiException(422, "no-thumbnail", "no thumbnail for " + ObjectKeys.escape(info.key()) + ": "
                        + e.getMessage());
            }
            try {
                return jpeg(scaled(image));
            } finally {
                budget.release(image);
            }
        } finally {
            decodes.release();
        }
    }

    private BufferedImage scaled(DecodedImage image) {
        BufferedImage source = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_ARGB);
        source.setRGB(0, 0, image.width(), image.height(), image.argb(), 0, image.width());
        double scale = Math.min(1.0, (double) side / Math.max(image.width(), image.height()));
        int width = Math.max(1, (int) Math.round(image.width() * scale));
        int height = Math.max(1, (int) Math.round(image.height() * scale));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            // White under transparent pixels, as the photo station's background.
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            // Halve with bilinear steps first, so a large photo does not alias.
            BufferedImage step = source;
            while (step.getWidth() / 2 >= width && step.getHeight() / 2 >= height) {
                BufferedImage half = new BufferedImage(step.getWidth() / 2, step.getHeight() / 2, BufferedImage.TYPE_INT_ARGB);
                Graphics2D h = half.createGraphics();
                h.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                h.drawImage(step, 0, 0, half.getWidth(), half.getHeight(), null);
                h.dispose();
                step = half;
            }
            g.drawImage(step, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a thumbnail", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ApiException notFound(String key) {
        return new ApiException(404, "no-such-photo", "there is no photo " + ObjectKeys.escape(key));
    }


}
