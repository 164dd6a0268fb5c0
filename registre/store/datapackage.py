"""Open-data files checked with Frictionless: the SCDL CSV and a Frictionless data package.

The one wrapper around ``frictionless``: the SCDL Table Schema shipped in the package
(``registre/data/scdl_deliberations.tableschema.json``), :func:`validate_scdl` (that schema plus
the SCDL row rules of :func:`registre.store.scdl.check_row`), :func:`publish_scdl` (write, check,
then publish — a file that fails is never published) and :func:`write_package`
(``datapackage.json`` + the SCDL CSV + the extended CSV + the persons CSV).
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from registre import __version__
from registre.errors import BadInputError, RegistreError
from registre.store import scdl
from registre.store.archive import Archive
from registre.store.export import CSV_COLUMNS, export_csv

SCHEMA_FILE = "scdl_deliberations.tableschema.json"
LICENSE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
EXTENDED_FILE, PERSONS_FILE = "deliberations.csv", "persons.csv"
FALLBACK_SCDL_FILE = "scdl_deliberations.csv"  # when the rows hold no single SIREN
MAX_PROBLEMS = 200  # validation stops listing after this many


class IncompleteExportError(BadInputError):
    """``--strict``: some deliberations cannot be SCDL rows; nothing was published."""

    def __init__(self, report: scdl.ScdlReport):
        n = len(report.left_out)
        super().__init__(
            f"{n} deliberation(s) cannot be SCDL rows (reasons above); nothing was written"
            " (--strict): correct them or export without --strict to leave them out"
        )
        self.report = report


class ExportValidationError(RegistreError):
    """A file Registre wrote does not validate; it was not published."""

    def __init__(self, what: str, problems: list[str]):
        shown = "; ".join(problems[:5]) + (f"; … ({len(problems)} problems)" if len(problems) > 5 else "")
        super().__init__(f"{what} does not validate, so it was not written: {shown}")
        self.problems = problems


@lru_cache(maxsize=1)
def scdl_schema() -> dict[str, Any]:
    """The SCDL « Délibérations » 2.1.5 Table Schema shipped with Registre."""
    text = resources.files("registre.data").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _schema_descriptor(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if not k.startswith("$")}


# -- validation ----------------------------------------------------------------------------


def validate_scdl(path: Path, *, separator: str = ",", schema: dict[str, Any] | None = None) -> list[str]:
    """Validate an SCDL CSV against the Table Schema and the SCDL row rules.

    Args:
        path: the CSV file (UTF-8).
        separator: between cells.
        schema: a Table Schema descriptor (default: the one shipped with Registre).

    Returns:
        One line per problem ("row N: COLUMN: what"; row 1 is the header); [] when valid.

    Raises:
        MissingDependencyError: frictionless cannot be imported.
    """
    from frictionless import Resource, Schema, formats

    resource = Resource(
        path=path.name, basepath=str(path.parent), format="csv", encoding="utf-8",
        schema=Schema.from_descriptor(_schema_descriptor(schema or scdl_schema())),
        control=formats.CsvControl(delimiter=separator),
    )  # fmt: skip
    report = resource.validate(limit_errors=MAX_PROBLEMS)
    problems = [_describe(row, name, kind, note) for row, name, kind, note in
                report.flatten(["rowNumber", "fieldName", "type", "note"])]
    for number, row in _data_rows(path, separator):
        problems += [f"row {number}: {p}" for p in scdl.check_row(row)]
    return problems[:MAX_PROBLEMS]


def _describe(row: int | None, name: str | None, kind: str, note: str) -> str:
    where = f"row {row}: " if row else ""
    return f"{where}{name + ': ' if name else ''}{kind}: {note}"


def _data_rows(path: Path, separator: str) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        for number, row in enumerate(csv.DictReader(f, delimiter=separator), start=2):
            yield number, {k: v or "" for k, v in row.items() if k is not None}


# -- the SCDL file -------------------------------------------------------------------------


@dataclass
class ScdlFileReport:
    """What :func:`publish_scdl` did: the SCDL report, where it went, and the check's result."""

    report: scdl.ScdlReport
    path: Path | None = None
    checked: bool = False


def publish_scdl(
    archive: Archive,
    target: Path | None,
    options: scdl.ScdlOptions = scdl.ScdlOptions(),
    *,
    check: bool = False,
    strict: bool = False,
    day: date | None = None,
    stdout: TextIO | None = None,
    **filters: Any,
) -> ScdlFileReport:
    """Write the SCDL CSV to a file, a folder or stdout; publish it only when complete and valid.

    The file is written aside first; with ``strict`` a left-out row stops everything, with
    ``check`` it must validate (:func:`validate_scdl`); only then is it moved in place.

    Args:
        archive: the open archive.
        target: a file; a folder (the file is then ``YYYYMMDD_SIREN_deliberations.csv``); or
            None for ``stdout``.
        options: SIRET, base URL, separator.
        check: validate the file before publishing it.
        strict: fail when a deliberation cannot be an SCDL row.
        day: the creation date in the file name (default: today).
        stdout: where to write when ``target`` is None (default: ``sys.stdout``).
        **filters: as :meth:`Archive.iter_deliberations`.

    Returns:
        The report and the published path.

    Raises:
        BadInputError: a bad option or filter; a folder target whose rows hold no single SIREN.
        IncompleteExportError: ``strict`` and some rows left out.
        ExportValidationError: ``check`` and the file does not validate.
    """
    options = options.checked()
    folder = target if target is not None and target.is_dir() else None
    if target is not None and folder is None and not target.exists() and not target.suffix:
        raise BadInputError(f"-o {target}: no such folder; create it, or give a file name ending in .csv")
    work_dir = (target if folder else target.parent) if target is not None else None
    if work_dir is not None and not work_dir.is_dir():
        raise BadInputError(f"-o {target}: folder {work_dir} does not exist")
    with tempfile.TemporaryDirectory(dir=work_dir, prefix=".registre-scdl-") as tmp:
        part = Path(tmp) / "scdl.csv"
        with part.open("w", encoding="utf-8", newline="") as f:
            report = scdl.export_scdl(archive, f, options, **filters)
        if strict and report.left_out:
            raise IncompleteExportError(report)
        result = ScdlFileReport(report)
        if check:
            problems = validate_scdl(part, separator=options.separator)
            if problems:
                raise ExportValidationError("the SCDL file", problems)
            result.checked = True
        if target is None:
            with part.open(encoding="utf-8", newline="") as f:
                shutil.copyfileobj(f, stdout or sys.stdout)
            return result
        final = folder / scdl.file_name(_siren_for_name(report, options), day or date.today()) if folder else target
        part.replace(final)
        result.path = final
    return result


def _siren_for_name(report: scdl.ScdlReport, options: scdl.ScdlOptions) -> str:
    if options.siret:
        return options.siret[:9]
    if len(report.sirens) == 1:
        return next(iter(report.sirens))
    found = ", ".join(sorted(report.sirens)) or "none"
    raise BadInputError(
        f"-o FOLDER names the file after the publisher's SIREN, but the rows hold {found}:"
        " give --siret, export one body (--collectivite), or give a file name"
    )


# -- the data package ----------------------------------------------------------------------


@dataclass
class PackageReport:
    """What :func:`write_package` wrote."""

    folder: Path
    files: list[str] = field(default_factory=list)
    scdl: scdl.ScdlReport = field(default_factory=scdl.ScdlReport)
    deliberations: int = 0
    persons: int = 0


def write_package(
    archive: Archive,
    folder: Path,
    options: scdl.ScdlOptions = scdl.ScdlOptions(),
    *,
    strict: bool = False,
    day: date | None = None,
    **filters: Any,
) -> PackageReport:
    """Write a Frictionless data package into a folder and validate it before publishing.

    The package holds ``datapackage.json``, the SCDL CSV (named as :func:`publish_scdl` names
    it, else ``scdl_deliberations.csv``), ``deliberations.csv`` (every scalar field, as
    ``registre export --format csv``) and ``persons.csv`` (deliberation id, role, name).

    Args:
        archive: the open archive.
        folder: where to write (created when missing; files of the same names are replaced).
        options: SIRET, base URL, separator of the SCDL CSV.
        strict: fail when a deliberation cannot be an SCDL row.
        day: the creation date (file name of the SCDL CSV, ``created``).
        **filters: as :meth:`Archive.iter_deliberations`.

    Returns:
        What was written.

    Raises:
        BadInputError: a bad option or filter, or a target that is a file.
        IncompleteExportError: ``strict`` and some rows left out.
        ExportValidationError: the package does not validate (nothing is published).
    """
    options = options.checked()
    if folder.exists() and not folder.is_dir():
        raise BadInputError(f"-o {folder}: a data package is a folder, and this is a file")
    folder.parent.mkdir(parents=True, exist_ok=True)
    day = day or date.today()
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}.part-") as tmp:
        work = Path(tmp)
        report = PackageReport(folder)
        with (work / "scdl.csv").open("w", encoding="utf-8", newline="") as f:
            report.scdl = scdl.export_scdl(archive, f, options, **filters)
        if strict and report.scdl.left_out:
            raise IncompleteExportError(report.scdl)
        scdl_name = _package_scdl_name(report.scdl, options, day)
        (work / "scdl.csv").replace(work / scdl_name)
        with (work / EXTENDED_FILE).open("w", encoding="utf-8", newline="") as f:
            report.deliberations = export_csv(archive, f, **filters)
        with (work / PERSONS_FILE).open("w", encoding="utf-8", newline="") as f:
            report.persons = _write_persons(archive, f, **filters)
        descriptor = _package_descriptor(scdl_name, options.separator, day)
        (work / "datapackage.json").write_text(
            json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        problems = validate_package(work / "datapackage.json")
        if problems:
            raise ExportValidationError("the data package", problems)
        folder.mkdir(exist_ok=True)
        report.files = ["datapackage.json", scdl_name, EXTENDED_FILE, PERSONS_FILE]
        for name in report.files[1:] + report.files[:1]:  # the descriptor last
            (work / name).replace(folder / name)
    return report


def validate_package(descriptor: Path) -> list[str]:
    """Validate a data package (every resource against its schema) and its SCDL row rules.

    Args:
        descriptor: the ``datapackage.json`` file.

    Returns:
        One line per problem; [] when valid.
    """
    from frictionless import Package

    package = Package(str(descriptor))
    report = package.validate(limit_errors=MAX_PROBLEMS)
    problems = [f"{task.name}: {_describe(e.get('rowNumber'), e.get('fieldName'), e['type'], e['note'])}"
                for task in report.tasks for e in (err.to_descriptor() for err in task.errors)]
    problems += [f"{e.type}: {e.note}" for e in report.errors]
    for res in package.resources:
        if res.name == "scdl-deliberations":
            separator = (res.to_descriptor().get("dialect") or {}).get("delimiter", ",")
            path = descriptor.parent / str(res.path)
            problems += [f"{res.name}: row {n}: {p}" for n, row in _data_rows(path, separator)
                         for p in scdl.check_row(row)]
    return problems[:MAX_PROBLEMS]


def _package_scdl_name(report: scdl.ScdlReport, options: scdl.ScdlOptions, day: date) -> str:
    try:
        return scdl.file_name(_siren_for_name(report, options), day)
    except BadInputError:
        return FALLBACK_SCDL_FILE


def _write_persons(archive: Archive, out: TextIO, **filters: Any) -> int:
    writer = csv.writer(out)
    writer.writerow(("deliberation_id", "role", "name"))
    count = 0
    for delib in archive.iter_deliberations(**filters):
        for role, names in (delib.get("persons") or {}).items():
            for name in names:
                writer.writerow((delib["id"], role, name))
                count += 1
    return count


def _package_descriptor(scdl_name: str, separator: str, day: date) -> dict[str, Any]:
    scdl_resource: dict[str, Any] = {
        "name": "scdl-deliberations", "path": scdl_name, "profile": "tabular-data-resource",
        "title": f"Délibérations au format SCDL {scdl.SCDL_VERSION}",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": _schema_descriptor(scdl_schema()),
    }  # fmt: skip
    if separator != ",":
        scdl_resource["dialect"] = {"delimiter": separator}
    return {
        "name": "registre-deliberations",
        "title": "Délibérations (Registre)",
        "profile": "tabular-data-package",
        "created": datetime.combine(day, datetime.min.time(), timezone.utc).isoformat(),
        "licenses": [LICENSE],
        "sources": [{"title": f"Registre {__version__} archive"}],
        "resources": [
            scdl_resource,
            _csv_resource("deliberations", EXTENDED_FILE, "Toutes les données extraites, une ligne par délibération",
                          extended_schema()),
            _csv_resource("persons", PERSONS_FILE, "Personnes nommées dans chaque délibération, par rôle",
                          persons_schema()),
        ],
    }


def _csv_resource(name: str, path: str, title: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "path": path, "title": title, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}


_INTEGER_COLUMNS = frozenset((
    "id", "position", "membres_en_exercice", "presents", "representes", "votants", "vote_pour",
    "vote_contre", "vote_abstention", "nb_articles", "page_start", "page_end",
))  # fmt: skip
_DATE_COLUMNS = frozenset(("date_seance", "date_convocation", "date_affichage", "date_transmission"))


def extended_schema() -> dict[str, Any]:
    """Table Schema of the extended CSV (``registre export --format csv``)."""
    fields: list[dict[str, Any]] = []
    for name in CSV_COLUMNS:
        spec: dict[str, Any] = {"name": name, "type": "string"}
        if name in _INTEGER_COLUMNS:
            spec["type"] = "integer"
        elif name in _DATE_COLUMNS:
            spec["type"] = "date"
        elif name == "unanimite":
            spec.update(type="boolean", trueValues=["true"], falseValues=["false"])
        elif name == "decision":
            spec["constraints"] = {"enum": ["adoptee", "rejetee", "ajournee", "retiree", "prend_acte"]}
        fields.append(spec)
    fields[0]["constraints"] = {"required": True, "unique": True}
    return {"fields": fields, "missingValues": [""], "primaryKey": ["id"]}


def persons_schema() -> dict[str, Any]:
    """Table Schema of the persons CSV, its deliberation_id a foreign key to the extended CSV."""
    return {
        "fields": [
            {"name": "deliberation_id", "type": "integer", "constraints": {"required": True}},
            {"name": "role", "type": "string", "constraints": {"required": True}},
            {"name": "name", "type": "string", "constraints": {"required": True}},
        ],
        "missingValues": [""],
        "foreignKeys": [{"fields": ["deliberation_id"],
                         "reference": {"resource": "deliberations", "fields": ["id"]}}],
    }
