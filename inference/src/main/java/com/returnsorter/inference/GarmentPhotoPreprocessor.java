package com.returnsorter.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code garment-photo} profile, version 2: a camera photo of one garment on a plain (but unevenly
 * lit, tinted or textured) background, to the 28 × 28 input of a Fashion-MNIST model (light item on
 * black), with a "not sure" verdict when no single garment is found. Every step and its arithmetic is
 * specified in {@code model/PREPROCESSING.md} and mirrored by {@code model/garment_photo.py}; the step
 * numbers below are the spec's.
 *
 * <ol>
 *   <li>Luma of the upright photo and</li>
 *   <li>its area reduction to the working size are done by the decoder ({@link LumaReduction}).</li>
 *   <li>Background: polarity from the border ring, then a robust polynomial surface fitted to cell medians
 *       (outliers judged by the cells of the border band).</li>
 *   <li>Flatten: relative difference to the background; noise from neighbour differences.</li>
 *   <li>Threshold, 6. closing and 8-connected components, 7. the garment component (area with a central
 *       prior; small and edge-hugging marks ignored), 8. its group (nearby parts), 9. verdicts,</li>
 *   <li>10. contrast-normalised values, 11. crop, area resize into {@code fit}, centre on {@code size}.</li>
 * </ol>
 *
 * <p>Thread-safe (no state besides the parameters).
 */
public final class GarmentPhotoPreprocessor implements Preprocessor {

    public static final String PROFILE = "garment-photo";
    public static final int VERSION = 2;

    /** Gaussian consistency factor of the median absolute deviation. */
    private static final double MAD_SCALE = 1.4826;

    /**
     * The profile's parameters, as the model card gives them (all required; their meaning and the values
     * the bundled model was trained with are in model/PREPROCESSING.md).
     */
    public record Parameters(int size, int fit, int workingSide, double bandFraction, int cellDivisions,
                             int surfaceDegree, int fitIterations,
                             double inlierSigmas, double inlierFloor, double noiseFloor, double thresholdSigmas,
                             double thresholdFraction, double contrastQuantile, int closingRadius,
                             double minAreaFraction, double edgeJunkFraction, double mergeGapFraction,
                             double severalFraction, double severalSideFraction, double tooSmallFraction,
                             double noiseSigmas, double itemQuantile) {

        public Parameters {
            if (size <= 0 || fit <= 0 || fit > size || workingSide <= 0 || cellDivisions <= 0 || surfaceDegree < 0
                    || surfaceDegree > 8 || fitIterations < 0 || closingRadius < 0
                    || !(bandFraction > 0 && bandFraction < 0.5) || !inUnit(contrastQuantile) || !inUnit(itemQuantile)) {
                throw new IllegalArgumentException("invalid garment-photo preprocessing parameters: " + this);
            }
        }

        private static boolean inUnit(double q) {
            return q >= 0 && q <= 1;
        }

        /** The parameters of a card whose profile is {@code garment-photo}; throws naming the first missing one. */
        public static Parameters of(ModelCard.Preprocessing p) {
            if (p.version() == null || p.version() != VERSION) {
                throw new IllegalArgumentException("the garment-photo profile needs preprocessing.version " + VERSION
                        + ", not " + p.version());
            }
            return new Parameters(required(p.size(), "size"), required(p.fit(), "fit"),
                    required(p.workingSide(), "workingSide"), required(p.bandFraction(), "bandFraction"),
                    required(p.cellDivisions(), "cellDivisions"), required(p.surfaceDegree(), "surfaceDegree"),
                    required(p.fitIterations(), "fitIterations"), required(p.inlierSigmas(), "inlierSigmas"),
                    required(p.inlierFloor(), "inlierFloor"), required(p.noiseFloor(), "noiseFloor"),
                    required(p.thresholdSigmas(), "thresholdSigmas"), required(p.thresholdFraction(), "thresholdFraction"),
                    required(p.contrastQuantile(), "contrastQuantile"), required(p.closingRadius(), "closingRadius"),
                    required(p.minAreaFraction(), "minAreaFraction"), required(p.edgeJunkFraction(), "edgeJunkFraction"),
                    required(p.mergeGapFraction(), "mergeGapFraction"), required(p.severalFraction(), "severalFraction"),
                    required(p.severalSideFraction(), "severalSideFraction"), required(p.tooSmallFraction(), "tooSmallFraction"), required(p.noiseSigmas(), "noiseSigmas"),
                    required(p.itemQuantile(), "itemQuantile"));
        }

        private static <T> T required(T value, String name) {
            if (value == null) {
                throw new IllegalArgumentException("the garment-photo profile needs preprocessing." + name);
            }
            return value;
        }
    }

    /**
     * The tensor canvas (values 0–1), the verdict, and what the steps found (for tests and diagnostics):
     * the reduction factor k, the working size and the group box {x0, y0, x1, y1} (inclusive; null for a
     * blank frame).
     */
    record Result(double[] canvas, SubjectCheck check, int reduction, int workingWidth, int workingHeight, int[] bbox) {
    }

    private final Parameters p;

    public GarmentPhotoPreprocessor(Parameters parameters) {
        this.p = parameters;
    }

    public Parameters parameters() {
        return p;
    }

    @Override
    public long[] imageShape() {
        return new long[] {1, p.size(), p.size()};
    }

    @Override
    public int lumaWorkingSide() {
        return p.workingSide();
    }

    @Override
    public SubjectCheck preprocess(DecodedImage image, float[] tensor, int offset) {
        Result result = run(image);
        double[] canvas = result.canvas();
        for (int i = 0; i < canvas.length; i++) {
            tensor[offset + i] = (float) canvas[i];
        }
        return result.check();
    }

    /** Steps 3–11 on the decoder's reduced luma (reduced here when the image came as ARGB). */
    Result run(DecodedImage image) {
        DecodedImage reduced = image.luma() != null ? image : LumaReduction.ofArgb(image, p.workingSide());
        int w = reduced.width();
        int h = reduced.height();
        int n = w * h;
        double[] a = reduced.luma().clone();

        // 3a. Polarity: a dark background (mean of the 1-px border ring at most 127.5) is inverted.
        // (Each step is a method of its own: small methods are compiled early and whole by the JIT, where one
        // long method runs interpreted or from on-stack replacements for its first few hundred photos.)
        invertDarkBackground(a, w, h);

        // 3b. Border band; a robust polynomial background surface fitted to the medians of cells.
        int b = Math.max(1, (int) Math.floor(p.bandFraction() * Math.min(w, h) + 0.5));
        double[] coef = fitSurface(a, w, h, b);

        // 4. Flatten: r = (B - A) / max(B, 1); noise from the robust spread of horizontal neighbour differences.
        int degree = p.surfaceDegree();
        double[] r = new double[n];
        double[] absR = new double[n];
        flatten(a, w, h, coef, degree, r, absR);
        double sigma = noiseSigma(r, w, h);

        // 5. Threshold.
        double contrast = quantileLower(absR, p.contrastQuantile());
        double threshold = Math.max(p.thresholdSigmas() * sigma, p.thresholdFraction() * contrast);
        boolean[] mask = new boolean[n];
        for (int i = 0; i < n; i++) {
            mask[i] = absR[i] > threshold;
        }

        // 6. Closing, 8-connected components.
        int radius = p.closingRadius();
        boolean[] closed = radius > 0 ? erode(dilate(mask, w, h, radius), w, h, radius) : mask;
        int[] labels = new int[n];
        int count = label8(closed, w, h, labels);
        double[] blank = new double[p.size() * p.size()];
        if (count == 0) {
            return new Result(blank, blankFrame(), reduced.reduction(), w, h, null);
        }

        // 7. Component properties and the chosen component.
        long[] area = new long[count + 1];
        int[] x0 = new int[count + 1];
        int[] x1 = new int[count + 1];
        int[] y0 = new int[count + 1];
        int[] y1 = new int[count + 1];
        double[] sx = new double[count + 1];
        double[] sy = new double[count + 1];
        Arrays.fill(x0, w);
        Arrays.fill(x1, -1);
        Arrays.fill(y0, h);
        Arrays.fill(y1, -1);
        componentProperties(labels, w, h, area, x0, y0, x1, y1, sx, sy);
        long largest = 0;
        for (int l = 1; l <= count; l++) {
            largest = Math.max(largest, area[l]);
        }
        double minArea = p.minAreaFraction() * w * h;
        List<Integer> candidates = new ArrayList<>();
        for (int l = 1; l <= count; l++) {
            boolean touches = x0[l] == 0 || y0[l] == 0 || x1[l] == w - 1 || y1[l] == h - 1;
            if (area[l] >= minArea && !(touches && area[l] < p.edgeJunkFraction() * largest)) {
                candidates.add(l);
            }
        }
        if (candidates.isEmpty()) {
            return new Result(blank, blankFrame(), reduced.reduction(), w, h, null);
        }
        double cx = w / 2.0;
        double cy = h / 2.0;
        int best = candidates.get(0);
        for (int l : candidates.subList(1, candidates.size())) {
            double si = score(l, area, sx, sy, cx, cy);
            double sb = score(best, area, sx, sy, cx, cy);
            if (si > sb || si == sb && area[l] > area[best]) {
                best = l;
            }
        }

        // 8. The group: candidates whose box, grown by g, meets the group's box, until nothing changes.
        int g = Math.max(1, (int) Math.floor(p.mergeGapFraction() * Math.max(w, h) + 0.5));
        boolean[] inGroup = new boolean[count + 1];
        int[] box = grow(best, candidates, inGroup, g, x0, y0, x1, y1);
        long groupArea = 0;
        for (int l = 1; l <= count; l++) {
            if (inGroup[l]) {
                groupArea += area[l];
            }
        }

        // 9. Verdicts: the other candidates, grouped by the same rule; one as large as a second garment
        // (in area and in extent) makes the photo several objects.
        int bw = box[2] - box[0] + 1;
        int bh = box[3] - box[1] + 1;
        int groupLong = Math.max(bw, bh);
        TreeSet<Integer> rest = new TreeSet<>();
        for (int l : candidates) {
            if (!inGroup[l]) {
                rest.add(l);
            }
        }
        boolean several = false;
        long severalArea = 0;
        while (!rest.isEmpty()) {
            boolean[] other = new boolean[count + 1];
            int[] otherBox = grow(rest.first(), new ArrayList<>(rest), other, g, x0, y0, x1, y1);
            long sum = 0;
            for (int l = 1; l <= count; l++) {
                if (other[l]) {
                    sum += area[l];
                    rest.remove(l);
                }
            }
            int otherLong = Math.max(otherBox[2] - otherBox[0] + 1, otherBox[3] - otherBox[1] + 1);
            if (sum >= p.severalFraction() * groupArea && otherLong >= p.severalSideFraction() * groupLong) {
                several = true;
                severalArea = Math.max(severalArea, sum);
            }
        }
        SubjectCheck check = SubjectCheck.FOUND;
        if (several) {
            check = SubjectCheck.unsure(Unsure.SEVERAL_OBJECTS, "the photo shows more than one object of garment size "
                    + "(another covers " + percent((double) severalArea / groupArea) + " of the first's area); "
                    + "photograph one item at a time");
        } else if (groupLong < p.tooSmallFraction() * Math.max(w, h)) {
            check = SubjectCheck.unsure(Unsure.OBJECT_TOO_SMALL, "the object found spans only "
                    + percent((double) groupLong / Math.max(w, h)) + " of the photo's longer side; "
                    + "photograph the item so that it fills most of the frame");
        }

        // 10. Values: |r| of the group's pixels, noise removed and scaled by the item's contrast; 0 elsewhere
        // on other components.
        boolean[] groupPixel = new boolean[n];
        int itemCount = 0;
        for (int i = 0; i < n; i++) {
            groupPixel[i] = labels[i] > 0 && inGroup[labels[i]];
            if (groupPixel[i] && mask[i]) {
                itemCount++;
            }
        }
        double itemContrast;
        if (itemCount > 0) {
            double[] item = new double[itemCount];
            for (int i = 0, j = 0; i < n; i++) {
                if (groupPixel[i] && mask[i]) {
                    item[j++] = absR[i];
                }
            }
            itemContrast = quantileLower(item, p.itemQuantile());
        } else {
            itemContrast = threshold;
        }
        double noise = p.noiseSigmas() * sigma;
        double range = itemContrast - noise;

        // 11. Crop the group's box, fit its longest side into `fit` by area, centre on the canvas.
        int cw = bw;
        int ch = bh;
        double[] crop = new double[cw * ch];
        if (range > 1e-9) {
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    int i = (box[1] + y) * w + box[0] + x;
                    double v = labels[i] > 0 && !groupPixel[i] ? 0.0 : absR[i];
                    crop[y * cw + x] = Math.min(1.0, Math.max(0.0, (v - noise) / range));
                }
            }
        }
        double scale = (double) p.fit() / Math.max(cw, ch);
        int ow = Math.min(p.size(), Math.max(1, (int) Math.floor(cw * scale + 0.5)));
        int oh = Math.min(p.size(), Math.max(1, (int) Math.floor(ch * scale + 0.5)));
        double[] resized = AreaResampler.resample(crop, cw, ch, ow, oh);
        double[] canvas = new double[p.size() * p.size()];
        int px = (p.size() - ow) / 2;
        int py = (p.size() - oh) / 2;
        for (int y = 0; y < oh; y++) {
            System.arraycopy(resized, y * ow, canvas, (py + y) * p.size() + px, ow);
        }
        return new Result(canvas, check, reduced.reduction(), w, h, box);
    }

    /** Step 3a: inverts {@code a} when the mean of its 1-px border ring is at most 127.5. */
    private static void invertDarkBackground(double[] a, int w, int h) {
        int n = w * h;
        double ringSum = 0;
        int ringCount = 0;
        if (h > 1 && w > 1) {
            for (int x = 0; x < w; x++) {
                ringSum += a[x] + a[(h - 1) * w + x];
            }
            for (int y = 1; y < h - 1; y++) {
                ringSum += a[y * w] + a[y * w + w - 1];
            }
            ringCount = 2 * w + 2 * (h - 2);
        } else {
            for (double v : a) {
                ringSum += v;
            }
            ringCount = n;
        }
        if (ringSum <= 127.5 * ringCount) {
            for (int i = 0; i < n; i++) {
                a[i] = 255.0 - a[i];
            }
        }
    }

    /** The values of the band pixels, in raster order. */
    private static double[] bandValues(double[] a, int w, int h, int b) {
        int n = w * h;
        int bandCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (inBand(x, y, w, h, b)) {
                    bandCount++;
                }
            }
        }
        double[] bandValues = new double[bandCount];
        for (int i = 0, j = 0; i < n; i++) {
            if (inBand(i % w, i / w, w, h, b)) {
                bandValues[j++] = a[i];
            }
        }
        return bandValues;
    }

    /** Steps 3c–3d: the surface's coefficients. */
    private double[] fitSurface(double[] a, int w, int h, int b) {
        double[] bandValues = bandValues(a, w, h, b);
        int cs = Math.max(1, Math.max(w, h) / p.cellDivisions());
        int cellsAcross = (w + cs - 1) / cs;
        int cellsDown = (h + cs - 1) / cs;
        int cells = cellsAcross * cellsDown;
        int degree = p.surfaceDegree();
        int termCount = (degree + 1) * (degree + 2) / 2;
        double[] cellMedian = new double[cells];
        double[][] cellTerms = new double[cells][];
        boolean[] cellInBand = new boolean[cells];
        double[] cellValues = new double[cs * cs];
        for (int cy = 0, c = 0; cy < cellsDown; cy++) {
            int y0 = cy * cs;
            int y1 = Math.min(h, y0 + cs);
            for (int cx = 0; cx < cellsAcross; cx++, c++) {
                int x0 = cx * cs;
                int x1 = Math.min(w, x0 + cs);
                int count = 0;
                boolean band = false;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        cellValues[count++] = a[y * w + x];
                        band |= inBand(x, y, w, h, b);
                    }
                }
                cellMedian[c] = quantileLower(Arrays.copyOf(cellValues, count), 0.5);
                cellTerms[c] = polynomial((double) (x0 + x1) / w - 1.0, (double) (y0 + y1) / h - 1.0, degree);
                cellInBand[c] = band;
            }
        }
        int bandCells = 0;
        for (boolean band : cellInBand) {
            bandCells += band ? 1 : 0;
        }
        double[] coef = new double[termCount];
        coef[0] = quantileLower(bandValues, 0.5);
        double[] residual = new double[cells];
        double[] bandResidual = new double[bandCells];
        for (int iteration = 0; iteration < p.fitIterations(); iteration++) {
            for (int c = 0, j = 0; c < cells; c++) {
                residual[c] = cellMedian[c] - dot(cellTerms[c], coef);
                if (cellInBand[c]) {
                    bandResidual[j++] = residual[c];
                }
            }
            double s = MAD_SCALE * quantileLower(absDeviation(bandResidual, quantileLower(bandResidual, 0.5)), 0.5);
            double limit = Math.max(p.inlierSigmas() * s, p.inlierFloor());
            double[][] normal = new double[termCount][termCount];
            double[] rhs = new double[termCount];
            int kept = 0;
            for (int c = 0; c < cells; c++) {
                if (Math.abs(residual[c]) <= limit) {
                    kept++;
                    double[] t = cellTerms[c];
                    for (int r = 0; r < termCount; r++) {
                        // XᵀX is symmetric and t[r]·t[col] == t[col]·t[r] exactly: the upper triangle is
                        // accumulated here (in the same cell order) and mirrored below, with identical sums.
                        double[] row = normal[r];
                        double tr = t[r];
                        for (int col = r; col < termCount; col++) {
                            row[col] += tr * t[col];
                        }
                        rhs[r] += tr * cellMedian[c];
                    }
                }
            }
            for (int r = 1; r < termCount; r++) {
                for (int col = 0; col < r; col++) {
                    normal[r][col] = normal[col][r];
                }
            }
            if (kept < 3 * termCount) {
                break;
            }
            double[] solution = solve(normal, rhs);
            if (solution == null) {
                break;
            }
            coef = solution;
        }
        return coef;
    }

    /** Step 4: {@code r} and {@code |r|} of every pixel against the surface {@code coef}. */
    private static void flatten(double[] a, int w, int h, double[] coef, int degree, double[] r, double[] absR) {
        // The same products as polynomial(u, v) · coef, with the powers of each column's u and row's v computed
        // once. Each pixel's sum takes the terms in the same order as before, but a row's pixels are summed side
        // by side (term by term across the row), so the additions of different pixels do not wait for each other.
        double[][] uPowers = new double[degree + 1][w];
        for (int x = 0; x < w; x++) {
            for (int i = 0; i <= degree; i++) {
                uPowers[i][x] = power((2.0 * x + 1.0) / w - 1.0, i);
            }
        }
        double[] vPowers = new double[degree + 1];
        double[] background = new double[w];
        for (int y = 0; y < h; y++) {
            for (int j = 0; j <= degree; j++) {
                vPowers[j] = power((2.0 * y + 1.0) / h - 1.0, j);
            }
            Arrays.fill(background, 0.0);
            int t = 0;
            for (int d = 0; d <= degree; d++) {
                for (int e = d; e >= 0; e--) {
                    double[] uPower = uPowers[e];
                    double vPower = vPowers[d - e];
                    double c = coef[t++];
                    for (int x = 0; x < w; x++) {
                        background[x] += uPower[x] * vPower * c;
                    }
                }
            }
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                r[i] = (background[x] - a[i]) / Math.max(background[x], 1.0);
                absR[i] = Math.abs(r[i]);
            }
        }
    }

    /** Step 4's noise: sigma from the lower median of the horizontal neighbour differences of r. */
    private double noiseSigma(double[] r, int w, int h) {
        double[] differences;
        if (w > 1) {
            differences = new double[h * (w - 1)];
            for (int y = 0, j = 0; y < h; y++) {
                for (int x = 0; x < w - 1; x++) {
                    differences[j++] = Math.abs(r[y * w + x + 1] - r[y * w + x]);
                }
            }
        } else {
            differences = new double[1];
        }
        double sigma = Math.max(p.noiseFloor(), MAD_SCALE * quantileLower(differences, 0.5) / Math.sqrt(2.0));
        return sigma;
    }

    /** Step 7: area, box and coordinate sums of every component, from its labels. */
    private static void componentProperties(int[] labels, int w, int h, long[] area, int[] x0, int[] y0, int[] x1,
                                            int[] y1, double[] sx, double[] sy) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int l = labels[y * w + x];
                if (l > 0) {
                    area[l]++;
                    x0[l] = Math.min(x0[l], x);
                    x1[l] = Math.max(x1[l], x);
                    y0[l] = Math.min(y0[l], y);
                    y1[l] = Math.max(y1[l], y);
                    sx[l] += x + 0.5;
                    sy[l] += y + 0.5;
                }
            }
        }
    }

    private static SubjectCheck blankFrame() {
        return SubjectCheck.unsure(Unsure.BLANK_FRAME, "nothing in the photo stands out from the background; "
                + "photograph the item on a plain background");
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 100) + " %";
    }

    private static boolean inBand(int x, int y, int w, int h, int b) {
        return y < b || y >= h - b || x < b || x >= w - b;
    }

    /**
     * The monomials u^i v^j with i + j &lt;= degree, by total degree, then by decreasing power of u:
     * 1, u, v, u², uv, v², u³, u²v, uv², v³, …
     */
    static double[] polynomial(double u, double v, int degree) {
        double[] terms = new double[(degree + 1) * (degree + 2) / 2];
        int t = 0;
        for (int d = 0; d <= degree; d++) {
            for (int i = d; i >= 0; i--) {
                terms[t++] = power(u, i) * power(v, d - i);
            }
        }
        return terms;
    }

    /** x^n by repeated multiplication, x^n = x^(n-1) · x, as the spec says (step 3d). */
    private static double power(double x, int n) {
        double result = 1.0;
        for (int i = 0; i < n; i++) {
            result *= x;
        }
        return result;
    }

    private static double dot(double[] t, double[] coef) {
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            sum += t[i] * coef[i];
        }
        return sum;
    }

    private static double[] absDeviation(double[] values, double center) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.abs(values[i] - center);
        }
        return out;
    }

    /**
     * Sorted ascending, the element at index floor(q · (n − 1)); q = 0.5 is the lower median. Found by
     * selection (the value is that of a full sort), which falls back to sorting if its partitions degrade.
     */
    static double quantileLower(double[] values, double q) {
        double[] a = values.clone();
        int k = (int) Math.floor(q * (a.length - 1));
        int lo = 0;
        int hi = a.length - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(a.length)) + 8;
        while (hi > lo) {
            if (budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            int mid = lo + (hi - lo) / 2;
            // Median of three as the pivot.
            double x = a[lo];
            double y = a[mid];
            double z = a[hi];
            double pivot = x < y ? (y < z ? y : Math.max(x, z)) : (x < z ? x : Math.max(y, z));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** Gaussian elimination with partial pivoting (the first row with the largest |pivot| wins); null when singular. */
    static double[] solve(double[][] matrix, double[] rhs) {
        int n = rhs.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        double[] b = rhs.clone();
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                return null;
            }
            if (pivot != col) {
                double[] row = a[col];
                a[col] = a[pivot];
                a[pivot] = row;
                double t = b[col];
                b[col] = b[pivot];
                b[pivot] = t;
            }
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c < n; c++) {
                    a[r][c] -= f * a[col][c];
                }
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = 0;
            for (int c = r + 1; c < n; c++) {
                sum += a[r][c] * x[c];
            }
            x[r] = (b[r] - sum) / a[r][r];
        }
        return x;
    }

    /**
     * Square (2r+1)² dilation; pixels outside the image count as unset. Separable: a square window is set
     * when any row of it has a set pixel in the window's columns, so a horizontal pass then a vertical pass
     * give exactly the square's answer.
     */
    static boolean[] dilate(boolean[] mask, int w, int h, int r) {
        return squareWindow(mask, w, h, r, true);
    }

    /** Square (2r+1)² erosion; pixels outside the image count as set (they do not erode). Separable like {@link #dilate}. */
    static boolean[] erode(boolean[] mask, int w, int h, int r) {
        return squareWindow(mask, w, h, r, false);
    }

    /**
     * For each pixel, whether any (dilate) or every (erode) pixel of the square window clipped to the image
     * is set: a pass along each row (prefix counts of set pixels), then a pass down the rows keeping each column's
     * count of set pixels in the window's rows.
     */
    private static boolean[] squareWindow(boolean[] mask, int w, int h, int r, boolean any) {
        boolean[] rows = new boolean[mask.length];
        int[] prefix = new int[Math.max(w, h) + 1];
        for (int y = 0; y < h; y++) {
            int base = y * w;
            for (int x = 0; x < w; x++) {
                prefix[x + 1] = prefix[x] + (mask[base + x] ? 1 : 0);
            }
            for (int x = 0; x < w; x++) {
                int from = Math.max(0, x - r);
                int to = Math.min(w - 1, x + r);
                int set = prefix[to + 1] - prefix[from];
                rows[base + x] = any ? set > 0 : set == to - from + 1;
            }
        }
        // Vertically, row by row: counts[x] = set pixels of column x in rows from..to of the clipped window.
        boolean[] out = new boolean[mask.length];
        int[] counts = new int[w];
        int from = 0;
        int to = -1;
        for (int y = 0; y < h; y++) {
            int wantTo = Math.min(h - 1, y + r);
            int wantFrom = Math.max(0, y - r);
            while (to < wantTo) {
                to++;
                int base = to * w;
                for (int x = 0; x < w; x++) {
                    counts[x] += rows[base + x] ? 1 : 0;
                }
            }
            while (from < wantFrom) {
                int base = from * w;
                for (int x = 0; x < w; x++) {
                    counts[x] -= rows[base + x] ? 1 : 0;
                }
                from++;
            }
            int full = to - from + 1;
            int base = y * w;
            for (int x = 0; x < w; x++) {
                out[base + x] = any ? counts[x] > 0 : counts[x] == full;
            }
        }
        return out;
    }

    /** 8-connected components, numbered 1… in raster order of their first pixel; returns how many. */
    static int label8(boolean[] mask, int w, int h, int[] labels) {
        int count = 0;
        int[] queue = new int[mask.length];
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || labels[start] != 0) {
                continue;
            }
            count++;
            labels[start] = count;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            while (head < tail) {
                int i = queue[head++];
                int x = i % w;
                int y = i / w;
                for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                    for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                        int j = yy * w + xx;
                        if (mask[j] && labels[j] == 0) {
                            labels[j] = count;
                            queue[tail++] = j;
                        }
                    }
                }
            }
        }
        return count;
    }

    /** Size with a central prior: area · (1 − 0.5 · d2), d2 the squared centroid distance over the squared half diagonal. */
    private static double score(int l, long[] area, double[] sx, double[] sy, double cx, double cy) {
        double mx = sx[l] / area[l];
        double my = sy[l] / area[l];
        double d2 = ((mx - cx) * (mx - cx) + (my - cy) * (my - cy)) / (cx * cx + cy * cy);
        return (double) area[l] * (1.0 - 0.5 * d2);
    }

    /**
     * Grows a group from {@code seed}: passes over {@code members} in order, adding each whose box grown by
     * {@code g} meets the group's box (the box grows at once), until a pass adds nothing. Marks the group in
     * {@code in} and returns its box {x0, y0, x1, y1}.
     */
    private static int[] grow(int seed, List<Integer> members, boolean[] in, int g, int[] x0, int[] y0, int[] x1,
                              int[] y1) {
        in[seed] = true;
        int gx0 = x0[seed];
        int gy0 = y0[seed];
        int gx1 = x1[seed];
        int gy1 = y1[seed];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int l : members) {
                if (in[l]) {
                    continue;
                }
                if (x0[l] - g <= gx1 && x1[l] + g >= gx0 && y0[l] - g <= gy1 && y1[l] + g >= gy0) {
                    in[l] = true;
                    gx0 = Math.min(gx0, x0[l]);
                    gy0 = Math.min(gy0, y0[l]);
                    gx1 = Math.max(gx1, x1[l]);
                    gy1 = Math.max(gy1, y1[l]);
                    changed = true;
                }
            }
        }
        return new int[] {gx0, gy0, gx1, gy1};
    }
}
