"""Persons, places and organisations in running text, found by rules.

A document is read twice. The first pass (``learn``) collects the names that strong
evidence marks as persons — a title before them ("Secretary Rusk"), a given name or an
initial ("Loy Henderson", "Dwight D. Eisenhower"), a signature line, an office with the
name in parentheses ("Ambassador in Mexico (Daniels)"), an apposition ("the Prime
Minister of Japan, Nobusuke Kishi"), a persons list. The second pass (``find_names``)
tags those and every later bare mention of a learned surname, unless the surname is
part of an institution's name ("Carter Library", "Brzezinski Material").

Places and organisations come from a short gazetteer and two patterns ("X Library",
"in/at X"); a person is never tagged inside one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from teipipe.enrich.authority import OFFICIALS
from teipipe.enrich.authority import SURNAMES as AUTHORITY_SURNAMES
from teipipe.enrich.lexicon import (
    FORENAMES,
    GAZETTEER,
    INSTITUTION_WORDS,
    NAME_TITLES,
    NICKNAMES,
    NOT_NAMES,
    TITLE_CASE_WORDS,
    TITLES,
    WELL_KNOWN,
)

_UP = "A-ZÀ-ÖØ-Þ\u0100\u0102\u0104\u0106\u010c\u0160\u017d"
_LOW = "a-zß-öø-ÿ\u0101\u0103\u0105\u0107\u010d\u0161\u017e\u0131\u011f\u015f"
# A capitalised word; romanised Chinese names keep their syllables with a hyphen or an
# apostrophe ("Kai-shek", "En-lai", "Ch’en Ch’eng").
_WORD = (rf"(?:O[’']|D[’'])?[{_UP}][{_LOW}]+(?:[’'](?!s(?![{_LOW}]))[{_LOW}]+)?"
         rf"(?:[{_UP}][{_LOW}]+)*"
         rf"(?:-[{_UP}][{_LOW}]+|-[{_LOW}]{{2,5}}(?![{_LOW}-]))*")
_INITIAL = rf"[{_UP}]\.(?:[{_UP}]\.)*"
_TOKEN = re.compile(
    rf"(?<![{_UP}{_LOW}\d])(?:{_WORD}|{_INITIAL})(?![{_UP}{_LOW}]|-[{_LOW}])"
)
# A capitalised run: words and initials separated by single spaces.
# Lowercase particles may stand inside it: "Baron van Voorst", "Charles de Gaulle".
_PARTICLE = r"(?:van|von|de|der|den|du|da|di|del|della|ter|ten)"
_CHUNK = re.compile(rf"{_TOKEN.pattern}(?: (?:{_PARTICLE} )*{_TOKEN.pattern})*")
# Patterns over text before a position are searched in a window ending there (``_before``),
# never from the start of the text: a search for "…$" tries every start, so running it
# once per word of a long line took quadratic time (4,000 capitalised words: 40 s).
_TITLE_BEFORE = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(t) for t in TITLES) + r")\s+$"
)
_LONGEST_TITLE = max(len(t) for t in TITLES)
# A title that lost the space before the name on the page: "ChargéWalter Walmsley".
_GLUED_TITLE = re.compile(
    "(" + "|".join(re.escape(t) for t in TITLES if " " not in t and not t.endswith("."))
    + rf")(?=[{_UP}][{_LOW}])"
)
# "the Prime Minister of Japan, Nobusuke Kishi": found once per text, by where it ends.
_APPOSITION = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(t) for t in TITLES if not t.endswith("."))
    + rf")\s+of\s+(?:the\s+)?{_WORD}(?:\s{_WORD})*,\s+"
)
_OFFICE_WORDS = re.compile(
    r"\b(?:Ambassador|Secretary|Minister|Chargé|Consul|Assistant|Director|Counselor|Adviser|"
    r"Advisor|Representative|Chairman|Chief|Attorney|Governor|Commissioner|Delegation|Delegate|"
    r"Officer|Administrator|President|Premier|Chancellor|Staff|Counsel|Envoy|Mission|Member|"
    r"Legation|Embassy|Head)\b"
)
_SALUTATION = re.compile(rf"(?:^|[“\"])(?:My\s+)?[Dd]ear\s+({_WORD})\s*[:,]")
_SIGN_OFF = re.compile(
    r"(?:Sincerely|Faithfully|Cordially|Respectfully|As ever|Sincerely yours|Yours),\s*$"
)
_SIGN_OFF_LONGEST = len("Sincerely yours,")
_SENTENCE_START = re.compile(r"(?:^|[.:;!?][”\"’]?\s+|[“\"]\s*)$")
_PARENTHESIS_BEFORE = re.compile(r"\(\s?$")
_NEXT_WORD = re.compile(r"\s*(\w+)")
# "in/at X", unless a number follows in the same run of words ("in Room 5"): that test is
# made once per text (``_DigitAhead``), not by a lookahead scanning on from every match.
_PLACE_AFTER = re.compile(rf"(?<![\w])(?:in|at)\s+((?:{_WORD})(?: {_WORD})?)")
# The roles of a FRUS source note: "Drafted by McSweeney and Veliotes (SOV) and cleared by
# Goodpaster, Kretzmann, and Rusk", "Drafted and approved by Ball", "cleared in draft with
# Davis". Every capitalised item of the list after a role names a person, surname only.
_ROLES = (r"(?:[Dd]rafted|[Cc]leared|[Aa]pproved|[Ii]nitial(?:l)?ed|[Ss]igned|[Tt]ransmitted|"
          r"[Cc]oncurred|[Rr]evised|[Rr]eviewed|[Pp]repared|[Ss]ent|[Rr]ead|[Cc]oncurrence)")
_ROLE_LIST = re.compile(
    rf"(?<![\w]){_ROLES}(?:,? (?:and |or )?{_ROLES})*(?: (?:in draft|in substance|in|"
    rf"orally|by telephone|informally))? (?:by|with|in)(?: draft (?:by|with))? "
    r"|(?<= )in draft (?:by|with) "
)
# One item of such a list: a name (initials, words, "de"/"van" particles), then an
# office in parentheses ("(SOV)", "(EUR/RPM)"), then a separator.
_ROLE_ITEM = re.compile(
    rf"((?:{_INITIAL} ?)*{_WORD}(?: (?:{_INITIAL}|{_WORD}|de|van|von|di|da|del|la))*)"
    r"(?: (?:in draft|in substance))?(?: ?\([^()\n]{1,40}\))?(?: in [A-Z][A-Z/]{1,11}\b)?"
)
# Between two items: "and", a comma, "and in substance by", ", by".
_ROLE_SEPARATOR = re.compile(
    r"(?:,? and |, |; | or )(?:(?:in draft|in substance|also) )?(?:(?:by|with) )?(?=[A-Z])"
)
# At most eight words before "Library": an unbounded run was rescanned from each word
# of a long capitalised line (quadratic).
_LIBRARY = re.compile(
    rf"(?<![\w.])(?:(?:{_WORD}|{_INITIAL}) ){{0,8}}{_WORD} (?:Library|Presidential Library)\b"
)


@dataclass(frozen=True)
class Mention:
    """A name found in a text: ``text[start:end]`` names a person, place or org."""

    start: int
    end: int
    kind: str  # "person" | "place" | "org"
    surface: str
    canonical: str = ""  # gazetteer name for places and orgs
    rule: str = ""


@dataclass
class Known:
    """What the first pass learned about one document's persons."""

    surnames: dict[str, str] = field(default_factory=dict)  # surname → fullest name seen
    forenames: frozenset[str] = FORENAMES
    full_names: set[str] = field(default_factory=set)  # from a persons list
    titles: dict[str, set[str]] = field(default_factory=dict)  # surname → titles used

    def add(self, name: str, title: str = "") -> None:
        words = [w for w in name.split() if w not in NAME_TITLES]
        if not words:
            return
        surname = words[-1]
        best = self.surnames.get(surname, "")
        if len(name) > len(best):
            self.surnames[surname] = " ".join(words)
        if title:
            self.titles.setdefault(surname, set()).add(title)


def _gazetteer_pattern() -> re.Pattern[str]:
    forms = {form: name for name, _, others in GAZETTEER for form in (name, *others)}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")


_GAZETTEER = _gazetteer_pattern()
_GAZETTEER_FORMS = {
    form: (name, kind) for name, kind, others in GAZETTEER for form in (name, *others)
}


def find_places_orgs(text: str, known: Known | None = None) -> list[Mention]:
    """Places and organisations: gazetteer forms, "X Library", "in/at X"."""
    found: list[Mention] = []
    for m in _LIBRARY.finditer(text) if "Library" in text else ():  # costly; rarely there
        found.append(Mention(m.start(), m.end(), "org", m.group(), m.group(), "library"))
    for m in _GAZETTEER.finditer(text):
        name, kind = _GAZETTEER_FORMS[m.group()]
        found.append(Mention(m.start(), m.end(), kind, m.group(), name, "gazetteer"))
    digit_ahead = _DigitAhead(text) if "in" in text or "at" in text else None
    for m in _PLACE_AFTER.finditer(text):
        if digit_ahead is None or digit_ahead(m.end(1)):
            continue
        words = m.group(1).split()
        next_word = _NEXT_WORD.match(text, m.end(1))
        if any(w in NOT_NAMES or w in INSTITUTION_WORDS for w in words):
            continue
        if next_word and next_word.group(1) in INSTITUTION_WORDS:
            continue
        if known and (words[-1] in known.surnames or words[0] in known.forenames):
            continue
        found.append(Mention(m.start(1), m.end(1), "place", m.group(1), m.group(1), "in-at"))
    return _outermost(found)


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions inside or crossing an earlier, longer one."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _before(pattern: re.Pattern[str], text: str, position: int, reach: int
            ) -> re.Match[str] | None:
    """``pattern`` (ending in ``\\s*$``) against the text before ``position``, in a window.

    The window is the whitespace just before ``position`` and ``reach`` characters before
    it, which is all a match can cover when its non-space part is at most ``reach`` long;
    the result is that of ``pattern.search(text[:position])`` in constant time.
    """
    space = position
    while space > 0 and text[space - 1].isspace():
        space -= 1
    return pattern.search(text, max(0, space - reach), position)


def _title_before(text: str, position: int) -> re.Match[str] | None:
    """A title ("Secretary", "Prime Minister") and spaces just before ``position``."""
    return _before(_TITLE_BEFORE, text, position, _LONGEST_TITLE)


class _DigitAhead:
    """Does a digit follow ``position`` within the same run of word characters and spaces?

    (What ``(?![\\w\\s]*\\d)`` asks, answered from one pass over the text.)
    """

    def __init__(self, text: str):
        self.runs = [(m.start(), m.end()) for m in re.finditer(r"[\w\s]+", text)]
        self.starts = [start for start, _ in self.runs]
        self.digits = [m.start() for m in re.finditer(r"\d", text)]

    def __call__(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        if index < 0 or self.runs[index][1] <= position:
            return False
        digit = bisect.bisect_left(self.digits, position)
        return digit < len(self.digits) and self.digits[digit] < self.runs[index][1]


class _Covered:
    """Which characters of a text some mention covers: asked per position in constant time
    (comparing each word with every mention found so far was quadratic)."""

    def __init__(self, length: int, mentions: Sequence[Mention] = ()):
        self.chars = bytearray(length)
        for m in mentions:
            self.add(m.start, m.end)

    def add(self, start: int, end: int) -> None:
        self.chars[start:end] = b"\x01" * (end - start)

    def at(self, position: int) -> bool:
        return bool(self.chars[position])

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self.chars[start:end]


def _tokens(chunk: re.Match[str]) -> list[tuple[int, int, str]]:
    return [(t.start() + chunk.start(), t.end() + chunk.start(), t.group())
            for t in _TOKEN.finditer(chunk.group())]


def _is_word(tok: str) -> bool:
    return not tok.endswith(".")


def _name_like(tok: str) -> bool:
    return tok not in NOT_NAMES and tok not in INSTITUTION_WORDS and tok not in _GAZETTEER_FORMS


def _extend(tokens: list[tuple[int, int, str]], i: int, limit: int = 4) -> int:
    """Index one past the last token of a name starting at ``i`` (0 if none)."""
    j = i
    while j < len(tokens) and j - i < limit and (_name_like(tokens[j][2])
                                                  or tokens[j][2] in NAME_TITLES):
        j += 1
    while j > i and not _is_word(tokens[j - 1][2]):
        j -= 1  # a name ends with a word, not an initial
    if j < len(tokens) and tokens[j][2] in INSTITUTION_WORDS:
        return 0  # "Carter Library", "Brzezinski Material"
    return j if j > i else 0


def _book_title(tokens: list[tuple[int, int, str]], i: int, block_kind: str) -> bool:
    """Is the capitalised run from token ``i`` on the title of a book or an article
    ("The President Wants To Know")? Headings are left alone ("Letter From … To …")."""
    if block_kind == "head":
        return False
    end = _extend(tokens, i) or i + 1
    return any(t[2] in TITLE_CASE_WORDS for t in tokens[end:end + 2])


def _signed_initial(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """"N. Khrushchev", "L. Brezhnev": initials before a surname, at the start of a
    capitalised run (a signature, often after an opening quotation mark)."""
    tok = tokens[i][2]
    if i != 0 or _is_word(tok) or tok in _ABBREVIATIONS or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1][2]
    return (_is_word(nxt) and _name_like(nxt) and not text.startswith(".", tokens[i + 1][1])
            and not _word_char_before(text, tokens[i][0]))


def _word_char_before(text: str, position: int) -> bool:
    """Is the character before ``position`` part of a word (constant time)?"""
    return position > 0 and (text[position - 1].isalnum() or text[position - 1] == "_")


# Initials that abbreviate a country or a place, never a forename.
_ABBREVIATIONS = frozenset({"U.S.", "U.N.", "U.K.", "U.S.S.R.", "D.C.", "N.Y.", "E.C.",
                            "U.A.R.", "G.D.R.", "F.R.G.", "P.R.C.", "R.O.C.", "U.S.S.",
                            "H.M.S.", "S.S."})


def _strong_in_chunk(text: str, tokens: list[tuple[int, int, str]],
                     known: Known, appositions: set[int] | None = None,
                     block_kind: str = "p") -> list[tuple[int, int, str, str]]:
    """(start, end, rule, title) of persons that the chunk itself proves.

    ``appositions`` are the positions just after "the Minister of X, " in ``text``
    (``_apposition_ends``), computed once per text by the caller.
    """
    if appositions is None:
        appositions = _apposition_ends(text)
    found: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(tokens):
        start, _, tok = tokens[i]
        title = _title_before(text, start)
        rule = ""
        glued = _GLUED_TITLE.match(tok)
        if glued and _name_like(tok[glued.end():]):
            j = _extend(tokens, i + 1) or i + 1
            found.append((start + glued.end(), tokens[j - 1][1], "glued-title", glued.group()))
            i = j
            continue
        if tok in NAME_TITLES and i + 1 < len(tokens) and _name_like(tokens[i + 1][2]):
            rule = "lord"
        elif not _name_like(tok):
            i += 1
            continue
        elif title and not _book_title(tokens, i, block_kind):
            rule = "title"
        elif start in appositions and i + 1 < len(tokens):
            rule = "apposition"
        elif tok in known.forenames and i + 1 < len(tokens):
            rule = "forename"
        elif (i + 2 < len(tokens) and not _is_word(tokens[i + 1][2])
              and tokens[i + 1][2] not in _ABBREVIATIONS and _is_word(tok)):
            rule = "initial"  # "Nikolai V. Podgorny"
        elif _signed_initial(text, tokens, i):
            rule = "initials"
        if rule:
            j = _extend(tokens, i)
            if j and (rule in ("title", "lord") or j - i >= 2):
                found.append((start, tokens[j - 1][1], rule,
                              title.group().strip() if title else ""))
                i = j
                continue
        i += 1
    return found


def _apposition_ends(text: str) -> set[int]:
    """Positions that "the Prime Minister of Japan, " ends at (where the name would start).

    Every match, overlapping ones too (a search from each title), in one pass: the same
    answers as searching the pattern with ``$`` before each word, in linear time.
    """
    ends = set()
    position = 0
    while (m := _APPOSITION.search(text, position)) is not None:
        ends.add(m.end())
        position = m.start() + 1
    return ends


def _parenthesised(text: str, chunk: re.Match[str]) -> bool:
    """"(Daniels)" after an office: "The Ambassador in Mexico (Daniels) to the Secretary"."""
    before = _PARENTHESIS_BEFORE.search(text, max(0, chunk.start() - 3), chunk.start())
    if not before or not re.compile(r"\s?\)").match(text, chunk.end()):
        return False  # the page sometimes pads the name: "( Daniels )"
    line_start = text.rfind("\n", max(0, before.start() - 90), before.start()) + 1
    window = text[max(line_start, before.start() - 90):before.start()]
    return bool(_OFFICE_WORDS.search(window))


def strong_persons(text: str, known: Known, block_kind: str = "p") -> list[Mention]:
    """Persons proven by their context alone (the first pass)."""
    found: list[Mention] = []
    blocked = find_places_orgs(text)
    if block_kind == "signed":
        core = text.strip().rstrip(".,”\"")
        m = _CHUNK.fullmatch(core)
        if m and all(_name_like(t[2]) or not _is_word(t[2]) for t in _tokens(m)):
            start = text.index(core)
            return [Mention(start, start + len(core), "person", core, rule="signature")]
    appositions = _apposition_ends(text)
    for chunk in _CHUNK.finditer(text):
        tokens = _tokens(chunk)
        if _parenthesised(text, chunk) and all(_name_like(t[2]) or not _is_word(t[2])
                                               for t in tokens):
            found.append(Mention(chunk.start(), chunk.end(), "person", chunk.group(),
                                 rule="parentheses"))
            continue
        if (_before(_SIGN_OFF, text, chunk.start(), _SIGN_OFF_LONGEST)
                and _extend(tokens, 0) == len(tokens)):
            found.append(Mention(chunk.start(), chunk.end(), "person", chunk.group(),
                                 rule="sign-off"))
            continue
        for start, end, rule, _title in _strong_in_chunk(text, tokens, known, appositions,
                                                         block_kind):
            found.append(Mention(start, end, "person", text[start:end], rule=rule))
    if block_kind == "source":
        found += _role_lists(text)
    found += _with_country(text)
    for m in _SALUTATION.finditer(text):
        if _name_like(m.group(1)):
            found.append(Mention(m.start(1), m.end(1), "person", m.group(1), rule="salutation"))
    places = _Covered(len(text), blocked)
    return [m for m in _outermost(found) if not places.overlaps(m.start, m.end)]


def _role_lists(text: str) -> list[Mention]:
    """The persons a source note's drafting and clearance lists name, each on its own."""
    found: list[Mention] = []
    for role in _ROLE_LIST.finditer(text):
        pos = role.end()
        while item := _ROLE_ITEM.match(text, pos):
            name = item.group(1)
            words = [w for w in name.split() if _is_word(w)]
            if (words and all(_name_like(w) or w in _PARTICLES for w in words)
                    and not _TITLE_BEFORE.search(text[max(0, item.start(1) - 40):item.start(1)])):
                found.append(Mention(item.start(1), item.end(1), "person", name, rule="role"))
            separator = _ROLE_SEPARATOR.match(text, item.end())
            if not separator:
                break
            pos = separator.end()
    return found


# "talk to Aiken (Ireland)", "Nosek’s (Czechoslovakia) prior entry": a telegram names a
# foreign delegate by surname and country.
_NAME_COUNTRY = re.compile(
    rf"(?<![\w.])({_WORD}(?: {_WORD})?)(?:[’']s)? \(([{_UP}][\w .’'-]{{2,40}})\)"
)


def _with_country(text: str) -> list[Mention]:
    """Persons a telegram names with their country in parentheses."""
    found: list[Mention] = []
    for m in _NAME_COUNTRY.finditer(text) if "(" in text else ():
        words = m.group(1).split()
        country = _GAZETTEER_FORMS.get(m.group(2))
        if country and country[1] == "place" and all(_name_like(w) for w in words) \
                and not _sentence_start(text, m.start(1)):
            found.append(Mention(m.start(1), m.end(1), "person", m.group(1), rule="country"))
    return found


_PARTICLES = frozenset({"de", "van", "von", "di", "da", "del", "la"})


def learn(segments: list[tuple[str, str]], persons_forms: Sequence[str] = ()) -> Known:
    """First pass over a document's (text, block kind) pairs: the names proven anywhere."""
    if not persons_forms:  # no list: the officials who recur across FRUS volumes
        persons_forms = [*(name for name, _, _ in OFFICIALS), *AUTHORITY_SURNAMES]
    forenames = set(FORENAMES)
    single = {form for form in persons_forms if " " not in form}
    for form in persons_forms:
        words = form.split()
        if (len(words) > 1 and _is_word(words[0]) and words[0] not in NOT_NAMES
                and words[0] not in single):  # "Chou" of "Chou En-lai" is a family name
            forenames.add(words[0])
    known = Known(forenames=frozenset(forenames))
    known.full_names = {f for f in persons_forms if " " in f}
    for form in [*persons_forms, *WELL_KNOWN]:
        if " " not in form and form not in NOT_NAMES and len(form) > 2:
            known.surnames.setdefault(form, "")
    for text, kind in segments:
        for m in strong_persons(text, known, kind):
            if m.rule != "salutation":
                title = _title_before(text, m.start)
                known.add(m.surface, title.group().strip() if title else "")
    return known


def find_names(text: str, known: Known, block_kind: str = "p") -> list[Mention]:
    """Every person, place and org mention in one text (the second pass)."""
    places = find_places_orgs(text, known)
    persons = strong_persons(text, known, block_kind)
    taken = _Covered(len(text), persons)
    for chunk in _CHUNK.finditer(text):
        tokens = _tokens(chunk)
        for k, (start, end, tok) in enumerate(tokens):
            if taken.at(start):
                continue
            nxt = tokens[k + 1][2] if k + 1 < len(tokens) else ""
            if tok in known.surnames and nxt not in INSTITUTION_WORDS:
                if _named_after(text, tokens, k):
                    continue  # "USS Forrestal", "Fort Dix", "Lake Kennedy"
                last = _full_name_end(tokens, k, known)
                if last == k and _other_name_follows(nxt, known):
                    continue  # "Peng Hu", "Khrushchev Remembers": another proper name
                end = tokens[last][1]
                first = k
                while (first > 0 and k - first < 2 and _name_like(tokens[first - 1][2])
                       and tokens[first - 1][2] not in NICKNAMES
                       and (tokens[first - 1][2] in known.forenames
                            or not _sentence_start(text, tokens[first - 1][0]))
                       and not taken.at(tokens[first - 1][0])
                       and not _title_before(text, tokens[first][0])):
                    first -= 1
                s = tokens[first][0]
                persons.append(Mention(s, end, "person", text[s:end], rule="surname"))
                taken.add(s, end)
            elif nxt not in INSTITUTION_WORDS:
                persons.extend(_glued(text, start, tok, known))
    in_places = _Covered(len(text), places)
    kept = [m for m in persons if not in_places.overlaps(m.start, m.end)]
    return sorted(_outermost(kept) + places, key=lambda m: m.start)


# Words before a surname that make it a ship's or a place's name.
_NAMED_AFTER = re.compile(r"(?:\b(?:USS|HMS|SS|Fort|Camp|Mount|Mt\.|Lake|Cape|Port|Point|San|"
                          r"Santa|St\.|Saint)|U\.S\.S\.|H\.M\.S\.|S\.S\.)\s+$")


def _named_after(text: str, tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Is the surname at ``k`` part of a ship's or a place's name ("the USS Forrestal")?"""
    start = tokens[k][0]
    return bool(_NAMED_AFTER.search(text[max(0, start - 8):start]))


_GIVEN_SYLLABLES = re.compile(rf"[{_UP}][{_LOW}]+-[{_LOW}]{{2,5}}")


def _full_name_end(tokens: list[tuple[int, int, str]], k: int, known: Known) -> int:
    """Index of the last token of a listed full name that starts with the family name at
    ``k`` ("Chiang Ching-kuo", "Mao Tse-tung"), or ``k``."""
    for width in (2, 1):
        if (k + width < len(tokens)
                and " ".join(t[2] for t in tokens[k:k + width + 1]) in known.full_names):
            return k + width
    if k + 1 < len(tokens) and _GIVEN_SYLLABLES.fullmatch(tokens[k + 1][2]):
        return k + 1  # "Chiang Kai-shek", "Kim Il-sung": a romanised given name
    return k


def _other_name_follows(nxt: str, known: Known) -> bool:
    """Is ``nxt`` a capitalised word that no rule knows as part of a person's name?"""
    return bool(nxt) and _is_word(nxt) and _name_like(nxt) and nxt not in known.surnames \
        and nxt not in known.forenames and nxt not in NAME_TITLES


def _sentence_start(text: str, position: int) -> bool:
    """Whether a word at ``position`` is capitalised only because a sentence starts there."""
    return bool(_before(_SENTENCE_START, text, position, 2))


def _glued(text: str, start: int, tok: str, known: Known) -> list[Mention]:
    """"BrezhnevCarter": two known surnames that lost the dash between them."""
    parts = re.findall(rf"[{_UP}][{_LOW}]+", tok)
    if len(parts) < 2 or not all(p in known.surnames for p in parts):
        return []
    out, pos = [], start
    for part in parts:
        out.append(Mention(pos, pos + len(part), "person", part, rule="glued"))
        pos += len(part)
    return out
