package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Turns untrusted bytes into upright sRGB pixels, or says precisely why it cannot.
 *
 * <p>The format comes from the bytes' signature; the size is read from the header and checked
 * against {@link DecoderLimits#maxPixels()} before any pixel is decoded, so a small file that
 * declares 100,000 × 100,000 pixels costs nothing. Large photos are subsampled while decoding.
 * Thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {

    static {
        // No temporary files: decoding happens in memory and Cloud Run's disk is memory anyway.
        ImageIO.setUseCache(false);
    }

    private final DecoderLimits limits;

    public ImageDecoder(DecoderLimits limits) {
        this.limits = limits;
    }

    public DecoderLimits limits() {
        return limits;
    }

    public DecodedImage decode(byte[] bytes) throws ImageRejectedException {
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
        DecodedImage decoded = read(bytes, format);
        int orientation = format == ImageFormat.JPEG ? ExifOrientation.read(bytes) : ExifOrientation.NORMAL;
        return ExifOrientation.apply(decoded, orientation);
    }

    private DecodedImage read(byte[] bytes, ImageFormat format) throws ImageRejectedException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(format);
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new ImageRejectedException(Reason.CORRUPT, "the image header declares no pixels");
                }
                long pixels = (long) width * height;
                if (pixels > limits.maxPixels()) {
                    throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "the image is " + width + "x" + height
                            + " (" + pixels + " pixels); the limit is " + limits.maxPixels() + " pixels");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = limits.subsampling(width, height);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener(collectInto(warnings));
                BufferedImage image = reader.read(0, param);
                for (String warning : warnings) {
                    if (signalsDamage(warning)) {
                        throw new ImageRejectedException(Reason.CORRUPT, "the " + format.formatName()
                                + " data is damaged: " + warning);
                    }
                }
                return new DecodedImage(image.getWidth(), image.getHeight(), toArgb(image), format, width, height);
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException rejected) {
            throw rejected;
        } catch (IOException | RuntimeException broken) {
            // Decoders signal hostile or damaged input with IOExceptions and, for some damage,
            // with runtime exceptions (index out of bounds, illegal state): all mean "corrupt".
            throw new ImageRejectedException(Reason.CORRUPT, "the " + format.formatName()
                    + " data cannot be decoded: " + describe(broken), broken);
        }
    }

    /** An extended-format WebP (VP8X chunk first) whose animation flag is set. */
    static boolean isAnimatedWebp(byte[] bytes) {
        return bytes.length >= 21 && bytes[12] == 'V' && bytes[13] == 'P' && bytes[14] == '8' && bytes[15] == 'X'
                && (bytes[20] & 0x02) != 0;
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
