"""Worst-case inputs for the encoder: time to encode (or refuse) each, one run each.

    python benchmarks/encode_worst.py [--mb 1.0]

The shapes that once took quadratic time (issue #10): a line of thousands of capitalised
words, a long run of digits, a megabyte on one line (plain words, capitalised words,
citations in a note), and a megabyte of ordinary paragraphs made from the committed
letter. Reads only this repository. Timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _name(i: int) -> str:
    return "Aa" + "".join(chr(97 + (i // 26 ** k) % 26) for k in range(4))


def cases(size: int) -> dict[str, str]:
    """name → document text, each about ``size`` characters where it says MB."""
    head = "1. Letter From A to B\n\n"
    note = "1. Letter From A to B1\n\nText.\n  1. Source: "
    words = size // 7
    letter = (REPO / "sources" / "frus1977-80v06-d1.txt").read_text(encoding="utf-8")
    body = letter.split("\n  1. ")[0]  # the letter without its notes list
    paragraphs = re.sub(r"(?<=[^\d\s])\d{1,2}(?=[\s,.;:)”’]|$)", "", body)  # markers out
    paragraphs = re.sub(r"\[Page [^\]]*\]\n*", "", paragraphs.split("\n\n", 1)[1])
    return {
        "4,000 capitalised words, one line": head + " ".join(map(_name, range(4000))) + "\n",
        "digit run (MB)": head + "7" * size + "\n",
        "digit run ending in a letter (MB)": head + "7" * size + "x\n",
        "one line of plain words (MB)": head + "word " * (size // 5) + "\n",
        "one line of capitalised words (MB)": head + " ".join(map(_name, range(words))) + "\n",
        "one line of 'Secretary Name' (MB)": head + " ".join(
            ("Secretary", _name(i))[i % 2] for i in range(size // 8)) + "\n",
        "one note of book citations (MB)": note + " ".join(
            f"{_name(i)}, p. {i % 90 + 1}." for i in range(size // 16)) + "\n",
        "paragraphs of the letter (MB)": head + "\n\n".join(
            [paragraphs] * max(1, size // len(paragraphs))) + "\n",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the MB cases")
    args = parser.parse_args()
    from teipipe.diagnostics import InputError
    from teipipe.encode import encode_text

    for name, text in cases(int(args.mb * 1_000_000)).items():
        start = time.perf_counter()
        try:
            encode_text(text, "worst.txt")
            outcome = "encoded"
        except InputError as error:
            outcome = "refused: " + error.diagnostics[0].message[:60]
        seconds = time.perf_counter() - start
        print(f"{name:40} {len(text) / 1e6:6.2f} MB {seconds:7.2f} s  {outcome}", flush=True)


if __name__ == "__main__":
    main()
