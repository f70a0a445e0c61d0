package com.returnsorter.inference;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The committed held-out subset (IDX format, gzipped): never trained or tuned on. */
record HeldOutSet(int count, int rows, int columns, byte[] pixels, byte[] labels) {

    static HeldOutSet load(Path directory) throws IOException {
        try (DataInputStream images = idx(directory.resolve("heldout-images-idx3-ubyte.gz"), 2051);
             DataInputStream labels = idx(directory.resolve("heldout-labels-idx1-ubyte.gz"), 2049)) {
            int count = images.readInt();
            int rows = images.readInt();
            int columns = images.readInt();
            byte[] pixels = images.readNBytes(count * rows * columns);
            int labelCount = labels.readInt();
            if (labelCount != count || pixels.length != count * rows * columns) {
                throw new IOException("held-out images and labels do not match");
            }
            return new HeldOutSet(count, rows, columns, pixels, labels.readNBytes(count));
        }
    }

    private static DataInputStream idx(Path path, int magic) throws IOException {
        InputStream in = new GZIPInputStream(Files.newInputStream(path));
        DataInputStream data = new DataInputStream(in);
        int actual = data.readInt();
        if (actual != magic) {
            data.close();
            throw new IOException(path + " is not an IDX file with magic " + magic);
        }
        return data;
    }

    /** Image {@code i} as an 8-bit grayscale picture, exactly the dataset's pixels. */
    java.awt.image.BufferedImage image(int i) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(columns, rows, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, columns, rows, java.util.Arrays.copyOfRange(pixels, i * rows * columns, (i + 1) * rows * columns));
        return image;
    }

    int label(int i) {
        return labels[i];
    }
}
