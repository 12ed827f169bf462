"""One self-contained HTML file: Jinja2 (autoescaped) for the frame and charts, the data once as JSON.

Nothing from a trace is ever spliced into markup unescaped: names in the
charts go through Jinja's autoescape, and the page data is JSON whose ``<``,
``>``, ``&``, U+2028 and U+2029 are written as ``\\u003c`` and so on, so no string can close the
``<script type="application/json">`` block it sits in. The inline script
builds the tables and trajectory views with ``textContent`` only. A
Content-Security-Policy allows that one script and that one stylesheet (by
hash) and nothing else: no network, no other script, no frames, no forms.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from formaljudge.report._model import Bar, Interval, Page, PageData

if TYPE_CHECKING:
    from jinja2 import Environment

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _escape(text: str) -> str:
    for raw, escaped in _ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


def embed_json(value: Any) -> str:
    """JSON that is safe as the text of a ``<script type="application/json">`` element."""
    return _escape(json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False))


def page_json(data: PageData) -> str:
    """The page data as embeddable JSON: pydantic's fast serializer, or ``json`` for a lone surrogate."""
    from pydantic_core import PydanticSerializationError

    try:
        return _escape(data.model_dump_json(exclude_defaults=True))
    except PydanticSerializationError:  # a lone surrogate (from a JSON escape in a trace): ASCII escapes hold it
        return embed_json(data.model_dump(mode="json", exclude_defaults=True))


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str, css: str) -> str:
    return (
        f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(css)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def bar_max(bars: list[Bar]) -> int:
    return max((sum(b.counts.values()) for b in bars), default=0)


def interval_text(m: Interval) -> str:
    if m.value is None:
        return "-"
    if m.lo is None or m.hi is None:
        return f"{m.value:.3f}"
    return f"{m.value:.3f} ({m.lo:.3f}-{m.hi:.3f})"


@cache
def _environment() -> Environment:
    from jinja2 import Environment, FunctionLoader, StrictUndefined

    env = Environment(
        loader=FunctionLoader(lambda name: _asset(name)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(bar_max=bar_max, interval_text=interval_text)
    return env


def render_html(page: Page) -> str:
    """The whole report as one HTML document."""
    from markupsafe import Markup

    from formaljudge import __version__

    script = _asset("report.js")
    css = _asset("report.css")
    for name, text in (("report.js", script), ("report.css", css)):
        if "</" in text or "<!--" in text:  # an end tag would close the inline element early
            raise ValueError(f"{name} must not contain '</' or '<!--'")
    data = page_json(page.data)
    template = _environment().get_template("page.html.j2")
    html = template.render(
        o=page.overview,
        version=__version__,
        csp=content_security_policy(script, css),
        css=Markup(css),
        script=Markup(script),
        data_json=Markup(data),
    )
    # a lone surrogate (from a JSON escape in a trace) can only sit in an autoescaped name: show it as U+FFFD
    return html.encode("utf-8", errors="replace").decode("utf-8")


def write_html(out: TextIO | Path, page: Page) -> None:
    """Write the report to a file or an open text stream."""
    html = render_html(page)
    if isinstance(out, Path):
        out.write_text(html, encoding="utf-8")
    else:
        out.write(html)
