package com.returnsorter.inference;

/**
 * Turns an upright photo into the model's input tensor. Which implementation runs is chosen by
 * the model card's {@code preprocessing.profile}, never hard-coded to one model.
 */
public interface Preprocessor {

    /** The input shape of one image, without the batch axis (e.g. {@code [1, 28, 28]}). */
    long[] imageShape();

    /** Number of floats one image occupies in the input tensor. */
    default int imageSize() {
        long size = 1;
        for (long dimension : imageShape()) {
            size *= dimension;
        }
        return Math.toIntExact(size);
    }

    /**
     * Writes the image's {@link #imageSize()} floats into {@code tensor} starting at {@code offset}
     * and says whether the profile is sure the photo shows one subject ({@link SubjectCheck#FOUND}
     * for profiles that do not check).
     */
    SubjectCheck preprocess(DecodedImage image, float[] tensor, int offset);

    /**
     * How the decoder should deliver pixels to this profile: 0 for upright ARGB (subsampled above
     * {@link DecoderLimits#maxDecodeSide()}); otherwise the working side of an area-reduced luma plane
     * ({@link DecodedImage#luma()}), see {@link ImageDecoder}.
     */
    default int lumaWorkingSide() {
        return 0;
    }

    /** Alpha-composites one ARGB pixel over white and returns its 8-bit channel. */
    static int overWhite(int channel, int alpha) {
        return (channel * alpha + 255 * (255 - alpha) + 127) / 255;
    }
}
