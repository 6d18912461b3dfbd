"""How closely `teipipe encode --profile frus` agrees with the Office of the Historian's TEI.

For every dev document with gold, encode its text with the FRUS profile (with the
volume's persons list where tests/data/frus-dev/gold/persons/ has it), then compare the
two document divs element by element (pipeline/exchange/compare.py): same element, same
parent, same meaningful attributes, starting at the same (aligned) word. Prints one line
per document and a table per element name.

    python benchmarks/frus_profile.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from teipipe.encode import encode_file  # noqa: E402
from teipipe.exchange.compare import TYPOGRAPHY, Agreement, compare, document_div  # noqa: E402
from teipipe.xmlio import safe_parser  # noqa: E402

DEV = ROOT / "tests" / "data" / "frus-dev"


def agreement_on_dev(out_dir: Path) -> tuple[Agreement, list[tuple[str, Agreement]]]:
    total = Agreement()
    per_document = []
    for gold in sorted((DEV / "gold").glob("*.xml")):
        source = DEV / "input" / f"{gold.stem}.txt"
        volume = gold.stem.split("_")[0]
        persons = DEV / "gold" / "persons" / f"{volume}.xml"
        out = out_dir / f"{gold.stem}.xml"
        encode_file(source, out, persons if persons.exists() else None, profile="frus")
        ours = document_div(etree.parse(str(out), safe_parser()).getroot())
        theirs = document_div(etree.parse(str(gold), safe_parser()).getroot())
        result = compare(theirs, ours)
        total.add(result)
        per_document.append((gold.stem, result))
    return total, per_document


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        total, per_document = agreement_on_dev(Path(tmp))
    print(f"{'document':26} {'P':>6} {'R':>6} {'F1':>6}")
    for name, result in per_document:
        p, r, f = result.scores()
        print(f"{name:26} {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"\n{'element':12} {'gold':>5} {'ours':>5} {'agree':>6}")
    for name in sorted(set(total.reference) | set(total.candidate)):
        mark = " (typography, not counted)" if name in TYPOGRAPHY else ""
        print(f"{name:12} {total.reference[name]:5} {total.candidate[name]:5} "
              f"{total.matched[name]:6}{mark}")
    p, r, f = total.scores()
    print(f"\nall elements but typography, {len(per_document)} documents: "
          f"P={p:.3f} R={r:.3f} F1={f:.3f}")


if __name__ == "__main__":
    main()
