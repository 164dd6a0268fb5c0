"""stamps.mask: spans blanked in place, line and page breaks kept."""

import pytest

from registre.extract.stamps import mask


def _mask_by_character(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)  # the plain definition: every character of a span but "\n" and "\f" becomes a space
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] not in "\n\f":
                chars[i] = " "
    return "".join(chars)


@pytest.mark.parametrize("spans", [
    [], [(0, 5)], [(3, 9), (12, 40)], [(20, 30), (2, 6)],  # out of order
    [(2, 10), (5, 14)], [(4, 8), (4, 8)], [(30, 999)], [(9, 3)], [(100, 120)],  # overlapping, past the end, empty
])
def test_mask_blanks_spans_and_keeps_line_and_page_breaks(spans):
    text = "Reçu le 12/03\nID : 093-229\fpage deux\n"
    assert mask(text, spans) == _mask_by_character(text, spans)
    assert len(mask(text, spans)) == len(text)


@pytest.mark.parametrize("text", [
    "Envoyé en préfecture le 02/02/2023\nReçu en préfecture le 02/02/2023\nID : 093-229300082-20230126-X-DE",
    "Re! 97 préfecture le 02/02/2023", "ab  cd\n  préfecture fie 19/08/2023 et Reçu le 3/4/2023",
    "abcdefgh préfecture le 1/2/2023", "préfecture préfecture le 1/2/2023", "aucun tampon ici", "",
    "093-229300082-20230126-DEL_01-DE publié le 01/02/2023 AR préfecture",
])
def test_stamp_spans_are_those_of_the_whole_pattern(text):
    from registre.extract.stamps import STAMP_LINES, find_stamp_spans
    from registre.extract.text import fold
    assert find_stamp_spans(text) == [m.span() for m in STAMP_LINES.finditer(fold(text))]
