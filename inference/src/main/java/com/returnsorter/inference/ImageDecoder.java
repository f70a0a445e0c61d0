package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Turns untrusted bytes into upright sRGB pixels, or says precisely why it cannot.
 *
 * <p>The format comes from the bytes' signature. Before any decoder runs, {@link HeaderInspector}
 * reads the header and computes what the decode will allocate (rows, strips, tiles, full-size
 * rasters, coefficient buffers, the destination); the image is refused when that exceeds the
 * per-image limits or the request's {@link DecodeBudget}, so a 69-byte file that declares
 * 40,000,000 × 1 pixels costs nothing. The decode then runs against a deadline: a watchdog calls
 * {@link ImageReader#abort()} and the input stream fails every read once it has passed. Large photos
 * are subsampled while decoding. Damaged metadata (ICC profile, EXIF, XMP) over intact pixels is a
 * warning on the {@link DecodedImage}, not a rejection. Thread-safe: every call uses its own reader.
 *
 * <p>A decoder made for a profile that reduces luma ({@link Preprocessor#lumaWorkingSide()} &gt; 0) delivers
 * an upright, area-reduced luma plane instead of ARGB ({@link DecodedImage#luma()}, {@link LumaReduction}).
 * For a YCbCr or gray JPEG the JPEG library decodes the luma (Y) channel alone, at full size (8 bits a
 * pixel: a 12 MP photo takes 12 MB, and the chroma is neither decoded nor upsampled), and it is reduced
 * by area; only a JPEG whose full-size luma would not fit the per-image heap is subsampled first (by the
 * smallest step that fits, {@link ImageHeader#lumaStep()}). Other images are decoded as above; an 8-bit
 * true-colour sRGB raster is reduced straight from its bytes ({@link LumaReduction#ofSrgbBytes}), any other is
 * turned into ARGB and then reduced.
 */
public final class ImageDecoder {

    static {
        // No temporary files: decoding happens in memory and Cloud Run's disk is memory anyway.
        ImageIO.setUseCache(false);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    private final DecoderLimits limits;
    private final int lumaWorkingSide;

    /** A decoder that delivers upright ARGB pixels. */
    public ImageDecoder(DecoderLimits limits) {
        this(limits, 0);
    }

    /**
     * A decoder for a preprocessing profile: ARGB when {@code lumaWorkingSide} is 0, else an area-reduced
     * luma plane whose longer side is at most {@code lumaWorkingSide} (see {@link Preprocessor#lumaWorkingSide()}).
     */
    public ImageDecoder(DecoderLimits limits, int lumaWorkingSide) {
        if (lumaWorkingSide < 0) {
            throw new IllegalArgumentException("the luma working side must not be negative");
        }
        this.limits = limits;
        this.lumaWorkingSide = lumaWorkingSide;
    }

    /** The working side of the luma reduction, or 0 when this decoder delivers ARGB. */
    public int lumaWorkingSide() {
        return lumaWorkingSide;
    }

    public DecoderLimits limits() {
        return limits;
    }

    /** A budget for one request's images, sized by {@link DecoderLimits#maxRequestDecodeBytes()}. */
    public DecodeBudget newRequestBudget() {
        return DecodeBudget.ofBytes(limits.maxRequestDecodeBytes());
    }

    /** Decodes one image held to the per-image limits only (no request-wide budget). */
    public DecodedImage decode(byte[] bytes) throws ImageRejectedException {
        return decode(bytes, DecodeBudget.unlimited());
    }

    /**
     * Decodes one image of a request whose images share {@code budget}. The returned pixels stay
     * reserved in the budget until {@link DecodeBudget#release(DecodedImage)}.
     */
    public DecodedImage decode(byte[] bytes, DecodeBudget budget) throws ImageRejectedException {
        ImageHeader header = inspect(bytes);
        budget.reserve(header.heapBytes(), "this " + header.format().formatName().toUpperCase(Locale.ROOT) + " image");
        DecodedImage decoded = null;
        try {
            decoded = decodeInspected(bytes, header);
            return decoded;
        } finally {
            budget.settle(header.heapBytes(), decoded);
        }
    }

    /**
     * Everything that is checked before a decoder runs: size, signature, supported format, and the
     * header's pixels and memory against the per-image limits.
     */
    public ImageHeader inspect(byte[] bytes) throws ImageRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "the file is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE,
                    "the file has " + bytes.length + " bytes; the limit is " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new ImageRejectedException(
                Reason.NOT_AN_IMAGE, "the file is not an image (no known image signature)"));
        if (!format.isSupported()) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                    format.formatName().toUpperCase(Locale.ROOT) + " is not supported; send JPEG, PNG, BMP, GIF, WebP or TIFF");
        }
        if (format == ImageFormat.WEBP && isAnimatedWebp(bytes)) {
            // TwelveMonkeys 3.14 decodes animation frames wrongly (a flat colour), and a wrong
            // picture classified with confidence is worse than a clear refusal.
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                    "animated WebP is not supported; send a still photo (JPEG, PNG, still WebP…)");
        }
        ImageHeader header = HeaderInspector.inspect(bytes, format, limits, lumaWorkingSide);
        String name = format.formatName().toUpperCase(Locale.ROOT);
        if (header.heapBytes() > limits.maxDecodeHeapBytes()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "decoding this " + name + " would allocate "
                    + mib(header.heapBytes()) + " MiB (" + header.largest() + "); the limit per image is "
                    + mib(limits.maxDecodeHeapBytes()) + " MiB");
        }
        if (header.nativeBytes() > limits.maxDecodeNativeBytes()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "decoding this " + name + " would need "
                    + mib(header.nativeBytes()) + " MiB of decoder buffers (" + header.largest()
                    + "); the limit per image is " + mib(limits.maxDecodeNativeBytes()) + " MiB");
        }
        return header;
    }

    private DecodedImage decodeInspected(byte[] bytes, ImageHeader header) throws ImageRejectedException {
        ImageFormat format = header.format();
        long deadline = System.nanoTime() + limits.decodeTimeout().toNanos();
        List<String> warnings = new ArrayList<>();
        byte[] pixels = bytes;
        if (header.metadataDamage() != null && (format == ImageFormat.JPEG || format == ImageFormat.WEBP)) {
            // The reader would allocate from the damaged metadata: read the pixels without it.
            pixels = format == ImageFormat.JPEG ? JpegMetadata.withoutRemovableSegments(bytes)
                    : WebpMetadata.withoutMetadataChunks(bytes);
            warnings.add("the " + format.formatName().toUpperCase(Locale.ROOT)
                    + "'s metadata is damaged and was ignored, so colours were read as sRGB: " + header.metadataDamage());
        }
        List<String> exifWarnings = new ArrayList<>();
        int orientation = format == ImageFormat.JPEG ? ExifOrientation.read(bytes, exifWarnings) : ExifOrientation.NORMAL;
        DecodedImage decoded;
        try {
            decoded = read(pixels, header, deadline, warnings, orientation);
        } catch (ImageRejectedException damaged) {
            if (damaged.reason() != Reason.CORRUPT || format != ImageFormat.JPEG
                    || !JpegMetadata.hasRemovableSegments(pixels)) {
                throw damaged;
            }
            // Broken ICC/EXIF/XMP segments can stop a reader although the pixels are intact: read them without.
            warnings.clear();
            try {
                decoded = read(JpegMetadata.withoutRemovableSegments(pixels), header, deadline, warnings, orientation);
            } catch (ImageRejectedException stillDamaged) {
                throw damaged;
            }
            warnings.add(0, "the JPEG's metadata (ICC profile, EXIF or XMP) is damaged and was ignored, "
                    + "so colours were read as sRGB: " + damaged.getMessage());
        }
        warnings.addAll(exifWarnings);
        DecodedImage upright;
        if (decoded.luma() != null) {
            upright = decoded; // reduced already upright
        } else {
            upright = ExifOrientation.apply(decoded, orientation);
            if (lumaWorkingSide > 0) {
                upright = LumaReduction.ofArgb(upright, lumaWorkingSide);
            }
        }
        upright = upright.withWarnings(List.copyOf(new LinkedHashSet<>(warnings)));
        if (!upright.warnings().isEmpty()) {
            LOG.info("decoded a {} with warnings: {}", format.formatName(), upright.warnings());
        }
        return upright;
    }

    /**
     * Decodes the pixels: the luma reduction, upright for {@code orientation}, when the header allows a
     * direct luma decode and the reader confirms the JPEG is YCbCr or gray, or when the decoder reduces luma and
     * the reader delivered 8-bit sRGB bytes; otherwise ARGB as stored.
     */
    private DecodedImage read(byte[] bytes, ImageHeader header, long deadline, List<String> warnings, int orientation)
            throws ImageRejectedException {
        ImageFormat format = header.format();
        // The header said the data is gray or YCbCr (libjpeg's rule), whose Y channel the JDK's reader gives alone.
        boolean luma = lumaWorkingSide > 0 && header.lumaStep() > 0;
        try (DeadlineImageInputStream input = new DeadlineImageInputStream(bytes, deadline)) {
            ImageReader reader = luma ? jdkJpegReader() : readerFor(format);
            ScheduledFuture<?> watchdog = Watchdog.abortAt(reader, deadline);
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new ImageRejectedException(Reason.CORRUPT, "the image header declares no pixels");
                }
                if (width > header.width() || height > header.height()) {
                    // The memory check was made for the header's size; a reader that sees more is not trusted.
                    throw new ImageRejectedException(Reason.CORRUPT, "the " + format.formatName() + " decoder sees "
                            + width + "x" + height + " pixels where the header declares " + header.width() + "x" + header.height());
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = luma ? header.lumaStep() : limits.subsampling(width, height);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                if (luma) {
                    param.setDestinationType(GRAY);
                }
                List<String> readerWarnings = new ArrayList<>();
                reader.addIIOReadWarningListener(collectInto(readerWarnings));
                BufferedImage image = reader.read(0, param);
                if (input.expired()) {
                    throw timedOut(format);
                }
                for (String warning : readerWarnings) {
                    if (concernsMetadata(warning)) {
                        warnings.add(warning);
                    } else if (signalsDamage(warning)) {
                        throw new ImageRejectedException(Reason.CORRUPT, "the " + format.formatName()
                                + " data is damaged: " + warning);
                    }
                }
                if (luma) {
                    return reduceGray(image, orientation, format, width, height);
                }
                if (lumaWorkingSide > 0) {
                    // True-colour 8-bit sRGB rasters are reduced from their bytes, upright, without an ARGB copy.
                    DecodedImage reduced = LumaReduction.ofSrgbBytes(image, orientation, lumaWorkingSide, format, width, height);
                    if (reduced != null) {
                        return reduced;
                    }
                }
                return new DecodedImage(image.getWidth(), image.getHeight(), toArgb(image), format, width, height);
            } finally {
                watchdog.cancel(false);
                reader.dispose();
            }
        } catch (ImageRejectedException rejected) {
            throw rejected;
        } catch (IOException | RuntimeException broken) {
            if (System.nanoTime() - deadline >= 0) {
                throw timedOut(format);
            }
            // Decoders signal hostile or damaged input with IOExceptions and, for some damage,
            // with runtime exceptions (index out of bounds, illegal state): all mean "corrupt".
            throw new ImageRejectedException(Reason.CORRUPT, "the " + format.formatName()
                    + " data cannot be decoded: " + describe(broken), broken);
        }
    }

    private ImageRejectedException timedOut(ImageFormat format) {
        return new ImageRejectedException(Reason.DECODE_TIMEOUT, "decoding this " + format.formatName()
                + " took longer than " + limits.decodeTimeout().toMillis() + " ms and was stopped");
    }

    private static String mib(long bytes) {
        return bytes == Long.MAX_VALUE ? "more than 8 EiB"
                : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    /** Calls {@link ImageReader#abort()} on readers still running at their deadline; one daemon thread for all. */
    private static final class Watchdog {

        private static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "image-decode-watchdog");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }

        static ScheduledFuture<?> abortAt(ImageReader reader, long deadlineNanos) {
            return TIMER.schedule(() -> abort(reader), Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        private static void abort(ImageReader reader) {
            try {
                reader.abort();
            } catch (IllegalStateException lockedByDecodingThread) {
                // The JDK's JPEG reader accepts abort() only from the thread decoding; the deadline stream stops it.
                LOG.debug("{} refused abort(): {}", reader.getClass().getName(), lockedByDecodingThread.getMessage());
            }
        }
    }

    /** An extended-format WebP (VP8X chunk first) whose animation flag is set. */
    static boolean isAnimatedWebp(byte[] bytes) {
        return bytes.length >= 21 && bytes[12] == 'V' && bytes[13] == 'P' && bytes[14] == '8' && bytes[15] == 'X'
                && (bytes[20] & 0x02) != 0;
    }

    private static final ImageTypeSpecifier GRAY = ImageTypeSpecifier.createGrayscale(8, DataBuffer.TYPE_BYTE, false);

    /**
     * The JDK's own JPEG reader: its libjpeg turns YCbCr into gray by keeping the Y channel and skipping the
     * chroma ({@code JPEGImageReader.checkColorConversion}). TwelveMonkeys' reader, first in the registry,
     * is kept for the ARGB path (CMYK, broken ICC profiles, lossless).
     */
    private static ImageReader jdkJpegReader() throws ImageRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        ImageReader fallback = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReader")) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return reader;
            }
            if (fallback == null) {
                fallback = reader;
            } else {
                reader.dispose();
            }
        }
        if (fallback == null) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, "no decoder for JPEG");
        }
        return fallback;
    }

    private DecodedImage reduceGray(BufferedImage image, int orientation, ImageFormat format, int width, int height)
            throws ImageRejectedException {
        if (!(image.getRaster().getDataBuffer() instanceof DataBufferByte buffer)
                || !(image.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || image.getRaster().getNumBands() != 1) {
            throw new ImageRejectedException(Reason.CORRUPT, "the JPEG decoder did not deliver 8-bit luma");
        }
        Raster raster = image.getRaster();
        int offset = model.getOffset(-raster.getSampleModelTranslateX(), -raster.getSampleModelTranslateY())
                + buffer.getOffset();
        return LumaReduction.ofGray(buffer.getData(), offset, model.getScanlineStride(), image.getWidth(),
                image.getHeight(), orientation, lumaWorkingSide, format, width, height);
    }

    private static ImageReader readerFor(ImageFormat format) throws ImageRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.formatName());
        if (!readers.hasNext()) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, "no decoder for " + format.formatName());
        }
        return readers.next();
    }

    private static IIOReadWarningListener collectInto(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    /** A warning about metadata (ICC profile, EXIF, XMP, other APPn segments), which never affects the pixels' presence. */
    private static boolean concernsMetadata(String warning) {
        String text = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        return text.contains("icc") || text.contains("profile") || text.contains("exif") || text.contains("xmp")
                || text.contains("bogus app") || text.contains("metadata") || text.contains("thumbnail");
    }

    private static boolean signalsDamage(String warning) {
        String text = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        return text.contains("premature") || text.contains("truncat") || text.contains("corrupt")
                || text.contains("end of") || text.contains("eof");
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    /**
     * Copies the pixels as sRGB ARGB. Gray images are read from the raster: {@code getRGB} would
     * apply the linear-gray colour space's gamma and brighten every pixel.
     */
    static int[] toArgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = new int[w * h];
        Raster raster = image.getRaster();
        boolean gray = !(image.getColorModel() instanceof IndexColorModel)
                && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && (raster.getNumBands() == 1 || raster.getNumBands() == 2);
        if (gray) {
            int shift = raster.getTransferType() == DataBuffer.TYPE_USHORT ? 8 : 0;
            boolean alpha = raster.getNumBands() == 2;
            int[] row = new int[w * raster.getNumBands()];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int g = clamp8(alpha ? row[2 * x] >> shift : row[x] >> shift);
                    int a = alpha ? clamp8(row[2 * x + 1] >> shift) : 0xFF;
                    argb[y * w + x] = a << 24 | g << 16 | g << 8 | g;
                }
            }
            return argb;
        }
        // Strips keep getRGB's temporary buffers small for large images.
        int strip = Math.max(1, 65_536 / w);
        for (int y = 0; y < h; y += strip) {
            int rows = Math.min(strip, h - y);
            image.getRGB(0, y, w, rows, argb, y * w, w);
        }
        return argb;
    }

    private static int clamp8(int value) {
        return Math.min(255, Math.max(0, value));
    }
}
