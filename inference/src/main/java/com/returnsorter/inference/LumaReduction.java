package com.returnsorter.inference;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Area-averaged reduction of a photo's luma to a working size, as the {@code garment-photo} profile
 * specifies it (model/PREPROCESSING.md, steps 1–2): the block side is {@code k = ceil(longest side /
 * workingSide)}; each output pixel is the sum of the luma values in its {@code k × k} block of the
 * upright photo divided by the number of pixels in the block (blocks on the right and bottom edges may be
 * partial, as in PIL's {@code Image.reduce}); no rounding.
 *
 * <p>The sums are computed on the pixels as stored and only the small result is turned upright: for
 * an EXIF orientation that reverses a stored axis, the blocks along that axis are laid from its far
 * end, so each block covers exactly the pixels of the corresponding block of the upright photo.
 * Integer sums are exact, so the result equals reducing the rotated photo, without the full-size
 * rotated copy.
 */
final class LumaReduction {

    private LumaReduction() {
    }

    /** The block side for a photo whose upright (or stored) size is {@code width × height}. */
    static int factor(int width, int height, int workingSide) {
        int longest = Math.max(width, height);
        return Math.max(1, (longest + workingSide - 1) / workingSide);
    }

    /**
     * Reduces an 8-bit luma raster as stored in the file ({@code width × height}, rows {@code stride}
     * bytes apart from {@code offset}) and returns the upright reduction for EXIF {@code orientation}.
     */
    static DecodedImage ofGray(byte[] gray, int offset, int stride, int width, int height, int orientation,
                               int workingSide, ImageFormat format, int sourceWidth, int sourceHeight) {
        return ofRows(width, height, orientation, workingSide, format, sourceWidth, sourceHeight, (y, columns) -> {
            int row = offset + y * stride;
            for (int x = 0; x < width; x++) {
                columns[x] += gray[row + x] & 0xFF;
            }
        });
    }

    /**
     * The reduction of a decoded image whose pixels are 8-bit sRGB samples interleaved in one byte array
     * (3 bands, or 4 with non-premultiplied alpha, in any band order: what the PNG, WebP, BMP and TIFF readers
     * deliver for true-colour images), computed from the raster's bytes with the luma of
     * {@link #luma(int)}: the same values {@code ofArgb} gives for the image's {@code getRGB} pixels (for
     * such a colour model {@code getRGB} returns the samples unchanged), without the full-size ARGB copy.
     * Returns null for any other layout; the caller then takes the ARGB path.
     */
    static DecodedImage ofSrgbBytes(BufferedImage image, int orientation, int workingSide, ImageFormat format,
                                    int sourceWidth, int sourceHeight) {
        ColorModel model = image.getColorModel();
        WritableRaster raster = image.getRaster();
        if (!(model instanceof ComponentColorModel) || !model.getColorSpace().isCS_sRGB() || model.isAlphaPremultiplied()
                || model.getTransferType() != DataBuffer.TYPE_BYTE
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sampleModel)) {
            return null;
        }
        int bands = raster.getNumBands();
        boolean alpha = model.hasAlpha();
        if (!(bands == 3 && !alpha || bands == 4 && alpha) || model.getNumComponents() != bands) {
            return null;
        }
        for (int bits : model.getComponentSize()) {
            if (bits != 8) {
                return null;
            }
        }
        for (int bits : sampleModel.getSampleSize()) {
            if (bits != 8) {
                return null;
            }
        }
        byte[] data = buffer.getData();
        int pixelStride = sampleModel.getPixelStride();
        int scanlineStride = sampleModel.getScanlineStride();
        int[] offsets = sampleModel.getBandOffsets();
        int origin = buffer.getOffset() - raster.getSampleModelTranslateY() * scanlineStride
                - raster.getSampleModelTranslateX() * pixelStride;
        int red = offsets[0];
        int green = offsets[1];
        int blue = offsets[2];
        int alphaOffset = alpha ? offsets[3] : -1;
        int width = image.getWidth();
        return ofRows(width, image.getHeight(), orientation, workingSide, format, sourceWidth, sourceHeight, (y, columns) -> {
            int at = origin + y * scanlineStride;
            for (int x = 0; x < width; x++, at += pixelStride) {
                int a = alphaOffset < 0 ? 0xFF : data[at + alphaOffset] & 0xFF;
                columns[x] += luma(a << 24 | (data[at + red] & 0xFF) << 16 | (data[at + green] & 0xFF) << 8
                        | data[at + blue] & 0xFF);
            }
        });
    }

    /** Adds row {@code y}'s luma, as stored, to {@code columns[x]}. */
    private interface RowLuma {
        void addRow(int y, int[] columns);
    }

    /** Block sums of luma delivered row by row as stored, then the upright reduction for EXIF {@code orientation}. */
    private static DecodedImage ofRows(int width, int height, int orientation, int workingSide, ImageFormat format,
                                       int sourceWidth, int sourceHeight, RowLuma rows) {
        int k = factor(width, height, workingSide);
        Grid grid = new Grid(width, height, k, reversesX(orientation), reversesY(orientation));
        long[] sums = new long[grid.cols * grid.rows];
        int[] ends = grid.columnEnds();
        // Column sums over the rows of one block row (a simple loop the JIT vectorises), then per block.
        int[] columns = new int[width];
        for (int y = 0; y < height; y++) {
            rows.addRow(y, columns);
            if (y == height - 1 || grid.rowIndex(y + 1) != grid.rowIndex(y)) {
                int base = grid.rowIndex(y) * grid.cols;
                int x = 0;
                for (int c = 0; c < ends.length; c++) {
                    long sum = 0;
                    for (int end = ends[c]; x < end; x++) {
                        sum += columns[x];
                    }
                    sums[base + c] = sum;
                }
                java.util.Arrays.fill(columns, 0);
            }
        }
        return upright(grid, sums, orientation, k, format, sourceWidth, sourceHeight);
    }

    /**
     * Reduces upright ARGB pixels: luma {@code L = (299 R + 587 G + 114 B + 500) / 1000} (integer
     * division) after compositing over white, as the {@code fashion-mnist} profile computes it.
     */
    static DecodedImage ofArgb(DecodedImage image, int workingSide) {
        int width = image.width();
        int height = image.height();
        int k = factor(width, height, workingSide);
        Grid grid = new Grid(width, height, k, false, false);
        long[] sums = new long[grid.cols * grid.rows];
        int[] ends = grid.columnEnds();
        int[] argb = image.argb();
        for (int y = 0; y < height; y++) {
            int base = grid.rowIndex(y) * grid.cols;
            int row = y * width;
            int x = 0;
            for (int c = 0; c < ends.length; c++) {
                int sum = 0;
                for (int end = ends[c]; x < end; x++) {
                    sum += luma(argb[row + x]);
                }
                sums[base + c] += sum;
            }
        }
        DecodedImage reduced = upright(grid, sums, ExifOrientation.NORMAL, k, image.format(), image.sourceWidth(),
                image.sourceHeight());
        return reduced.withWarnings(image.warnings());
    }

    static int luma(int argb) {
        int a = argb >>> 24;
        int r = argb >> 16 & 0xFF;
        int g = argb >> 8 & 0xFF;
        int b = argb & 0xFF;
        if (a != 0xFF) {
            r = Preprocessor.overWhite(r, a);
            g = Preprocessor.overWhite(g, a);
            b = Preprocessor.overWhite(b, a);
        }
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }

    /** Orientations whose upright x runs against the stored x (or whose upright y does, after a transpose). */
    private static boolean reversesX(int orientation) {
        return orientation == 2 || orientation == 3 || orientation == 7 || orientation == 8;
    }

    private static boolean reversesY(int orientation) {
        return orientation == 3 || orientation == 4 || orientation == 6 || orientation == 7;
    }

    private static DecodedImage upright(Grid grid, long[] sums, int orientation, int k, ImageFormat format,
                                        int sourceWidth, int sourceHeight) {
        double[] stored = new double[sums.length];
        for (int r = 0; r < grid.rows; r++) {
            long blockHeight = grid.rowSpan(r);
            for (int c = 0; c < grid.cols; c++) {
                stored[r * grid.cols + c] = (double) sums[r * grid.cols + c] / (blockHeight * grid.colSpan(c));
            }
        }
        int w = grid.cols;
        int h = grid.rows;
        if (orientation <= ExifOrientation.NORMAL || orientation > 8) {
            return DecodedImage.ofLuma(w, h, stored, k, format, sourceWidth, sourceHeight);
        }
        boolean swaps = orientation >= 5;
        int ow = swaps ? h : w;
        int oh = swaps ? w : h;
        double[] out = new double[stored.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                out[y * ow + x] = stored[ExifOrientation.storedIndex(orientation, x, y, w, h)];
            }
        }
        return DecodedImage.ofLuma(ow, oh, out, k, format, sourceWidth, sourceHeight);
    }

    /**
     * Blocks of side k over a {@code width × height} raster; along a reversed axis the first (possibly
     * partial) block is at the start of the stored axis, so that full blocks line up with its far end.
     */
    private static final class Grid {

        final int width;
        final int height;
        final int k;
        final int cols;
        final int rows;
        /** Pixels missing from the first block along each axis (0 unless the axis is reversed). */
        final int offsetX;
        final int offsetY;

        Grid(int width, int height, int k, boolean reversedX, boolean reversedY) {
            this.width = width;
            this.height = height;
            this.k = k;
            this.cols = (width + k - 1) / k;
            this.rows = (height + k - 1) / k;
            this.offsetX = reversedX ? cols * k - width : 0;
            this.offsetY = reversedY ? rows * k - height : 0;
        }

        int rowIndex(int y) {
            return (y + offsetY) / k;
        }

        /** For each block column, the stored x one past its last pixel. */
        int[] columnEnds() {
            int[] ends = new int[cols];
            for (int c = 0; c < cols; c++) {
                ends[c] = Math.min(width, (c + 1) * k - offsetX);
            }
            return ends;
        }

        long colSpan(int c) {
            return span(c, k, offsetX, width);
        }

        long rowSpan(int r) {
            return span(r, k, offsetY, height);
        }

        private static long span(int block, int k, int offset, int length) {
            int from = Math.max(0, block * k - offset);
            int to = Math.min(length, (block + 1) * k - offset);
            return to - from;
        }
    }
}
