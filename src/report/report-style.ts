/** The stylesheet of every leadscore HTML report: one page, readable on a laptop, printable on A4. */
export const REPORT_STYLE = `
:root{--ink:#1b2130;--muted:#5d6679;--line:#e1e5ee;--soft:#f5f7fb;--accent:#2456c7;--accent-soft:#e9effc;--good:#1f7a4d;--warn:#9a5b00;--bad:#b3261e}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0;color:var(--ink);line-height:1.5;background:#fff;font-size:15px}
.page{max-width:1120px;margin:0 auto;padding:0 1.5rem 3rem}
header.report-head{background:linear-gradient(135deg,#17213d,#24376b);color:#fff;padding:1.8rem 0 1.5rem;margin-bottom:0}
header.report-head .page{padding-bottom:0}
header.report-head h1{margin:0 0 .25rem;font-size:1.75rem;font-weight:650;letter-spacing:-.01em}
header.report-head p{margin:0;color:#c9d3ee;font-size:.93rem}
nav.toc{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);backdrop-filter:blur(4px)}
nav.toc ul{list-style:none;display:flex;flex-wrap:wrap;gap:.1rem 1.1rem;margin:0 auto;max-width:1120px;padding:.55rem 1.5rem}
nav.toc a{color:var(--muted);text-decoration:none;font-size:.86rem;white-space:nowrap}nav.toc a:hover{color:var(--accent)}
section.report-section{padding-top:1.2rem;scroll-margin-top:3rem}
body>section,body>div{max-width:1120px;margin:0 auto;padding:0 1.5rem}
h2{font-size:1.3rem;margin:1.4rem 0 .3rem;padding-bottom:.35rem;border-bottom:2px solid var(--line);font-weight:650}
h3{font-size:1.02rem;margin:1.2rem 0 .4rem}
p.lead{color:var(--muted);margin:.2rem 0 1rem;max-width:60rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11.5rem,1fr));gap:.8rem;margin:1.2rem 0}
.card{border:1px solid var(--line);border-radius:10px;padding:.75rem 1rem;background:#fff}
.card .label{display:block;color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.card .value{display:block;font-size:1.55rem;font-weight:650;margin:.1rem 0;font-variant-numeric:tabular-nums}
.card .note{display:block;color:var(--muted);font-size:.82rem}
.callout{border-left:4px solid var(--accent);background:var(--accent-soft);padding:.85rem 1.1rem;border-radius:0 10px 10px 0;margin:1rem 0;font-size:1.08rem}
.callout b{font-variant-numeric:tabular-nums}
.grid-2{display:grid;grid-template-columns:1fr;gap:1rem}
@media (min-width:900px){.grid-2{grid-template-columns:1fr 1fr}}
figure.chart{margin:0 0 1rem;border:1px solid var(--line);border-radius:10px;padding:.6rem .7rem .5rem;background:#fff;break-inside:avoid}
figure.chart .chart-svg svg{display:block;width:100%;height:auto}
figure.chart figcaption{color:var(--muted);font-size:.86rem;margin:.35rem .2rem .2rem}
details.fallback{margin:.2rem .2rem 0;font-size:.85rem}
details.fallback summary{cursor:pointer;color:var(--accent);font-size:.83rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem;font-variant-numeric:tabular-nums;width:auto;max-width:100%}
caption{text-align:left;font-weight:600;padding:.2rem 0 .4rem;color:var(--ink)}
th,td{border-bottom:1px solid var(--line);padding:.32rem .7rem;text-align:right;vertical-align:top}
thead th{background:var(--soft);border-bottom:1px solid #cfd5e1;font-weight:600;color:#3a4256}
tbody th{text-align:left;font-weight:500}
td.text,th.text{text-align:left}
tbody tr:nth-child(even){background:#fafbfd}
.table-scroll{overflow-x:auto}
table.confusion{font-size:.95rem}table.confusion thead th{text-align:center}table.confusion tbody th{text-align:left}
table.confusion td{min-width:9rem;text-align:center;font-size:1.15rem;font-weight:600}
table.confusion td small{display:block;font-size:.78rem;font-weight:400;color:var(--muted)}
table.confusion td.hit{background:#e6f3ec;color:var(--good)}table.confusion td.miss{background:#fbeceb;color:var(--bad)}
.metrics-inline{display:flex;flex-wrap:wrap;gap:.5rem 1.4rem;margin:.4rem 0 1rem}
.metrics-inline span{color:var(--muted)}.metrics-inline b{color:var(--ink)}
.badge{display:inline-block;border-radius:999px;padding:.05rem .55rem;font-size:.76rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.badge.error{background:#fbeceb;color:var(--bad)}.badge.warning{background:#fdf2e1;color:var(--warn)}.badge.info{background:var(--soft);color:var(--muted)}
.muted{color:var(--muted)}.ok{color:var(--good)}
ul.issues{list-style:none;padding:0;margin:.6rem 0}ul.issues li{padding:.45rem 0;border-bottom:1px solid var(--line)}
dl.card-fields{display:grid;grid-template-columns:minmax(9rem,14rem) 1fr;gap:.35rem 1rem;margin:.6rem 0}
dl.card-fields dt{color:var(--muted)}dl.card-fields dd{margin:0}
footer.report-foot{margin-top:2.5rem;padding-top:.8rem;border-top:1px solid var(--line);color:var(--muted);font-size:.82rem}
@media print{
  @page{size:A4;margin:14mm 12mm}
  body{font-size:11pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .page{max-width:none;padding:0}
  nav.toc{display:none}
  header.report-head{background:none;color:var(--ink);padding:0 0 .6rem;border-bottom:2px solid var(--ink)}
  header.report-head p{color:var(--muted)}
  h2{break-after:avoid}
  figure.chart,table,.card,.callout{break-inside:avoid}
  .grid-2{grid-template-columns:1fr 1fr}
  .cards{grid-template-columns:repeat(5,1fr);gap:.5rem}.card{padding:.5rem .6rem}.card .value{font-size:1.25rem}
  details.fallback summary{display:none}
  a{color:inherit;text-decoration:none}
}
`;
