//! The comparison matrix as one self-contained HTML page: inline CSS and JS, no
//! external reference. The filters (level, area, platform, only where runtimes
//! differ) can be given in the URL fragment, e.g. `#only-differ&level=MUST`.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::matrix::{Cell, Matrix, Row, LEVELS};
use super::{escape, label, spec_link, totals_text};

const STYLE: &str = "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}\
th,td{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}\
tr.group th{background:#eee}.o-pass,.o-unexpected_pass{background:#dfd}\
.o-fail,.o-error{background:#fdd}.o-warn,.o-expected_fail{background:#ffd}\
.differ td:first-child{border-left:4px solid #c00}[hidden]{display:none}\
details summary{cursor:pointer}.sentence{color:#555;font-size:90%}";

const SCRIPT: &str = r#"
const f = document.getElementById('filters');
function apply() {
  const lv = f.level.value, ar = f.area.value, pf = f.platform.value, df = f.differ.checked;
  let shown = 0;
  for (const r of document.querySelectorAll('tr.req')) {
    const d = r.dataset;
    const ok = (!lv || d.level === lv) && (!ar || d.area === ar) &&
      (!pf || d.platform === 'all' || d.platform === pf) && (!df || d.differ === '1');
    r.hidden = !ok; if (ok) shown++;
  }
  for (const g of document.querySelectorAll('tr.group'))
    g.hidden = !document.querySelector('tr.req[data-group="' + g.dataset.group + '"]:not([hidden])');
  for (const c of document.querySelectorAll('[data-os]')) c.hidden = !!pf && c.dataset.os !== pf;
  document.getElementById('shown').textContent = shown;
}
for (const p of location.hash.slice(1).split('&')) {
  const [k, v] = p.split('=');
  if (k === 'only-differ') f.differ.checked = true;
  else if (f[k] && v) f[k].value = decodeURIComponent(v);
}
f.addEventListener('change', apply);
apply();
"#;

/// The whole page.
pub fn render(m: &Matrix) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>jailcheck conformance matrix</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>jailcheck conformance matrix</h1>\n"
    );
    out.push_str(&filters(m));
    let total = m.row_count();
    let _ = writeln!(
        out,
        "<p>Showing <span id=\"shown\">{total}</span> of {total} requirements.</p>"
    );
    out.push_str("<table>\n<thead>\n<tr><th>requirement</th><th>level</th>");
    for c in &m.columns {
        let _ = write!(
            out,
            "<th data-os=\"{}\">{}<br><small>{}<br>{}<br>spec {}<br>{}</small></th>",
            escape(&c.os),
            escape(&c.name),
            escape(c.version.as_deref().unwrap_or("(no --version)")),
            escape(&c.platform),
            escape(&c.spec),
            escape(&c.date)
        );
    }
    out.push_str("</tr>\n");
    for (i, level) in LEVELS.iter().enumerate() {
        let _ = write!(out, "<tr><th>totals</th><th>{level}</th>");
        for c in &m.columns {
            let _ = write!(
                out,
                "<td data-os=\"{}\">{}</td>",
                escape(&c.os),
                totals_text(&c.totals[i].1)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</thead>\n<tbody>\n");
    let oses: Vec<&str> = m.columns.iter().map(|c| c.os.as_str()).collect();
    for g in &m.groups {
        let group = escape(&format!("{} {}", g.doc, g.area));
        let _ = writeln!(
            out,
            "<tr class=\"group\" data-group=\"{group}\"><th colspan=\"{}\">{} · {}</th></tr>",
            m.columns.len() + 2,
            escape(&g.doc),
            escape(&g.area)
        );
        for row in &g.rows {
            out.push_str(&row_html(row, &group, &g.area, &oses));
        }
    }
    out.push_str("</tbody>\n</table>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// The filter form: one select per level, area and platform, and the differ box.
fn filters(m: &Matrix) -> String {
    let select = |name: &str, values: Vec<String>| {
        let mut s =
            format!("<label>{name} <select name=\"{name}\"><option value=\"\">all</option>");
        for v in &values {
            let _ = write!(s, "<option>{}</option>", escape(v));
        }
        s + "</select></label>\n"
    };
    let levels = LEVELS.iter().map(|l| l.to_string()).collect();
    let areas: BTreeSet<String> = m.groups.iter().map(|g| g.area.clone()).collect();
    let platforms: BTreeSet<String> = m.columns.iter().map(|c| c.os.clone()).collect();
    format!(
        "<form id=\"filters\">\n{}{}{}<label><input type=\"checkbox\" name=\"differ\"> only where \
         runtimes differ</label>\n</form>\n",
        select("level", levels),
        select("area", areas.into_iter().collect()),
        select("platform", platforms.into_iter().collect())
    )
}

fn row_html(row: &Row, group: &str, area: &str, oses: &[&str]) -> String {
    let level = row.level.map_or("?".to_string(), |l| l.to_string());
    let reference = match spec_link(&row.reference) {
        Some(url) => format!(
            "<a href=\"{}\">{}</a>",
            escape(&url),
            escape(&row.reference)
        ),
        None => escape(&row.reference),
    };
    let mut out = format!(
        "<tr class=\"req{}\" id=\"req-{id}\" data-group=\"{group}\" data-level=\"{level}\" \
         data-area=\"{}\" data-platform=\"{}\" data-differ=\"{}\"><td><details><summary>\
         <code>{id}</code> {}</summary><div class=\"sentence\">“{}” ({reference})</div>\
         </details></td><td>{level}</td>",
        if row.differ { " differ" } else { "" },
        escape(area),
        escape(&row.platforms),
        u8::from(row.differ),
        escape(&row.summary),
        escape(&row.sentence),
        id = escape(&row.id),
    );
    for (c, os) in row.cells.iter().zip(oses) {
        out.push_str(&cell_html(c, os));
    }
    out.push_str("</tr>\n");
    out
}

fn cell_html(c: &Cell, os: &str) -> String {
    let key = c.outcome.map_or("none".to_string(), |o| {
        serde_json::to_value(o)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    });
    let word = label(c.outcome);
    if c.tests.is_empty() {
        return format!(
            "<td class=\"o-{key}\" data-os=\"{}\">{word}</td>",
            escape(os)
        );
    }
    let mut inside = String::new();
    for r in &c.reasons {
        let _ = write!(inside, "<p>{}</p>", escape(r));
    }
    inside.push_str("<ul>");
    for (name, o) in &c.tests {
        let _ = write!(
            inside,
            "<li><code>{}</code> {}</li>",
            escape(name),
            label(Some(*o))
        );
    }
    inside.push_str("</ul>");
    format!(
        "<td class=\"o-{key}\" data-os=\"{}\"><details><summary>{word}</summary>{inside}</details></td>",
        escape(os)
    )
}
