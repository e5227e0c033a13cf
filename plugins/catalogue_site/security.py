"""What keeps the published pages safe: sanitised description HTML and the Content-Security-Policy.

Course descriptions and content pages are Markdown, and Markdown passes raw
HTML through. Anyone who may edit a course file would otherwise publish
`<script>`, `<iframe>`, `javascript:` links or `onclick=` attributes on the
public site in both languages. `sanitise_html` keeps what Markdown (with the
`extra` extensions) writes and drops everything else; the policy from
`content_security_policy` is the second line of defence in every page's head.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

# What Python-Markdown with `extra` produces (headings, paragraphs, lists,
# links, emphasis, code, quotes, tables, definition lists, abbreviations,
# footnotes), plus the few inline elements authors reach for in raw HTML.
ALLOWED_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code",
    "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "abbr", "cite", "q", "kbd", "samp", "var", "time", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    "figure", "figcaption", "details", "summary",
})
ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "li": {"id"},
    "sup": {"id"},
}
# Classes the Markdown extensions write: footnotes, code languages, table alignment.
_ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {
    "div": {"footnote"},
    "a": {"footnote-ref", "footnote-backref"},
    "th": _ALIGN_CLASSES,
    "td": _ALIGN_CLASSES,
    "code": {f"language-{name}" for name in (
        "python", "text", "json", "yaml", "html", "css", "javascript", "sql", "bash", "shell", "xml")},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Elements whose content is dropped with them (not shown as text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template"})

# Footnote ids ("fn:1", "fnref:1", "fnref2:1"): the colon keeps them apart from
# the page's own ids, so a description cannot clobber "main" or a session id.
_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[\w.-]+")
# Markdown's tables align columns with style attributes; a strict policy
# (no inline styles) needs a class instead (site.css styles them).
_TABLE_ALIGN = re.compile(r'<(th|td) style="text-align: (left|center|right);"')


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None
    return value


def sanitise_html(html: str) -> str:
    """`html` (rendered Markdown) with only the allowlisted elements, attributes and URL schemes.

    Text is kept (a stray `<marquee>` loses its tag, not its words); scripts,
    styles, frames and embedded objects go with their content; event-handler
    and style attributes, `javascript:`/`data:` URLs and unknown classes are dropped.
    """
    html = _TABLE_ALIGN.sub(r'<\1 class="align-\2"', html)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(service_url: str) -> str:
    """The policy every page carries in `<meta http-equiv="Content-Security-Policy">`.

    Scripts, styles, images and fonts only from the site itself; no inline
    script, no inline style, no eval. Pagefind runs its WebAssembly in a worker
    loaded from the site (allowed by script-src 'self'; the page's policy does
    not reach into it), so the page needs no `'wasm-unsafe-eval'` (which the
    HTML checker of our tests does not know yet either). `connect-src` adds the
    registration service, where seats.js reads live seat counts. A <meta>
    policy cannot set frame-ancestors: the web server should send that header.
    """
    connect = " ".join(dict.fromkeys(filter(None, ["'self'", _origin(service_url)])))
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        f"connect-src {connect}",
        "form-action 'self'",
        "base-uri 'none'",
    ])
