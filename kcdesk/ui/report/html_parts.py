"""The report's HTML building blocks: escaping, tables of cells, sections, and the inline CSS."""

from __future__ import annotations

import html
from collections.abc import Sequence

from kcdesk.ui.tables import Cell
from kcdesk.ui.theme_roles import LIGHT_ROLES

# Inline and simple: QTextDocument renders a subset of CSS 2, and the .html file must stand alone.
STYLE = """
body { font-family: sans-serif; font-size: 9pt; color: #1f2328; }
h1 { font-size: 16pt; margin: 0 0 4px 0; }
h2 { font-size: 12pt; margin: 14px 0 4px 0; border-bottom: 1px solid #9aa0a6; }
h3 { font-size: 10pt; margin: 8px 0 2px 0; }
table { border-collapse: collapse; margin: 2px 0 6px 0; }
td, th { padding: 2px 5px; border: 1px solid #d9dce1; vertical-align: top; }
th { text-align: left; background-color: #eef0f3; }
.num { text-align: right; white-space: nowrap; }
.src { color: #6b7280; font-size: 8pt; }
.sample { color: #b00020; font-weight: bold; }
.inside { color: #1b7f3b; font-weight: bold; }
.missing { color: #8a6d00; font-weight: bold; }
"""


def esc(text: object) -> str:
    """`text` as HTML text."""
    return html.escape(str(text))


def _td(c: Cell | str, tag: str = "td") -> str:
    if isinstance(c, str):
        return f"<{tag}>{esc(c)}</{tag}>"
    cls = " class='num'" if c.number else ""
    body = esc(c.text).replace("\n", "<br>")
    if c.colour:  # a theme role (the tabs' cells); paper is printed in the light theme's
        colour = LIGHT_ROLES.get(c.colour, c.colour)
        body = f"<span style='color:{colour}'>{body}</span>"
    return f"<{tag}{cls}>{body}</{tag}>"


def table(headers: Sequence[str], rows: Sequence[Sequence[Cell | str]]) -> str:
    """A table of cells under column headers; a note in place of a table with no rows."""
    if not rows:
        return "<p class='src'>Nothing to show.</p>"
    head = "".join(_td(h, "th") for h in headers)
    body = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in rows)
    return f"<table width='100%' cellspacing='0'><thead><tr>{head}</tr></thead>{body}</table>"


def pairs(rows: Sequence[tuple[str, str]]) -> str:
    """A two-column table of (label, value) without headers."""
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f"<table cellspacing='0'>{body}</table>"


def para(text: str, cls: str = "") -> str:
    """A paragraph of text, with a class ('src', 'sample', 'missing') or none."""
    return f"<p class='{cls}'>{esc(text)}</p>" if cls else f"<p>{esc(text)}</p>"


def section(title: str, *parts: str) -> str:
    """A titled section of the report."""
    return f"<h2>{esc(title)}</h2>" + "".join(parts)


def sub(title: str, *parts: str) -> str:
    """A titled part within a section."""
    return f"<h3>{esc(title)}</h3>" + "".join(parts)


def page(title: str, body: str) -> str:
    """The whole document: the CSS inline in its head."""
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )
