package com.returnsorter.reports;

/** The inline stylesheet of {@link HtmlReport}; system fonts only, so the page never loads anything. */
final class Css {

    static final String STYLE = PageStyle.BASE + """
            code,.path{font-family:var(--mono);font-size:.9em}
            .masthead{display:flex;justify-content:space-between;align-items:center;margin:0 0 14px;color:var(--muted)}
            .brand{display:flex;align-items:center;gap:8px;font-weight:700;color:var(--ink);font-size:15px}
            .logo{width:18px;height:18px;border-radius:5px;background:linear-gradient(135deg,var(--blue),#7c4ddb)}
            .banner{display:flex;gap:18px;padding:22px 26px;border-radius:14px;border:1px solid;margin:0 0 20px}
            .banner.success{background:var(--green-bg);border-color:#a6dcb3}
            .banner.partial{background:var(--amber-bg);border-color:#ecd48a}
            .banner.failed{background:var(--red-bg);border-color:#f1b3ae}
            .banner-icon{flex:none;width:44px;height:44px;border-radius:50%;display:flex;align-items:center;\
            justify-content:center;color:#fff;font-weight:700;font-size:24px;line-height:1}
            .success .banner-icon{background:var(--green)}
            .partial .banner-icon{background:#bf8700}
            .failed .banner-icon{background:var(--red)}
            .banner-body{flex:1;min-width:0}
            .eyebrow{margin:0;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.08em}
            .success .eyebrow{color:var(--green)}
            .partial .eyebrow{color:var(--amber)}
            .failed .eyebrow{color:var(--red)}
            .banner h1{margin:2px 0 4px;font-size:26px;line-height:1.25}
            .lead{margin:0;font-size:15px}
            .banner-error{margin:12px 0 0;padding:10px 14px;background:rgba(255,255,255,.7);border-left:4px solid var(--red);\
            border-radius:6px;overflow-wrap:anywhere}
            .partial .banner-error{border-left-color:#bf8700}
            .meta{display:flex;flex-wrap:wrap;gap:8px 32px;margin:16px 0 0;padding:14px 0 0;border-top:1px solid rgba(0,0,0,.08)}
            .meta dt{font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
            .meta dd{margin:0;font-weight:600}
            .figures{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:12px;margin:0 0 20px}
            .figure{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--slate);border-radius:10px;padding:12px 16px}
            .figure.sorted{border-top-color:var(--green)}
            .figure.review{border-top-color:#d4a72c}
            .figure.rejected{border-top-color:var(--red)}
            .figure.left{border-top-color:#8c959f}
            .figure.rate{border-top-color:var(--blue)}
            .figure .label{font-size:12px;font-weight:600;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
            .figure .value{font-size:30px;font-weight:700;line-height:1.15;margin:2px 0;font-variant-numeric:tabular-nums}
            .figure .hint{font-size:12px;color:var(--muted)}
            .grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:20px;margin:0 0 20px}
            .grid2 .card{margin:0}
            .card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 24px;margin:0 0 20px}
            .card h2{font-size:18px;margin:0}
            .card-head{display:flex;align-items:center;gap:10px}
            .sub{color:var(--muted);margin:4px 0 14px}
            .none{color:var(--muted);margin:10px 0 0}
            .pill{display:inline-block;min-width:28px;padding:1px 10px;border-radius:999px;font-size:13px;font-weight:700;text-align:center;\
            background:var(--soft)}
            .pill.review{background:#fff1c2;color:#7d5400}
            .pill.rejected{background:#fcd8d4;color:#8e1d1d}
            .pill.ok{background:#d6f0dc;color:#116329}
            .note{background:#f6f8fa;border:1px dashed var(--line);padding:8px 12px;border-radius:8px;color:var(--muted);margin:0 0 12px}
            .chart{display:block;width:100%;height:auto}
            .chart text{font-size:13px;fill:var(--ink)}
            .bands{list-style:none;margin:16px 0 0;padding:12px 0 0;border-top:1px solid var(--soft);font-size:13px;color:var(--muted)}
            .bands li{margin:4px 0}
            .bands strong{color:var(--ink);font-weight:600}
            .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:8px;vertical-align:baseline}
            .swatch.high{background:#2da44e}
            .swatch.medium{background:#d4a72c}
            .swatch.low{background:#e5534b}
            .chart .value .pct{fill:var(--muted)}
            .chart .value .n{font-weight:700}
            .chart .track{fill:var(--soft)}
            .chart .bar.category{fill:var(--blue)}
            .chart .bar.other{fill:#8c959f}
            .chart .bar.high{fill:#2da44e}
            .chart .bar.medium{fill:#d4a72c}
            .chart .bar.low{fill:#e5534b}
            table{width:100%;border-collapse:collapse;font-size:13.5px}
            th{text-align:left;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);\
            border-bottom:2px solid var(--line);padding:8px 10px;white-space:nowrap}
            td{padding:8px 10px;border-bottom:1px solid var(--soft);vertical-align:top}
            tbody tr:nth-child(even){background:#fafbfc}
            .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .file{font-weight:600;overflow-wrap:anywhere}
            td.path{overflow-wrap:anywhere;color:#353c44}
            .review-table td:nth-child(2){width:34%}
            .review-table td.path{width:34%}
            .error-table td:first-child{width:30%}
            .message{overflow-wrap:anywhere}
            .conf{display:inline-flex;align-items:center;gap:8px;font-weight:600}
            .meter{width:56px;height:6px;background:var(--soft);border-radius:3px;overflow:hidden}
            .meter span{display:block;height:100%;background:#e5534b}
            .badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
            .badge.rejected{background:#fcd8d4;color:#8e1d1d}
            .badge.error{background:#fff1c2;color:#7d5400}
            .timeline{list-style:none;margin:12px 0 8px;padding:0}
            .timeline li{display:flex;gap:16px;padding:0 0 12px;position:relative}
            .timeline li::before{content:"";position:absolute;left:81px;top:7px;width:9px;height:9px;border-radius:50%;background:var(--blue)}
            .timeline li:not(:last-child)::after{content:"";position:absolute;left:85px;top:18px;bottom:-2px;width:1px;background:var(--line)}
            .timeline time{flex:none;width:64px;font-family:var(--mono);font-size:13px;color:var(--muted)}
            .timeline span{padding-left:30px}
            .empty-state{text-align:center;padding:48px 24px}
            .empty-state h2{font-size:22px;margin:12px 0 6px}
            .empty-state p{margin:4px 0}
            .empty-icon{display:block;width:64px;height:64px;margin:0 auto;stroke:#8c959f}
            footer{display:grid;grid-template-columns:repeat(4,auto);justify-content:space-between;gap:12px 32px;\
            margin-top:28px;padding-top:16px;border-top:1px solid var(--line);font-size:12.5px}
            .foot-label{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin-bottom:2px}
            @media (max-width:900px){.figures{grid-template-columns:repeat(3,minmax(0,1fr))}.grid2{grid-template-columns:1fr}\
            footer{grid-template-columns:1fr 1fr}}
            @media print{@page{margin:14mm}body{background:#fff;font-size:10.5pt}.page{max-width:none;padding:0}\
            .banner,.figure,.badge,.pill,.meter span,.banner-icon,.chart,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}\
            .figures{grid-template-columns:repeat(6,minmax(0,1fr))}.grid2{grid-template-columns:1fr 1fr}\
            .card,.figure,.banner,.grid2{break-inside:avoid}.card#review,.card#errors{break-inside:auto}\
            thead{display:table-header-group}tr{break-inside:avoid}.card{border-color:#bbb}}
            """;

    private Css() {
    }
}
