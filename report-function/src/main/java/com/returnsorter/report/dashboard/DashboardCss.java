package com.returnsorter.report.dashboard;

import com.returnsorter.reports.PageStyle;

/** The inline stylesheet of {@link DashboardPage}: the run report's look, system fonts only. */
final class DashboardCss {

    static final String STYLE = PageStyle.BASE + """
            a{color:var(--blue)}
            code{font-family:var(--mono);font-size:.9em}
            .masthead{display:flex;justify-content:space-between;align-items:center;gap:16px;margin:0 0 14px;color:var(--muted)}
            .brand{display:flex;align-items:center;gap:8px;font-weight:700;color:var(--ink);font-size:15px}
            .logo{width:18px;height:18px;border-radius:5px;background:linear-gradient(135deg,var(--blue),#7c4ddb)}
            .banner{display:flex;gap:18px;padding:22px 26px;border-radius:14px;border:1px solid;margin:0 0 20px}
            .banner.healthy{background:var(--green-bg);border-color:#a6dcb3}
            .banner.attention{background:var(--amber-bg);border-color:#ecd48a}
            .banner.failing{background:var(--red-bg);border-color:#f1b3ae}
            .banner.waiting{background:#eef3fb;border-color:#c4d4ee}
            .banner-icon{flex:none;width:44px;height:44px;border-radius:50%;display:flex;align-items:center;\
            justify-content:center;color:#fff;font-weight:700;font-size:24px;line-height:1}
            .healthy .banner-icon{background:var(--green)}
            .attention .banner-icon{background:#bf8700}
            .failing .banner-icon{background:var(--red)}
            .waiting .banner-icon{background:var(--blue)}
            .banner-body{flex:1;min-width:0}
            .eyebrow{margin:0;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.08em}
            .healthy .eyebrow{color:var(--green)}
            .attention .eyebrow{color:var(--amber)}
            .failing .eyebrow{color:var(--red)}
            .waiting .eyebrow{color:var(--blue)}
            .banner h1{margin:2px 0 4px;font-size:26px;line-height:1.25}
            .lead{margin:0;font-size:15px;overflow-wrap:anywhere}
            .meta{display:flex;flex-wrap:wrap;gap:8px 32px;margin:16px 0 0;padding:14px 0 0;border-top:1px solid rgba(0,0,0,.08)}
            .meta dt{font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
            .meta dd{margin:0;font-weight:600}
            .meta .rel{font-weight:400;color:var(--muted)}
            .card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 24px;margin:0 0 20px}
            .card h2{font-size:18px;margin:0}
            .card-head{display:flex;align-items:center;flex-wrap:wrap;gap:8px 12px}
            .card-head .links{margin-left:auto;display:flex;gap:16px;font-weight:600}
            .sub{color:var(--muted);margin:4px 0 14px}
            .none{color:var(--muted);margin:10px 0 0}
            .grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:20px;margin:0 0 20px}
            .grid2 .card{margin:0}
            .figures{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:12px;margin:16px 0 0}
            .figure{border:1px solid var(--line);border-top:4px solid var(--slate);border-radius:10px;padding:10px 14px}
            .figure.rate{border-top-color:var(--blue)}
            .figure.failed{border-top-color:var(--red)}
            .figure.review{border-top-color:#d4a72c}
            .figure .label{font-size:12px;font-weight:600;color:var(--muted);white-space:nowrap}
            .figure .value{font-size:26px;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums;white-space:nowrap}
            .when{margin:6px 0 0;color:var(--muted)}
            .when code{color:var(--ink)}
            .error{margin:14px 0 0;padding:10px 14px;background:var(--red-bg);border-left:4px solid var(--red);border-radius:6px;\
            overflow-wrap:anywhere}
            .note{background:#f6f8fa;border:1px dashed var(--line);padding:8px 12px;border-radius:8px;color:var(--muted);margin:12px 0 0}
            .badge{display:inline-flex;align-items:center;gap:4px;padding:1px 9px;border-radius:999px;font-size:12px;\
            font-weight:700;white-space:nowrap;background:var(--soft);color:var(--ink)}
            .badge.success{background:#d6f0dc;color:#116329}
            .badge.partial{background:#fff1c2;color:#7d5400}
            .badge.failed{background:#fcd8d4;color:#8e1d1d}
            .badge.dry{background:#e7e3fb;color:#4b2fa6}
            .badge.critical{background:var(--red);color:#fff}
            .badge.error{background:#fcd8d4;color:#8e1d1d}
            .badge.warning{background:#fff1c2;color:#7d5400}
            .badge.info{background:#dde8fb;color:#1d4fa3}
            .badge.open{background:#fff;color:var(--red);box-shadow:inset 0 0 0 1px #f1b3ae}
            .badge.resolved{background:var(--soft);color:var(--muted)}
            .pill{display:inline-block;min-width:28px;padding:1px 10px;border-radius:999px;font-size:13px;font-weight:700;\
            text-align:center;background:var(--soft)}
            .pill.open{background:#fcd8d4;color:#8e1d1d}
            .chan{display:inline-block;margin:0 6px 2px 0;font-size:12px;white-space:nowrap}
            .chan.delivered{color:var(--green)}
            .chan.failed,.chan.refused{color:var(--red);font-weight:600}
            .chan.pending,.chan.sending{color:var(--amber)}
            .chart{display:block;width:100%;height:auto}
            .chart text{font-size:13px;fill:var(--ink)}
            .chart .track{fill:var(--soft)}
            .columns .grid{stroke:var(--soft);stroke-width:1}
            .columns .tick,.columns .xlabel{font-size:11px;fill:var(--muted)}
            .columns .vlabel{font-size:10.5px;font-weight:600;fill:var(--ink)}
            .columns .gap{fill:#fff;stroke:#afb8c1;stroke-width:1.5}
            .columns .good{fill:#2da44e}
            .columns .warn{fill:#d4a72c}
            .columns .bad{fill:#e5534b}
            .columns .ok{fill:var(--blue)}
            .columns .lost{fill:#e5534b}
            .bars .value .pct{fill:var(--muted)}
            .bars .value .n{font-weight:700}
            .bars .category{fill:var(--blue)}
            .bars .other{fill:#8c959f}
            .bars .high{fill:#2da44e}
            .bars .medium{fill:#d4a72c}
            .bars .low{fill:#e5534b}
            .legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 20px;margin:10px 0 0;padding:0;font-size:12.5px;\
            color:var(--muted)}
            .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
            .swatch.good,.swatch.high{background:#2da44e}
            .swatch.warn,.swatch.medium{background:#d4a72c}
            .swatch.bad,.swatch.lost,.swatch.low{background:#e5534b}
            .swatch.ok{background:var(--blue)}
            .swatch.gap{background:#fff;border:1.5px solid #afb8c1;border-radius:50%}
            details{margin:12px 0 0}
            summary{cursor:pointer;color:var(--muted);font-size:13px}
            details table{margin-top:8px}
            .scroll{overflow-x:auto}
            table{width:100%;border-collapse:collapse;font-size:13.5px}
            th{text-align:left;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);\
            border-bottom:2px solid var(--line);padding:8px 10px;white-space:nowrap}
            td{padding:8px 10px;border-bottom:1px solid var(--soft);vertical-align:top}
            tbody tr:nth-child(even){background:#fafbfc}
            .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .nowrap{white-space:nowrap}
            table.alerts td:nth-child(2){width:40%}
            .subject{font-weight:600;overflow-wrap:anywhere}
            .message{color:var(--muted);font-size:12.5px;overflow-wrap:anywhere}
            .empty-state{text-align:center;padding:44px 24px}
            .empty-state h2{font-size:22px;margin:12px 0 6px}
            .empty-state p{margin:4px 0}
            .empty-icon{display:block;width:64px;height:64px;margin:0 auto;stroke:#8c959f}
            footer{margin-top:28px;padding-top:14px;border-top:1px solid var(--line);font-size:12.5px;color:var(--muted)}
            @media (max-width:900px){.grid2{grid-template-columns:1fr}.figures{grid-template-columns:repeat(2,minmax(0,1fr))}}
            @media (max-width:600px){.page{padding:12px}.card{padding:16px}.banner{padding:16px;gap:12px}\
            .banner h1{font-size:21px}.figure .value{font-size:20px}.masthead{flex-wrap:wrap}\
            table.alerts td:nth-child(2){min-width:200px}}
            @media print{body{background:#fff}.page{max-width:none;padding:0}\
            .banner,.badge,.pill,.chart,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}\
            .card,.banner{break-inside:avoid}}
            """;

    private DashboardCss() {
    }
}
