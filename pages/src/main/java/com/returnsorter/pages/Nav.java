package com.returnsorter.pages;

/**
 * The sections of the people-facing site, in the order the navigation bar shows them. A page names
 * its section in its {@link Layout}; the bar marks that entry with {@code aria-current="page"}.
 */
public enum Nav {
    DASHBOARD("Dashboard", "/dashboard"),
    REVIEW("Review", "/review"),
    PICK_LISTS("Pick lists", "/picklists"),
    UPLOAD("Upload", "/upload"),
    RUNS("Runs", "/runs");

    private final String label;
    private final String href;

    Nav(String label, String href) {
        this.label = label;
        this.href = href;
    }

    public String label() {
        return label;
    }

    /** The section's address, absolute from the service's root. */
    public String href() {
        return href;
    }
}
