//! How the dashboard looks, in headless Chromium: every page in both colour schemes
//! (`prefers-color-scheme` emulated through the DevTools protocol) at 1280 and 390 CSS pixels
//! wide, with no element wider than the viewport outside a scrolling box, link text at a
//! contrast of 4.5:1 or more, chart text at a readable size; and every chart mark's link
//! leading to an events page whose count is the figure the mark shows. No page shows a raw
//! Markdown backtick (marked text is `<code>`).
//!
//! With `CANARY_SCREENSHOTS=DIR`, the first test also writes a screenshot of every page in
//! each scheme and width to DIR (`scripts/screenshots.sh` makes `docs/screenshots/` so).

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::dashboard::{Driver, base64, chromium, demo_server, http, owner_url, server};

/// Emulate a colour scheme and a viewport `width` × `height` CSS pixels.
fn emulate(d: &Driver, scheme: &str, width: u64, height: u64) {
    d.cmd(
        "POST",
        "/goog/cdp/execute",
        json!({"cmd": "Emulation.setEmulatedMedia", "params": {
            "features": [{"name": "prefers-color-scheme", "value": scheme}]}}),
    );
    d.cmd(
        "POST",
        "/goog/cdp/execute",
        json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}}),
    );
}

/// What is wrong with the page as shown: elements wider than the viewport outside a scrolling
/// box, links whose text contrast is below 4.5:1, chart text under 11 px, no `color-scheme`.
const CHECK: &str = r#"
const vw = document.documentElement.clientWidth;
const problems = [];
const scrolls = el => { const o = getComputedStyle(el).overflowX; return o === 'auto' || o === 'scroll' || o === 'hidden'; };
const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined && el.className ? '.' + el.className : '');
if (document.documentElement.scrollWidth > vw + 1) problems.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= vw + 1) continue;
  let a = el.parentElement, boxed = false;
  while (a && a !== document.body) { if (scrolls(a) && a.getBoundingClientRect().right <= vw + 1) { boxed = true; break; } a = a.parentElement; }
  if (!boxed && !(scrolls(el) && r.right <= vw + 1)) problems.push('wider than the viewport: ' + name(el) + ' right ' + Math.round(r.right) + ' > ' + vw);
}
const rgb = s => { const m = s.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
const bg = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
let links = 0;
for (const a of document.querySelectorAll('a')) {
  if (a.closest('svg') || !a.textContent.trim()) continue;
  links++;
  const fg = rgb(getComputedStyle(a).color), b = bg(a);
  const l1 = lum(fg), l2 = lum(b);
  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  if (ratio < 4.5) problems.push('link contrast ' + ratio.toFixed(2) + ': ' + a.textContent.trim().slice(0, 40) + ' ' + getComputedStyle(a).color + ' on rgb(' + [b.r, b.g, b.b] + ')');
}
for (const t of document.querySelectorAll('svg text')) {
  const fs = parseFloat(getComputedStyle(t).fontSize), h = t.getBoundingClientRect().height;
  if (fs < 11 || (h > 0 && h < 9)) { problems.push('chart text too small: ' + fs + 'px, ' + h.toFixed(1) + 'px high: ' + t.textContent); break; }
}
for (const svg of document.querySelectorAll('svg.chart')) {
  const boxes = [...svg.querySelectorAll('text')].map(t => [t, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
  const hit = boxes.find(([t, r], i) => boxes.slice(i + 1).some(([u, q]) => r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1));
  if (hit) problems.push('chart labels overlap: ' + hit[0].textContent + ' in ' + (svg.getAttribute('aria-labelledby') || 'a chart'));
}
const tick = document.body.innerText.split('\n').find(l => l.includes('`'));
if (tick) problems.push('a raw Markdown backtick: ' + tick.slice(0, 80));
const cs = getComputedStyle(document.documentElement).colorScheme;
if (!cs || cs === 'normal') problems.push('no color-scheme');
return {problems: problems.slice(0, 20), links, height: document.documentElement.scrollHeight};
"#;

/// Save a screenshot of the whole page (up to 2400 px high) to `dir/name.png`, at most 800
/// pixels wide (a wide page scaled down, so the files stay small).
fn shoot(d: &Driver, dir: &PathBuf, name: &str, scheme: &str, width: u64, height: u64) {
    let h = height.clamp(600, 2400);
    emulate(d, scheme, width, h);
    let scale = (800.0 / width as f64).min(1.0);
    let shot = d.cmd(
        "POST",
        "/goog/cdp/execute",
        json!({"cmd": "Page.captureScreenshot", "params": {"format": "png",
            "clip": {"x": 0, "y": 0, "width": width, "height": h, "scale": scale}}}),
    );
    let png = base64(shot["data"].as_str().expect("screenshot data"));
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// The pages to look at: (name, path), the events, night and questionnaire pages included.
fn pages(base: &str, d: &Driver) -> Vec<(String, String)> {
    d.go(&format!("{base}/time"));
    let night = d.js(
        "const a = document.querySelector('ul.nights a'); return a ? a.getAttribute('href') : null",
    );
    let week = d.js(
        "const a = document.querySelector('svg a[href*=\"week=\"]'); return a.getAttribute('href')",
    );
    let mut out: Vec<(String, String)> = [
        ("overview", "/"),
        ("time", "/time"),
        ("oncall", "/oncall"),
        ("checkin", "/checkin"),
        ("checkin-who5", "/checkin/who5"),
        ("plan", "/plan"),
        ("sources", "/sources"),
    ]
    .iter()
    .map(|(n, p)| (n.to_string(), p.to_string()))
    .collect();
    out.push(("events".into(), week.as_str().unwrap().to_string()));
    out.push(("night".into(), night.as_str().expect("a night").to_string()));
    out
}

#[test]
#[ignore = "needs chromium"]
fn every_page_fits_a_phone_and_its_links_read_in_both_schemes() {
    let (browser, driver) = chromium();
    let home = tempfile::tempdir().unwrap();
    let (_server, port) = demo_server(&home.path().join("demo.db"));
    let base = format!("http://127.0.0.1:{port}");
    let d = Driver::start(&browser, &driver);
    d.go(&owner_url(port).unwrap());
    let shots = std::env::var_os("CANARY_SCREENSHOTS").map(PathBuf::from);
    let mut problems = Vec::new();
    let mut links = 0;
    for (name, path) in pages(&base, &d) {
        for scheme in ["light", "dark"] {
            for width in [1280u64, 390] {
                emulate(&d, scheme, width, 900);
                d.go(&format!("{base}{path}"));
                let v = d.js(CHECK);
                links += v["links"].as_u64().unwrap();
                for p in v["problems"].as_array().unwrap() {
                    problems.push(format!("{path} {scheme} {width}: {}", p.as_str().unwrap()));
                }
                if let Some(dir) = &shots {
                    let h = v["height"].as_u64().unwrap_or(900);
                    shoot(
                        &d,
                        dir,
                        &format!("{name}-{width}-{scheme}"),
                        scheme,
                        width,
                        h,
                    );
                }
            }
        }
    }
    assert!(links > 100, "the pages have links to check ({links})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The team dashboard's pages, likewise.
    let (_team, tport) = server(&["demo", "--team", "--serve", "--port", "0"]);
    let tbase = format!("http://127.0.0.1:{tport}");
    d.go(&owner_url(tport).expect("the team dashboard's URL with its key"));
    for (name, path) in [
        ("team-oncall", "/"),
        ("team-spof", "/spof"),
        ("team-rotation", "/rotation"),
        ("team-cost", "/cost"),
        ("team-health", "/health"),
    ] {
        for scheme in ["light", "dark"] {
            for width in [1280u64, 390] {
                emulate(&d, scheme, width, 900);
                d.go(&format!("{tbase}{path}"));
                let v = d.js(CHECK);
                for p in v["problems"].as_array().unwrap() {
                    problems.push(format!("{path} {scheme} {width}: {}", p.as_str().unwrap()));
                }
                if let Some(dir) = &shots {
                    let h = v["height"].as_u64().unwrap_or(900);
                    shoot(
                        &d,
                        dir,
                        &format!("{name}-{width}-{scheme}"),
                        scheme,
                        width,
                        h,
                    );
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The count an events (or night) page shows in `data-count`.
fn page_count(port: u16, href: &str) -> u64 {
    let (status, body) = http(port, "GET", href, &[], "");
    assert_eq!(status, 200, "{href}");
    let at = body
        .find("id=\"events-count\"")
        .or_else(|| body.find("id=\"night-count\""))
        .unwrap_or_else(|| panic!("{href}: no count"));
    let rest = &body[at..];
    let v = rest.split("data-count=\"").nth(1).unwrap();
    v[..v.find('"').unwrap()].parse().unwrap()
}

#[test]
#[ignore = "needs chromium"]
fn every_chart_mark_links_to_as_many_events_as_it_shows() {
    let (browser, driver) = chromium();
    let home = tempfile::tempdir().unwrap();
    let (_server, port) = demo_server(&home.path().join("demo.db"));
    let base = format!("http://127.0.0.1:{port}");
    let d = Driver::start(&browser, &driver);
    d.go(&owner_url(port).unwrap());
    let mut checked = 0;
    for path in ["/time", "/oncall"] {
        d.go(&format!("{base}{path}"));
        // Every link with a figure: its href, its count and the words of its title.
        let marks = d.js(
            "return [...document.querySelectorAll('a[data-count]')].map(a => {
                const t = a.querySelector('title');
                return [a.getAttribute('href'), Number(a.dataset.count), t ? t.textContent : a.parentElement.textContent];
            })",
        );
        let marks = marks.as_array().unwrap();
        assert!(!marks.is_empty(), "{path}: no linked marks");
        for m in marks {
            let (href, n, words) = (
                m[0].as_str().unwrap(),
                m[1].as_u64().unwrap(),
                m[2].as_str().unwrap(),
            );
            // The figure the mark shows is the count it carries.
            let noun = if href.contains("kind=page") {
                "page"
            } else {
                "event"
            };
            assert!(
                words.contains(&format!("{n} {noun}")),
                "{path}: {href}: {n} not in {words:?}"
            );
            // Empty marks are cheap to check too, but only the non-empty ones are all checked.
            if n == 0 && checked % 5 != 0 {
                checked += 1;
                continue;
            }
            assert_eq!(page_count(port, href), n, "{path}: {href} ({words})");
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked} marks checked");
    // Weeks over the maximum are hatched as well as coloured: the stylesheet keeps the pattern.
    d.go(&format!("{base}/time"));
    let fills = d.js(
        "return [...document.querySelectorAll('svg rect.bar.over')].map(r => getComputedStyle(r).fill)",
    );
    let fills = fills.as_array().unwrap();
    assert!(!fills.is_empty(), "the persona has weeks over the maximum");
    for f in fills {
        assert!(
            f.as_str().unwrap().contains("url("),
            "an over-max bar filled {f}"
        );
    }
    // And a followed link shows the events in the browser with the same count.
    d.go(&format!("{base}/time"));
    d.click("svg a[href*='day=']");
    let h = d.js("return document.querySelector('h1').textContent");
    assert_eq!(h, "Events");
    let shown = d.count("#events tbody tr");
    let said = d.js("return Number(document.getElementById('events-count').dataset.count)");
    assert_eq!(Value::from(shown), said);
    // The period picker keeps the filter: "everything" lists the same day's events again.
    let day = d.js("return new URL(location.href).searchParams.get('day')");
    d.click("form.period a[href*='all=1']");
    let kept = d.js("return new URL(location.href).searchParams.get('day')");
    assert_eq!(kept, day, "the day filter is kept");
    let again = d.js("return Number(document.getElementById('events-count').dataset.count)");
    assert_eq!(again, said, "the same day's events in a longer period");
}
