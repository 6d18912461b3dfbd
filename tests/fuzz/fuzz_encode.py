"""Long fuzz run of the encoder: mutated real FRUS texts, counted by outcome.

    python tests/fuzz/fuzz_encode.py [--cases 10000] [--seed 1] [--corpus DIR …]

Reads the real inputs (by default ``sources/*.txt`` of this repository and
``../shared/frus-dev/input/*.txt`` beside it, if present: a long run may read the shared
sample, the test suite never does), and for each case applies one to five random edits
— bytes flipped, inserted or deleted, lines dropped, repeated or swapped, footnote and
page markers inserted in odd forms, pieces that once broke the encoder, splices from
another file, very long lines — then decodes the bytes and encodes the text, as
``teipipe encode`` does. Reports how many cases gave a tree, an InputError, an internal
error or another exception (with the first tracebacks of each kind), and which took
over ``--slow`` seconds; a case over ``--limit`` seconds is stopped and counted as a hang.
Exit status 1 if any case crashed or hung. Same seed, same cases.
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))  # tests/, for the shared hostile pieces

from strategies import HOSTILE_PIECES  # noqa: E402

from teipipe.diagnostics import InputError  # noqa: E402
from teipipe.encode import encode_text  # noqa: E402
from teipipe.reader import decode  # noqa: E402

DEFAULT_CORPORA = [REPO / "sources", REPO.parent / "shared" / "frus-dev" / "input"]
PAGE_FORMS = ["{n}", "0{n}", "{n},{m}", "{n}\u2013{m}", "\u00b2", "\u0661", "x{n}", "{n}a",
              "{n}]", "{big}", "-{n}", "{n}.5"]


class Hang(Exception):
    """A case ran past the limit."""


def _alarm(signum, frame):  # pragma: no cover - only in long runs
    raise Hang


def mutate(data: bytes, rng: random.Random, corpus: list[bytes]) -> bytes:
    """One to five random edits of a document's bytes."""
    for _ in range(rng.randint(1, 5)):
        kind = rng.choice(["flip", "insert-byte", "delete", "line-drop", "line-repeat",
                           "line-swap", "marker", "page", "piece", "piece", "splice",
                           "blank-start", "long-line", "note-gap", "number", "number",
                           "unicode"])
        at = rng.randint(0, len(data))
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << rng.randint(0, 7))]) + data[at + 1:]
        elif kind == "insert-byte":
            data = data[:at] + bytes([rng.randint(0, 255)]) + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + rng.randint(1, 50):]
        elif kind.startswith("line") or kind == "note-gap":
            lines = data.split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if kind == "line-drop":
                del lines[i]
            elif kind == "note-gap":
                numbered = [k for k, line in enumerate(lines) if line.startswith(b"  ")]
                if numbered:
                    del lines[rng.choice(numbered)]
            elif kind == "line-repeat":
                lines[i:i] = [lines[i]] * rng.randint(1, 3)
            elif kind == "line-swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:  # long-line: one line repeated into a very long one
                lines[i] = b" ".join([lines[i] or b"Aaron"] * rng.randint(10, 400))
            data = b"\n".join(lines)
        elif kind == "marker":
            number = rng.choice([str(rng.randint(0, 120)), "0" + str(rng.randint(0, 9)),
                                 "\u00b9", "\u0662", str(rng.randint(100, 99999))])
            data = data[:at] + number.encode() + data[at:]
        elif kind == "page":
            form = rng.choice(PAGE_FORMS).format(n=rng.randint(0, 999), m=rng.randint(0, 999),
                                                 big="9" * rng.randint(5, 5000))
            piece = rng.choice(["[Page {}]", "\n\n[Page {}]\n\n", "[Page {}]\n1\n"]).format(form)
            data = data[:at] + piece.encode() + data[at:]
        elif kind == "piece":
            piece = rng.choice(HOSTILE_PIECES)
            data = data[:at] + piece.encode("utf-8", "surrogatepass") + data[at:]
        elif kind == "splice":
            other = rng.choice(corpus)
            start = rng.randint(0, len(other))
            data = data[:at] + other[start:start + rng.randint(1, 2000)] + data[at:]
        elif kind == "number":  # a number of the text (marker, page, note, date) reshaped
            runs = [m.span() for m in re.finditer(rb"[0-9]+", data)]
            if runs:
                start, end = rng.choice(runs)
                number = rng.choice(["0" + data[start:end].decode(), "\u00b2", "\u0661\u0662",
                                     "9" * rng.randint(5, 5000), "", "0", "1",
                                     str(int(data[start:end][:9]) + rng.choice([-1, 1, 2]))])
                data = data[:start] + number.encode() + data[end:]
        elif kind == "unicode":  # any code point, noncharacters and surrogates included
            char = chr(rng.choice([rng.randint(0, 0x10FFFF), rng.randint(0, 0x3000),
                                   rng.choice([0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFE, 0xD800,
                                               0x200E, 0x202E, 0x0301, 0x2028, 0x85])]))
            data = data[:at] + char.encode("utf-8", "surrogatepass") + data[at:]
        elif kind == "blank-start":
            data = b"\n" * rng.randint(1, 3) + data
    return data


def run_case(data: bytes, name: str) -> str:
    """'ok', 'input', or 'internal' (raises anything else)."""
    try:
        text, _ = decode(data, name)
        encode_text(text, name)
    except InputError as error:
        if any(d.check == "internal" for d in error.diagnostics):
            return "internal"
        return "input"
    return "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, action="append",
                        help="folder of .txt inputs (default: sources/ and "
                        "../shared/frus-dev/input/)")
    parser.add_argument("--slow", type=float, default=10.0, help="report cases over this (s)")
    parser.add_argument("--limit", type=float, default=60.0, help="stop a case after this (s)")
    parser.add_argument("--keep", type=Path, help="write each crashing or slow case here")
    parser.add_argument("--show", type=int, default=3, help="tracebacks shown per kind")
    args = parser.parse_args(argv)

    folders = args.corpus or [d for d in DEFAULT_CORPORA if d.is_dir()]
    files = sorted(p for d in folders for p in d.glob("*.txt"))
    if not files:
        parser.error("no .txt inputs found")
    corpus = [p.read_bytes() for p in files]
    print(f"{len(files)} inputs from {', '.join(map(str, folders))}; {args.cases} cases, "
          f"seed {args.seed}", flush=True)
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    crashes: dict[str, list[str]] = {}
    slow: list[tuple[float, int]] = []
    signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    worst = (0.0, -1)
    for case in range(args.cases):
        source = rng.randrange(len(files))
        data = mutate(corpus[source], rng, corpus)
        name = f"case{case}-{files[source].name}"
        begin = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args.limit)
        try:
            outcome = run_case(data, name)
        except Hang:
            outcome = "hang"
        except Exception as exc:  # noqa: BLE001 - counting them is the point
            outcome = "crash"
            where = traceback.extract_tb(exc.__traceback__)[-1]
            kind = f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"
            shown = crashes.setdefault(kind, [])
            if len(shown) < args.show:
                shown.append(f"case {case} ({files[source].name}):\n" + traceback.format_exc())
            else:
                shown.append("")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - begin
        worst = max(worst, (seconds, case))
        counts[outcome] += 1
        if seconds > args.slow:
            slow.append((seconds, case))
        if args.keep and (outcome in ("crash", "hang", "internal") or seconds > args.slow):
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"{name}.{outcome}.txt").write_bytes(data)
        if (case + 1) % 500 == 0:
            print(f"  {case + 1} cases, {dict(counts)}, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
    elapsed = time.perf_counter() - started
    print(f"\n{args.cases} cases in {elapsed:.0f} s: ok {counts['ok']}, InputError "
          f"{counts['input']}, internal error {counts['internal']}, other exception "
          f"{counts['crash']}, hang (> {args.limit:g} s) {counts['hang']}; "
          f"over {args.slow:g} s: {len(slow)}; slowest case {worst[1]} ({worst[0]:.2f} s)")
    for kind, shown in crashes.items():
        print(f"\n== {kind}: {len(shown)} cases")
        for text in shown[: args.show]:
            print(text)
    for seconds, case in sorted(slow, reverse=True)[:10]:
        print(f"slow: case {case}: {seconds:.1f} s")
    return 1 if counts["crash"] or counts["hang"] or counts["internal"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
