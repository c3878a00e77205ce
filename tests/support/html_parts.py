"""Small readers of built HTML pages (html.parser from the standard library) for whole-build tests."""

from __future__ import annotations

from html.parser import HTMLParser


class PageParts(HTMLParser):
    """Meta tags, element ids, links, list items of one class, and visible text (code left out)."""

    def __init__(self, item_list_class: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.link_texts: list[tuple[str, str]] = []
        self._link: int | None = None
        self.items: dict[str, str] = {}
        self.text: list[str] = []
        self._list_class = item_list_class
        self._in_list = 0
        self._item: str | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and "name" in values:
            self.meta.append((values["name"], values.get("content", "")))
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
            self.link_texts.append((values["href"], ""))
            self._link = len(self.link_texts) - 1
        if tag in ("script", "style", "code"):
            self._skip += 1
        if tag in ("ol", "ul") and self._list_class and self._list_class in values.get("class", "").split():
            self._in_list += 1
        if tag == "li" and self._in_list:
            self._item = values.get("id", "")
            self.items[self._item] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._link = None
        if tag in ("script", "style", "code"):
            self._skip -= 1
        if tag in ("ol", "ul") and self._in_list:
            self._in_list -= 1
        if tag == "li":
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._link is not None:
            href, text = self.link_texts[self._link]
            self.link_texts[self._link] = (href, text + data)
        if self._item is not None:
            self.items[self._item] += data

    def tags(self, name: str) -> list[str]:
        return [content for meta_name, content in self.meta if meta_name == name]


def parse(html: str, item_list_class: str = "") -> PageParts:
    parts = PageParts(item_list_class)
    parts.feed(html)
    parts.close()
    return parts
