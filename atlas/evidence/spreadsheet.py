"""CSV cells a spreadsheet would run as a formula are written as text ("CSV injection").

A case's free text can begin with `=`, `+`, `-` or `@`; opened in Excel or LibreOffice,
`=HYPERLINK("https://…")` in a downloaded table becomes a live formula. Such cells get a
leading apostrophe, the spreadsheet convention for "this is text"; numbers are left alone.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def spreadsheet_safe(text: str) -> str:
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text
