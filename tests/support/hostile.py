"""Hostile contributions that pass validation: markup and script in every free-text field.

The free-text fields are read from the case schema, so a field added to the format is
attacked too without editing this file. Every payload carries the word MARKER (for the
search box and for finding it on the page) and tags its injected elements with
`data-pwn`, so "nothing was injected" can be checked on any page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from atlas.cases.instruments import INSTRUMENTS
from atlas.cases.schema import case_json_schema

MARKER = "zzpwn"
SOURCE_KEY = "hostile2020"
PAYLOADS = {
    "script": f'{MARKER} <script>window.__pwned="script";alert("script")</script>',
    "img-onerror": f"{MARKER} <img src=x onerror=\"window.__pwned='img';alert('img')\" data-pwn>",
    "iframe": f"{MARKER} <iframe src=\"javascript:alert('iframe')\" data-pwn></iframe>"
    '<iframe srcdoc="<script>parent.__pwned=1</script>" data-pwn></iframe>',
    "attribute-breakout": f'{MARKER} " onmouseover="alert(\'dq\')" data-pwn="1" x="'
    "' onfocus='alert(1)' autofocus data-pwn='",
    "script-in-json": f'{MARKER} </script><script data-pwn>window.__pwned="json";alert("json")</script><!--',
    "markdown-links": f"{MARKER} [click](javascript:alert('md'))"
    " [d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"
    " <javascript:alert(1)> ![x](https://evil.example/pwn.png)",
    "raw-html-block": f"{MARKER}\n\n<div data-pwn onclick=\"alert('block')\">\n\n**bold**"
    " <svg onload=\"alert('svg')\" data-pwn></svg>\n\n</div>\n\n",
    "markdown-syntax": f"{MARKER}\n\n# Heading\n\n* item\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    '!!! note "n"\n    text\n\n*[HTML]: abbr\n\n{: data-pwn onclick="alert(1)" }',
    "template-syntax": f"{MARKER} {{{{ 7*7 }}}} {{% raw %}} ${{7*7}} <%= 7*7 %> {{{{ config }}}}",
    "style-link-base": f"{MARKER} <style>body{{display:none}}</style>"
    '<link rel=stylesheet href=https://evil.example/x.css data-pwn><base href="https://evil.example/">',
    "entities-comments": f"{MARKER} &lt;script&gt;alert(1)&lt;/script&gt; <!-- <b data-pwn>x</b> -->"
    " &#60;img src=x onerror=alert(1)&#62;",
    "spreadsheet-formula": f'=HYPERLINK("https://evil.example/","click") {MARKER}',
    "unicode": f"{MARKER} ＜script＞alert(1)＜/script＞ \u2028 \u2029 <scr\u0131pt>alert(1)</scr\u0131pt>",
}
# Immunohistochemistry marker names are free text too, but at most 40 characters.
SHORT_PAYLOAD = "<b data-pwn onclick=alert(1)>x</b>"
HOSTILE_REFERENCE = """\
@article{hostile2020,
  author = {<img src=x onerror=alert(1) data-pwn>, Ann and Other, Bob},
  title = {</script><script data-pwn>window.__pwned="bib"</script> zzpwn},
  journal = {<iframe src="javascript:alert(2)" data-pwn></iframe>},
  note = {[link](javascript:alert(3)) <b onclick="alert(4)" data-pwn>b</b>},
  year = {2020},
}
"""


# Mappings keyed by an instrument's item ids: a key that is not an item is refused (E214), so
# their keys are not free text; the answers are a vocabulary.
ITEM_KEYED = {"appraisal.answers", "appraisal.item_notes"}


def case_ids() -> list[str]:
    return [f"hostile-{name}" for name in PAYLOADS]


def free_text_fields(schema: dict[str, Any] | None = None) -> list[str]:
    """Dotted paths of every field holding contributor text (`[]` marks list items, `{}` mapping keys)."""
    schema = schema or case_json_schema()
    paths: list[str] = []
    _walk(schema, schema, "", paths)
    return paths


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    return root["$defs"][node["$ref"].split("/")[-1]] if "$ref" in node else node


def _is_free_text(node: dict[str, Any]) -> bool:
    return node.get("type") == "string" and not ({"enum", "const", "pattern"} & node.keys())


def _walk(root: dict[str, Any], node: dict[str, Any], prefix: str, paths: list[str]) -> None:
    for name, child in _resolve(root, node).get("properties", {}).items():
        child = _resolve(root, child)
        path = f"{prefix}{name}"
        items = _resolve(root, child.get("items", {}))
        if _is_free_text(child) or (child.get("type") == "array" and _is_free_text(items)):
            paths.append(path)
        if "propertyNames" in child and not child["propertyNames"].get("pattern") and path not in ITEM_KEYED:
            paths.append(f"{path}{{}}")
        if child.get("type") == "object" and "properties" in child:
            _walk(root, child, f"{path}.", paths)
        if child.get("type") == "array" and "properties" in items:
            _walk(root, items, f"{path}[].", paths)


def hostile_case(case_id: str, payload: str, appraised: bool = True) -> dict[str, Any]:
    """A valid case whose every free-text field holds the payload (cut to the field's length).

    An appraisal gives answers (with a note per item) or the reason it could not be made, not both
    (E216): `appraised` chooses, so that the hostile cases attack both texts between them."""
    schema = case_json_schema()
    case = _fill(schema, schema, payload)
    case.update({"id": case_id, "source": SOURCE_KEY, "inclusion": {**case["inclusion"], "basis": payload}})
    appraisal = case["appraisal"]
    instrument = INSTRUMENTS[appraisal["instrument"]]
    appraisal["appraised_on"] = "2026-01-02"
    if appraised:
        appraisal.pop("not_appraised")
        appraisal["answers"] = dict.fromkeys(instrument.item_ids, "unclear")
        appraisal["item_notes"] = dict.fromkeys(instrument.item_ids, appraisal["item_notes"][SHORT_PAYLOAD])
    else:  # the reason alone: no answers, no notes
        appraisal.pop("answers", None)
        del appraisal["item_notes"]
    return case


def _fill(root: dict[str, Any], node: dict[str, Any], payload: str) -> dict[str, Any]:
    node = _resolve(root, node)
    required = set(node.get("required", []))
    values: dict[str, Any] = {}
    for name, child in node.get("properties", {}).items():
        value = _value(root, _resolve(root, child), payload, name in required)
        if value is not None:
            values[name] = value
    return values


def _value(root: dict[str, Any], node: dict[str, Any], payload: str, required: bool) -> Any:
    kind = node.get("type")
    if _is_free_text(node):
        return payload[: node.get("maxLength", len(payload))]
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0] if required else None
    if kind == "boolean":
        return True  # true keeps every "details need the event" rule satisfied
    if kind == "array":
        items = _resolve(root, node.get("items", {}))
        if not (required or _is_free_text(items) or items.get("type") == "object"):
            return None
        return [_value(root, items, payload, True)]
    if kind == "object" and "propertyNames" in node:
        values = node["additionalProperties"]
        return {
            SHORT_PAYLOAD: _value(root, values, payload, True) if _is_free_text(values) else values["enum"][0]
        }
    if kind == "object":
        return _fill(root, node, payload)
    return None


def write_hostile_project(project: Path) -> None:
    """Add one hostile case per payload and the hostile reference they cite."""
    for index, (name, payload) in enumerate(PAYLOADS.items()):
        case_id = f"hostile-{name}"
        case = hostile_case(case_id, payload, appraised=index % 2 == 0)
        text = yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=1000)
        (project / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    bib = project / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n" + HOSTILE_REFERENCE, encoding="utf-8")
