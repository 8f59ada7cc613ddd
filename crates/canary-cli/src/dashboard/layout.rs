//! The page around every page of both dashboards: the header with the navigation (the current
//! page marked for assistive technology too), the title, the body and the footer; the
//! stylesheet they share; and the small pieces of text every page formats the same way.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

/// The stylesheet of both dashboards (light and dark themes, chart fills and patterns).
pub(crate) const STYLE: &str = include_str!("style.css");

/// A whole page: the header with `nav` (the `current` entry marked; `keep`, a query string,
/// appended to every entry), the title, the body and the footer. Shared by the personal and
/// the team dashboards.
pub(crate) fn page(
    nav: &[(&str, &str)],
    keep: &str,
    footer: &str,
    title: &str,
    current: &str,
    body: Markup,
) -> Markup {
    html! {
        (DOCTYPE) "\n"
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Canary" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/style.css";
            }
            body {
                header {
                    span class="brand" { "Canary" }
                    nav aria-label="Pages" {
                        @for (href, label) in nav {
                            a href=(format!("{href}{keep}")) aria-current=[(*href == current).then_some("page")] { (label) }
                        }
                    }
                }
                main { h1 { (title) } (body) }
                footer { (footer) }
            }
        }
        "\n"
    }
}

/// A page as the answer to a request.
pub(crate) fn html(page: Markup) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page.into_string(),
    )
        .into_response()
}

/// `GET /style.css`, for both dashboards.
pub(crate) async fn style() -> impl IntoResponse {
    let mut h = HeaderMap::new();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=3600"),
    );
    (h, STYLE)
}

/// A number with one decimal, as the figures and the charts' titles give hours.
pub(crate) fn h1(x: f64) -> String {
    format!("{x:.1}")
}

/// A piece of a sentence with the plan's inline marks.
enum Piece<'a> {
    Text(&'a str),
    Strong(&'a str),
    Code(&'a str),
    Em(&'a str),
}

/// Split `s` at the plan's inline marks (`**strong**`, `` `code` ``, `*em*`; the earliest
/// first, the longer mark when two start at the same place). An unclosed mark is text.
fn pieces(s: &str) -> Vec<Piece<'_>> {
    const MARKS: [&str; 3] = ["**", "`", "*"];
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let next = MARKS
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min_by_key(|(i, m)| (*i, usize::MAX - m.len()));
        let Some((i, m, j)) =
            next.and_then(|(i, m)| rest[i + m.len()..].find(m).map(|j| (i, m, j)))
        else {
            out.push(Piece::Text(rest));
            break;
        };
        if i > 0 {
            out.push(Piece::Text(&rest[..i]));
        }
        let inner = &rest[i + m.len()..i + m.len() + j];
        out.push(match m {
            "**" => Piece::Strong(inner),
            "`" => Piece::Code(inner),
            _ => Piece::Em(inner),
        });
        rest = &rest[i + 2 * m.len() + j..];
    }
    out
}

/// A sentence with the plan's inline marks as `strong`, `code` and `em` elements (as the
/// plan's HTML export shows them); the text itself is escaped like any other.
pub(crate) fn marked(s: &str) -> Markup {
    html! {
        @for piece in pieces(s) {
            @match piece {
                Piece::Text(t) => (t),
                Piece::Strong(t) => strong { (marked(t)) },
                Piece::Code(t) => code { (t) },
                Piece::Em(t) => em { (marked(t)) },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_elements_and_the_rest_is_escaped() {
        assert_eq!(
            marked("next due — **overdue** by 3 days: run `canary review <x>`").into_string(),
            "next due — <strong>overdue</strong> by 3 days: run <code>canary review &lt;x&gt;</code>"
        );
        assert_eq!(
            marked("**a *b* c** and *d").into_string(),
            "<strong>a <em>b</em> c</strong> and *d"
        );
        assert_eq!(
            marked("<script>alert(1)</script>\"&").into_string(),
            "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;"
        );
    }

    #[test]
    fn the_title_and_footer_are_escaped_and_the_current_page_marked() {
        let p = page(
            &[("/", "Home"), ("/b", "B")],
            "?weeks=4",
            "<b>foot</b>",
            "T<i>",
            "/b",
            html! { p { "body" } },
        )
        .into_string();
        assert!(p.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{p}");
        assert!(p.contains("<title>T&lt;i&gt; · Canary</title>"), "{p}");
        assert!(p.contains("<h1>T&lt;i&gt;</h1><p>body</p>"), "{p}");
        assert!(
            p.contains("<footer>&lt;b&gt;foot&lt;/b&gt;</footer>"),
            "{p}"
        );
        assert!(
            p.contains(
                "<a href=\"/?weeks=4\">Home</a><a href=\"/b?weeks=4\" aria-current=\"page\">B</a>"
            ),
            "{p}"
        );
    }
}
