"""Stand-off JSON to W3C Web Annotation (JSON-LD): what annotation tools import.

Recogito, Hypothes.is-style clients, INCEpTION and linked-data stores read the W3C Web
Annotation Data Model (https://www.w3.org/TR/annotation-model/): one ``Annotation`` per
name, date, speech or note, in an ``AnnotationPage``. Each targets the exported text
(the stand-off ``body`` or ``notes`` layer, written beside the JSON-LD as ``NAME.body.txt``
and ``NAME.notes.txt``) with both a ``TextQuoteSelector`` (the words, with some context)
and a ``TextPositionSelector`` (code-point offsets, exact for that text). The bodies say
what the span is (a ``tagging`` TextualBody with the category), who or what it names
(``identifying`` SpecificResources with the authority URIs: only those the source gives
or the file's records verify), and for a note its text (``commenting``).

Ids are ``urn:uuid:`` values derived from the source file, document and annotation
number: the same export gives the same ids, so a re-import updates rather than duplicates.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from teipipe.exchange.standoff import ENTITY_CATEGORIES

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_PATH = Path(__file__).with_name("webannotation.schema.json")
CONTEXT_CHARS = 32  # characters of context in TextQuoteSelector prefix and suffix


def text_name(name: str, layer: str) -> str:
    """The file the text of ``layer`` is written to, beside ``NAME.jsonld``."""
    return f"{name}.{layer}.txt"


def _selectors(text: str, start: int, end: int) -> list[dict[str, Any]]:
    return [
        {"type": "TextQuoteSelector", "exact": text[start:end],
         "prefix": text[max(0, start - CONTEXT_CHARS):start],
         "suffix": text[end:end + CONTEXT_CHARS]},
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def _word_before(text: str, at: int) -> tuple[int, int]:
    """The word a note is anchored after (a footnote mark follows its word), else the next."""
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if start < end:
        return start, end
    start = at
    while start < len(text) and text[start].isspace():
        start += 1
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def annotation_page(data: dict, name: str = "", base: str = "") -> dict[str, Any]:
    """The stand-off export ``data`` of one document as a W3C ``AnnotationPage``.

    ``name`` is the output name (``NAME.jsonld``); the text layers' IRIs are
    ``base + NAME.body.txt`` and ``base + NAME.notes.txt`` (relative to the JSON-LD file
    when ``base`` is empty)."""
    name = name or Path(data["source"]).stem
    seed = f"{data['source']}#{data.get('document') or ''}"
    texts = data["text"]
    entities = data["entities"]
    items = []
    for number, ann in enumerate(data["annotations"]):
        kind = ann["category"]
        if kind not in ENTITY_CATEGORIES and kind != "note":
            continue
        layer, start, end = ann["layer"], ann["start"], ann["end"]
        bodies: list[dict[str, Any]] = [
            {"type": "TextualBody", "purpose": "tagging", "value": kind}]
        if kind == "note":
            parent = data["annotations"][ann["parent"]] if ann["parent"] is not None else None
            note_text = texts[layer][start:end]
            if not note_text.strip():
                continue
            bodies.append({"type": "TextualBody", "purpose": "commenting",
                           "value": note_text, "format": "text/plain"})
            layer = parent["layer"] if parent else "body"
            start, end = _word_before(texts[layer], ann["anchor"])
        for ref in ann.get("refs", []):
            if entities.get(ref, {}).get("name"):
                bodies.append({"type": "TextualBody", "purpose": "describing",
                               "value": entities[ref]["name"]})
        bodies += [{"type": "SpecificResource", "purpose": "identifying", "source": uri}
                   for uri in ann.get("authority", [])]
        if start == end:
            continue  # nothing to point at (an empty name in the text): no annotation
        motivation = "commenting" if kind == "note" else (
            "identifying" if ann.get("authority") else "tagging")
        items.append({
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{seed}/{number}')}",
            "type": "Annotation",
            "motivation": motivation,
            "body": bodies,
            "target": {"type": "SpecificResource", "source": base + text_name(name, layer),
                       "selector": _selectors(texts[layer], start, end)},
        })
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}",
        "type": "AnnotationPage",
        "items": items,
    }
