"""The kiosk page (/) and the staff page (/staff), filled in on the server.

The kiosk's frequent questions and the desk's details are written into the HTML, so
the page shows them with no request; its script only streams the answers. The staff
page is server-rendered whole: a plain form, usable with no script and behind the token.
"""

from __future__ import annotations

import re
import time
from html import escape
from pathlib import Path
from string import Template
from typing import Any

from robot.api.service import Channel

ASSETS = Path(__file__).with_name("assets")


def _template(name: str) -> Template:
    return Template((ASSETS / name).read_text(encoding="utf-8"))


def kiosk_page(channel: Channel) -> str:
    s = channel.ctx.settings
    a = s.accueil
    faq = "\n".join(
        f'      <li><button type="button" data-question="{escape(t)}">{escape(t)}</button></li>'
        for t in channel.titles())
    return _template("kiosk.html").substitute(
        commune=escape(a.commune), desk=escape(a.desk), place=escape(a.place),
        hours=escape(a.hours), phone=escape(a.phone),
        phone_digits=escape(re.sub(r"[^\d+]", "", a.phone)),
        max_chars=s.api.max_question_chars, faq=faq)


def _table(caption: str, headers: list[str], rows: list[list[str]]) -> str:
    """An accessible table; cells are already escaped HTML."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<div class="table-wrap"><table><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table></div>")


def _opt(value: Any) -> str:
    return "—" if value in (None, "") else escape(str(value))


def _results(channel: Channel, q: str) -> str:
    if not q.strip():
        return ""
    rows = []
    for r in channel.search(q, 10):
        state = '<span class="old">ancienne version</span>' if r["superseded"] else "en vigueur"
        rows.append([escape(r["file"]), escape(r["title"]), _opt(r["page"]),
                     _opt(r["section"]), _opt(r["date"]), state, f'{r["score"]:.3f}',
                     escape(r["text"])])
    head = '<section aria-labelledby="res-title"><h2 id="res-title">Résultats</h2>'
    if not rows:
        return f"{head}<p>Aucun passage trouvé pour « {escape(q)} ».</p></section>"
    table = _table(f"Passages trouvés pour « {escape(q)} », les meilleurs d'abord",
                   ["Fichier", "Titre", "Page", "Section", "Date", "Version", "Score",
                    "Passage"], rows)
    return f"{head}{table}</section>"


def _documents(info: dict[str, Any]) -> str:
    rows = [[escape(d["file"]), escape(d["title"]), _opt(d["date"]), str(d["chunks"])]
            for d in info["documents"]]
    if not rows:
        return ("<p>L'index est vide : synchronisez les documents "
                "(clé USB ou <code>robot index sync</code>).</p>")
    return _table(f"{len(rows)} documents", ["Fichier", "Titre", "Date", "Passages"], rows)


def _unanswered(report: dict[str, Any]) -> str:
    rows = [[str(g["count"]), escape(time.strftime("%Y-%m-%d %H:%M",
                                                   time.localtime(g["last_seen"]))),
             escape(g["question"]), escape(", ".join(g["reasons"]))]
            for g in report["questions"]]
    parts = [_table("Questions regroupées, les plus posées d'abord",
                    ["Nombre", "Dernière fois", "Question", "Raisons"], rows)
             if rows else "<p>Aucune question sans réponse enregistrée.</p>"]
    if report["refused"]:
        kinds = ", ".join(f"{escape(k)} : {v}" for k, v in sorted(report["refused"].items()))
        parts.append(f"<p>Questions refusées (texte non conservé) : {kinds}.</p>")
    return "\n".join(parts)


def staff_page(channel: Channel, q: str) -> str:
    info = channel.index_info()
    if info["version"] is None:
        line = "Aucun index servi."
    else:
        built = str(info["created"] or "?")[:16].replace("T", " à ")
        line = (f"Index version {info['version']}, construit le {escape(built)} (UTC) : "
                f"{len(info['documents'])} documents, {info['chunks']} passages.")
    if info["problem"]:
        line += f" Attention : {escape(info['problem'])}"
    s = channel.ctx.settings
    return _template("staff.html").substitute(
        commune=escape(s.accueil.commune), index_line=line, q=escape(q),
        max_chars=s.api.max_question_chars, results=_results(channel, q),
        documents=_documents(info), unanswered=_unanswered(channel.unanswered()))
