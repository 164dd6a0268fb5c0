"""Faster regular expressions that find exactly what the originals find.

Python's regex engine skips ahead quickly only when a pattern starts with a literal or a
character class. Most rules here start with ``\\b``, an optional group or a look-behind, so
the engine tries the whole pattern at every position of a long document. :func:`quicken`
puts a look-ahead on the characters a match can start with (its first two, where every
match has two) in front of the pattern: every other position fails after a class test or
two. Matches, groups and spans are unchanged, because a pattern that cannot match the empty
string only ever matches starting with such characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}
# zero-width items: they consume nothing, the first character comes after them
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


class _Unknown(Exception):
    """The first characters of this pattern cannot be listed (``.``, ``[^…]``, a flag…)."""


def _first_of_sequence(items: list) -> tuple[list, bool]:
    """The class items a match of ``items`` can start with, and whether it can be empty."""
    first: list = []
    for op, av in items:
        chars, nullable = _first_of_item(op, av)
        first += chars
        if not nullable:
            return first, False
    return first, True


def _first_of_item(op, av) -> tuple[list, bool]:
    if op is _c.LITERAL:
        return [(op, av)], False
    if op is _c.IN:
        if av and av[0][0] is _c.NEGATE:
            raise _Unknown
        return list(av), False
    if op in _ZERO_WIDTH:
        return [], True
    if op is _c.SUBPATTERN:
        if av[1] & re.IGNORECASE:  # "(?i:…)": the case of its letters is open
            raise _Unknown
        return _first_of_sequence(av[-1].data)
    if op is _c.BRANCH:
        first, nullable = [], False
        for alternative in av[1]:
            chars, empty = _first_of_sequence(alternative.data)
            first, nullable = first + chars, nullable or empty
        return first, nullable
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, _, sub = av
        chars, nullable = _first_of_sequence(sub.data)
        return chars, nullable or low == 0
    raise _Unknown  # ".", "[^…]", a back-reference: any character may come first


def _class_item(op, av) -> str:
    if op is _c.LITERAL:
        return re.escape(chr(av))
    if op is _c.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    if op is _c.CATEGORY and av in _CATEGORIES:
        return _CATEGORIES[av]
    raise _Unknown  # "\S", "\W", "\D": nearly every character


def first_chars(rx: re.Pattern[str]) -> str | None:
    """A character class holding every character a match of ``rx`` can start with.

    Returns:
        The class ("[abc\\d]"), or None when it cannot be told or when ``rx`` can match the
        empty string (an empty match may start anywhere).
    """
    if rx.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        first, nullable = _first_of_sequence(_p.parse(rx.pattern, rx.flags).data)
        if nullable or not first:
            return None
        items = dict.fromkeys(_class_item(op, av) for op, av in first)  # in order, once each
    except (_Unknown, re.error, TypeError, ValueError):
        return None
    return "[" + "".join(items) + "]"


def _prefixes(items: list, k: int) -> set[tuple]:
    """The class items the first ``k`` characters of a match of ``items`` can be, one tuple
    per way; a shorter tuple means a match may end sooner."""
    if k == 0 or not items:
        return {()}
    (op, av), rest = items[0], items[1:]
    if op is _c.LITERAL or op is _c.IN:
        if op is _c.IN and av and av[0][0] is _c.NEGATE:
            raise _Unknown
        head = ((op, av),) if op is _c.LITERAL else tuple((o, a) for o, a in av)
        return {(head, *tail) for tail in _prefixes(rest, k - 1)}
    if op in _ZERO_WIDTH:
        return _prefixes(rest, k)
    if op is _c.SUBPATTERN:
        if av[1] & re.IGNORECASE:
            raise _Unknown
        return _prefixes(list(av[-1].data) + rest, k)
    if op is _c.BRANCH:
        return {p for alternative in av[1] for p in _prefixes(list(alternative.data) + rest, k)}
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, high, sub = av
        if () in _prefixes(list(sub.data), 1):
            raise _Unknown  # a repeat of what may be empty
        found = _prefixes(rest, k) if low == 0 else set()
        if high != 0:  # one turn, then the repeat with one turn less
            again = (op, (max(low - 1, 0), high if high == _c.MAXREPEAT else high - 1, sub))
            found |= _prefixes(list(sub.data) + [again] + rest, k)
        return found
    raise _Unknown


def first_two_chars(rx: re.Pattern[str]) -> str | None:
    """Two character classes, for the first and the second character of every match of ``rx``
    ("[sp][er]"), or None when they cannot be told or a match may be shorter than two."""
    if rx.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        ways = _prefixes(list(_p.parse(rx.pattern, rx.flags).data), 2)
        if not ways or any(len(way) < 2 for way in ways):
            return None
        return "".join("[" + "".join(dict.fromkeys(_class_item(op, av) for way in ways for op, av in way[i])) + "]"
                       for i in (0, 1))
    except (_Unknown, re.error, RecursionError, TypeError, ValueError):
        return None


def quicken(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` led by a look-ahead on its first characters (see the module's docstring).

    The result finds the same matches, with the same groups, as ``rx``; ``rx`` itself comes
    back when its first characters cannot be listed or its pattern opens with global flags.
    """
    lead = first_two_chars(rx) or first_chars(rx)  # two classes let fewer positions in
    if lead is None or re.match(r"\(\?[aiLmsux]+\)", rx.pattern):
        return rx
    quick = re.compile(f"(?={lead})(?:{rx.pattern})", rx.flags)
    return quick if quick.groupindex == rx.groupindex and quick.groups == rx.groups else rx


def required_literals(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which the text holds wherever ``rx`` matches in it: a text holding none
    of them (``str.__contains__``, much faster than a search) has no match.

    Returns:
        The strings, or None when they cannot be told (a flag, a pattern with no literal run).
    """
    if rx.flags & re.IGNORECASE:
        return None
    try:
        found = _needed(list(_p.parse(rx.pattern, rx.flags).data))
    except (re.error, RecursionError, TypeError, ValueError):
        return None
    return tuple(sorted(found)) if found else None


def _needed(items: list) -> set[str] | None:
    """The best set of strings one of which every match of the sequence ``items`` holds: the
    one whose shortest string is longest (a run of literals, a group's, each alternative's)."""
    best: set[str] | None = None
    run = ""

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    for op, av in [*items, (None, None)]:  # a last item that ends the last run
        if op is _c.LITERAL:
            run += chr(av)
            continue
        consider({run})
        run = ""
        if op is _c.SUBPATTERN and not av[1] & re.IGNORECASE:
            consider(_needed(list(av[-1].data)))
        elif op is _c.BRANCH:
            alternatives = [_needed(list(a.data)) for a in av[1]]
            if all(alternatives):
                consider(set().union(*alternatives))  # type: ignore[arg-type]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            consider(_needed(list(av[2].data)))
    return best


class Anchored:
    """A pattern searched only near the words its matches hold.

    A pattern that may start on white space (``\\s*,``, ``,?\\s*en``) cannot be quickened: a
    look-ahead on white space lets nearly every position in; and a quickened pattern still
    tries every position where its first characters are common letters. But each match holds
    one of ``anchors`` (plain strings, found by ``str.find``), with at most ``reach``
    characters other than white space between the match's start and the anchor. So the pattern
    is tried only at those positions, in order, as ``finditer`` would: the matches, spans and
    groups are the pattern's own. Where anchors are dense, the pattern's own search is faster.
    """

    def __init__(self, rx: re.Pattern[str], anchors: tuple[str, ...] | dict[str, int], reach: int = 0):
        # each anchor with its own reach, where they differ
        self.rx = rx
        self.anchors = anchors if isinstance(anchors, dict) else dict.fromkeys(anchors, reach)
        self.pattern = rx.pattern
        # before an anchor with no reach there is only white space: a pattern that cannot
        # start on white space is tried at the anchor alone
        self._at_anchor_only = not may_start_on_space(rx)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """The matches of ``self.rx.finditer(text, pos, endpos)``."""
        endpos = len(text) if endpos is None else min(endpos, len(text))
        starts = self._starts(text, pos, endpos) if endpos - pos > _SHORT else None
        if starts is None:
            yield from self.rx.finditer(text, pos, endpos)
            return
        end = pos
        for at in starts:
            if at >= end and (m := self.rx.match(text, at, endpos)):
                yield m
                end = m.end()  # never empty: every match holds an anchor

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The first match, as ``self.rx.search(text, pos, endpos)``."""
        return next(self.finditer(text, pos, endpos), None)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.rx.match(text, pos, len(text) if endpos is None else endpos)

    def __getattr__(self, name: str) -> object:  # sub, findall, groupindex…: the pattern's own
        return getattr(self.rx, name)

    def _starts(self, text: str, pos: int, endpos: int) -> list[int] | None:
        """Every offset from which an anchor is near enough, in order; None when they are too
        many to be worth trying one by one."""
        most = (endpos - pos) // _DENSE
        starts: set[int] = set()
        for anchor, reach in self.anchors.items():
            at = text.find(anchor, pos, endpos)
            while at >= 0:  # overlapping occurrences too: each may be a match's
                if reach == 0 and self._at_anchor_only:
                    starts.add(at)
                else:
                    starts.update(range(max(pos, reach_back(text, at, reach)), at + 1))
                if len(starts) > most:
                    return None
                at = text.find(anchor, at + 1, endpos)
        return sorted(starts)


_DENSE = 15  # more tries than a fifteenth of the positions: the engine's own scan is faster
_SHORT = 400  # a short text is scanned at once


_WHITE_SPACE = "".join(c for c in map(chr, range(0x3000 + 1)) if c.isspace())  # (none above U+3000)


def may_start_on_space(rx: re.Pattern[str]) -> bool:
    """Whether a match of ``rx`` may start with white space (True when that cannot be told)."""
    lead = first_chars(rx)
    return lead is None or any(re.match(lead, c, rx.flags) for c in _WHITE_SPACE)


def anchored(rx: re.Pattern[str]) -> Anchored | re.Pattern[str]:
    """``rx`` searched near its anchors (:func:`find_anchors`), or ``rx`` itself when it has none."""
    found = find_anchors(rx)
    return Anchored(rx, found) if found else rx


def reach_back(text: str, at: int, reach: int) -> int:
    """The first offset of the stretch before ``at`` that holds white space and at most
    ``reach`` other characters."""
    lo, left = at, reach
    while lo > 0:
        if not text[lo - 1].isspace():
            if not left:
                break
            left -= 1
        lo -= 1
    return lo


def find_anchors(rx: re.Pattern[str]) -> dict[str, int] | None:
    """Strings one of which every match of ``rx`` holds, and how many characters other than white
    space may come before it in the match: what :class:`Anchored` needs, read from the pattern.

    Returns:
        anchor -> reach, or None when they cannot be told (a flag, an alternative with no
        literal, or one where what comes before its literal has no bounded width).
    """
    if rx.flags & re.IGNORECASE:
        return None
    try:
        found = _anchors_of_sequence(list(_p.parse(rx.pattern, rx.flags).data))
    except (_Unknown, re.error, RecursionError, TypeError, ValueError):
        return None
    return found


def _anchors_of_sequence(items: list) -> dict[str, int] | None:
    """The best anchors of a sequence: a run of literals, or a group each of whose alternatives
    has anchors of its own, after items whose width (white space aside) is bounded."""
    best: dict[str, int] | None = None
    before = 0  # the most characters other than white space that the items so far may read
    for k, (op, av) in enumerate(items):
        found = None
        if op is _c.LITERAL and (k == 0 or items[k - 1][0] is not _c.LITERAL):
            found = {_literal_run(items[k:]): before}
        elif (inner := _alternatives(op, av)) is not None:
            parts = [_anchors_of_sequence(a) for a in inner]
            if all(parts):
                found = {}
                for part in parts:
                    for anchor, reach in part.items():  # type: ignore[union-attr]
                        found[anchor] = max(found.get(anchor, 0), before + reach)
        if found and (best is None or _better(found, best)):
            best = found
        width = _solid_width(op, av)
        if width is None:
            break
        before += width
    return best


def _literal_run(items: list) -> str:
    run = ""
    for op, av in items:
        if op is not _c.LITERAL:
            break
        run += chr(av)
    return run


def _better(found: dict[str, int], best: dict[str, int]) -> bool:
    """A longer shortest anchor (rarer in a text), then a nearer one."""
    def key(anchors: dict[str, int]) -> tuple[int, int]:
        return min(min(map(len, anchors)), 4), -max(anchors.values())  # words of 4 letters are rare enough
    return key(found) > key(best)


def _alternatives(op, av) -> list[list] | None:
    """The alternatives of a branch, or of a group holding only a branch (as sequences)."""
    if op is _c.BRANCH:
        return [list(a.data) for a in av[1]]
    if op is _c.SUBPATTERN and not av[1] & re.IGNORECASE:
        data = list(av[-1].data)
        if len(data) == 1 and data[0][0] is _c.BRANCH:
            return [list(a.data) for a in data[0][1][1]]
        return [data]
    return None


_SPACES = {_c.CATEGORY_SPACE, _c.CATEGORY_UNI_SPACE} if hasattr(_c, "CATEGORY_UNI_SPACE") else {_c.CATEGORY_SPACE}


def _solid_width(op, av) -> int | None:
    """The most characters other than white space an item may read (None: no bound)."""
    if op is _c.LITERAL:
        return 0 if chr(av).isspace() else 1
    if op is _c.IN:
        spaces_only = all(o is _c.CATEGORY and a in _SPACES or o is _c.LITERAL and chr(a).isspace() for o, a in av)
        return 0 if spaces_only else 1
    if op in (_c.ANY, _c.NOT_LITERAL):
        return 1
    if op in _ZERO_WIDTH:
        return 0
    if op is _c.SUBPATTERN:
        return _sequence_width(list(av[-1].data))
    if op is _c.BRANCH:
        widths = [_sequence_width(list(a.data)) for a in av[1]]
        return None if None in widths else max(widths)  # type: ignore[type-var]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, high, sub = av
        width = _sequence_width(list(sub.data))
        if width is None:
            return None
        if width == 0:
            return 0
        return None if high == _c.MAXREPEAT else high * width
    return None  # a back-reference, a conditional: unknown


def _sequence_width(items: list) -> int | None:
    total = 0
    for op, av in items:
        width = _solid_width(op, av)
        if width is None:
            return None
        total += width
    return total
