"""The review screens as HTML (from :mod:`registre.web.views`' data; no scripts inline).

Everything dynamic — selecting a field, drawing its boxes on the page, editing, the keyboard —
is ``static/review.js``, fed by the JSON in ``<script type="application/json">``; the pages
work as plain links and read-only without it.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any
from urllib.parse import urlencode

from registre.web.views import LABELS, QueueQuery, editable

KEYS = (("J / K", "next / previous field"), ("E or Enter", "edit"), ("A", "accept: the value is right"),
        ("N", "not stated (null)"), ("U", "undo the person's value"), ("→ / ←", "next / previous deliberation"),
        ("Q", "back to the queue"))  # fmt: skip


def e(value: Any) -> str:
    """Escape a value for HTML (None as empty)."""
    return "" if value is None else escape(str(value), quote=True)


def _link(path: str, query: QueueQuery, **more: Any) -> str:
    """An address of the review (not escaped) that keeps the queue's filters."""
    args = {**query.args(), **{k: str(v) for k, v in more.items() if v is not None}}
    return path + ("?" + urlencode(args) if args else "")


def page(title: str, body: str, *, data: dict[str, Any] | None = None) -> str:
    """A whole HTML page around a body; ``data`` goes to the script as JSON."""
    blob = "" if data is None else (
        '<script type="application/json" id="review-data">'
        + json.dumps(data, ensure_ascii=False).replace("</", "<\\/") + "</script>")
    return ("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{e(title)}</title>"
            "<link rel=\"stylesheet\" href=\"/static/review.css\"></head>"
            f"<body>{body}{blob}<script src=\"/static/review.js\"></script></body></html>")


def bar(progress: dict[str, int], query: QueueQuery, *, writable: bool, nav: str = "") -> str:
    """The top bar: name, progress, navigation; a notice when writes are refused."""
    notice = "" if writable else ('<p class="notice">Read-only: this server was started on another address'
                                  " than 127.0.0.1 without --token.</p>")
    return (f'<header class="bar"><a class="brand" href="{e(_link("/", query))}">Registre <span>review</span></a>'
            f'<p class="progress"><b id="left">{progress["left"]}</b> left in the queue'
            f' · <b id="checked">{progress["checked_today"]}</b> checked today'
            f' <span class="total">of {progress["total"]} deliberations</span></p>'
            f'<nav>{nav}</nav></header>{notice}')


# -- the queue -----------------------------------------------------------------------------


def queue_page(view: dict[str, Any], *, writable: bool) -> str:
    """The queue screen: filters, then the most doubtful deliberations first."""
    query: QueueQuery = view["query"]
    rows = "".join(_queue_row(i, entry, query) for i, entry in enumerate(view["entries"]))
    table = (f'<table class="queue"><thead><tr><th>#</th><th>Séance</th><th>Collectivité · instance</th>'
             f'<th>N°</th><th>Objet</th><th>Why it is here</th><th>Doubt</th></tr></thead>'
             f'<tbody>{rows}</tbody></table>') if rows else (
        '<p class="empty">Nothing left to review with these filters.</p>')
    more = view["progress"]["left"] - len(view["entries"])
    tail = f'<p class="more">… and {more} more: filter the queue, or check these first.</p>' if more > 0 else ""
    body = (bar(view["progress"], query, writable=writable) + '<main class="queue-main">'
            + _filters(view["choices"], query) + table + tail
            + '<p class="keys-line">J / K move · Enter opens · the order is `registre review`\'s:'
              ' failed checks first, then lowest confidence.</p></main>')
    return page("Review queue · Registre", body, data={"screen": "queue"})


def _queue_row(i: int, entry: dict[str, Any], query: QueueQuery) -> str:
    href = e(_link(f"/d/{entry['id']}", query, at=i))
    reasons = "".join(f'<span class="chip {"check" if ":" in r and not r.startswith("low") else "low"}">'
                      f'{e(r.split(": ", 1)[0] if not r.startswith("low") else r[len("low confidence: "):])}</span>'
                      for r in entry["reasons"][:4])
    doubt = f'<meter min="0" max="2.5" low="0.5" high="1" optimum="0" value="{entry["doubt"]}"></meter>'
    return (f'<tr data-href="{href}"><td class="rank">{i + 1}</td><td class="date">{e(entry["date_seance"])}</td>'
            f'<td>{e(entry["collectivite"])}<br><small>{e(entry["instance"])}</small></td>'
            f'<td class="numero">{e(entry["numero"])}</td>'
            f'<td class="objet"><a href="{href}">{e(entry["objet"] or "(no objet)")}</a></td>'
            f'<td class="why">{reasons}</td><td class="doubt">{doubt}{entry["doubt"]:.2f}</td></tr>')


def _filters(choices: dict[str, list[str]], query: QueueQuery) -> str:
    def select(name: str, label: str, options: list[str], current: Any, names: dict[str, str] | None = None) -> str:
        items = "".join(f'<option value="{e(o)}"{" selected" if str(current) == str(o) else ""}>'
                        f'{e((names or {}).get(o, o))}</option>' for o in options)
        return f'<label>{label}<select name="{name}"><option value="">all</option>{items}</select></label>'

    return ('<form class="filters" method="get" action="/">'
            + select("body", "Collectivité", choices["body"], query.body)
            + select("year", "Year", choices["year"], query.year)
            + select("field", "Field in doubt", choices["field"], query.field, LABELS)
            + select("check", "Failed check", choices["check"], query.check)
            + '<button type="submit">Filter</button><a href="/">clear</a></form>')


# -- one deliberation ------------------------------------------------------------------------


def deliberation_page(view: dict[str, Any], progress: dict[str, int], query: QueueQuery, *,
                      writable: bool, csrf: str) -> str:
    """One deliberation: its pages on the left, its fields on the right."""
    d = view["delib"]
    nav = _nav(view, query)
    pages = "".join(_page_figure(d["sha256"], p) for p in view["pages"]) or (
        '<p class="empty">No page of this document can be shown.</p>')
    data = {"screen": "deliberation", "id": view["id"], "csrf": csrf, "writable": writable,
            "fields": {f["field"]: {"boxes": f["boxes"], "edit": f["edit"], "doubtful": f["doubtful"]}
                       for f in view["fields"]},
            **_neighbour_links(view, query), "queue": _link("/", query)}
    body = (bar(progress, query, writable=writable, nav=nav)
            + f'<main class="review"><section class="document" id="pages">{pages}</section>'
            + f'<aside class="side">{_title(d, view)}{_checks(view["checks"])}'
            + f'<ol class="fields" id="fields">{_field_groups(view["fields"])}</ol>'
            + _keys() + '</aside></main>')
    return page(f"{d.get('objet') or 'Délibération'} · Registre review", body, data=data)


def _nav(view: dict[str, Any], query: QueueQuery) -> str:
    where = (f'{view["position"] + 1} / {view["queue_length"]}' if view["in_queue"]
             else '<span class="done">✓ left the queue</span>')
    links = _neighbour_links(view, query)
    prev = (f'<a id="previous" href="{e(links["previous"])}">← previous</a>' if links["previous"]
            else '<span class="off">← previous</span>')
    nxt = f'<a id="next" href="{e(links["next"])}">next →</a>' if links["next"] else '<span class="off">next →</span>'
    return f'{prev}<span class="where">{where}</span>{nxt}<a href="{e(_link("/", query))}">queue</a>'


def _neighbour_links(view: dict[str, Any], query: QueueQuery) -> dict[str, str | None]:
    """Addresses of the previous and next deliberations, each with its place in the queue."""
    previous, following, here = view["previous"], view["next"], view["position"]
    return {"previous": _link(f"/d/{previous}", query, at=max(here - 1, 0)) if previous else None,
            "next": _link(f"/d/{following}", query, at=here + 1 if view["in_queue"] else here)
            if following else None}


def _page_figure(sha256: str, p: dict[str, Any]) -> str:
    how = {"text": "text layer", "ocr": "scan, read by OCR", "none": "unread"}.get(p["source"], p["source"])
    if not p["image"]:
        return (f'<figure class="page"><figcaption>page {p["number"]} · {e(how)} · no image (text file)'
                '</figcaption></figure>')
    return (f'<figure class="page" data-page="{p["number"]}"><div class="sheet">'
            f'<img src="/original/{e(sha256)}/{p["number"]}.png" alt="page {p["number"]}">'
            f'<div class="marks"></div></div><figcaption>page {p["number"]} · {e(how)}</figcaption></figure>')


def _title(d: dict[str, Any], view: dict[str, Any]) -> str:
    facts = " · ".join(e(v) for v in (d.get("date_seance"), d.get("collectivite"), d.get("instance"),
                                       d.get("numero") and f"n° {d['numero']}") if v)
    return (f'<div class="title"><h1>{e(d.get("objet") or "(no objet)")}</h1><p>{facts}</p>'
            f'<p class="file"><a href="/original/{e(d["sha256"])}.pdf" target="_blank" rel="noopener">'
            f'original file</a> · <code>registre show {view["id"]}</code></p></div>')


def _checks(checks: list[dict[str, Any]]) -> str:
    if not checks:
        return '<p class="checks-ok">No check failed.</p>'
    items = "".join(f'<li><b>{e(c["line"].split(": ", 1)[0])}</b> {e(c["line"].split(": ", 1)[-1])}'
                    f'{"".join(f"<span>{e(LABELS.get(f, f))}</span>" for f in c["fields"])}</li>' for c in checks)
    return f'<ul class="checks">{items}</ul>'


def _field_groups(fields: list[dict[str, Any]]) -> str:
    """The fields in doubt first, then those read, then those the document does not state
    (each group in the order an act is read)."""
    groups = {"In doubt": [], "Read from the document": [], "Not stated": []}
    for f in fields:
        name = "In doubt" if f["doubtful"] else "Not stated" if f["value"] in (None, []) else "Read from the document"
        groups[name].append(f)
    return "".join(f'<li class="group">{name} <span>{len(items)}</span></li>' + "".join(_field_item(f) for f in items)
                   for name, items in groups.items() if items)


def _field_item(f: dict[str, Any]) -> str:
    classes = ["field", "doubtful" if f["doubtful"] else "", "empty" if f["value"] in (None, []) else "",
               "person" if f["person"] else ""]
    return (f'<li class="{" ".join(c for c in classes if c)}" data-field="{f["field"]}" id="f-{f["field"]}">'
            f'<div class="head"><span class="label">{e(f["label"])}</span><code>{f["field"]}</code></div>'
            f'<div class="value">{_value(f)}</div>{_confidence(f)}<div class="more">{_person(f)}'
            + "".join(f'<p class="failed">✗ <b>{e(line.split(": ", 1)[0])}</b><span>: {e(line.split(": ", 1)[-1])}'
                      '</span></p>' for line in f["checks"])
            + _source(f) + '<form class="editor" hidden><input name="value" autocomplete="off" spellcheck="false">'
            '<p class="hint">Enter saves · Esc cancels · empty or “null”: not stated</p><p class="error" role="alert">'
            '</p></form></div></li>')


def _confidence(f: dict[str, Any]) -> str:
    if f["person"]:
        return '<span class="badge ok">✓ checked</span>' if f["person"]["accepted"] else (
            '<span class="badge ok">✓ set by a person</span>')
    c = f["confidence"]
    if c is None:
        return ""
    level = "low" if c < 0.5 else "mid" if c < 0.8 else "high"
    return f'<span class="conf {level}" title="confidence">{round(c * 100)} %</span>'


def _value(f: dict[str, Any]) -> str:
    value = f["value"]
    if value in (None, []):
        return '<span class="null">not stated</span>'
    if f["field"] in ("presents_noms", "absents_noms", "procurations"):
        items = value if f["field"] != "procurations" else [f"{p['mandant']} → {p['mandataire']}" for p in value]
        return f'<span class="count">{len(items)}</span> ' + ", ".join(e(v) for v in items)
    return e(editable(f["field"], value))


def _person(f: dict[str, Any]) -> str:
    p = f["person"]
    if not p or p["accepted"] or p["machine_value"] == f["value"]:
        return ""
    machine = editable(f["field"], p["machine_value"]) or "not stated"
    return f'<p class="machine">machine read: <s>{e(machine)}</s></p>'


def _source(f: dict[str, Any]) -> str:
    s, why = f["snippet"], f["boxes"]["why"]
    text = ""
    if s:
        t, a, b = s["text"], s["start"], s["end"]
        text = (f'<p class="source">read on page {s["page"]}: «{e(t[:a])}<mark>{e(t[a:b])}</mark>{e(t[b:])}»</p>')
    nobox = f'<p class="nobox">No box on the page: {e(why)}.</p>' if why else ""
    return text + nobox


def _keys() -> str:
    keys = "".join(f"<li><kbd>{e(k)}</kbd> {e(what)}</li>" for k, what in KEYS)
    return f'<ul class="keys">{keys}</ul>'
