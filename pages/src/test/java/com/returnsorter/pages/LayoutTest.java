package com.returnsorter.pages;

import gg.jte.Content;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutTest {

    @Test
    void appPagesHaveTheNavigationWithTheCurrentSectionMarkedAndTheSearchBox() {
        String html = page(Layout.page("Review queue", Nav.REVIEW).withQuery("RET-20261013-001"), "<p>queue</p>");

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                .contains("<title>Review queue · Return Sorter</title>", "<p>queue</p>",
                        "<a href=\"/dashboard\">Dashboard</a>", "<a href=\"/review\" aria-current=\"page\">Review</a>",
                        "<a href=\"/picklists\">Pick lists</a>", "<a href=\"/upload\">Upload</a>", "<a href=\"/runs\">Runs</a>",
                        "<form class=\"search\" role=\"search\" method=\"get\" action=\"/returns\">",
                        "name=\"q\" value=\"RET-20261013-001\"", "form-action &#39;self&#39;", "<style>/* The one stylesheet");
        assertThat(html.split(" aria-current=\"page\"", -1)).as("one current section").hasSize(2);
        assertThat(html).doesNotContain("http-equiv=\"refresh\"", "class=\"flash");
    }

    @Test
    void documentsStandAloneWithoutNavigationLinksOrAnythingLoaded() {
        String html = page(Layout.document("Nightly sort 20260303"), "<p>report</p>");

        assertThat(html).contains("<title>Nightly sort 20260303</title>", "<div class=\"brand\">",
                "content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;\"");
        assertThat(html.toLowerCase()).doesNotContain("href=", "src=", "<form", "<nav", "<link", "<script", "url(", "@import");
    }

    @Test
    void escapesTheTitleTheSearchTextAndTheFlashMessage() {
        Layout layout = Layout.page("<b>x</b>", Nav.DASHBOARD).withQuery("\"><script>alert(1)</script>")
                .withFlash(Flash.error("moved <i>meanwhile</i> & gone"));

        String html = page(layout, "");

        assertThat(html).doesNotContain("<b>x", "<script>", "<i>meanwhile")
                .contains("<title>&lt;b&gt;x&lt;/b&gt; · Return Sorter</title>",
                        // In a quoted attribute jte escapes the quote and "<"; ">" is harmless there.
                        "value=\"&#34;>&lt;script>alert(1)&lt;/script>\"",
                        "<p class=\"flash error\" role=\"alert\">moved &lt;i&gt;meanwhile&lt;/i&gt; &amp; gone</p>");
    }

    @Test
    void reloadsWhenAskedAndAnnouncesSuccessPolitely() {
        String html = page(Layout.page("Dashboard", Nav.DASHBOARD).withRefresh(Duration.ofMinutes(5))
                .withFlash(Flash.success("Approved")), "");

        assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"300\">",
                "<p class=\"flash success\" role=\"status\">Approved</p>");
    }

    private static String page(Layout layout, String trustedBody) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("layout", layout);
        parameters.put("content", (Content) output -> output.writeContent(trustedBody));
        return Pages.render("layout", parameters);
    }
}
