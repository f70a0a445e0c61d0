package com.returnsorter.inference;

/** Builds the preprocessor a model card asks for. */
public final class Preprocessors {

    private Preprocessors() {
    }

    public static Preprocessor forCard(ModelCard card) {
        ModelCard.Preprocessing p = card.preprocessing();
        return switch (p.profile()) {
            case "fashion-mnist" -> new FashionMnistPreprocessor(
                    orDefault(p.size(), 28), orDefault(p.fit(), orDefault(p.size(), 28)), orDefault(p.trimThreshold(), 24));
            case "rgb" -> new RgbPreprocessor(
                    required(p.width(), "width"), required(p.height(), "height"),
                    p.scale() == null ? 255.0 : p.scale(), p.mean(), p.std(),
                    card.input().layout() == null ? "NCHW" : card.input().layout());
            case GarmentPhotoPreprocessor.PROFILE -> new GarmentPhotoPreprocessor(GarmentPhotoPreprocessor.Parameters.of(p));
            default -> throw new IllegalArgumentException("unknown preprocessing profile '" + p.profile()
                    + "'; known profiles are fashion-mnist, garment-photo and rgb");
        };
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static int required(Integer value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("the rgb profile needs preprocessing." + name);
        }
        return value;
    }
}
