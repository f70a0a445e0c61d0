package com.returnsorter.reports;

/**
 * The stylesheet every page of the project starts from (the run report, the dashboard): colours as
 * custom properties, system fonts only, so no page ever loads anything.
 */
public final class PageStyle {

    public static final String BASE = """
            :root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#eef1f4;--bg:#f4f6f8;--card:#fff;\
            --green:#1a7f37;--green-bg:#e6f6ea;--amber:#9a6700;--amber-bg:#fff6d6;--red:#c62828;--red-bg:#fdecea;\
            --blue:#2f6fdb;--slate:#6e7781;\
            --mono:ui-monospace,"SFMono-Regular","DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace}
            *{box-sizing:border-box}
            html{-webkit-text-size-adjust:100%}
            body{margin:0;background:var(--bg);color:var(--ink);\
            font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Liberation Sans",Arial,sans-serif}
            .page{max-width:1120px;margin:0 auto;padding:24px 28px 40px}
            h1,h2{letter-spacing:-.01em}
            .muted{color:var(--muted)}
            .small{font-size:12px}
            """;

    private PageStyle() {
    }
}
