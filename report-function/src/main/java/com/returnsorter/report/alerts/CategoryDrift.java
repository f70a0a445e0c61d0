package com.returnsorter.report.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The population stability index (PSI) of a run's category mix against a baseline, the statistic of
 * {@code category-drift} (docs/quality.md):
 * <pre>
 *   PSI = Σ over categories i of (pᵢ − qᵢ) · ln(pᵢ / qᵢ)
 * </pre>
 * where pᵢ is category i's share of the run's classified photos and qᵢ its share of the baseline's
 * (the trailing runs' counts pooled). A share of 0 (a category absent on one side) is replaced by
 * {@link #EPSILON}, so the logarithm stays finite; each term is ≥ 0 and is the category's contribution.
 * By the usual reading, PSI below 0.1 is no change, 0.1–0.25 a moderate one, above 0.25 a large one.
 *
 * @param psi   the index
 * @param moves every category of either side with its shares and contribution, largest contribution first
 */
public record CategoryDrift(double psi, List<Move> moves) {

    /** The share given to a category absent from one side. */
    public static final double EPSILON = 1e-4;
    /** A category is named as moved when its term is at least this part of the index. */
    static final double NAMED_PART = 0.10;
    /** At most this many categories are named. */
    static final int NAMED_MAX = 4;

    /**
     * @param now          share in the run
     * @param before       share in the baseline
     * @param contribution (now − before) · ln(now / before), with {@link #EPSILON} for a zero share
     */
    public record Move(String category, double now, double before, double contribution) {
    }

    /** The drift of {@code run} from {@code baseline}; both are counts per category, neither may be empty. */
    public static CategoryDrift of(Map<String, Integer> run, Map<String, Integer> baseline) {
        double n = total(run);
        double m = total(baseline);
        if (n == 0 || m == 0) {
            throw new IllegalArgumentException("both the run and the baseline need classified photos");
        }
        TreeSet<String> categories = new TreeSet<>(run.keySet());
        categories.addAll(baseline.keySet());
        List<Move> moves = new ArrayList<>();
        double psi = 0;
        for (String category : categories) {
            double p = run.getOrDefault(category, 0) / n;
            double q = baseline.getOrDefault(category, 0) / m;
            double pe = Math.max(p, EPSILON);
            double qe = Math.max(q, EPSILON);
            double term = (pe - qe) * Math.log(pe / qe);
            psi += term;
            moves.add(new Move(category, p, q, term));
        }
        moves.sort(Comparator.comparingDouble(Move::contribution).reversed().thenComparing(Move::category));
        return new CategoryDrift(psi, List.copyOf(moves));
    }

    /** The categories that moved most: terms of at least {@link #NAMED_PART} of the index, at most {@link #NAMED_MAX}. */
    public List<Move> moved() {
        return moves.stream().filter(m -> m.contribution() >= NAMED_PART * psi).limit(NAMED_MAX).toList();
    }

    /** Pools the category counts of several runs. */
    public static Map<String, Integer> pooled(List<Map<String, Integer>> runs) {
        Map<String, Integer> pooled = new TreeMap<>();
        runs.forEach(r -> r.forEach((category, count) -> pooled.merge(category, count, Integer::sum)));
        return pooled;
    }

    private static double total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
