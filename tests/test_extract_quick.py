"""quicken: a look-ahead on a pattern's first characters, same matches as the pattern."""

import re

import pytest

from registre.extract.quick import first_chars, first_two_chars, quicken

TEXT = ("Le conseil, après en avoir délibéré, DÉCIDE : pour : 12, contre : 0.\n"
        "Secrétaire de séance : M. Paul NOIR ; n° 2023-17 ; 3 votants, procurations : 2\n"
        "En exercice : 15 | Presents 12 10 9 abcd cd 7")


@pytest.mark.parametrize(("pattern", "lead"), [
    (r"\bsecretaire", "[s]"),
    (r"(?:,\s*)?(?:est|a\s+ete)", "[,ea]"),
    (r"\s*,\s*maire", r"[\s,]"),
    (r"(?<![a-z])n\s*°|\bnumeros?", "[n]"),
    (r"[0-3]?\d/\d", r"[0-3\d]"),
    (r"(?=\d)\d+\s+votants", r"[\d]"),
])
def test_first_chars_lists_what_a_match_starts_with(pattern, lead):
    assert first_chars(re.compile(pattern)) == lead


@pytest.mark.parametrize(("pattern", "lead"), [
    (r"\bsecretaire", "[s][e]"),
    (r"(?:,\s*)?(?:est|a\s+ete)", r"[,ae][\ssae]"),
    (r"(?:ab){0,2}cd", "[ac][bd]"),
    (r"\d\b|ab", None),  # a match may be one character long
    (r"x?y", None),
    (r"(?:a?)*bc", None),  # a repeat of what may be empty
])
def test_first_two_chars_lists_the_first_and_second_characters_of_every_match(pattern, lead):
    assert first_two_chars(re.compile(pattern)) == lead


@pytest.mark.parametrize("pattern", [
    r"\s*",  # may match the empty string, anywhere
    r".oi",  # any character first
    r"[^a]b",
    r"\Sx",
    r"(?i)pour",  # the case of its letters is open
    r"x(?i:y)|(?i:p)our",
])
def test_patterns_whose_first_characters_are_open_come_back_unchanged(pattern):
    rx = re.compile(pattern)
    assert quicken(rx) is rx


@pytest.mark.parametrize("pattern", [
    r"\b(?:pour|contre)\s*:\s*(?P<n>\d{1,3})\b",
    r"(?:,\s*)?(?:est|a\s+ete|,\s*)\s*",
    r"(?:^|(?<=\n))secretaire\s+de\s+seance\s*:\s*(\S+)",
    r"\b(\d{1,3})\s+votants\b|procurations?\s*:\s*(\d)",
    r"(?m)^le\b",  # global flags: unchanged
    r"(?:\d{1,3}[\s|]+){1,5}\d{1,3}|(?:en\s+exercice|presents?)[\s:]+\d",  # repeats, two classes
    r"\d\b|(?:ab){0,2}cd|\bn\s*°",  # one character may be a whole match: one class only
])
def test_a_quickened_pattern_finds_the_same_matches_and_groups(pattern):
    rx = re.compile(pattern)
    folded = TEXT.lower()
    quick = quicken(rx)
    assert [(m.span(), m.groups(), m.groupdict()) for m in quick.finditer(folded)] == \
        [(m.span(), m.groups(), m.groupdict()) for m in rx.finditer(folded)]
    assert quick.sub("#", folded) == rx.sub("#", folded)
    for pos, endpos in ((40, 120), (0, 10)):
        found, expected = quick.search(folded, pos, endpos), rx.search(folded, pos, endpos)
        assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize("text", [
    "M. Paul NOIR ,  le maire, ouvre la seance", "a ete designe secretaire ; ont ete  elus secretaires",
    "X, en qualite de secretaire", "   ,   ,le maire ouvre la seance", "", "nomme nommee designee",
])
def test_anchored_finds_what_its_pattern_finds(text):
    from registre.extract.quick import Anchored
    rx = re.compile(r"\s*,\s*le\s+maire\s*,?\s*ouvre|(?:,\s*)?(?:a\s+ete|ont\s+ete)\s+(?:designe|elus)"
                    r"|,?\s*en\s+qualite")
    anchored = Anchored(rx, anchors=(",", "design", "elus", "qualite"), reach=6)
    assert [m.span() for m in anchored.finditer(text)] == [m.span() for m in rx.finditer(text)]
    assert (anchored.search(text) or rx.search(text)) is None or anchored.search(text).span() == rx.search(text).span()


@pytest.mark.parametrize(("pattern", "needs"), [
    (r"\bmotions?\b|\bvoeux?\b", ("motion", "voeu")),
    (r"a?bc", ("bc",)),
    (r"(?:budgets?\s+primitifs?|\bdm\b)", ("dm", "primitif")),  # the longer of two runs
    (r"(?:ab)+z", ("ab",)),
    (r"x*|\d+", None),  # nothing is needed
    (r"(?i)motion", None),  # the case of its letters is open
])
def test_required_literals_lists_strings_every_match_holds(pattern, needs):
    from registre.extract.quick import required_literals
    assert required_literals(re.compile(pattern)) == needs


def test_a_text_without_the_required_strings_has_no_match():
    from registre.extract.matiere import RULES
    from registre.extract.quick import required_literals
    texts = [TEXT.lower(), "budget primitif 2024 ; dm n° 2 ; subvention a l'association", "vente d'un terrain"]
    for _, pattern in RULES:
        rx = re.compile(pattern)
        needs = required_literals(rx)
        for text in texts:
            assert needs is None or any(n in text for n in needs) or rx.search(text) is None


@pytest.mark.parametrize(("pattern", "anchors"), [
    (r"\bmotions?\b", {"motion": 0}),
    (r"\s*,\s*(?:le\s+)?maire", {"maire": 3}),  # the comma and "le" may come before it
    (r"\b\d{1,3}\s+(?:voix|votes?)\s+pour\b|\bunanimite\b", {"pour": 8, "unanimite": 0}),  # "vo", then a longer word
    (r"(?:\S+\s+)?prefecture", None),  # no bound on what comes before its word
    (r"\d+|abc", None),  # an alternative without a word
])
def test_find_anchors_reads_the_words_of_a_pattern_and_what_may_come_before(pattern, anchors):
    from registre.extract.quick import find_anchors
    assert find_anchors(re.compile(pattern)) == anchors


@pytest.mark.parametrize("pattern", [
    r"\b\d{1,3}\s+(?:voix|votes?)\s+pour\b|\bunanimite\b", r"\s*,\s*(?:le\s+)?maire", r"(?<![a-z])pour\s*:\s*\d+",
])
def test_an_anchored_pattern_finds_what_the_pattern_finds_in_any_range(pattern):
    from registre.extract import quick
    rx = re.compile(pattern)
    text = "pour : 12 ; 3 voix pour , le maire ,maire unanimite 12 votes  pour" * 3
    dense, short = quick._DENSE, quick._SHORT
    quick._DENSE, quick._SHORT = 1, 0  # never the pattern's own scan
    try:
        anchored = quick.anchored(rx)
        for pos, endpos in ((0, len(text)), (5, 60), (13, 14), (30, len(text) - 7)):
            assert [m.span() for m in anchored.finditer(text, pos, endpos)] == \
                [m.span() for m in rx.finditer(text, pos, endpos)]
    finally:
        quick._DENSE, quick._SHORT = dense, short


def test_an_anchored_pattern_answers_what_it_does_not_speed_up_as_the_pattern():
    from registre.extract.quick import anchored
    rx = re.compile(r"\bpour\s*:\s*(\d+)")
    fast = anchored(rx)
    assert fast.findall("pour : 12, pour: 3") == ["12", "3"] and fast.groups == 1
    assert fast.sub("x", "pour : 1") == "x"


def _anchored_rules():
    """Every pattern of the extraction modules searched near its words (module constants, and
    those kept in tuples, lists and dicts of rules)."""
    import importlib
    import pkgutil

    import registre.extract as package
    from registre.extract.quick import Anchored

    found: dict[int, tuple[str, Anchored]] = {}

    def walk(value, name: str, depth: int = 0) -> None:
        if isinstance(value, Anchored):
            found.setdefault(id(value), (name, value))
        elif depth < 3 and isinstance(value, (tuple, list)):
            for k, item in enumerate(value):
                walk(item, f"{name}[{k}]", depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for k, item in value.items():
                walk(item, f"{name}.{k}", depth + 1)

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"registre.extract.{info.name}")
        for attr, value in vars(module).items():
            walk(value, f"{info.name}.{attr}")
    return sorted(found.values(), key=lambda item: item[0])


def _texts_for(anchors, seed: int) -> list[str]:
    """Invented texts where the pattern's words stand among council words, figures and breaks."""
    import random

    rng = random.Random(seed)
    words = [*anchors, "le", "conseil", "municipal", "M.", "Mme", "DUPONT", "Jean", "12", "2024-015", "n°",
             ":", ",", ".", "–", "(", ")", "\n", "\n\n", "\f", "à", "l'unanimité", "POUR", "vote", "Article",
             "1er", "objet", "délibération", "présents", "et", "de", "la", "séance", "du", "3", "mars"]
    return [" ".join(rng.choice(words) for _ in range(rng.randrange(40, 400))) for _ in range(6)]


@pytest.fixture(scope="module")
def sample_texts(samples) -> list[str]:
    """The texts of the generated deliberations of every kind (conftest's samples), as read and folded."""
    from registre.extract.text import fold
    from registre.ingest.pdf import read_pdf_pages

    texts = ["\f".join(page.text for page in read_pdf_pages(pdf)) for pdf, _ in samples.values()]
    return texts + [fold(text) for text in texts]


def test_every_anchored_rule_of_the_extraction_finds_what_its_pattern_finds(sample_texts):
    # the anchors are read from each pattern: a pattern changed later must still be found whole
    from registre.extract import quick
    rules = _anchored_rules()
    assert len(rules) > 60
    matched = 0
    dense, short = quick._DENSE, quick._SHORT
    quick._DENSE, quick._SHORT = 1, 0  # never the pattern's own scan
    try:
        for seed, (name, rule) in enumerate(rules):
            found = False
            for text in sample_texts + _texts_for(list(rule.anchors), seed):
                for pos, endpos in ((0, len(text)), (7, len(text) // 2)):
                    expected = [(m.span(), m.groups()) for m in rule.rx.finditer(text, pos, endpos)]
                    assert [(m.span(), m.groups()) for m in rule.finditer(text, pos, endpos)] == expected, name
                    found = found or bool(expected)
            matched += found
    finally:
        quick._DENSE, quick._SHORT = dense, short
    assert matched >= 0.6 * len(rules)  # the texts put most rules to the test, not only their misses


@pytest.mark.parametrize(("pattern", "spaced"), [
    (r"\bmaire", False), (r"(?:x\s)?maire", False), (r"[A-Z]\w+", False),
    (r"\s*,\s*maire", True), (r"[\s,]maire", True), (r"\u00a0:", True),  # a no-break space is white space
    (r"(?i)maire", True), (r"x?", True),  # cannot be told: may
])
def test_may_start_on_space_tells_whether_a_match_may_open_on_white_space(pattern, spaced):
    from registre.extract.quick import may_start_on_space
    assert may_start_on_space(re.compile(pattern)) is spaced
