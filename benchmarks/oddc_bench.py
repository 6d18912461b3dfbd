"""teipipe's ODD compiler against TEI's own (the Stylesheets' odd2odd + odd2relax on Java).

For every project ODD in ``../shared/tei-projects`` (this benchmark reads ``../shared``;
the tests use copies in ``tests/data/odd-oracle``): compile it with both, time both (each
as its own process, as a user runs them), then run jing with both grammars on the
project's documents (one jing per document, in place, so XIncludes resolve) and on
``--variants`` generated variants (an element renamed or moved, an attribute added or
given a wrong value, a child removed), and count the documents on which verdict and
error lines agree. jing orders the datatypes in a "must be ... or ..." message by Java
identity hashes, which depend on the whole grammar, so that list is compared as a set.

    python benchmarks/oddc_bench.py [--variants 200] [--only NAME ...] [--out FILE.md]

TEI Simple has no documents of its own (it is tried on ``tests/data/tei-foreign``), and its
oracle grammar does not load in jing (odd2relax leaves two references to an undefined
``att.global.rendition.attribute.rendition``, and ``text`` gets ``@ana`` twice): such a case
is reported, with whether teipipe's grammar loads, instead of compared.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PROJECTS = SHARED / "tei-projects"
ORACLE = SHARED / "oracles" / "odd2rng" / "odd2rng"
P5 = ROOT / "schema" / "p5subset.xml"

ELTEC_DOCS = "eltec/ELTeC-eng/level1/*.xml eltec/ELTeC-eng/level2/*.xml"
CASES = [  # name, ODD, documents (globs under tei-projects; tei-foreign for TEI Simple)
    ("cmif", "cmif/odd/cmi-customization.odd",
     "cmif/examples/*.xml cmif/templates/*.xml cmif/soldatenbriefe/scripts/CMIF.xml"),
    ("dracor", "dracor/schema/dracor.odd", "dracor/rusdracor/tei/*.xml"),
    ("eltec-0", "eltec/Schemas/ODD/eltec-0.xml", ELTEC_DOCS),
    ("eltec-1", "eltec/Schemas/ODD/eltec-1.xml", ELTEC_DOCS),
    ("eltec-2", "eltec/Schemas/ODD/eltec-2.xml", ELTEC_DOCS),
    ("eltec-2_strict", "eltec/Schemas/ODD/eltec-2_strict.xml", ELTEC_DOCS),
    ("eltec-x", "eltec/Schemas/ODD/eltec-x.xml", ELTEC_DOCS),
    ("eltec-repo", "eltec/Schemas/ODD/eltec-repo.xml", ELTEC_DOCS),
    ("eltec", "eltec/Schemas/ODD/eltec.xml", ELTEC_DOCS),
    ("dta-all", "dta/dtabf/schema/basisformat_all.odd", "dta/soldatenbriefe/data/*.xml"),
    ("dta", "dta/dtabf/schema/basisformat.odd", "dta/soldatenbriefe/data/*.xml"),
    ("dta-ms", "dta/dtabf/schema/basisformat_ms.odd", "dta/soldatenbriefe/data/*.xml"),
    ("epidoc", "epidoc/odd/tei-epidoc.xml", "epidoc/inscriptions/*.xml"),
    ("epidoc-latest", "epidoc/odd-latest/tei-epidoc.xml", "epidoc/inscriptions/*.xml"),
    ("tei-simple", "tei-simple/tei_simplePrint.odd", "@tei-foreign"),
]

COMPILE = ("import sys; from pathlib import Path; "
           "from teipipe.validation.oddc import compile_schemas; "
           "o = compile_schemas(Path(sys.argv[1]), Path(sys.argv[2])); "
           "Path(sys.argv[3]).write_bytes(o.rng)")


def documents(spec: str) -> list[Path]:
    if spec == "@tei-foreign":
        return sorted((ROOT / "tests" / "data" / "tei-foreign").glob("*.xml"))
    return sorted(p for pattern in spec.split() for p in PROJECTS.glob(pattern))


def jing(schema: Path, docs: list[Path], one_by_one: bool) -> dict[Path, list[str]]:
    """jing's normalised error lines per document."""
    found: dict[Path, list[str]] = {d: [] for d in docs}
    batches = [[d] for d in docs] if one_by_one else [docs]
    for batch in batches:
        out = subprocess.run(["jing", str(schema), *map(str, batch)], capture_output=True,
                             text=True, cwd=batch[0].parent)
        for line in (out.stdout + out.stderr).splitlines():
            m = re.match(r"^(.*?):(\d+:\d+: .*)$", line)
            if m and Path(m.group(1)) in found:
                found[Path(m.group(1))].append(normalise(m.group(2)))
            elif line.strip() and len(batch) == 1:
                found[batch[0]].append(normalise(line))
    return found


def normalise(line: str) -> str:
    m = re.match(r"(.*?invalid; )(must be .*)$", line)
    if not m:
        return line
    alternatives = re.split(r", must be | or must be ", m.group(2))
    return m.group(1) + " | ".join(sorted(a.removeprefix("must be ") for a in alternatives))


def variants(docs: list[Path], folder: Path, count: int) -> list[Path]:
    """As tests/test_oddc.py makes them (seeded, so the same every run)."""
    rng = random.Random(13)
    parser = etree.XMLParser(collect_ids=False, huge_tree=True)
    trees = [etree.parse(str(d), parser) for d in docs]
    made = []
    for i in range(count):
        tree = etree.ElementTree(etree.fromstring(etree.tostring(rng.choice(trees)), parser))
        elements = [e for e in tree.getroot().iter() if isinstance(e.tag, str)][1:]
        target = rng.choice(elements)
        kind = i % 5
        if kind == 0:
            q = etree.QName(target)
            target.tag = etree.QName(q.namespace, q.localname + "X").text
        elif kind == 1 and target.getparent() is not None:
            parent = target.getparent()
            parent.remove(target)
            parent.insert(0, target)
        elif kind == 2:
            target.set("wrongAttribute", "x")
        elif kind == 3:
            name = rng.choice(sorted(target.attrib) or ["type"])
            target.set(name, "?? not a value ??")
        elif kind == 4 and len(target):
            target.remove(rng.choice(list(target)))
        path = folder / f"variant-{i:03d}.xml"
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")
        made.append(path)
    return made


def run(name: str, odd: str, docs_spec: str, count: int, work: Path) -> dict:
    odd_path = PROJECTS / odd
    theirs, ours = work / f"{name}.oracle.rng", work / f"{name}.teipipe.rng"
    t0 = time.perf_counter()
    subprocess.run([str(ORACLE), str(odd_path), str(theirs), "--no-sch"], check=True,
                   capture_output=True)
    oracle_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", COMPILE, str(odd_path), str(P5), str(ours)],
                   check=True)
    ours_s = time.perf_counter() - t0
    docs = documents(docs_spec)
    broken = [line for d in docs[:1] for line in jing(theirs, [d], True)[d]
              if str(theirs) in line]
    if broken:  # the oracle's grammar does not load: nothing to compare with
        ours_ok = not any(str(ours) in line for d in docs for line in jing(ours, [d], True)[d])
        return {"name": name, "odd": odd, "docs": len(docs), "doc_same": 0, "valid": 0,
                "variants": 0, "var_same": 0, "oracle_s": oracle_s, "ours_s": ours_s,
                "differ": [f"oracle grammar does not load in jing: {broken[0]}; "
                           f"teipipe's loads: {ours_ok}"]}
    a, b = jing(theirs, docs, True), jing(ours, docs, True)
    doc_same = sum(a[d] == b[d] for d in docs)
    folder = work / f"{name}-variants"
    folder.mkdir()
    vs = variants(docs, folder, count)
    va, vb = jing(theirs, vs, False), jing(ours, vs, False)
    var_same = sum(va[v] == vb[v] for v in vs)
    differ = [str(d.name) for d in docs if a[d] != b[d]] + [v.name for v in vs if va[v] != vb[v]]
    return {"name": name, "odd": odd, "docs": len(docs), "doc_same": doc_same,
            "valid": sum(not a[d] for d in docs), "variants": len(vs), "var_same": var_same,
            "oracle_s": oracle_s, "ours_s": ours_s, "differ": differ[:5]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=200)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, odd, docs in CASES:
            if args.only and name not in args.only:
                continue
            row = run(name, odd, docs, args.variants, Path(tmp))
            rows.append(row)
            print(f"{name}: docs {row['doc_same']}/{row['docs']}, variants "
                  f"{row['var_same']}/{row['variants']}, oracle {row['oracle_s']:.1f} s, "
                  f"teipipe {row['ours_s']:.1f} s {row['differ'] or ''}", flush=True)
    lines = ["| ODD | documents (valid) | same verdict and errors | variants | same | "
             "oracle (s) | teipipe (s) | ratio |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| `{r['odd']}` | {r['docs']} ({r['valid']}) | {r['doc_same']}/{r['docs']} "
                     f"| {r['variants']} | {r['var_same']}/{r['variants']} | "
                     f"{r['oracle_s']:.1f} | {r['ours_s']:.1f} | "
                     f"{r['ours_s'] / r['oracle_s']:.2f} |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
