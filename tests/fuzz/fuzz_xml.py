"""Corpus-mutation fuzzing of the one door for XML: validate, transform --to html and --to text.

Committed TEI files are mutated (bytes flipped, tags deleted, duplicated or left open,
deep nesting, huge attributes, DOCTYPEs with entities pointing at a canary file and at a
loopback server, encoding declarations swapped or the file re-encoded, odd processing
instructions, undeclared prefixes) and each mutant is given to the three entry points in
this process. Every outcome must be one of: ok, refused (InputError or a well-formed
finding), invalid (other findings); anything else is a crash. No output may hold the
canary, and the loopback server must never be contacted. validate and transform must
agree on whether the document is refused.

    python tests/fuzz/fuzz_xml.py --cases 2000 [--seed 1] [--shared]

``--shared`` adds ``../shared/tei-foreign`` and ``../shared/frus-dev/gold`` to the corpus
(the long run only; tests never read ../shared). ``tests/test_fuzz_xml.py`` runs a short,
deterministic sample of the same.
"""

from __future__ import annotations

import argparse
import http.server
import random
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CANARY = "FUZZ-CANARY-91c2"
COMMITTED = ["tests/validation/*.xml", "tests/fixtures/*.xml", "tei/*.xml"]
SHARED = ["../shared/tei-foreign/*.xml", "../shared/frus-dev/gold/*.xml"]
SLOW = 10.0  # seconds: a case slower than this is counted


def corpus(shared: bool = False) -> list[Path]:
    patterns = COMMITTED + (SHARED if shared else [])
    return sorted(p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file())


class Listener:
    """A loopback HTTP server that counts requests (none may ever come)."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                hits.append(self.path)
                body = f'<!ENTITY x "{CANARY}">'.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# ------------------------------------------------------------------------------ mutators

def _tags(text: str) -> list[re.Match]:
    return list(re.finditer(r"</?[A-Za-z][^<>]*>", text))


def flip_bytes(rng: random.Random, data: bytes, ctx: dict) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def delete_tag(rng, data, ctx):
    text = data.decode("utf-8", "replace")
    tags = _tags(text)
    if not tags:
        return data
    m = rng.choice(tags)
    return (text[:m.start()] + text[m.end():]).encode("utf-8")


def duplicate_tag(rng, data, ctx):
    text = data.decode("utf-8", "replace")
    tags = _tags(text)
    if not tags:
        return data
    m = rng.choice(tags)
    return (text[:m.end()] + m.group() + text[m.end():]).encode("utf-8")


def unbalance(rng, data, ctx):
    text = data.decode("utf-8", "replace")
    ends = [m for m in _tags(text) if m.group().startswith("</")]
    if not ends:
        return data
    m = rng.choice(ends)
    opener = "<" + m.group()[2:]
    return (text[:m.start()] + opener + text[m.end():]).encode("utf-8")


def _into_p(text: str, inner: str) -> str:
    m = re.search(r"<p(\s[^>]*)?>", text)
    return text if m is None else text[:m.end()] + inner + text[m.end():]


def deep_nesting(rng, data, ctx):
    depth = rng.choice([50, 99, 150, 240, 251, 256, 257, 300, 5000])
    return _into_p(data.decode("utf-8", "replace"),
                   "<hi>" * depth + "x" + "</hi>" * depth).encode("utf-8")


def huge_attribute(rng, data, ctx):
    kind = rng.choice(["long", "many", "many-over"])
    if kind == "long":
        inner = f'<hi rend="{"r" * rng.choice([100_000, 10_000_001])}">x</hi>'
    else:
        n = 150 if kind == "many" else rng.choice([257, 1000])
        inner = "<hi " + " ".join(f'a{i}="v"' for i in range(n)) + ">x</hi>"
    return _into_p(data.decode("utf-8", "replace"), inner).encode("utf-8")


def many_escapes(rng, data, ctx):
    inner = "&lt;" * rng.choice([1000, 100_001, 300_000])
    return _into_p(data.decode("utf-8", "replace"), inner).encode("utf-8")


def _with_doctype(text: str, doctype: str, ref: str) -> str:
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text, count=1)
    m = re.search(r"<[A-Za-z]", text)
    start = m.start() if m else 0
    return _into_p(text[:start] + doctype + text[start:], ref)


def insert_doctype(rng, data, ctx):
    secret, url = ctx["secret"], ctx["url"]
    choices = [
        (f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret}">]>', "&x;"),
        (f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{Path(secret).as_uri()}">]>', "&x;"),
        ('<!DOCTYPE TEI [<!ENTITY x SYSTEM "../secret.txt">]>', "&x;"),
        (f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{url}/x">]>', "&x;"),
        (f'<!DOCTYPE TEI SYSTEM "{url}/e.dtd">', "&x;"),
        ('<!DOCTYPE TEI SYSTEM "../evil.dtd">', "&x;"),
        ('<!DOCTYPE TEI [<!ENTITY % p SYSTEM "../evil.dtd"> %p;]>', "&x;"),
        (f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>', "&x;"),
        ("<!DOCTYPE TEI [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>"
         "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;'>]>",
         "&d;"),
        ('<!DOCTYPE TEI SYSTEM "tei_all.dtd">', ""),
        ("<!DOCTYPE TEI [<!ELEMENT TEI ANY>]>", ""),
    ]
    doctype, ref = rng.choice(choices)
    return _with_doctype(data.decode("utf-8", "replace"), doctype, ref).encode("utf-8")


ENCODINGS = {"utf-16": "UTF-16", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE",
             "utf-32": "UTF-32", "cp037": "IBM037", "cp500": "IBM500", "latin-1": "ISO-8859-1",
             "utf-7": "UTF-7", "cp1252": "windows-1252"}


def swap_encoding(rng, data, ctx):
    """Either declare another encoding over the same bytes, or re-encode and declare it
    (sometimes with a DOCTYPE hidden inside)."""
    text = data.decode("utf-8", "replace")
    text = re.sub(r"^\ufeff?<\?xml[^>]*\?>", "", text).lstrip()
    codec = rng.choice(list(ENCODINGS))
    if rng.random() < 0.5:
        text = _with_doctype(text, f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{ctx["secret"]}">]>',
                             "&x;")
    declared = f'<?xml version="1.0" encoding="{ENCODINGS[codec]}"?>\n' + text
    if rng.random() < 0.3:
        return declared.encode("utf-8")  # a lie: the bytes stay UTF-8
    return declared.encode(codec, "replace")


def odd_markup(rng, data, ctx):
    text = data.decode("utf-8", "replace")
    inner = rng.choice([
        "<?xml-foo bar?>", f'<?xml-stylesheet href="{ctx["url"]}/s.xsl"?>',
        f'<?xml-model href="{ctx["url"]}/m.rng"?>', "<x:hi>y</x:hi><?xml-foo?>",
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="../secret.txt" '
        'parse="text"/>',
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{ctx["url"]}/i.xml"/>',
        '<ref target="java&#x09;script:alert(1)">x</ref>',
        '<graphic url="data:image/svg+xml,&lt;svg/>"/>', "<![CDATA[]]>", "&#0;", "&#xD800;",
    ])
    if rng.random() < 0.5:
        return (text + inner).encode("utf-8")
    return _into_p(text, inner).encode("utf-8")


MUTATORS = [flip_bytes, delete_tag, duplicate_tag, unbalance, deep_nesting, huge_attribute,
            many_escapes, insert_doctype, swap_encoding, odd_markup]


def mutants(files: list[Path], cases: int, seed: int, ctx: dict):
    """``cases`` (name, bytes) pairs, the same for the same seed and corpus."""
    rng = random.Random(seed)
    sources = [(p, p.read_bytes()) for p in files]
    for i in range(cases):  # every mutator in turn, each over the files in turn
        path, data = sources[(i // len(MUTATORS)) % len(sources)]
        mutate = MUTATORS[i % len(MUTATORS)]
        for _ in range(1 if rng.random() < 0.8 else 2):
            data = mutate(rng, data, ctx)
        yield f"{i:05d}-{mutate.__name__}-{path.stem}", data


# ------------------------------------------------------------------------------- running

@dataclass
class Tally:
    counts: Counter = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def run_one(name: str, path: Path, transformers: dict, tally: Tally) -> None:
    from teipipe.diagnostics import InputError
    from teipipe.validate import validate_paths

    refused = {}
    for entry in ("validate", "html", "text"):
        start = time.monotonic()
        produced = ""
        try:
            if entry == "validate":
                report = validate_paths([path])[0]
                produced = "\n".join(str(f) for f in report.findings)
                if any(f.check == "well-formed" for f in report.findings):
                    outcome = "refused"
                else:
                    outcome = "ok" if report.valid else "invalid"
            else:
                produced = transformers[entry].render(path)
                outcome = "ok"
        except InputError as exc:
            produced = "\n".join(str(d) for d in exc.diagnostics)
            outcome = "refused"
            if any("\n" in d.message for d in exc.diagnostics):
                tally.crashes.append(f"{name} {entry}: a message of several lines")
        except Exception as exc:  # noqa: BLE001 - what the fuzzer is for
            outcome = "crash"
            tally.crashes.append(f"{name} {entry}: {type(exc).__name__}: {str(exc)[:200]}")
        took = time.monotonic() - start
        if took > SLOW:
            tally.slow.append(f"{name} {entry}: {took:.1f} s")
        if CANARY in produced:
            tally.leaks.append(f"{name} {entry}")
        if entry == "html" and re.search(r'(?:href|src)="\s*(?:javascript|data|vbscript):',
                                         produced, re.I):
            tally.leaks.append(f"{name} {entry}: a dangerous URL")
        tally.counts[(entry, outcome)] += 1
        refused[entry] = outcome == "refused"
    if len(set(refused.values())) > 1:
        said = sorted(k for k, v in refused.items() if v)
        tally.disagreements.append(f"{name}: refused by {said} only")


def fuzz(cases: int, seed: int = 1, shared: bool = False, keep: Path | None = None,
         files: list[Path] | None = None) -> tuple[Tally, int]:
    """Run ``cases`` mutants; returns the tally and how many requests the listener got."""
    from teipipe.transform import Options, Transformer

    listener = Listener()
    transformers = {to: Transformer(Options(to=to)) for to in ("html", "text")}
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="teipipe-fuzz-") as tmp:
        base = Path(tmp)
        secret = base / "secret.txt"
        secret.write_text(CANARY)
        (base / "evil.dtd").write_text(f'<!ENTITY x "{CANARY}">')
        docs = keep or base / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        ctx = {"secret": str(secret), "url": listener.url}
        for name, data in mutants(files or corpus(shared), cases, seed, ctx):
            path = docs / f"{name}.xml"
            path.write_bytes(data)
            run_one(name, path, transformers, tally)
            if keep is None:
                path.unlink()
    listener.close()
    return tally, len(listener.hits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shared", action="store_true",
                        help="also mutate ../shared/tei-foreign and ../shared/frus-dev/gold")
    parser.add_argument("--keep", type=Path, help="keep the mutants in this folder")
    args = parser.parse_args(argv)
    start = time.monotonic()
    tally, hits = fuzz(args.cases, args.seed, args.shared, args.keep)
    print(f"{args.cases} mutants x 3 entry points in {time.monotonic() - start:.0f} s "
          f"(seed {args.seed}, corpus of {len(corpus(args.shared))} files)")
    for entry in ("validate", "html", "text"):
        row = {o: tally.counts[(entry, o)] for o in ("ok", "refused", "invalid", "crash")}
        print(f"  {entry:9} " + "  ".join(f"{k} {v}" for k, v in row.items()))
    print(f"  slower than {SLOW:.0f} s: {len(tally.slow)}; canary or dangerous URL in output: "
          f"{len(tally.leaks)}; loopback requests: {hits}; validate/transform disagree on "
          f"refusal: {len(tally.disagreements)}")
    for line in (tally.crashes + tally.slow + tally.leaks + tally.disagreements)[:50]:
        print("   ", line)
    bad = tally.crashes or tally.leaks or hits or tally.disagreements
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
