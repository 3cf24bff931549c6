"""Reading articles: files and JSON Lines into :class:`Article` objects, with clear errors.

Every problem with one input (empty, binary, too big, not UTF-8, broken JSON) raises
:class:`InputError` naming the file, so a batch can report it and carry on with the others.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from geonews.errors import GeonewsError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Article",
    "InputError",
    "document_id",
    "read_article",
    "read_jsonl",
]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class InputError(GeonewsError, ValueError):
    """One input document cannot be read."""


def document_id(text: str) -> str:
    """Content hash: the same text always has the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    text: str
    path: str | None = None
    id: str = ""
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    # fetched from the web: the article's canonical URL, its author, when it was fetched
    canonical_url: str | None = None
    author: str | None = None
    fetched_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = document_id(self.text)


def decode_text(data: bytes, origin: str) -> str:
    """Decode article bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if not data.strip():
        raise InputError(f"{origin}: empty document")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin}: broken UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary data, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 first"
        ) from exc
    if not text.strip():
        raise InputError(f"{origin}: empty document")
    return text


SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")


def read_article(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article file: plain text, Markdown with YAML front matter, or HTML."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size / 2**20:.1f} MiB is over the {max_bytes / 2**20:.1f} MiB limit per article"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc
    return parse_article(data, str(path), suffix=path.suffix.lower())


def parse_article(data: bytes, origin: str, *, suffix: str = ".txt") -> Article:
    """An article from raw bytes (an uploaded or pasted document) of the given kind."""
    if suffix in (".html", ".htm"):
        return _html_article(data, origin)
    text = decode_text(data, origin)
    if suffix in (".md", ".markdown") or text.startswith("---\n") or text.startswith("---\r\n"):
        return _front_matter_article(text, origin)
    return Article(text=text, path=origin)


def _front_matter_article(text: str, origin: str) -> Article:
    import yaml

    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return Article(text=text, path=origin)
    end = text.find("\n---", 4)
    if end < 0:
        raise InputError(f"{origin}: front matter opened with '---' is never closed")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        raise InputError(
            f"{origin}: broken YAML front matter ({str(exc).splitlines()[0]})"
        ) from exc
    if not isinstance(meta, dict):
        raise InputError(
            f"{origin}: front matter must be a mapping of keys (title, url, published, source)"
        )
    body_start = text.find("\n", end + 4)
    body = text[body_start + 1 :] if body_start >= 0 else ""
    if not body.strip():
        raise InputError(f"{origin}: the article has front matter but no text")

    def field_text(key: str) -> str | None:
        value = meta.get(key)
        return None if value is None else str(value)

    return Article(
        text=body,
        path=origin,
        title=field_text("title"),
        url=field_text("url"),
        published=field_text("published") or field_text("date"),
        source=field_text("source"),
    )


def _html_article(data: bytes, origin: str) -> Article:
    try:
        import trafilatura
    except ImportError as exc:  # e.g. an lxml without lxml.html.clean under jusText
        raise InputError(
            f"{origin}: HTML extraction is unavailable ({exc}); "
            "pip install trafilatura lxml_html_clean"
        ) from exc

    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary data, not an HTML page")
    html = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    if not text or not text.strip():
        raise InputError(f"{origin}: no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    return Article(
        text=text,
        path=origin,
        title=getattr(meta, "title", None) if meta else None,
        url=getattr(meta, "url", None) if meta else None,
        published=getattr(meta, "date", None) if meta else None,
        source=getattr(meta, "sitename", None) if meta else None,
        author=getattr(meta, "author", None) if meta else None,
    )


def read_jsonl(
    path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | InputError]:
    """Articles of a JSON Lines file (``{"id", "text", ...}`` per line); bad lines as errors."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc
    with handle:
        for number, raw in enumerate(handle, 1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            if len(raw) > max_bytes * 2:
                yield InputError(f"{origin}: line over the per-article size limit")
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield InputError(f"{origin}: not a JSON object ({exc})")
                continue
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                yield InputError(f"{origin}: expected an object with a string 'text'")
                continue
            text = row["text"]
            yield Article(
                text=text,
                path=origin,
                id=str(row.get("id") or document_id(text)),
                title=row.get("title"),
                url=row.get("url"),
                published=row.get("published"),
                source=row.get("source"),
            )
