"""The SCDL « Délibérations » 2.1.5 export: one CSV row per deliberation, as portals take it.

SCDL (Socle Commun des Données Locales) is the open-data schema that data.gouv.fr and
transparency portals validate: 17 columns in a fixed order, UTF-8, a comma between cells, the
empty string for a missing value, ISO dates. Seven columns are required (body name, SIRET,
deliberation id, date, ACTES matière code and name, objet); a deliberation that cannot fill one
of them is left out of the file and reported with the reason — a valid file with fewer rows is
worth more to a portal than a file it rejects.

How each column is filled (never invented; a value that breaks a rule of the schema is left
empty rather than written wrong):

- ``COLL_NOM``: the body read in the document, or named at import (``--collectivite``);
- ``COLL_SIRET``: ``--siret`` at export, else the SIRET recorded at import. A SIREN alone (the
  9 digits of an @ctes stamp) does not make a SIRET: such a row is reported and left out;
- ``DELIB_ID``: the printed numéro, else ``YYYYMMDD-NN`` from the séance date and the item's
  order among the deliberations of that body's séance (stable across exports and filters);
- ``DELIB_MATIERE_CODE`` / ``_NOM``: the ACTES level-2 code and "level-1/level-2" in lower
  case without commas or parentheses;
- votes only when pour, contre and abstention are all known and hold together (their sum is
  ``VOTE_REEL``, at most the votants and the members in office);
- ``PREF_DATE``: the transmission date, unless it falls before the séance;
- ``DELIB_URL``: ``--base-url`` followed by the original file name.

:func:`check_row` applies the schema's row rules (Validata's custom checks) to a written row.
"""

from __future__ import annotations

import csv
import logging
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from registre.errors import BadInputError
from registre.store.archive import Archive
from registre.store.bodies import Identity, IdentityLookup

log = logging.getLogger(__name__)

SCDL_VERSION = "2.1.5"
COLUMNS = (
    "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM",
    "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID", "PREF_DATE", "VOTE_EFFECTIF",
    "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION", "DELIB_URL",
)  # fmt: skip
REQUIRED = COLUMNS[:7]
VOTE_COLUMNS = ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")
# ACTES level-2 codes SCDL accepts, by level 1 (1.1–1.7, 2.1–2.3, …, 9.1–9.4).
LEVEL2_MAX = {1: 7, 2: 3, 3: 6, 4: 5, 5: 8, 6: 5, 7: 10, 8: 9, 9: 4}
DEFAULT_LOW_CONFIDENCE = 0.5  # a matière guessed below this is counted as "to review"
SEPARATORS = (",", ";", "\t", "|")

_CODE = re.compile(r"^(\d)\.(\d{1,2})")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BUDGET_YEAR = re.compile(r"^(\d{4})(?:/(\d{4}))?$")
_LA_POSTE_SIREN = "356000000"  # La Poste: its offices follow a digit-sum rule (not the head office)


# -- identity ------------------------------------------------------------------------------


def is_luhn(digits: str) -> bool:
    """Return True when a string of digits passes the Luhn checksum (SIREN and SIRET use it)."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_siren(value: str | None) -> bool:
    """Return True for 9 digits that pass the Luhn check."""
    return bool(value) and len(value) == 9 and value.isdigit() and is_luhn(value)


def is_siret(value: str | None) -> bool:
    """Return True for 14 digits whose SIREN (first 9) and whole pass the Luhn check.

    La Poste's offices (SIREN 356000000, head office aside) follow a rule of their own: the sum
    of the digits is a multiple of 5.
    """
    if not value or len(value) != 14 or not value.isdigit():
        return False
    if value.startswith(_LA_POSTE_SIREN) and value != _LA_POSTE_SIREN + "00048":
        return sum(int(c) for c in value) % 5 == 0
    return is_luhn(value[:9]) and is_luhn(value)


def check_siret(value: str) -> str:
    """Normalise a SIRET as typed (spaces and dots dropped) and check it.

    Args:
        value: the SIRET, e.g. "213 502 388 00013".

    Returns:
        The 14 digits.

    Raises:
        BadInputError: not 14 digits, or a wrong checksum; the message says which.
    """
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not digits.isdigit() or len(digits) != 14:
        hint = " (that is a SIREN: add the 5 digits of the établissement, NIC)" if len(digits) == 9 else ""
        raise BadInputError(
            f"SIRET {value!r}: a SIRET has 14 digits (9 of the SIREN + 5 of the établissement){hint}"
        )
    if not is_siret(digits):
        raise BadInputError(
            f"SIRET {value!r} fails the Luhn check: a digit is wrong or two are swapped;"
            " copy it from annuaire-entreprises.data.gouv.fr"
        )
    return digits


def file_name(siren: str, day: date) -> str:
    """The SCDL file name ``YYYYMMDD_SIREN_deliberations.csv`` (creation date, producer's SIREN).

    Raises:
        BadInputError: ``siren`` is not a valid SIREN.
    """
    if not is_siren(siren):
        raise BadInputError(f"SIREN {siren!r} is not 9 digits with a valid checksum")
    return f"{day:%Y%m%d}_{siren}_deliberations.csv"


# -- matière -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def nomenclature() -> dict[str, tuple[str, str]]:
    """The ACTES nomenclature shipped with the package: level-2 code -> (level 1, level 2)."""
    table = resources.files("registre.data").joinpath("actes_matieres.csv")
    with table.open(encoding="utf-8") as f:
        return {row["code"]: (row["matiere"], row["sous_matiere"]) for row in csv.DictReader(f)}


def level2(code: str | None) -> str | None:
    """The level-2 part of an ACTES code ("7.5.1" -> "7.5"), or None when it is not one SCDL takes."""
    m = _CODE.match((code or "").strip())
    if not m:
        return None
    first, second = int(m.group(1)), int(m.group(2))
    if not 1 <= second <= LEVEL2_MAX.get(first, 0):
        return None
    return f"{first}.{second}"


def matiere_nom(code: str) -> str | None:
    """``DELIB_MATIERE_NOM`` of a level-2 code: "level 1/level 2", lower case, no comma or parenthesis.

    Example: "7.9" -> "finances locales/prise de participation sem etc."
    """
    names = nomenclature().get(code)
    if not names:
        return None
    return "/".join(_scdl_label(n) for n in names)


def _scdl_label(label: str) -> str:
    text = re.sub(r"[,()]", " ", label.lower())
    return re.sub(r"\s+", " ", text).strip()


def _level1_key(label: str) -> str:
    text = unicodedata.normalize("NFKD", label.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _level1_names() -> dict[str, int]:
    return {_level1_key(l1): int(code.split(".")[0]) for code, (l1, _) in nomenclature().items()}


# -- rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScdlOptions:
    """How SCDL rows are made.

    Attributes:
        siret: the SIRET of every row exported (checked), overriding the one recorded at import.
        base_url: where the original files are published; ``DELIB_URL`` = base + file name.
        separator: between cells (SCDL says ","; some portals ask for ";").
        low_confidence: a matière guessed with less confidence is counted as to review.
    """

    siret: str | None = None
    base_url: str | None = None
    separator: str = ","
    low_confidence: float = DEFAULT_LOW_CONFIDENCE

    def checked(self) -> ScdlOptions:
        """Return these options with the SIRET normalised, after checking every option.

        Raises:
            BadInputError: a bad SIRET, base URL or separator.
        """
        if self.separator not in SEPARATORS:
            shown = ", ".join(repr(s) for s in SEPARATORS)
            raise BadInputError(f"--separator {self.separator!r}: choose one of {shown}")
        if self.base_url is not None and not re.match(r"^https?://[^\s/]+", self.base_url):
            raise BadInputError(
                f"--base-url {self.base_url!r}: give the address where the PDFs are published,"
                " starting with https://"
            )
        siret = check_siret(self.siret) if self.siret else None
        return ScdlOptions(siret, self.base_url, self.separator, self.low_confidence)


@dataclass
class ScdlRow:
    """One deliberation made into an SCDL row, or the reasons it cannot be one.

    Attributes:
        id: the deliberation's id in the archive.
        file: the file it comes from.
        row: column -> cell ("" when missing); None when a required column cannot be filled.
        problems: why a required column cannot be filled ("COLUMN: reason").
        notes: values left out of an otherwise valid row (a PREF_DATE before the séance…).
        review: the matière was guessed with low confidence.
        siren: the SIREN of the row's SIRET.
        stamp_siren: the SIREN of the document's @ctes stamp, when it differs from ``siren``.
    """

    id: int
    file: str
    row: dict[str, str] | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    review: bool = False
    siren: str | None = None
    stamp_siren: str | None = None

    def describe(self) -> str:
        """"deliberation 12 (file.pdf): reason; reason" — for messages on stderr."""
        reasons = "; ".join(self.problems or self.notes)
        return f"deliberation {self.id} ({PurePath(self.file).name}): {reasons}"


def iter_rows(archive: Archive, options: ScdlOptions = ScdlOptions(), **filters: Any) -> Iterator[ScdlRow]:
    """Make each deliberation kept by the filters into an SCDL row.

    Args:
        archive: the open archive.
        options: checked options (see :meth:`ScdlOptions.checked`).
        **filters: as :meth:`Archive.iter_deliberations`.

    Yields:
        One :class:`ScdlRow` per deliberation, by séance date.

    Raises:
        BadInputError: an unknown filter or a malformed value.
    """
    identity = IdentityLookup(archive.conn)
    order = _SessionOrder(archive.conn)
    for delib in archive.iter_deliberations(**filters):
        yield build_row(delib, identity(delib["sha256"]), options, order)


def build_row(delib: dict[str, Any], identity: Identity, options: ScdlOptions,
              order: _SessionOrder | None = None) -> ScdlRow:
    """Make one deliberation (a dict as :meth:`Archive.iter_deliberations` yields) an SCDL row.

    Args:
        delib: the deliberation's fields, ``id``, ``file``, ``sha256``, ``position``.
        identity: what the archive knows of its body.
        options: checked options.
        order: the item's order in its séance (for ``DELIB_ID`` without a printed numéro).

    Returns:
        The row, or the reasons it cannot be one.
    """
    out = ScdlRow(delib["id"], delib.get("file") or "", None)
    row = dict.fromkeys(COLUMNS, "")
    row["COLL_NOM"] = _one_line(delib.get("collectivite") or identity.collectivite)
    row["COLL_SIRET"] = options.siret or identity.siret or ""
    row["DELIB_DATE"] = delib.get("date_seance") or ""
    row["DELIB_OBJET"] = _one_line(delib.get("objet"))
    row["DELIB_ID"] = _delib_id(delib, order)
    _fill_matiere(row, delib, options, out)
    _fill_votes(row, delib)
    _fill_transmission(row, delib, out)
    if options.base_url and delib.get("file"):
        row["DELIB_URL"] = options.base_url.rstrip("/") + "/" + quote(PurePath(delib["file"]).name)
    out.siren = row["COLL_SIRET"][:9] or None
    if identity.stamp_siren and out.siren and identity.stamp_siren != out.siren:
        out.stamp_siren = identity.stamp_siren
    out.problems = _required_problems(row, identity, delib["id"])
    out.row = None if out.problems else row
    return out


def _is_date(text: str | None) -> bool:
    """An ISO date that exists (2023-02-30 does not)."""
    if not text or not _ISO.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _delib_id(delib: dict[str, Any], order: _SessionOrder | None) -> str:
    numero = _one_line(delib.get("numero"))
    if numero:
        return numero
    day = delib.get("date_seance") or ""
    if not _is_date(day):
        return ""
    rank = order(delib) if order else delib.get("position") or 1
    return f"{day.replace('-', '')}-{rank:02d}"


def _fill_matiere(row: dict[str, str], delib: dict[str, Any], options: ScdlOptions, out: ScdlRow) -> None:
    code = level2(delib.get("matiere_code"))
    if not code:
        return
    row["DELIB_MATIERE_CODE"] = code
    row["DELIB_MATIERE_NOM"] = matiere_nom(code) or ""
    confidence = (delib.get("confidence") or {}).get("matiere_code")
    corrected = any(c.get("field") == "matiere_code" for c in delib.get("corrections") or [])
    out.review = not corrected and confidence is not None and confidence < options.low_confidence


def _fill_votes(row: dict[str, str], delib: dict[str, Any]) -> None:
    """Vote columns only when pour + contre + abstention is known and holds together."""
    counts = [delib.get(k) for k in ("vote_pour", "vote_contre", "vote_abstention")]
    if any(not isinstance(n, int) or n < 0 for n in counts):
        return
    total = sum(counts)
    limits = [delib.get(k) for k in ("votants", "membres_en_exercice")]
    if total == 0 or any(isinstance(n, int) and total > n for n in limits):
        return
    row.update(VOTE_REEL=str(total), VOTE_POUR=str(counts[0]), VOTE_CONTRE=str(counts[1]),
               VOTE_ABSTENTION=str(counts[2]))
    effectif = delib.get("membres_en_exercice")
    if isinstance(effectif, int):
        row["VOTE_EFFECTIF"] = str(effectif)


def _fill_transmission(row: dict[str, str], delib: dict[str, Any], out: ScdlRow) -> None:
    sent = delib.get("date_transmission") or ""
    if not _is_date(sent):
        return
    if _is_date(row["DELIB_DATE"]) and sent < row["DELIB_DATE"]:
        out.notes.append(f"PREF_DATE left empty: transmission {sent} is before the séance {row['DELIB_DATE']}")
        return
    row["PREF_DATE"] = sent


def _required_problems(row: dict[str, str], identity: Identity, id_: int) -> list[str]:
    problems = []
    fix = f"registre correct {id_}"
    if not row["COLL_NOM"]:
        problems.append("COLL_NOM: the body's name is unknown (give --collectivite at import)")
    if not row["COLL_SIRET"]:
        if identity.siren:
            problems.append(
                f"COLL_SIRET: only the SIREN {identity.siren} is known (from the @ctes stamp);"
                " SCDL needs the 14-digit SIRET: give --siret"
            )
        else:
            problems.append("COLL_SIRET: no SIRET known for this body: give --siret")
    if not row["DELIB_DATE"]:
        problems.append(f"DELIB_DATE: no séance date (`{fix} date_seance YYYY-MM-DD`)")
    elif not _is_date(row["DELIB_DATE"]):
        problems.append(f"DELIB_DATE: {row['DELIB_DATE']!r} is not a date (`{fix} date_seance YYYY-MM-DD`)")
    if not row["DELIB_MATIERE_CODE"]:
        problems.append(f"DELIB_MATIERE_CODE: no ACTES matière found (`{fix} matiere_code CODE`)")
    if not row["DELIB_OBJET"]:
        problems.append(f"DELIB_OBJET: no objet found (`{fix} objet TEXT`)")
    return problems


class _SessionOrder:
    """The order of a deliberation among those of its body's séance: by file name, then position.

    Read from the archive, not from the exported rows, so that a filter (a matière, a decision)
    does not renumber the items; one query per séance, cached while the export walks that date.
    """

    _SQL = (
        "SELECT d.id FROM deliberations d JOIN documents doc ON doc.sha256 = d.sha256"
        " WHERE d.date_seance = ? AND coalesce(d.collectivite, '') = ? COLLATE NOCASE"
        " ORDER BY doc.path, d.position, d.id"
    )

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.day: str | None = None
        self.ranks: dict[str, dict[int, int]] = {}

    def __call__(self, delib: dict[str, Any]) -> int:
        day, body = delib["date_seance"], (delib.get("collectivite") or "").lower()
        if day != self.day:
            self.day, self.ranks = day, {}
        if body not in self.ranks:
            ids = [r[0] for r in self.conn.execute(self._SQL, (day, body))]
            self.ranks[body] = {id_: i for i, id_ in enumerate(ids, start=1)}
        return self.ranks[body].get(delib["id"], delib.get("position") or 1)


# -- writing -------------------------------------------------------------------------------


@dataclass
class ScdlReport:
    """What an SCDL export wrote and left out.

    Attributes:
        written: rows written.
        left_out: deliberations that could not make a row, with their reasons.
        notes: rows written without a value that broke a rule (a PREF_DATE before the séance).
        review: ids of the rows written whose matière was guessed with low confidence.
        sirens: the SIRENs of the rows written.
        stamp_mismatch: rows whose @ctes stamp names another SIREN than their SIRET's.
        duplicate_ids: DELIB_IDs written more than once for the same SIRET.
    """

    written: int = 0
    left_out: list[ScdlRow] = field(default_factory=list)
    notes: list[ScdlRow] = field(default_factory=list)
    review: list[int] = field(default_factory=list)
    sirens: set[str] = field(default_factory=set)
    stamp_mismatch: int = 0
    duplicate_ids: int = 0


def write_scdl(rows: Iterator[ScdlRow], out: TextIO, *, separator: str = ",") -> ScdlReport:
    """Write the header and the rows that can be SCDL rows; report the others.

    Args:
        rows: from :func:`iter_rows`.
        out: a text stream opened with ``newline=""`` and UTF-8.
        separator: between cells.

    Returns:
        The report (the caller prints it).
    """
    writer = csv.writer(out, delimiter=separator)
    writer.writerow(COLUMNS)
    report, seen = ScdlReport(), set()
    for item in rows:
        if item.row is None:
            report.left_out.append(item)
            continue
        writer.writerow([item.row[c] for c in COLUMNS])
        report.written += 1
        report.review += [item.id] if item.review else []
        report.notes += [item] if item.notes else []
        report.stamp_mismatch += item.stamp_siren is not None
        report.sirens.add(item.siren or "")
        key = (item.row["COLL_SIRET"], item.row["DELIB_ID"])
        report.duplicate_ids += key in seen
        seen.add(key)
    report.sirens.discard("")
    return report


def export_scdl(archive: Archive, out: TextIO, options: ScdlOptions = ScdlOptions(),
                **filters: Any) -> ScdlReport:
    """Write the SCDL CSV of the deliberations kept by the filters.

    Args:
        archive: the open archive.
        out: a text stream opened with ``newline=""`` and UTF-8.
        options: SIRET, base URL, separator (checked here).
        **filters: as :meth:`Archive.iter_deliberations`.

    Returns:
        What was written and what was left out, with the reasons.

    Raises:
        BadInputError: a bad option, an unknown filter or a malformed value.
    """
    options = options.checked()
    return write_scdl(iter_rows(archive, options, **filters), out, separator=options.separator)


# -- row rules -----------------------------------------------------------------------------


def check_row(row: dict[str, str]) -> list[str]:
    """Apply the row rules of the SCDL schema (Validata's custom checks) to one row.

    Rules: ``VOTE_REEL`` = pour + contre + abstention (when all four are filled);
    ``PREF_DATE`` ≥ ``DELIB_DATE``; ``DELIB_MATIERE_NOM`` starts with an ACTES level-1 name
    followed by "/" (no space around it, no comma or parenthesis) that matches the level 1 of
    ``DELIB_MATIERE_CODE``, a level-2 code SCDL accepts; ``BUDGET_ANNEE`` and ``BUDGET_NOM``
    filled together, the year "YYYY" or "YYYY/YYYY" with the second after the first;
    ``COLL_SIRET`` passes the Luhn check.

    Args:
        row: column -> cell text.

    Returns:
        One "COLUMN: problem" per broken rule; [] for a good row.
    """
    return [p for rule in _RULES for p in rule(row)]


def _rule_vote_sum(row: dict[str, str]) -> list[str]:
    cells = [row.get(c, "") for c in ("VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")]
    if not all(cells):
        return []
    try:
        reel, *parts = (int(c) for c in cells)
    except ValueError:
        return []  # a type error, reported by the schema
    if reel != sum(parts):
        return [f"VOTE_REEL: {reel} is not VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION = {sum(parts)}"]
    return []


def _rule_pref_date(row: dict[str, str]) -> list[str]:
    sent, adopted = row.get("PREF_DATE", ""), row.get("DELIB_DATE", "")
    if sent and adopted and _ISO.match(sent) and _ISO.match(adopted) and sent < adopted:
        return [f"PREF_DATE: {sent} is before DELIB_DATE {adopted}"]
    return []


def _rule_nomenclature(row: dict[str, str]) -> list[str]:
    name, code = row.get("DELIB_MATIERE_NOM", ""), row.get("DELIB_MATIERE_CODE", "")
    problems = []
    if code and level2(code) != code:
        problems.append(f"DELIB_MATIERE_CODE: {code!r} is not an ACTES level-2 code SCDL accepts")
    if not name:
        return problems
    if "/" not in name:
        return [*problems, f"DELIB_MATIERE_NOM: {name!r} has no '/' between level 1 and level 2"]
    first, rest = name.split("/", 1)
    if first != first.strip() or rest != rest.lstrip():
        problems.append(f"DELIB_MATIERE_NOM: {name!r} has a space around the '/'")
    level1 = _level1_names().get(_level1_key(first))
    if level1 is None:
        problems.append(f"DELIB_MATIERE_NOM: {first.strip()!r} is not an ACTES level-1 name")
    elif code and level2(code) and int(code.split(".")[0]) != level1:
        problems.append(f"DELIB_MATIERE_NOM: {first.strip()!r} is not the level 1 of code {code}")
    if re.search(r"[,()]", name):
        problems.append(f"DELIB_MATIERE_NOM: {name!r} holds a comma or a parenthesis")
    return problems


def _rule_budget(row: dict[str, str]) -> list[str]:
    year, name = row.get("BUDGET_ANNEE", ""), row.get("BUDGET_NOM", "")
    if bool(year) != bool(name):
        return ["BUDGET_ANNEE/BUDGET_NOM: fill both or neither"]
    m = _BUDGET_YEAR.match(year) if year else None
    if year and (not m or (m.group(2) and int(m.group(2)) <= int(m.group(1)))):
        return [f"BUDGET_ANNEE: {year!r} is not YYYY or YYYY/YYYY with the second year after the first"]
    return []


def _rule_siret(row: dict[str, str]) -> list[str]:
    siret = row.get("COLL_SIRET", "")
    if siret and len(siret) == 14 and siret.isdigit() and not is_siret(siret):
        return [f"COLL_SIRET: {siret} fails the Luhn check"]
    return []


_RULES = (_rule_vote_sum, _rule_pref_date, _rule_nomenclature, _rule_budget, _rule_siret)


def report_lines(report: ScdlReport, *, max_rows: int = 50) -> list[str]:
    """Lines for a person reading stderr: each row left out and why, then what to review.

    Args:
        report: from :func:`export_scdl`.
        max_rows: rows listed at most (the others are counted).

    Returns:
        The lines, without a trailing summary.
    """
    lines = [f"left out: {item.describe()}" for item in report.left_out[:max_rows]]
    if len(report.left_out) > max_rows:
        lines.append(f"… and {len(report.left_out) - max_rows} more left out")
    lines += [f"note: {item.describe()}" for item in report.notes[:max_rows]]
    if report.review:
        ids = ", ".join(str(i) for i in report.review[:max_rows]) + (" …" if len(report.review) > max_rows else "")
        lines.append(f"{len(report.review)} row(s) carry a matière guessed from the text with low confidence,"
                     f" check them before publishing (registre correct ID matiere_code CODE): {ids}")
    if report.stamp_mismatch:
        lines.append(f"{report.stamp_mismatch} row(s) come from documents whose @ctes stamp names another"
                     " SIREN than their SIRET's: check --siret")
    if report.duplicate_ids:
        lines.append(f"{report.duplicate_ids} DELIB_ID(s) repeat for the same SIRET (numbering restarted):"
                     " portals that de-duplicate on DELIB_ID would merge them")
    return lines
