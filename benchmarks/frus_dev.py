"""Encode the FRUS development sample, validate it, and score it against the Office of the
Historian's gold: the figures an unseen set of volumes will be judged by.

    python benchmarks/frus_dev.py [--out DIR] [--json FILE] [--no-validate]

For every ``input/*.txt`` of ``tests/data/frus-dev`` (committed): encode with
``teipipe.encode.encode_file`` (with the volume's persons list when the sample has it),
validate against tei_all, score with the sample's ``score.py`` (tests/frus_score.py: text
fidelity, page breaks, notes, and persName precision/recall/F1 where gold exists).
Prints one row per document and the totals; the persName totals are
micro-averaged over the gold documents.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "tests" / "data" / "frus-dev"


def _score_module():
    sys.path.insert(0, str(REPO / "tests"))
    sys.path.insert(0, str(REPO / "benchmarks"))
    import frus_score  # the sample's own scorer, used as it is

    return frus_score


def run(out_dir: Path, validate: bool) -> dict:
    sys.path.insert(0, str(REPO))
    from teipipe.diagnostics import InputError
    from teipipe.encode import encode_file

    score = _score_module()
    manifest = {r["id"]: r for r in json.loads((DEV / "manifest.json").read_text())["records"]}
    rows = []
    started = time.perf_counter()
    for source in sorted((DEV / "input").glob("*.txt")):
        doc_id = source.stem
        out = out_dir / f"{doc_id}.xml"
        volume = doc_id.split("_")[0]
        persons = DEV / "gold" / "persons" / f"{volume}.xml"
        row: dict = {"doc": doc_id, "persons_list": persons.exists()}
        try:
            encode_file(source, out, persons if persons.exists() else None)
        except InputError as err:
            row["error"] = str(err)
            rows.append(row)
            continue
        gold_path = DEV / "gold" / f"{doc_id}.xml"
        markers = manifest.get(doc_id, {}).get("text", {}).get("marker_values") or []
        overrides = {"start": markers[0]} if markers else None
        result = score.score(source.read_text(encoding="utf-8"), score.load_xml(str(out)),
                             score.load_xml(str(gold_path)) if gold_path.exists() else None,
                             marker_overrides=overrides)
        if gold_path.exists() and persons.exists():  # links, against the volume's list
            import frus_wide

            row["corresp"] = frus_wide.corresp_score(
                score, source.read_text(encoding="utf-8"), score.load_xml(str(out)),
                score.load_xml(str(gold_path)), markers[0] if markers else None)
        row.update(
            text=result["text"]["ratio_loose"],
            pages=(result["pages"]["correct"], result["pages"]["expected"]),
            notes=(result["notes"]["correct"], result["notes"]["expected"]),
            persName=result["persName"]["body_positional"] if result["persName"] else None,
        )
        rows.append(row)
    encode_seconds = time.perf_counter() - started
    if validate:
        from teipipe.validate import validate_paths

        encoded = [out_dir / f"{r['doc']}.xml" for r in rows if "error" not in r]
        for report in validate_paths(encoded, "tei_all"):
            for row in rows:
                if row["doc"] == report.path.stem:
                    row["valid"] = report.valid
                    row["errors"] = [str(f) for f in report.findings if f.severity == "error"]
    return {"rows": rows, "encode_seconds": round(encode_seconds, 2)}


def totals(rows: list[dict]) -> dict:
    scored = [r for r in rows if "error" not in r]
    gold = [r["persName"] for r in scored if r.get("persName")]
    g = sum(p["gold"] for p in gold)
    c = sum(p["candidate"] for p in gold)
    m = sum(p["matched"] for p in gold)
    precision = m / c if c else 0.0
    recall = m / g if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(rows), "encoded": len(scored),
        "valid": sum(1 for r in scored if r.get("valid")),
        "validated": sum(1 for r in scored if "valid" in r),
        "text_ratio_mean": round(sum(r["text"] for r in scored) / len(scored), 4) if scored else 0,
        "pages": [sum(r["pages"][0] for r in scored), sum(r["pages"][1] for r in scored)],
        "notes": [sum(r["notes"][0] for r in scored), sum(r["notes"][1] for r in scored)],
        "persName": {"gold_docs": len(gold), "gold": g, "candidate": c, "matched": m,
                     "precision": round(precision, 4), "recall": round(recall, 4),
                     "f1": round(f1, 4)},
        "corresp": _corresp_total([r["corresp"] for r in scored if r.get("corresp")]),
    }


def _corresp_total(parts: list[dict]) -> dict:
    g = sum(p["gold"] for p in parts)
    c = sum(p["candidate"] for p in parts)
    m = sum(p["matched"] for p in parts)
    precision, recall = (m / c if c else 0.0), (m / g if g else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"docs": len(parts), "gold": g, "candidate": c, "matched": m,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def print_table(result: dict) -> None:
    print(f"{'document':26} {'valid':5} {'text':>6} {'pages':>6} {'notes':>6} "
          f"{'pers P':>6} {'R':>6} {'F1':>6}  (gold/cand)")
    for r in result["rows"]:
        if "error" in r:
            print(f"{r['doc']:26} ERROR {r['error'].splitlines()[0]}")
            continue
        p = r.get("persName")
        pers = (f"{p['precision']:6.3f} {p['recall']:6.3f} {p['f1']:6.3f}  "
                f"({p['gold']}/{p['candidate']})") if p else f"{'':>6} {'':>6} {'':>6}"
        valid = {True: "yes", False: "NO", None: "-"}[r.get("valid")]
        print(f"{r['doc']:26} {valid:5} {r['text']:6.3f} {r['pages'][0]:>2}/{r['pages'][1]:<3}"
              f" {r['notes'][0]:>2}/{r['notes'][1]:<3} {pers}")
    t = result["totals"]
    p = t["persName"]
    checked = f"{t['valid']} valid (tei_all)" if t["validated"] else "not validated"
    print(f"\n{t['encoded']}/{t['documents']} encoded, {checked}; "
          f"text ratio mean {t['text_ratio_mean']}; pages {t['pages'][0]}/{t['pages'][1]}; "
          f"notes {t['notes'][0]}/{t['notes'][1]}; encoding took {result['encode_seconds']} s")
    print(f"persName (body, positional, {p['gold_docs']} gold documents): "
          f"P={p['precision']:.3f} R={p['recall']:.3f} F1={p['f1']:.3f} "
          f"(gold {p['gold']}, candidate {p['candidate']}, matched {p['matched']})")
    k = t["corresp"]
    print(f"corresp (body, positional, {k['docs']} gold documents with their volume's persons "
          f"list): P={k['precision']:.3f} R={k['recall']:.3f} F1={k['f1']:.3f} "
          f"(gold {k['gold']}, candidate {k['candidate']}, matched {k['matched']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the encoded files here")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--no-validate", action="store_true", help="skip tei_all validation")
    args = parser.parse_args(argv)
    if not DEV.is_dir():
        print(f"frus_dev: {DEV} not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        result = run(out_dir, not args.no_validate)
    result["totals"] = totals(result["rows"])
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return 0 if result["totals"]["encoded"] == result["totals"]["documents"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
