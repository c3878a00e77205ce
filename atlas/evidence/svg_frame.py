"""What every chart drawn as SVG shares: text that fits, colours that follow the scheme, the frame.

The atlas draws each chart as inline SVG when the page is built, from the chart's own figure
(atlas/evidence/charts.py), so a page shows its charts with no script, in both schemes and on
paper; plotly.js is fetched only when the reader explores a chart. The figure is the one
definition: the SVG modules read its traces and never compute a statistic.

Text sizes are estimated here (no browser at build time): widths are measured against a
table of average glyph widths of a sans-serif face, generously, so that wrapped labels fit.
Colours are classes (`k-0072b2`) that atlas.css maps to CSS variables, swapped for the dark
scheme as the figure's `layout.meta.darkColors` lists them; marks paint with `currentColor`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

FONT_PX = 13
SMALL_PX = 12
TITLE_PX = 15
LINE_PX = 17  # a line of text at FONT_PX, with its leading
MARGIN = 8
NARROW = set("iljtfrI.,;:'|!()[] ")
WIDE = set("mwMW@%")
TAG = re.compile(r"<[^>]*>")


def plain(label: object) -> str:
    """A figure's label as plain text: Plotly's markup (`<br>`, entities) undone."""
    text = str(label).replace("<br>", " ")
    return html.unescape(TAG.sub("", text))


def esc(value: object) -> str:
    """Text or an attribute value made safe inside SVG (contributor text included)."""
    return html.escape(str(value), quote=True)


def number(value: float) -> str:
    """A coordinate, short and stable: one decimal at most."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def text_width(text: str, size: float = FONT_PX) -> float:
    """An estimate of the width of `text` in pixels, on the generous side."""
    units = 0.0
    for character in text:
        if character in NARROW:
            units += 0.32
        elif character in WIDE:
            units += 0.9
        elif character.isupper() or character.isdigit():
            units += 0.64
        else:
            units += 0.56
    return units * size


def wrap(text: str, width: float, size: float = FONT_PX) -> list[str]:
    """Words of `text` in lines no wider than `width` (a word longer than a line keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def ink(colour: str) -> str:
    """The class that paints with a figure colour (atlas.css maps it to a variable of each scheme)."""
    return "k-" + re.sub(r"[^0-9a-z]+", "-", colour.lower()).strip("-")


@dataclass
class Canvas:
    """SVG elements in drawing order, and how far down the drawing has reached."""

    width: float
    y: float = 0.0
    parts: list[str] = field(default_factory=list)

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: float = FONT_PX,
        anchor: str = "start",
        cls: str = "",
        extra: str = "",
    ) -> None:
        attributes = f' x="{number(x)}" y="{number(y)}"'
        if size != FONT_PX:
            attributes += f' font-size="{number(size)}"'
        if anchor != "start":
            attributes += f' text-anchor="{anchor}"'
        if cls:
            attributes += f' class="{cls}"'
        self.add(f"<text{attributes}{extra}>{esc(content)}</text>")

    def lines(self, x: float, lines: Sequence[str], *, size: float = FONT_PX, cls: str = "") -> None:
        """Lines of text from the current height down; the height moves past them."""
        for line in lines:
            self.y += size * 1.3
            self.text(x, self.y, line, size=size, cls=cls)

    def header(self, title: str, subtitle: Iterable[str]) -> None:
        """The chart's title and its scope (the subtitle's lines), wrapped to the width."""
        self.y = MARGIN
        self.lines(0, wrap(plain(title), self.width, TITLE_PX), size=TITLE_PX, cls="atlas-svg-title")
        for line in subtitle:
            self.lines(0, wrap(plain(line), self.width, SMALL_PX), size=SMALL_PX, cls="atlas-svg-muted")
        self.y += MARGIN

    def legend(
        self, entries: Sequence[tuple[str, str]], *, line: bool = False, hollow: Sequence[str] = ()
    ) -> None:
        """Swatches (a square, or a line for curves) with their names, wrapped onto lines as needed;
        the squares of the names in `hollow` are drawn open, as their marks are."""
        x = 0.0
        self.y += LINE_PX
        for colour, name in entries:
            label = plain(name)
            needed = 18 + text_width(label, SMALL_PX) + 14
            if x and x + needed > self.width:
                x, self.y = 0.0, self.y + LINE_PX
            if line:
                swatch = f'<path d="M{number(x)} {number(self.y - 4)}h14" class="atlas-svg-curve"/>'
            else:
                top = number(self.y - 10)
                paint = (
                    'fill="none" stroke="currentColor" stroke-width="2"'
                    if name in hollow
                    else 'fill="currentColor"'
                )
                swatch = f'<rect x="{number(x)}" y="{top}" width="12" height="12" {paint}/>'
            self.add(f'<g class="{ink(colour)}">{swatch}</g>')
            self.text(x + 18, self.y, label, size=SMALL_PX, cls="atlas-svg-legend")
            x += needed
        self.y += MARGIN


OUTLINE = 'fill="none" stroke="currentColor" stroke-width="2"'  # an open square's paint


def document(slug: str, width: float, height: float, title: str, desc: str, body: Sequence[str]) -> str:
    """The `<svg>` element: an image with a title and a description that states the values."""
    ids = f"svg-{esc(slug)}-title svg-{esc(slug)}-desc"
    # Never drawn smaller than 0.85 of its size (text stays legible; a scroll box takes the rest),
    # never larger than 1.25 of it on a wide screen.
    style = f"min-width:{number(width * 0.85)}px;max-width:{number(width * 1.25)}px"
    return (
        f'<svg class="atlas-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {number(width)} '
        f'{number(height)}" width="{number(width)}" height="{number(height)}" style="{style}" '
        f'role="img" aria-labelledby="{ids}" font-size="{FONT_PX}">'
        f'<title id="svg-{esc(slug)}-title">{esc(title)}</title>'
        f'<desc id="svg-{esc(slug)}-desc">{esc(desc)}</desc>' + "".join(body) + "</svg>"
    )


def subtitle_of(figure: dict) -> list[str]:
    """The figure's subtitle, line by line as the figure breaks it."""
    text = figure["layout"]["title"].get("subtitle", {}).get("text", "")
    return [line for line in text.split("<br>") if line]
