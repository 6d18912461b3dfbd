"""Score the names on a wider FRUS set, generated from the Office of the Historian's own TEI.

    python benchmarks/frus_wide.py [--out DIR] [--json FILE] [--no-persons] [--errors]

Input: ``tests/data/frus-wide/volumes/<volume>-docs.xml`` (document ``div``s taken from
``HistoryAtState/frus``, see that folder's README for provenance) and
``<volume>-persons.xml`` (the volume's ``div xml:id="persons"``).

For every document ``div`` the script builds the text as history.state.gov shows it
(heading with its note markers glued, ``[Page N]`` markers, one paragraph a block, the
notes list at the end numbered from 1 while the markers keep the volume's numbers),
encodes it with ``teipipe.encode.encode_file`` (with the volume's persons list unless
``--no-persons``), and scores it with ``tests/frus_score.py`` against the ``div`` itself:
persName P/R/F1 in the body (positional, as ``frus_dev.py``), in the notes (bag of
surfaces), and corresp F1 (a body persName counts when surface, position and the
``p_…`` id it points to all agree).

Generated text is cleaner than a page copied from the website (no dropped quotation
marks, no missing signatures), so these figures are reported apart from frus_dev.py's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
WIDE = REPO / "tests" / "data" / "frus-wide" / "volumes"
TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
BLOCKS = {"p", "dateline", "signed", "head", "item", "salute", "label", "quote", "closer"}


def _score_module():
    sys.path.insert(0, str(REPO / "tests"))
    import frus_score

    return frus_score


def _inline(el: etree._Element, notes: list[etree._Element], out: list[str]) -> None:
    """The text of ``el`` as the page prints it: note markers glued, ``[Page N]`` markers."""
    out.append(el.text or "")
    for child in el:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "note":
            notes.append(child)
            out.append(child.get("n", ""))
        elif tag == "pb":
            out.append(f"[Page {child.get('n')}]")
        elif tag:
            _inline(child, notes, out)
        out.append(child.tail or "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render(div: etree._Element) -> tuple[str, int | None]:
    """(page text, first marker number) of one document ``div``."""
    notes: list[etree._Element] = []
    paragraphs: list[str] = []

    def blocks(el: etree._Element) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child).localname
            if tag == "pb":
                paragraphs.append(f"[Page {child.get('n')}]")
            elif tag in ("opener", "closer", "frus:attachment", "attachment", "list", "div"):
                blocks(child)
            else:
                out: list[str] = []
                _inline(child, notes, out)
                text = _one_line("".join(out))
                if text:
                    paragraphs.append(text)

    blocks(div)
    lines = [paragraphs[0], ""] if paragraphs else []
    body = paragraphs[1:]
    merged: list[str] = []
    for para in body:  # a lone [Page N] between blocks starts the next block
        if merged and merged[-1].startswith("[Page ") and merged[-1].endswith("]") \
                and " " not in merged[-1][6:]:
            merged[-1] = merged[-1] + para
        else:
            merged.append(para)
    lines += "\n\n".join(merged).split("\n")
    for number, note in enumerate(notes, 1):
        out: list[str] = []
        _inline(note, [], out)
        lines.append(f"  {number}. {_one_line(''.join(out))}")
    first = int(notes[0].get("n")) if notes and (notes[0].get("n") or "").isdigit() else None
    return "\n".join(lines).rstrip() + "\n", first


def _gold_tree(div: etree._Element) -> etree._Element:
    tei = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    body = etree.SubElement(etree.SubElement(tei, T + "text"), T + "body")
    body.append(etree.fromstring(etree.tostring(div)))
    return tei


def _body_ids(root: etree._Element, score) -> list[str]:
    """The pointer of every body persName, in the order ``frus_score.flatten`` lists them."""
    ids = []
    for el in root.iter(T + "persName"):
        if any(etree.QName(a).localname == "note" for a in el.iterancestors()
               if isinstance(a.tag, str)):
            continue
        if not any(a.tag == T + "text" for a in el.iterancestors()):
            continue  # the header's participants and correspondents, a standOff list
        ids.append((el.get("corresp") or el.get("ref") or "").lstrip("#"))
    return ids


def _corresp_items(root: etree._Element, flat: dict, alignment, score) -> list:
    persons = [p for p in flat["persnames"] if not p["in_note"]]
    ids = _body_ids(root, score)
    if len(ids) != len(persons):
        ids = [""] * len(persons)
    return [(score.loose_text(p["text"]) + "|" + i, alignment.map_back(p["pos"]))
            for p, i in zip(persons, ids, strict=True)]


def documents() -> list[tuple[str, etree._Element, Path | None]]:
    """(id, document div, persons list) for every document of the committed volumes."""
    found = []
    for path in sorted(WIDE.glob("*-docs.xml")):
        volume = path.name[: -len("-docs.xml")]
        persons = WIDE / f"{volume}-persons.xml"
        root = etree.parse(str(path)).getroot()
        for div in root.iter(T + "div"):
            if div.get("type") == "document":
                doc = div.get("{http://www.w3.org/XML/1998/namespace}id")
                found.append((f"{volume}_{doc}", div, persons if persons.exists() else None))
    return found


def run(out_dir: Path, use_persons: bool, errors: bool) -> dict:
    sys.path.insert(0, str(REPO))
    from teipipe.diagnostics import InputError
    from teipipe.encode import encode_file

    score = _score_module()
    rows = []
    for doc_id, div, persons in documents():
        text, first = render(div)
        source = out_dir / f"{doc_id}.txt"
        source.write_text(text, encoding="utf-8")
        out = out_dir / f"{doc_id}.xml"
        row: dict = {"doc": doc_id, "persons_list": persons is not None and use_persons}
        try:
            encode_file(source, out, persons if use_persons else None)
        except InputError as err:
            row["error"] = str(err).splitlines()[0]
            rows.append(row)
            continue
        gold = _gold_tree(div)
        (out_dir / f"{doc_id}.gold.xml").write_bytes(etree.tostring(gold, encoding="utf-8"))
        cand = score.load_xml(str(out))
        result = score.score(text, cand, score.load_xml(str(out_dir / f"{doc_id}.gold.xml")),
                             marker_overrides={"start": first} if first is not None else None)
        pers = result["persName"]
        row.update(text=result["text"]["ratio_loose"],
                   notes=(result["notes"]["correct"], result["notes"]["expected"]),
                   body=pers["body_positional"], notes_bag=pers["notes_bag"])
        if persons is not None and use_persons:  # links are scored against a list only
            row["corresp"] = corresp_score(score, text, cand, gold, first)
        if errors:
            row["misses"], row["false"] = _differences(score, text, cand, gold, first)
        rows.append(row)
    return {"rows": rows}


def _aligned(score, text: str, root, first):
    parsed = score.parse_input(text, {"start": first} if first is not None else None)
    in_words = [w for w, _, _ in parsed["spans"]]
    flat = score.flatten(root)
    alignment = score.Alignment(in_words, [w for w, _, _ in flat["spans"]])
    return flat, alignment


def corresp_score(score, text: str, cand, gold, first) -> dict:
    """P/R/F1 of body persNames whose surface, position and ``p_…`` pointer match."""
    cand_copy = etree.fromstring(etree.tostring(cand))
    gold_copy = etree.fromstring(etree.tostring(gold))
    c_flat, c_al = _aligned(score, text, cand_copy, first)
    g_flat, g_al = _aligned(score, text, gold_copy, first)
    gold_items = _corresp_items(gold, g_flat, g_al, score)
    # a persName the gold leaves without a pointer is not counted either way
    unlinked = {(t.rsplit("|", 1)[0], pos) for t, pos in gold_items if t.endswith("|")}
    cand_items = [(t, pos) for t, pos in _corresp_items(cand, c_flat, c_al, score)
                  if (t.rsplit("|", 1)[0], pos) not in unlinked]
    return score.prf([i for i in gold_items if not i[0].endswith("|")], cand_items, 0,
                     positional=True)


def _differences(score, text: str, cand, gold, first) -> tuple[list, list]:
    c_flat, c_al = _aligned(score, text, etree.fromstring(etree.tostring(cand)), first)
    g_flat, g_al = _aligned(score, text, etree.fromstring(etree.tostring(gold)), first)
    g = [(score.loose_text(p["text"]), g_al.map_back(p["pos"]), p["text"])
         for p in g_flat["persnames"] if not p["in_note"]]
    c = [(score.loose_text(p["text"]), c_al.map_back(p["pos"]), p["text"])
         for p in c_flat["persnames"] if not p["in_note"]]
    misses = [x[2] for x in g if not any(x[:2] == y[:2] for y in c)]
    false = [y[2] for y in c if not any(x[:2] == y[:2] for x in g)]
    return misses, false


def _sum(rows: list[dict], key: str) -> dict:
    g = sum(r[key]["gold"] for r in rows)
    c = sum(r[key]["candidate"] for r in rows)
    m = sum(r[key]["matched"] for r in rows)
    p = m / c if c else 0.0
    r_ = m / g if g else 0.0
    f = 2 * p * r_ / (p + r_) if p + r_ else 0.0
    return {"gold": g, "candidate": c, "matched": m, "precision": round(p, 4),
            "recall": round(r_, 4), "f1": round(f, 4)}


def totals(rows: list[dict]) -> dict:
    scored = [r for r in rows if "error" not in r]
    return {"documents": len(rows), "encoded": len(scored),
            "volumes": len({r["doc"].rsplit("_", 1)[0] for r in rows}),
            "notes": [sum(r["notes"][0] for r in scored), sum(r["notes"][1] for r in scored)],
            "body": _sum(scored, "body"), "notes_bag": _sum(scored, "notes_bag"),
            "corresp": _sum([r for r in scored if "corresp" in r], "corresp"),
            "body_with_list": _sum([r for r in scored if r["persons_list"]], "body"),
            "body_without_list": _sum([r for r in scored if not r["persons_list"]], "body")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the texts, gold and encodings here")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--no-persons", action="store_true",
                        help="encode without the volumes' persons lists")
    parser.add_argument("--errors", action="store_true", help="list misses and false hits")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        result = run(out_dir, not args.no_persons, args.errors)
    result["totals"] = t = totals(result["rows"])
    for r in result["rows"]:
        if "error" in r:
            print(f"{r['doc']:28} ERROR {r['error']}")
            continue
        b = r["body"]
        print(f"{r['doc']:28} text {r['text']:.3f} notes {r['notes'][0]}/{r['notes'][1]} "
              f"body P {b['precision']:.3f} R {b['recall']:.3f} ({b['gold']}/{b['candidate']})"
              + (f" corresp F1 {r['corresp']['f1']:.3f}" if "corresp" in r else ""))
        if args.errors and (r["misses"] or r["false"]):
            print(f"    missed {r['misses']}\n    false  {r['false']}")
    print(f"\n{t['encoded']}/{t['documents']} documents from {t['volumes']} volumes encoded; "
          f"notes {t['notes'][0]}/{t['notes'][1]}")
    for key, label in (("body", "persName body (positional)"),
                       ("body_with_list", "  documents encoded with their volume's list"),
                       ("body_without_list", "  documents encoded without a list"),
                       ("notes_bag", "persName notes (bag)"),
                       ("corresp", "corresp (body, positional)")):
        s = t[key]
        print(f"{label}: P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
              f"(gold {s['gold']}, candidate {s['candidate']}, matched {s['matched']})")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n")
    return 0 if t["encoded"] == t["documents"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
