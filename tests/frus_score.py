#!/usr/bin/env python3
# The FRUS development sample's scorer, copied byte for byte from score.py beside the
# sample (the folder tests/data/frus-dev/ comes from; see tests/data/README.md), with only
# these comment lines added. Kept as written so scores stay the sample's own; tests import
# it as ``frus_score`` (pytest puts tests/ on sys.path).
# ruff: noqa: E501, B023, SIM102, UP031
"""Score a candidate TEI encoding of one FRUS plain-text document.

Self-contained: Python 3 standard library + lxml.

Usage:
    python3 score.py --input INPUT.txt --candidate CANDIDATE.xml [--gold GOLD.xml]
                     [--tolerance 0] [--max-list 200]

Prints one JSON object with four parts:
  text      word-level fidelity of the candidate's text (teiHeader and notes
            excluded) against the input body with page/footnote markers removed
  pages     for each "[Page N]" in the input: is there a <pb n="N"/> at the
            same word position (+/- tolerance words) in the candidate
  notes     for each footnote marker in the input: is there a <note n="N"> (or
            a ref/anchor pointing to such a note) at the same word position,
            and how similar its text is to the input note text
  persName  precision/recall/F1 of candidate <persName> (surface + word
            position) against the gold <persName> elements (only with --gold)

Input text format (as copied from history.state.gov): heading line, paragraphs,
"[Page N]" markers (inline or on their own line), footnote markers glued to
words ("you2", "Tula,3", "Brezhnev1", "Khrushchev 0"), and the notes at the end
as lines "  N. text".  The older "- text↩" note style is accepted as well.

Footnote marker numbers are taken from the text, not from the list: in
1961-1963 volumes the first marker is 0 (list item 1 belongs to marker 0); in
pre-1950 volumes markers carry volume-wide numbers (e.g. 58) while the list
restarts at 1.  The marker sequence is located as consecutive integers
s, s+1, ... (one per note in the list), searched left to right.
"""
import argparse
import difflib
import json
import re
import sys
import unicodedata

try:
    from lxml import etree
except ImportError:  # pragma: no cover
    sys.exit("score.py needs lxml (pip install lxml)")

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# --------------------------------------------------------------------------
# normalisation helpers
# --------------------------------------------------------------------------
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
           "\u2032": "'", "\u2033": '"', "\u00b4": "'", "`": "'"}
_DASHES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
           "\u2014": "-", "\u2015": "-", "\u2212": "-"}


def norm_chars(s):
    s = unicodedata.normalize("NFKC", s)
    out = []
    for ch in s:
        if ch in _QUOTES:
            out.append(_QUOTES[ch])
        elif ch in _DASHES:
            out.append(_DASHES[ch])
        elif ch in "\u200b\u200c\u200d\ufeff\u00ad":
            continue
        else:
            out.append(ch)
    return "".join(out)


def strict_key(w):
    return norm_chars(w)


def loose_key(w):
    w = norm_chars(w).lower()
    w = re.sub(r"^[\W_]+|[\W_]+$", "", w)
    return w or "\u2205"


def tokens_with_spans(s):
    return [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", s)]


def word_pos(spans, offset):
    """Number of tokens ending at or before a character offset (a boundary)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][2] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def ratio(a, b):
    a, b = norm_chars(a).split(), norm_chars(b).split()
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# --------------------------------------------------------------------------
# input text parsing
# --------------------------------------------------------------------------
NOTE_LINE = re.compile(r"^  (\d+)\. (.*)$")
ARROW_NOTE = re.compile(r"^- (.*)\u21a9\s*$")
PAGE_RE = re.compile(r"\[Page ([^\]\s]+)\]")


def split_notes(text):
    """Return (body_lines, notes, style). notes = list of (list_number, text)."""
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    notes = []
    i = len(lines)
    style = "none"
    # "  N. text" style (notes may be preceded by blank lines)
    j = i
    tmp = []
    while j > 0 and NOTE_LINE.match(lines[j - 1]):
        m = NOTE_LINE.match(lines[j - 1])
        tmp.append((int(m.group(1)), m.group(2)))
        j -= 1
    if tmp:
        tmp.reverse()
        nums = [n for n, _ in tmp]
        if nums == list(range(1, len(nums) + 1)):
            notes, i, style = tmp, j, "list"
    if style == "none":
        j = i
        tmp = []
        while j > 0 and ARROW_NOTE.match(lines[j - 1]):
            tmp.append(ARROW_NOTE.match(lines[j - 1]).group(1))
            j -= 1
        if tmp:
            tmp.reverse()
            notes = [(k + 1, t) for k, t in enumerate(tmp)]
            i, style = j, "arrow"
    return lines[:i], notes, style


def _candidates(body):
    """Possible footnote markers: (start, end, value, kind)."""
    out = []
    for m in re.finditer(r"\S+", body):
        tok, st = m.group(0), m.start()
        # digits glued to a preceding non-digit: "you2", "Tula,3", "(Daniels)9", "1963.1"
        g = re.search(r"(?<=[^\d\s])(\d{1,3})$", tok)
        if g:
            out.append((st + g.start(1), st + g.end(1), int(g.group(1)), "glued"))
        # stand-alone small number ending a line: "Brezhnev 1", "Soviet Union 0"
        if re.fullmatch(r"\d{1,2}", tok):
            line_end = body.find("\n", st)
            rest = body[st + len(tok): line_end if line_end >= 0 else len(body)]
            if not rest.strip():
                out.append((st, st + len(tok), int(tok), "spaced"))
        # marker glued to another number: "April 62" (April 6 + note 2)
        g2 = re.search(r"(\d+)$", tok)
        if g2 and len(g2.group(1)) >= 2:
            digits = g2.group(1)
            base = st + g2.start(1)
            for k in range(1, min(3, len(digits))):
                out.append((base + len(digits) - k, base + len(digits), int(digits[-k:]), "digit-suffix"))
    return out


def find_markers(body, n_notes, overrides=None):
    """Locate n_notes consecutive marker values s..s+n-1 in reading order.

    Returns (markers, start_value) where markers is a list of dicts
    {value, start, end, kind}.  'overrides' may be {"start": s} to force the
    first marker value, or a list of explicit {value, start, end, kind} spans.
    """
    force = None
    if isinstance(overrides, dict):
        force = overrides.get("start")
    elif overrides is not None:
        return overrides, (overrides[0]["value"] if overrides else None)
    if n_notes == 0:
        return [], None
    cands = sorted(_candidates(body), key=lambda c: (c[0], -c[1]))
    pref = {"glued": 0, "spaced": 0, "digit-suffix": 1}
    starts = []
    for c in cands:
        if c[2] not in starts:
            starts.append(c[2])
    order = sorted(starts, key=lambda v: (0 if v in (0, 1) else 1, v))
    if force is not None:
        order = [force]
    best = None
    for s in order:
        pos = -1
        seq = []
        ok = True
        for k in range(n_notes):
            want = s + k
            # first candidate after pos with value want; prefer glued over digit-suffix
            hits = [c for c in cands if c[0] > pos and c[2] == want]
            if not hits:
                ok = False
                break
            first = min(hits, key=lambda c: (c[0], pref[c[3]]))
            # if a 'glued' hit exists not much later, prefer the earliest anyway
            seq.append(first)
            pos = first[1] - 1
        if ok:
            cost = sum(pref[c[3]] for c in seq)
            if best is None or cost < best[0]:
                best = (cost, s, seq)
                if cost == 0:
                    break
    if best is None:
        return [], None
    return ([{"value": c[2], "start": c[0], "end": c[1], "kind": c[3]} for c in best[2]], best[1])


def parse_input(text, marker_overrides=None):
    """Parse an input document.

    Returns dict with: plain (marker-free body string), spans (tokens),
    pages [{n, offset, pos}], markers [{value, list_number, note_text, offset, pos}],
    notes [(n, text)], style, paragraphs.
    """
    text = text.replace("\r\n", "\n")
    body_lines, notes, style = split_notes(text)
    body = "\n".join(body_lines)
    markers, start = find_markers(body, len(notes), marker_overrides)
    # remove markers and page tags, remembering offsets in the output string
    events = []  # (orig_start, orig_end, kind, payload)
    for mk in markers:
        events.append((mk["start"], mk["end"], "note", mk))
    for m in PAGE_RE.finditer(body):
        events.append((m.start(), m.end(), "page", m.group(1)))
    events.sort()
    out = []
    cur = 0
    pages, mks = [], []
    for st, en, kind, payload in events:
        if st < cur:
            continue
        out.append(body[cur:st])
        sofar = "".join(out)
        if kind == "page":
            # collapse surrounding whitespace to one separator
            before_ws = sofar[-1:].isspace() if sofar else True
            j = en
            after_ws = j >= len(body) or body[j].isspace()
            if before_ws and after_ws:
                # drop following horizontal spaces to avoid double spaces
                while j < len(body) and body[j] == " ":
                    j += 1
            offset = len(sofar)
            pages.append({"n": payload, "offset": offset})
            cur = j
        else:
            offset = len(sofar)
            mks.append(dict(payload, offset=offset))
            cur = en
    out.append(body[cur:])
    plain = "".join(out)
    spans = tokens_with_spans(plain)
    for p in pages:
        p["pos"] = word_pos(spans, p["offset"])
    note_list = dict(notes)
    result_markers = []
    for k, mk in enumerate(mks):
        list_no = k + 1
        result_markers.append({
            "value": mk["value"], "list_number": list_no,
            "note_text": note_list.get(list_no, ""),
            "kind": mk["kind"], "offset": mk["offset"],
            "pos": word_pos(spans, mk["offset"]),
        })
    paragraphs = [p for p in re.split(r"\n\s*\n", plain) if p.strip()]
    return {"plain": plain, "spans": spans, "pages": pages,
            "markers": result_markers, "notes": notes, "style": style,
            "marker_start": start, "paragraphs": len(paragraphs)}


# --------------------------------------------------------------------------
# TEI candidate / gold flattening
# --------------------------------------------------------------------------
NOTE_CONTAINERS = {"back", "noteGrp", "listNote"}


def lname(el):
    if not isinstance(el.tag, str):
        return None
    return etree.QName(el).localname


def load_xml(path):
    parser = etree.XMLParser(recover=True, remove_comments=True, remove_pis=True,
                             huge_tree=True, resolve_entities=False)
    tree = etree.parse(path, parser)
    return tree.getroot()


def _in_notes_container(el):
    for anc in el.iterancestors():
        ln = lname(anc)
        if ln in NOTE_CONTAINERS:
            return True
        if ln == "div" and (anc.get("type") or "").lower() in ("notes", "footnotes", "endnotes"):
            return True
    return False


def _ids(el):
    return el.get(XML_ID) or el.get("id")


def _pointers(el):
    out = []
    for att in ("target", "corresp", "ref", "sameAs", "facs_note"):
        v = el.get(att)
        if v:
            out.extend(x.lstrip("#") for x in v.split() if x.startswith("#"))
    return out


def _itertext(el):
    return "".join(el.itertext())


BLOCKS = {"p", "head", "item", "dateline", "salute", "signed", "closer", "opener",
          "row", "cell", "label", "lg", "l", "ab", "div", "list", "quote", "byline",
          "docDate", "trailer", "table", "postscript", "epigraph", "argument", "sp",
          "speaker", "castList", "listBibl", "titlePart", "docTitle", "front",
          "body", "text", "TEI", "figure", "figDesc", "listPerson", "person"}


def flatten(root):
    """Walk a TEI tree in document order.

    Returns dict: plain (running text without teiHeader, note bodies and
    note-anchor labels), spans, pbs [{n, pos}], notes [{n, text, pos, inline}],
    persnames [{text, pos, end, in_note}].
    A note's position is where it stands in the text flow, or, for notes kept
    in a notes container (<back>, <div type="notes">, <noteGrp>, <listNote>)
    or pointed to from the text, the position of the element that points to it
    (ref/anchor/ptr with @target/@corresp="#id", or an <anchor xml:id> named by
    the note's @target/@corresp).
    """
    for hdr in list(root.iter("{%s}teiHeader" % TEI_NS, "teiHeader")):
        hdr.getparent().remove(hdr)
    # keep every element proxy alive so that id() is stable for this walk
    keep_alive = list(root.iter())
    all_notes = [el for el in keep_alive if lname(el) == "note"]
    id_index = {}
    for el in keep_alive:
        if isinstance(el.tag, str) and _ids(el):
            id_index[_ids(el)] = el
    note_for_anchor, anchored = {}, set()
    for el in keep_alive:
        if not isinstance(el.tag, str) or lname(el) == "note":
            continue
        for p in _pointers(el):
            tgt = id_index.get(p)
            if tgt is not None and lname(tgt) == "note" and id(tgt) not in anchored:
                note_for_anchor[id(el)] = tgt
                anchored.add(id(tgt))
    for nt in all_notes:
        if id(nt) in anchored:
            continue
        for p in _pointers(nt):
            tgt = id_index.get(p)
            if tgt is not None and lname(tgt) != "note" and id(tgt) not in note_for_anchor:
                note_for_anchor[id(tgt)] = nt
                anchored.add(id(nt))
                break

    parts, length = [], [0]
    pbs, pers, note_pos = [], [], {}

    def emit(s):
        if s:
            parts.append(s)
            length[0] += len(s)

    def is_label(el):
        t = _itertext(el).strip()
        return t == "" or bool(re.fullmatch(r"[\[\(]?\d{1,3}[\]\)]?\*?", t))

    def walk(el):
        ln = lname(el)
        if ln is None:                      # comment / PI
            emit(el.tail or "")
            return
        if ln == "note":
            if id(el) not in anchored and not _in_notes_container(el):
                note_pos[id(el)] = length[0]
            emit(el.tail or "")
            return
        if ln in NOTE_CONTAINERS or (ln == "div" and (el.get("type") or "").lower()
                                     in ("notes", "footnotes", "endnotes")):
            emit(el.tail or "")
            return
        if id(el) in note_for_anchor:
            note_pos[id(note_for_anchor[id(el)])] = length[0]
            if is_label(el):
                emit(el.tail or "")
                return
        if ln == "pb":
            pbs.append({"n": el.get("n"), "offset": length[0]})
        if ln == "lb" or ln in BLOCKS:
            emit(" ")
        start = length[0]
        emit(el.text or "")
        for ch in el:
            walk(ch)
        if ln == "persName":
            pers.append((start, length[0], el))
        if ln in BLOCKS:
            emit(" ")
        emit(el.tail or "")

    walk(root)
    plain = "".join(parts)
    spans = tokens_with_spans(plain)
    for pb in pbs:
        pb["pos"] = word_pos(spans, pb.pop("offset"))
    notes_out = []
    for nt in all_notes:
        pos = word_pos(spans, note_pos[id(nt)]) if id(nt) in note_pos else None
        notes_out.append({"n": nt.get("n"), "text": " ".join(_itertext(nt).split()),
                          "pos": pos, "inline": id(nt) not in anchored, "el": nt})
    pers_out = [{"text": " ".join(_itertext(el).split()), "pos": word_pos(spans, s),
                 "end": word_pos(spans, e), "in_note": False} for s, e, el in pers]
    for nt in notes_out:
        for el in nt["el"].iter():
            if lname(el) == "persName":
                pers_out.append({"text": " ".join(_itertext(el).split()), "pos": None,
                                 "end": None, "in_note": True})
    return {"plain": plain, "spans": spans, "pbs": pbs, "notes": notes_out,
            "persnames": pers_out}


# --------------------------------------------------------------------------
# alignment
# --------------------------------------------------------------------------
class Alignment:
    """Maps word boundaries of sequence A (input) to sequence B (candidate)."""

    def __init__(self, a_words, b_words, key=loose_key):
        self.a = [key(w) for w in a_words]
        self.b = [key(w) for w in b_words]
        self.sm = difflib.SequenceMatcher(None, self.a, self.b, autojunk=False)
        self.blocks = self.sm.get_matching_blocks()

    def map_boundary(self, pa):
        """Boundary before A-word pa -> boundary in B (None if not anchored)."""
        for i, j, n in self.blocks:
            if n and i <= pa <= i + n:
                return j + (pa - i)
        # not inside a block: use the nearest block end before pa
        prev = None
        for i, j, n in self.blocks:
            if i + n <= pa and n:
                prev = j + n
        return prev

    def map_back(self, pb):
        for i, j, n in self.blocks:
            if n and j <= pb <= j + n:
                return i + (pb - j)
        prev = None
        for i, j, n in self.blocks:
            if j + n <= pb and n:
                prev = i + n
        return prev


def text_fidelity(in_words, cand_words, max_list):
    a_s = [strict_key(w) for w in in_words]
    b_s = [strict_key(w) for w in cand_words]
    sm = difflib.SequenceMatcher(None, a_s, b_s, autojunk=False)
    lost, added = [], []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag in ("delete", "replace"):
            lost.append({"at": i1, "words": " ".join(in_words[i1:i2])})
        if tag in ("insert", "replace"):
            added.append({"at_input": i1, "words": " ".join(cand_words[j1:j2])})
    loose = difflib.SequenceMatcher(None, [loose_key(w) for w in in_words],
                                    [loose_key(w) for w in cand_words], autojunk=False)
    n_lost = sum(len(x["words"].split()) for x in lost)
    n_added = sum(len(x["words"].split()) for x in added)
    return {
        "input_words": len(in_words), "candidate_words": len(cand_words),
        "ratio_strict": round(sm.ratio(), 4), "ratio_loose": round(loose.ratio(), 4),
        "lost_word_count": n_lost, "added_word_count": n_added,
        "lost": lost[:max_list], "added": added[:max_list],
    }


# --------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------
def score(input_text, cand_root, gold_root=None, tolerance=0, max_list=200,
          marker_overrides=None):
    inp = parse_input(input_text, marker_overrides)
    cand = flatten(cand_root)
    in_words = [w for w, _, _ in inp["spans"]]
    cand_words = [w for w, _, _ in cand["spans"]]
    res = {"text": text_fidelity(in_words, cand_words, max_list)}
    al = Alignment(in_words, cand_words)

    # pages
    page_res = []
    for p in inp["pages"]:
        target = al.map_boundary(p["pos"])
        same_n = [pb for pb in cand["pbs"] if (pb["n"] or "") == p["n"]]
        best = None
        for pb in same_n:
            d = None if target is None else pb["pos"] - target
            if best is None or (d is not None and (best[1] is None or abs(d) < abs(best[1]))):
                best = (pb, d)
        ok = best is not None and best[1] is not None and abs(best[1]) <= tolerance
        page_res.append({"n": p["n"], "input_word_pos": p["pos"], "expected_candidate_pos": target,
                         "found_n": bool(same_n),
                         "offset_words": None if best is None else best[1], "ok": ok})
    n_ok = sum(1 for x in page_res if x["ok"])
    extra_pb = [pb["n"] for pb in cand["pbs"] if pb["n"] not in {p["n"] for p in inp["pages"]}]
    res["pages"] = {"expected": len(page_res), "correct": n_ok,
                    "recall": round(n_ok / len(page_res), 4) if page_res else None,
                    "extra_pb_in_candidate": extra_pb[:max_list], "detail": page_res}

    # notes
    cand_notes = cand["notes"]
    used = set()
    note_res = []
    for mk in inp["markers"]:
        target = al.map_boundary(mk["pos"])
        same = [k for k, cn in enumerate(cand_notes) if (cn["n"] or "").strip() == str(mk["value"])]
        cand_k, how = None, None
        if same:
            # nearest by position, else best text
            def keyf(k):
                cn = cand_notes[k]
                d = abs(cn["pos"] - target) if (cn["pos"] is not None and target is not None) else 10 ** 6
                return (d, -ratio(cn["text"], mk["note_text"]))
            cand_k, how = min(same, key=keyf), "n"
        else:
            # fall back: best text similarity among unused notes
            scored = [(ratio(cn["text"], mk["note_text"]), k) for k, cn in enumerate(cand_notes) if k not in used]
            if scored:
                r, k = max(scored)
                if r >= 0.5:
                    cand_k, how = k, "text"
        entry = {"marker": mk["value"], "list_number": mk["list_number"],
                 "input_word_pos": mk["pos"], "expected_candidate_pos": target,
                 "matched_by": how}
        if cand_k is None:
            entry.update({"found": False, "position_ok": False, "text_ratio": 0.0, "ok": False})
        else:
            used.add(cand_k)
            cn = cand_notes[cand_k]
            d = None if (cn["pos"] is None or target is None) else cn["pos"] - target
            tr = ratio(cn["text"], mk["note_text"])
            pos_ok = d is not None and abs(d) <= tolerance
            entry.update({"found": True, "candidate_n": cn["n"], "offset_words": d,
                          "position_ok": pos_ok, "text_ratio": round(tr, 4),
                          "ok": bool(pos_ok and tr >= 0.9 and how == "n")})
        note_res.append(entry)
    n_ok = sum(1 for x in note_res if x["ok"])
    res["notes"] = {
        "expected": len(note_res), "correct": n_ok,
        "recall": round(n_ok / len(note_res), 4) if note_res else None,
        "position_correct": sum(1 for x in note_res if x["position_ok"]),
        "number_found": sum(1 for x in note_res if x.get("matched_by") == "n"),
        "mean_text_ratio": round(sum(x["text_ratio"] for x in note_res) / len(note_res), 4) if note_res else None,
        "candidate_notes": len(cand_notes),
        "unmatched_candidate_notes": [cand_notes[k]["n"] for k in range(len(cand_notes)) if k not in used][:max_list],
        "detail": note_res,
    }

    # persName
    if gold_root is not None:
        gold = flatten(gold_root)
        gold_words = [w for w, _, _ in gold["spans"]]
        gal = Alignment(in_words, gold_words)

        def body_items(flat, alignment):
            items = []
            for p in flat["persnames"]:
                if p["in_note"]:
                    continue
                ipos = alignment.map_back(p["pos"])
                items.append((loose_text(p["text"]), ipos))
            return items

        g_body = body_items(gold, gal)
        c_body = body_items(cand, al)
        res["persName"] = {
            "body_positional": prf(g_body, c_body, tolerance, positional=True),
            "notes_bag": prf([(loose_text(p["text"]), None) for p in gold["persnames"] if p["in_note"]],
                             [(loose_text(p["text"]), None) for p in cand["persnames"] if p["in_note"]],
                             tolerance, positional=False),
            "all_bag": prf([(loose_text(p["text"]), None) for p in gold["persnames"]],
                           [(loose_text(p["text"]), None) for p in cand["persnames"]],
                           tolerance, positional=False),
            "gold_body_persnames_in_input": sum(1 for _, pos in g_body if pos is not None),
        }
    else:
        res["persName"] = None
    res["summary"] = {
        "text_ratio_loose": res["text"]["ratio_loose"],
        "pages_recall": res["pages"]["recall"],
        "notes_recall": res["notes"]["recall"],
        "persName_f1": None if res["persName"] is None else res["persName"]["body_positional"]["f1"],
    }
    return res


def loose_text(s):
    return " ".join(loose_key(w) for w in s.split())


def prf(gold_items, cand_items, tolerance, positional):
    g = list(gold_items)
    matched = 0
    used = [False] * len(g)
    for text, pos in cand_items:
        for k, (gt, gp) in enumerate(g):
            if used[k] or gt != text:
                continue
            if positional:
                if gp is None or pos is None or abs(gp - pos) > tolerance:
                    continue
            used[k] = True
            matched += 1
            break
    p = matched / len(cand_items) if cand_items else (1.0 if not g else 0.0)
    r = matched / len(g) if g else (1.0 if not cand_items else 0.0)
    f = 2 * p * r / (p + r) if (p + r) else 0.0
    return {"gold": len(g), "candidate": len(cand_items), "matched": matched,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", required=True, help="plain-text input document")
    ap.add_argument("--candidate", required=True, help="candidate TEI file")
    ap.add_argument("--gold", help="gold TEI (the <div type='document'>, any wrapper)")
    ap.add_argument("--tolerance", type=int, default=0, help="allowed word offset (default 0)")
    ap.add_argument("--max-list", type=int, default=200)
    ap.add_argument("--marker-start", type=int, help="force the value of the first footnote "
                    "marker (use the manifest's marker_values[0] when auto-detection is ambiguous)")
    a = ap.parse_args(argv)
    with open(a.input, encoding="utf-8") as f:
        text = f.read()
    overrides = {"start": a.marker_start} if a.marker_start is not None else None
    cand = load_xml(a.candidate)
    gold = load_xml(a.gold) if a.gold else None
    out = score(text, cand, gold, a.tolerance, a.max_list, overrides)
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
