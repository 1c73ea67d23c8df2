/** The dashboard's stylesheet (/dashboard/dashboard.css): the report's palette, readable tables, visible focus. */
export const DASHBOARD_STYLE = `
:root{--ink:#1b2130;--muted:#5d6679;--line:#e1e5ee;--soft:#f5f7fb;--accent:#2456c7;--accent-soft:#e9effc;--good:#1f7a4d;--warn:#9a5b00;--bad:#b3261e}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0;color:var(--ink);line-height:1.5;background:#fff;font-size:15px}
a{color:var(--accent)}
:focus-visible{outline:3px solid #f2b01e;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.4rem .8rem;z-index:5}.skip:focus{left:.5rem}
header.top{background:linear-gradient(135deg,#17213d,#24376b);color:#fff}
.top-inner{max-width:1200px;margin:0 auto;padding:.7rem 1.5rem;display:flex;align-items:center;gap:1.5rem;flex-wrap:wrap}
.brand{font-weight:700;font-size:1.15rem;letter-spacing:-.01em}
nav.views ul{list-style:none;display:flex;gap:.3rem;margin:0;padding:0;flex-wrap:wrap}
nav.views a{color:#c9d3ee;text-decoration:none;padding:.35rem .75rem;border-radius:6px;display:inline-block}
nav.views a:hover{color:#fff;background:rgba(255,255,255,.08)}
nav.views a[aria-current=page]{color:#fff;background:rgba(255,255,255,.16);font-weight:600}
#forget-key{margin-left:auto}
main{max-width:1200px;margin:0 auto;padding:1rem 1.5rem 3rem}
main:focus{outline:none}
h1{font-size:1.5rem;margin:1.5rem 0 .8rem}
h2{font-size:1.35rem;margin:1rem 0 .3rem;font-weight:650}
h3{font-size:1.08rem;margin:1.4rem 0 .5rem}
.lead-text{color:var(--muted);margin:.2rem 0 1rem;max-width:60rem}
.key-form{display:grid;gap:.5rem;max-width:34rem}
.key-form input{font:inherit;padding:.5rem .6rem;border:1px solid #aab3c5;border-radius:6px}
.hint{color:var(--muted);font-size:.88rem;margin:0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;padding:.4rem .9rem}
button:hover{filter:brightness(1.08)}
button:disabled{opacity:.45;cursor:default}
button.secondary{background:#fff;color:var(--accent)}
header button.secondary{background:transparent;color:#fff;border-color:rgba(255,255,255,.5)}
button.link{background:none;border:none;color:var(--accent);padding:0;text-decoration:underline;text-align:left}
button.sort{background:none;border:none;color:inherit;padding:0;font-weight:600}
.controls{display:flex;flex-wrap:wrap;gap:.8rem 1.2rem;align-items:flex-end;margin:.5rem 0 1rem}
.control{display:flex;flex-direction:column;gap:.2rem}
.control label{font-size:.82rem;color:var(--muted);font-weight:600}
.control select,.control input{font:inherit;padding:.35rem .5rem;border:1px solid #aab3c5;border-radius:6px;min-width:10rem;background:#fff}
.notice{padding:.6rem .9rem;border-radius:8px;margin:.6rem 0}
.notice.info{background:var(--soft);color:var(--muted)}
.notice.error{background:#fbeceb;color:var(--bad)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.8rem;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:10px;padding:.65rem .9rem}
.card .label{display:block;color:var(--muted);font-size:.76rem;text-transform:uppercase;letter-spacing:.04em}
.card .value{display:block;font-size:1.35rem;font-weight:650;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.card .note{display:block;color:var(--muted);font-size:.8rem}
.table-scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.9rem;font-variant-numeric:tabular-nums;min-width:50%}
caption{text-align:left;font-weight:600;padding:.2rem 0 .4rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .7rem;vertical-align:top}
th.num,td.num{text-align:right}th.text,td.text{text-align:left}
thead th{background:var(--soft);border-bottom:1px solid #cfd5e1;white-space:nowrap}
tbody th{font-weight:500}
tbody tr:nth-child(even){background:#fafbfd}
td.nowrap{white-space:nowrap}td.reason{min-width:16rem}
button.lead-open{overflow-wrap:anywhere;max-width:14rem}
tr.clickable{cursor:pointer}tr.clickable:hover{background:var(--accent-soft)}
tr.selected{background:var(--accent-soft)!important}
.pager{display:flex;gap:1rem;align-items:center}
.detail{border:1px solid var(--line);border-radius:12px;padding:.4rem 1.1rem 1rem;margin:1.2rem 0;background:#fff}
tr.detail-row,tr.detail-row:hover{background:#fff!important}tr.detail-row>td{padding:.2rem 0 .8rem}tr.detail-row .detail{margin:.2rem 0}
.detail:focus{outline:3px solid #f2b01e}
.detail-head{display:flex;align-items:center;justify-content:space-between;gap:1rem}
.grade{display:inline-block;min-width:1.8rem;text-align:center;border-radius:999px;padding:0 .5rem;font-weight:700;background:var(--soft);color:var(--ink)}
.grade-A{background:#e6f3ec;color:#17603c}.grade-B{background:#eef4e0;color:#4f6314}.grade-C{background:#fdf2e1;color:#8a5200}.grade-D{background:#fbeceb;color:#9e221b}
.up{color:var(--good)}.down{color:var(--bad)}
.band{display:inline-block;border-radius:999px;padding:0 .55rem;font-weight:600;font-size:.82rem}
.band-stable{background:#e6f3ec;color:#17603c}.band-watch{background:#fdf2e1;color:#8a5200}.band-act{background:#fbeceb;color:#9e221b}.band-unknown{background:var(--soft)}
.grid-2{display:grid;grid-template-columns:1fr;gap:1rem}
@media (min-width:1000px){.grid-2{grid-template-columns:1fr 1fr}}
figure.chart{margin:.4rem 0 1rem;border:1px solid var(--line);border-radius:10px;padding:.6rem .7rem .4rem;max-width:760px}
figure.chart svg{display:block;width:100%;height:auto}
figure.chart figcaption{color:var(--muted);font-size:.85rem;margin-top:.2rem}
svg .bar{fill:#5b7fd6}svg .bar.up{fill:#3c9a6b}svg .bar.down{fill:#c8554d}svg .bar.grade-bar{fill:#7a8fc2}
svg .bar.band-stable{fill:#3c9a6b}svg .bar.band-watch{fill:#d99a2b}svg .bar.band-act{fill:#c8554d}
svg .bar-label,svg .bar-value,svg .mark-label{font-size:12px;fill:#3a4256}
svg .mark{stroke:#3a4256;stroke-dasharray:4 3}
svg .interval{stroke:#2456c7;stroke-width:3}svg .point{fill:#17213d}
article.experiment{border-top:1px solid var(--line);padding-top:.4rem}
p.test{margin:.2rem 0 1rem}
`;
