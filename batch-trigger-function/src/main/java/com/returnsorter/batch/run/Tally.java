package com.returnsorter.batch.run;

import com.returnsorter.events.ConfidenceBands;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.reports.ItemResult;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;
import java.util.TreeMap;

/** Running counts of a run, updated chunk by chunk; the summary and the progress API read them. */
@Serdeable
public class Tally {

    private int handled;
    private int sorted;
    private int review;
    private int rejected;
    private int errors;
    private int high;
    private int medium;
    private int low;
    private Map<String, Integer> categories = new TreeMap<>();

    public void add(ItemResult item, double reviewThreshold) {
        handled++;
        switch (item.status()) {
            case SORTED -> sorted++;
            case REVIEW -> review++;
            case REJECTED -> rejected++;
            case ERROR -> errors++;
        }
        if (item.status().isSuccessful() && item.category() != null) {
            categories.merge(item.category(), 1, Integer::sum);
        }
        if (item.confidence() != null && item.status() != ItemStatus.ERROR) {
            switch (ConfidenceBands.of(item.confidence(), reviewThreshold)) {
                case HIGH -> high++;
                case MEDIUM -> medium++;
                case LOW -> low++;
            }
        }
    }

    /** Adds another tally's counts (a shard's to its run's). */
    public void addAll(Tally other) {
        handled += other.handled;
        sorted += other.sorted;
        review += other.review;
        rejected += other.rejected;
        errors += other.errors;
        high += other.high;
        medium += other.medium;
        low += other.low;
        other.categories.forEach((category, count) -> categories.merge(category, count, Integer::sum));
    }

    public int getHandled() {
        return handled;
    }

    public void setHandled(int handled) {
        this.handled = handled;
    }

    public int getSorted() {
        return sorted;
    }

    public void setSorted(int sorted) {
        this.sorted = sorted;
    }

    public int getReview() {
        return review;
    }

    public void setReview(int review) {
        this.review = review;
    }

    public int getRejected() {
        return rejected;
    }

    public void setRejected(int rejected) {
        this.rejected = rejected;
    }

    public int getErrors() {
        return errors;
    }

    public void setErrors(int errors) {
        this.errors = errors;
    }

    public int getHigh() {
        return high;
    }

    public void setHigh(int high) {
        this.high = high;
    }

    public int getMedium() {
        return medium;
    }

    public void setMedium(int medium) {
        this.medium = medium;
    }

    public int getLow() {
        return low;
    }

    public void setLow(int low) {
        this.low = low;
    }

    public Map<String, Integer> getCategories() {
        return categories;
    }

    public void setCategories(Map<String, Integer> categories) {
        this.categories = new TreeMap<>(categories);
    }
}
