"""The search query language, parsed into a safe FTS5 expression.

What a user may type:

- plain words: all must match (``marché public cantine``); accents and case do not matter and
  inflected forms match through the stemmed columns (``délibérations`` finds
  ``délibération``); an elided article is dropped (``l'éclairage`` searches ``éclairage``);
  common French words (le, de, sur…) are dropped when other words remain;
- ``"quoted phrases"``: words in this order (an unclosed quote runs to the end);
- ``OR`` between two items: either (``cantine OR restauration``);
- ``-word`` or ``-"phrase"`` (or ``NOT word``): exclude (the word as typed, accents and case
  aside; not its stem, which could exclude unrelated words);
- ``prefix*``: words starting with at least 4 characters (``numér*``); the search expands it
  into the indexed words it stands for.

``AND`` is accepted and changes nothing (all words must match anyway). Anything else
(parentheses, colons, ``NEAR``, a lone ``*`` or quote…) is treated as punctuation or a plain
word. The FTS5 expression is built only from folded words in double
quotes, so user input can never inject FTS syntax; problems that cannot be searched raise
:class:`~registre.errors.BadInputError` with a message that says what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from registre.errors import BadInputError
from registre.store.stemming import stem_words, words

MIN_PREFIX = 4
NO_MATCH = '"\ue000"'  # a phrase no text holds: a prefix that no indexed word starts with
MAX_CLAUSES = 32
_LEXEME = re.compile(r'(-)?"([^"]*)"?|([^\s"]+)')
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
STOPWORDS = frozenset((
    "a", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "il",
    "ils", "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "mes", "meme", "mon",
    "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa",
    "se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos",
    "votre", "vous", "y", "d", "l", "c", "j", "m", "n", "s", "t", "est", "sont",
))  # fmt: skip


@dataclass(frozen=True)
class Term:
    """One searchable item: a word or a phrase (folded tokens), maybe ending in a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False
    quoted: bool = False
    expansions: tuple[str, ...] | None = None  # words the prefix stands for, once looked up

    def fts(self) -> str:
        """Return this term as an FTS5 expression: the words, or their stems.

        No column filter: a folded word is found in the exact columns, its stem in the stemmed
        ones (when the word is its own stem, one phrase covers both); a word that happens to be
        another word's stem only brings in a near form. Column filters would also make FTS5
        read the position lists of every match, which is slow for common words.
        """
        phrases = self.phrases()
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"

    def phrases(self, *, exact_only: bool = False) -> list[str]:
        """The FTS5 phrases of this term: the words as typed, then their stems if different."""
        exact = _quote(self.tokens)
        if self.prefix and self.expansions is None:
            return [f"{exact} *"]
        if self.prefix:
            head = self.tokens[:-1]
            return [_quote((*head, word)) for word in self.expansions] or [NO_MATCH]
        stems = _quote(tuple(stem_words(list(self.tokens))))
        return [exact] if exact_only or stems == exact else [exact, stems]


@dataclass(frozen=True)
class Clause:
    """Terms joined by OR; a negated clause excludes what it matches."""

    terms: tuple[Term, ...]
    negated: bool = False

    def fts(self, *, exact_only: bool = False) -> str:
        """Return the clause as an FTS5 expression (its phrases ORed)."""
        parts = [p for t in self.terms for p in t.phrases(exact_only=exact_only)]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def is_stopword(self) -> bool:
        """True for a lone, plain, common word (dropped when other words remain)."""
        term = self.terms[0]
        return (
            len(self.terms) == 1
            and not self.negated
            and not term.prefix
            and not term.quoted
            and len(term.tokens) == 1
            and term.tokens[0] in STOPWORDS
        )


@dataclass(frozen=True)
class Query:
    """A parsed query: clauses all of which must match, minus the negated ones."""

    text: str
    clauses: tuple[Clause, ...] = ()
    highlight: dict[str, frozenset[str]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """True when there is nothing to search for (filters alone then decide)."""
        return not self.clauses

    def fts(self) -> str:
        """Return the FTS5 MATCH expression (only quoted folded words and operators).

        Raises:
            BadInputError: the query only excludes words.
        """
        positive = [c.fts() for c in self.clauses if not c.negated]
        negative = [c.fts(exact_only=True) for c in self.clauses if c.negated]
        if not positive:
            raise BadInputError(
                f"query {self.text!r} only excludes words: add a word to search for"
            )
        expr = " AND ".join(positive)
        return expr + "".join(f" NOT {n}" for n in negative)

    def expand(self, lookup: Callable[[str], tuple[str, ...] | None]) -> Query:
        """Replace each ``prefix*`` by the indexed words it stands for.

        Args:
            lookup: folded prefix -> the indexed words starting with it (None: unknown, keep
                the FTS5 prefix query).

        Returns:
            A new query.
        """
        clauses = tuple(
            replace(c, terms=tuple(
                replace(t, expansions=lookup(t.tokens[-1])) if t.prefix else t for t in c.terms
            ))
            for c in self.clauses
        )  # fmt: skip
        return replace(self, clauses=clauses)

    def phrases(self) -> list[str]:
        """Every FTS5 phrase of the expression (bm25 counts the matches of each one)."""
        return [p for c in self.clauses for t in c.terms for p in t.phrases(exact_only=c.negated)]


def parse_query(text: str) -> Query:
    """Parse what the user typed.

    Args:
        text: the query ("" or only spaces: no words, filters alone decide).

    Returns:
        The parsed query.

    Raises:
        BadInputError: a prefix shorter than 4 characters, a query with no word in it
            (only punctuation), too many words, or one that only excludes words.
    """
    if not text or not text.strip():
        return Query(text or "")
    clauses = _drop_stopwords(_clauses(text))
    if not clauses:
        raise BadInputError(
            f'no word to search for in {text!r}: type words, "a phrase", word* or -word'
        )
    if len(clauses) > MAX_CLAUSES:
        raise BadInputError(f"query too long: use at most {MAX_CLAUSES} words or phrases")
    query = Query(text, tuple(clauses), _highlight(clauses))
    query.fts()  # refuses a query that only excludes
    return query


def _clauses(text: str) -> list[Clause]:
    """Turn lexemes into clauses, joining items around ``OR``."""
    clauses: list[Clause] = []
    pending_or = negate_next = False
    for negated, term, word in _items(text):
        if word in ("OR", "AND", "NOT"):
            pending_or = word == "OR" and bool(clauses)
            negate_next = word == "NOT"
            continue
        if term is None:
            continue
        negated = negated or negate_next
        negate_next = False
        last = clauses[-1] if clauses else None
        if pending_or and last is not None and last.negated == negated:
            clauses[-1] = Clause((*last.terms, term), negated)
        else:
            clauses.append(Clause((term,), negated))
        pending_or = False
    return clauses


def _items(text: str) -> list[tuple[bool, Term | None, str]]:
    """Split into (negated, term or None, raw word) items; operators come back as words."""
    items: list[tuple[bool, Term | None, str]] = []
    for match in _LEXEME.finditer(text):
        minus, phrase, raw = match.groups()
        if phrase is not None:
            tokens = tuple(words(phrase))
            items.append((bool(minus), Term(tokens, quoted=True) if tokens else None, ""))
        elif raw:
            items.append(_word(raw))
    return items


def _word(raw: str) -> tuple[bool, Term | None, str]:
    """Read one unquoted word: leading '-' excludes, trailing '*' asks for a prefix."""
    if raw in ("OR", "AND", "NOT"):
        return False, None, raw
    negated = raw.startswith("-") and len(raw) > 1
    core = raw.lstrip("-")
    prefix = core.endswith("*")
    core = core.rstrip("*")
    tokens = words(core)
    if len(tokens) > 1 and _ELISION.match(core):
        tokens = tokens[1:]
    if not tokens:
        return negated, None, raw
    if prefix and len(tokens[-1]) < MIN_PREFIX:
        raise BadInputError(
            f"prefix {raw!r} is too short: give at least {MIN_PREFIX} letters before * "
            "(numér*, subvent*)"
        )
    return negated, Term(tuple(tokens), prefix=prefix), raw


def _drop_stopwords(clauses: list[Clause]) -> list[Clause]:
    kept = [c for c in clauses if not c.is_stopword()]
    return kept if any(not c.negated for c in kept) else clauses


def _highlight(clauses: list[Clause]) -> dict[str, frozenset[str]]:
    """What to mark in snippets: exact words, prefixes and stems of the positive terms."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    stems: set[str] = set()
    for clause in clauses:
        if clause.negated:
            continue
        for term in clause.terms:
            tokens = list(term.tokens)
            if term.prefix:
                prefixes.add(tokens.pop())
            exact.update(tokens)
            stems.update(stem_words(tokens))
    return {"exact": frozenset(exact), "prefixes": frozenset(prefixes), "stems": frozenset(stems)}


def _quote(tokens: tuple[str, ...]) -> str:
    """Quote folded tokens as one FTS5 string (tokens are letters and digits only)."""
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
