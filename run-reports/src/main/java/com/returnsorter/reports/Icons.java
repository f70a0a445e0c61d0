package com.returnsorter.reports;

/** Small inline SVG icons of {@link HtmlReport}; drawn with strokes so they print in any colour. */
final class Icons {

    /** An empty in-tray. */
    static final String TRAY = "<svg class=\"empty-icon\" viewBox=\"0 0 48 48\" aria-hidden=\"true\" fill=\"none\" "
            + "stroke-width=\"2.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\">"
            + "<path d=\"M6 28 L12 10 H36 L42 28 V38 a2 2 0 0 1 -2 2 H8 a2 2 0 0 1 -2 -2 Z\"/>"
            + "<path d=\"M6 28 H16 L19 33 H29 L32 28 H42\"/></svg>\n";

    private Icons() {
    }
}
