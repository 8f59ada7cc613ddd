//! The plan as one self-contained HTML page: inline style, no scripts, no external assets;
//! every piece of text escaped, with `**bold**`, `*em*` and `` `code` `` spans turned into tags.

use super::Plan;
use super::markdown::{Block, document};

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escape, then turn the few inline marks the plan uses into tags.
pub fn inline(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    // Marks in the order they are searched for: the longest first.
    let marks: [(&str, &str); 3] = [("**", "strong"), ("`", "code"), ("*", "em")];
    'outer: while !rest.is_empty() {
        let next = marks
            .iter()
            .filter_map(|(m, tag)| rest.find(m).map(|i| (i, *m, *tag)))
            .min_by_key(|(i, m, _)| (*i, usize::MAX - m.len()));
        if let Some((i, m, tag)) = next
            && let Some(j) = rest[i + m.len()..].find(m)
        {
            out.push_str(&escape(&rest[..i]));
            let inner = &rest[i + m.len()..i + m.len() + j];
            let body = if tag == "code" {
                escape(inner)
            } else {
                inline(inner)
            };
            out.push_str(&format!("<{tag}>{body}</{tag}>"));
            rest = &rest[i + 2 * m.len() + j..];
            continue 'outer;
        }
        out.push_str(&escape(rest));
        break;
    }
    out
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}h1{font-size:1.6rem}h2{border-bottom:1px solid #ddd;margin-top:2rem}li{margin:.3rem 0}ul.check{list-style:none;padding-left:0}.done{color:#777}.done strong{text-decoration:line-through}code{background:#f3f3f3;padding:0 .2rem}";

/// Blocks as a full HTML page.
pub fn render_blocks(title: &str, blocks: &[Block]) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    );
    for b in blocks {
        match b {
            Block::Heading(l, t) => out.push_str(&format!("<h{l}>{}</h{l}>\n", inline(t))),
            Block::Para(t) => out.push_str(&format!("<p>{}</p>\n", inline(t))),
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{}</li>\n", inline(i)));
                }
                out.push_str("</ul>\n");
            }
            Block::Checklist(items) => {
                out.push_str("<ul class=\"check\">\n");
                for (done, i) in items {
                    let (class, mark) = if *done {
                        (" class=\"done\"", "☑")
                    } else {
                        ("", "☐")
                    };
                    out.push_str(&format!("<li{class}>{mark} {}</li>\n", inline(i)));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The plan as a full HTML page.
pub fn render(p: &Plan) -> String {
    render_blocks(&format!("Prevention plan {}", p.today), &document(p))
}
