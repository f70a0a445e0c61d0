package com.returnsorter.report.picklists;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.decisions.Decision;
import com.returnsorter.report.decisions.DecisionRecord;
import com.returnsorter.report.decisions.DecisionStore;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.ItemRecord;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.report.workspace.Csv;
import com.returnsorter.report.workspace.ReturnIds;
import com.returnsorter.report.workspace.Workspace;
import com.returnsorter.report.workspace.WorkspaceConfiguration;
import com.returnsorter.storage.ObjectKeys;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The day's pick lists: per category, the photos that reached {@code processed/} that day (in the
 * report's time zone) — sorted by the nightly run, or approved or corrected by a reviewer — with the
 * category's warehouse location. Also the inventory export (CSV).
 */
@Singleton
public class PickLists {

    static final int ITEM_LIMIT = 50_000;
    static final List<String> CSV_HEADER = List.of("return id", "file", "category", "category code", "confidence",
            "classified", "location", "object");

    private final HistoryStore history;
    private final DecisionStore decisions;
    private final WarehouseConfiguration warehouse;
    private final WorkspaceConfiguration workspace;
    private final ZoneId zone;

    public PickLists(HistoryStore history, DecisionStore decisions, WarehouseConfiguration warehouse,
                     WorkspaceConfiguration workspace, ReportConfiguration report) {
        this.history = history;
        this.decisions = decisions;
        this.warehouse = warehouse;
        this.workspace = workspace;
        this.zone = report.timeZone();
    }

    /**
     * One line of a pick list.
     *
     * @param categoryCode the category's index in the model's labels ({@code workspace.categories}); null when not one of them
     * @param decidedBy    null when the nightly run sorted it (auto-classified)
     */
    @Serdeable
    public record Line(String returnId, String file, String object, String category, @Nullable Integer categoryCode,
                       @Nullable Double confidence, @Nullable String decidedBy, @Nullable String decision,
                       String location, Instant at) {

        public String classified() {
            return decidedBy == null ? "auto-classified" : decision + " by " + decidedBy;
        }
    }

    /** The lines of one category. */
    @Serdeable
    public record Group(String category, @Nullable Integer categoryCode, String location, List<Line> lines) {
    }

    /** A day's pick lists, categories in the model's order, then any others by name. */
    @Serdeable
    public record Day(LocalDate date, ZoneId zone, List<Group> groups, int total) {
    }

    public Day of(LocalDate date) {
        return Workspace.guarded(() -> load(date));
    }

    private Day load(LocalDate date) {
        Instant start = date.atStartOfDay(zone).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
        List<Line> lines = new ArrayList<>();
        // A run that started the evening before may sort photos after midnight.
        for (RunRecord run : history.runsStartedSince(start.minus(Duration.ofDays(1)))) {
            if (run.dryRun() || !run.startedAt().isBefore(end)) {
                continue;
            }
            for (ItemRecord item : history.items(run.runId(), ItemStatus.SORTED, HistoryStore.ItemOrder.ROW, ITEM_LIMIT)) {
                if (item.destination() == null || item.processedAt().isBefore(start) || !item.processedAt().isBefore(end)) {
                    continue;
                }
                lines.add(line(item.destination(), item.category(), item.confidence(), null, null, item.processedAt()));
            }
        }
        for (DecisionRecord d : decisions.between(start, end, ITEM_LIMIT)) {
            if (d.decision() == Decision.REJECT || d.destination() == null) {
                continue;
            }
            lines.add(line(d.destination(), d.finalCategory(), d.modelConfidence(), d.decidedBy(),
                    d.decision().outcome(), d.decidedAt()));
        }
        Map<String, List<Line>> byCategory = new LinkedHashMap<>();
        workspace.categories().forEach(c -> byCategory.put(c, new ArrayList<>()));
        lines.stream().sorted(Comparator.comparing(Line::returnId).thenComparing(Line::object))
                .forEachOrdered(l -> byCategory.computeIfAbsent(l.category(), c -> new ArrayList<>()).add(l));
        List<Group> groups = new ArrayList<>();
        byCategory.forEach((category, categoryLines) -> {
            if (!categoryLines.isEmpty()) {
                groups.add(new Group(category, code(category), location(category), List.copyOf(categoryLines)));
            }
        });
        return new Day(date, zone, groups, lines.size());
    }

    /** The inventory export of a day. */
    public String csv(Day day) {
        List<List<?>> rows = new ArrayList<>();
        for (Group group : day.groups()) {
            for (Line l : group.lines()) {
                rows.add(Arrays.asList(l.returnId(), l.file(), l.category(), l.categoryCode(), l.confidence(),
                        l.classified(), l.location(), l.object()));
            }
        }
        return Csv.write(CSV_HEADER, rows);
    }

    private Line line(String object, @Nullable String category, @Nullable Double confidence, @Nullable String decidedBy,
                      @Nullable String decision, Instant at) {
        String shown = category == null ? "Unknown" : category;
        return new Line(ReturnIds.ofKey(object), ObjectKeys.fileName(object), object, shown, code(shown), confidence,
                decidedBy, decision, location(shown), at);
    }

    @Nullable
    private Integer code(String category) {
        int index = workspace.categories().indexOf(category);
        return index < 0 ? null : index;
    }

    private String location(String category) {
        return warehouse.locationOf(category).orElse(WarehouseConfiguration.UNASSIGNED);
    }
}
