"""Render a `report.Report` as self-contained Markdown or HTML with numbered citations.

Every claim (a member's tie or status, a change, a domain's losses, a succession component,
a contradiction) is followed by numbers that point to the References list: the verbatim
sentence, its outlet, date and Admiralty grade. Figures are embedded as PNG data URIs, so the
file needs nothing else to display. This module formats; it runs no query.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jinja2 import Environment
from markupsafe import Markup, escape

from innercircle.powermap.evidence import GRADE_MEANING, Evidence
from innercircle.powermap.queries import Change, CircleMember

if TYPE_CHECKING:
    from innercircle.powermap.report import Report


@dataclass
class Citations:
    """Numbered references to evidence sentences, in order of first citation."""

    items: list[Evidence] = field(default_factory=list)
    _numbers: dict[tuple[str | None, str | None], int] = field(default_factory=dict)

    def cite(self, evidence: Iterable[Evidence], limit: int = 4) -> list[int]:
        """Numbers for up to `limit` distinct sentences, one per independent story first."""
        ordered = sorted(
            evidence, key=lambda e: (e.grade or "F", -(e.confidence or 0.0), e.statement_id)
        )
        firsts: dict[str, Evidence] = {}
        for ev in ordered:
            firsts.setdefault(ev.story, ev)
        chosen = list(firsts.values()) + [e for e in ordered if e not in firsts.values()]
        numbers: list[int] = []
        for ev in chosen:
            key = (ev.doc_id, ev.sentence)
            if key not in self._numbers:
                self.items.append(ev)
                self._numbers[key] = len(self.items)
            number = self._numbers[key]
            if number not in numbers:
                numbers.append(number)
            if len(numbers) >= limit:
                break
        return sorted(numbers)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _status_evidence(member: CircleMember) -> list[Evidence]:
    return member.status.fact.evidence if member.status.fact else []


def _status_text(member: CircleMember) -> str:
    state = member.status.state
    if member.presence == "left":
        state = "left the circle"
    if member.status.date:
        state += f" {member.status.date}"
    if member.status.disputed:
        state += " (disputed)"
    return state


def _current_posts(member: CircleMember) -> str:
    return "; ".join(t.describe() for t in member.posts if t.state == "current") or "—"


def _change_text(change: Change) -> str:
    text = change.description
    if change.closes:
        text += " — ends: " + "; ".join(change.closes)
    return text


def _summary(report: Report) -> list[tuple[str, list[Evidence]]]:
    circ = report.circle
    current = [m for m in circ.members if m.presence == "current"]
    lost = [m for m in circ.members if m.presence != "current"]
    lines: list[tuple[str, list[Evidence]]] = [
        (
            f"{len(circ.members)} people tied to {report.leader.name}'s circle on {report.at}: "
            f"{len(current)} in place, {len(lost)} lost or gone since {circ.lost_since}.",
            [],
        )
    ]
    for member in lost:
        lines.append(
            (
                f"{member.entity.name} ({member.domain_label or 'no known domain'}): "
                f"{_status_text(member)}.",
                _status_evidence(member),
            )
        )
    for dom in report.capacity.domains:
        if dom.lost or dom.remaining:
            lines.append(
                (
                    f"{dom.label}: {dom.verdict} — {len(dom.lost)} lost, "
                    f"{len(dom.remaining)} remaining ({report.start} to {report.end}).",
                    [],
                )
            )
    if circ.contradictions:
        lines.append((f"{len(circ.contradictions)} contradiction(s) listed below.", []))
    return lines


# ---------------------------------------------------------------------- markdown


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_cite(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def render_markdown(report: Report) -> str:
    """The report as one Markdown document (images embedded as data URIs)."""
    cites = Citations()
    out: list[str] = [f"# {report.title}", ""]
    out.append(
        f"_Generated {report.generated_at} by innercircle. Changes and losses cover "
        f"{report.start} to {report.end}. Numbers in brackets cite the sentences under "
        "References; “sources” counts independent stories (a translation or copy of a story "
        "counts once); grades are Admiralty source reliability (A–F) from the sources file._"
    )
    out += ["", "## Summary", ""]
    for text, evidence in _summary(report):
        out.append(f"- {text} {_md_cite(cites.cite(evidence))}".rstrip())
    out += ["", f"## Inner circle and advisers on {report.at}", ""]
    out.append("| Name | Ties to the leader | Domain | Status | Current posts | Sources |")
    out.append("|---|---|---|---|---|---|")
    for m in report.circle.members:
        status = _status_text(m) + " " + _md_cite(cites.cite(_status_evidence(m)))
        out.append(
            "| "
            + " | ".join(
                _md_cell(x)
                for x in (
                    m.entity.name,
                    ", ".join(m.kinds),
                    m.domain_label or "—",
                    status.strip(),
                    _current_posts(m),
                    f"{m.corroboration.stories} {_md_cite(cites.cite(m.evidence))}",
                )
            )
            + " |"
        )
    out += ["", f"## Changes {report.start} to {report.end}", ""]
    if report.changes.changes:
        out.append("| Date | Change | Sources |")
        out.append("|---|---|---|")
        for c in report.changes.changes:
            out.append(
                f"| {c.date} | {_md_cell(_change_text(c))} | "
                f"{c.corroboration.stories} {_md_cite(cites.cite(c.evidence))} |"
            )
    else:
        out.append("No dated change in this period.")
    if report.changes.undated:
        out += ["", "Reported in the period without a date:", ""]
        for c in report.changes.undated:
            out.append(
                f"- {c.description} (first reported {c.date}) {_md_cite(cites.cite(c.evidence))}"
            )
    out += ["", f"## Capacity lost {report.start} to {report.end}", ""]
    out.append("| Domain | Lost | Remaining | Share lost | Verdict |")
    out.append("|---|---|---|---|---|")
    for d in [*report.capacity.domains, report.capacity.unassigned]:
        if not (d.lost or d.remaining):
            continue
        lost = ", ".join(
            f"{r.name} ({r.status}) {_md_cite(cites.cite(r.evidence, limit=2))}" for r in d.lost
        )
        remaining = ", ".join(r.name for r in d.remaining)
        out.append(
            f"| {d.label} | {_md_cell(lost) or '—'} | {_md_cell(remaining) or '—'} | "
            f"{d.share_lost:.0%} | {d.verdict} |"
        )
    out += ["", f"## Succession candidates on {report.at}", ""]
    if not report.succession:
        out.append("No candidate found.")
    for cand in report.succession:
        evidence = [e for comp in cand.components for e in comp.evidence]
        out.append(
            f"{cand.rank}. **{cand.entity.name}** — score {cand.score:g}: {cand.explanation} "
            f"{_md_cite(cites.cite(evidence))}".rstrip()
        )
    out += ["", "## Most central people (ties current on the date)", ""]
    out.append("| Name | Status | Degree | Betweenness | Eigenvector |")
    out.append("|---|---|---|---|---|")
    for r in report.centrality:
        out.append(
            f"| {_md_cell(r.name)} | {r.status} | {r.degree:.3f} | {r.betweenness:.3f} | "
            f"{r.eigenvector:.3f} |"
        )
    contradictions = report.circle.contradictions + [
        c for c in report.changes.contradictions if c not in report.circle.contradictions
    ]
    out += ["", "## Contradictions (kept side by side)", ""]
    if not contradictions:
        out.append("None found.")
    for con in contradictions:
        sides = " vs ".join(
            f"{side.predicate} {side.when or 'undated'}"
            f"{' (denial)' if side.negated else ''} — {side.corroboration.stories} source(s) "
            f"{_md_cite(cites.cite(side.evidence))}"
            for side in con.sides
        )
        out.append(f"- {con.summary}: {sides}")
    out += [
        "",
        "## Figures",
        "",
        f"![Network of ties around {report.leader.name}]({data_uri(report.network_png)})",
        "",
        f"![Timeline of changes]({data_uri(report.timeline_png)})",
        "",
        "## References",
        "",
    ]
    for number, ev in enumerate(cites.items, start=1):
        out.append(f"{number}. {_reference_text(ev)}")
    out.append("")
    return "\n".join(out)


def _reference_text(ev: Evidence) -> str:
    grade = f", grade {ev.grade} ({GRADE_MEANING.get(ev.grade, '')})" if ev.grade else ", ungraded"
    where = ev.outlet or "unknown outlet"
    when = f", {ev.published}" if ev.published else ""
    title = f" “{ev.title}”." if ev.title else ""
    url = f" {ev.url}" if ev.url else ""
    attribution = f" Attributed to: {ev.attribution}." if ev.attribution else ""
    return (
        f"“{ev.sentence or ''}” — {where}{when}{grade}.{title}{url}{attribution} "
        f"(statement {ev.statement_id})"
    )


# ---------------------------------------------------------------------- html

HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ report.title }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 1100px; color: #1a202c; line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 1px solid #cbd5e0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #e2e8f0; padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #edf2f7; }
.lost { color: #c53030; font-weight: 600; } .note { color: #4a5568; font-size: 0.9rem; }
sup a { text-decoration: none; } figure { margin: 1rem 0; } figure img { max-width: 100%; }
ol.refs li { margin-bottom: 0.4rem; font-size: 0.88rem; }
.verdict-hollowed, .verdict-emptied { color: #c53030; font-weight: 600; }
</style>
</head>
<body>
<h1>{{ report.title }}</h1>
<p class="note">Generated {{ report.generated_at }} by innercircle. Changes and losses cover
{{ report.start }} to {{ report.end }}. Superscript numbers cite the sentences under
References; “sources” counts independent stories (a translation or copy of a story counts
once); grades are Admiralty source reliability (A–F) from the sources file.</p>

<h2>Summary</h2>
<ul>
{% for text, evidence in summary %}<li>{{ text }}{{ cite(evidence) }}</li>
{% endfor %}</ul>

<h2>Inner circle and advisers on {{ report.at }}</h2>
<table id="circle">
<tr><th>Name</th><th>Ties to the leader</th><th>Domain</th><th>Status</th><th>Current posts</th>
<th>Sources</th></tr>
{% for m in report.circle.members %}<tr>
<td>{{ m.entity.name }}</td><td>{{ m.kinds | join(", ") }}</td>
<td>{{ m.domain_label or "—" }}</td>
<td{% if m.presence != "current" %} class="lost"{% endif %}>
{{- status_text(m) }}{{ cite(status_evidence(m)) }}</td>
<td>{{ current_posts(m) }}</td>
<td>{{ m.corroboration.stories }}{{ cite(m.evidence) }}</td>
</tr>
{% endfor %}</table>

<h2>Changes {{ report.start }} to {{ report.end }}</h2>
{% if report.changes.changes %}<table id="changes">
<tr><th>Date</th><th>Change</th><th>Sources</th></tr>
{% for c in report.changes.changes %}<tr><td>{{ c.date }}</td><td>{{ change_text(c) }}</td>
<td>{{ c.corroboration.stories }}{{ cite(c.evidence) }}</td></tr>
{% endfor %}</table>{% else %}<p>No dated change in this period.</p>{% endif %}
{% if report.changes.undated %}<p>Reported in the period without a date:</p><ul>
{% for c in report.changes.undated %}<li>{{ c.description }} (first reported {{ c.date }})
{{- cite(c.evidence) }}</li>
{% endfor %}</ul>{% endif %}

<h2>Capacity lost {{ report.start }} to {{ report.end }}</h2>
<table id="capacity">
<tr><th>Domain</th><th>Lost</th><th>Remaining</th><th>Share lost</th><th>Verdict</th></tr>
{% for d in domains %}<tr><td>{{ d.label }}</td>
<td>{% for r in d.lost %}{{ r.name }} ({{ r.status }}){{ cite(r.evidence, 2) }}
{%- if not loop.last %}, {% endif %}{% else %}—{% endfor %}</td>
<td>{% for r in d.remaining %}{{ r.name }}{% if not loop.last %}, {% endif %}
{%- else %}—{% endfor %}</td>
<td>{{ "%.0f" | format(d.share_lost * 100) }}%</td>
<td class="verdict-{{ d.verdict.split()[0] }}">{{ d.verdict }}</td></tr>
{% endfor %}</table>

<h2>Succession candidates on {{ report.at }}</h2>
{% if report.succession %}<ol>
{% for cand in report.succession %}<li><strong>{{ cand.entity.name }}</strong> — score
{{ "%g" | format(cand.score) }}: {{ cand.explanation }}{{ cite(candidate_evidence(cand)) }}</li>
{% endfor %}</ol>{% else %}<p>No candidate found.</p>{% endif %}

<h2>Most central people (ties current on the date)</h2>
<table id="centrality">
<tr><th>Name</th><th>Status</th><th>Degree</th><th>Betweenness</th><th>Eigenvector</th></tr>
{% for r in report.centrality %}<tr><td>{{ r.name }}</td><td>{{ r.status }}</td>
<td>{{ "%.3f" | format(r.degree) }}</td><td>{{ "%.3f" | format(r.betweenness) }}</td>
<td>{{ "%.3f" | format(r.eigenvector) }}</td></tr>
{% endfor %}</table>

<h2>Contradictions (kept side by side)</h2>
{% if contradictions %}<ul>
{% for con in contradictions %}<li>{{ con.summary }}<ul>
{% for side in con.sides %}<li>{{ side.predicate }} {{ side.when or "undated" }}
{%- if side.negated %} (denial){% endif %} —
{{ side.corroboration.stories }} source(s){{ cite(side.evidence) }}</li>
{% endfor %}</ul></li>
{% endfor %}</ul>{% else %}<p>None found.</p>{% endif %}

<h2>Figures</h2>
<figure id="network-figure">
<img src="{{ network_uri }}" alt="Network of ties around {{ report.leader.name }}">
<figcaption>Ties valid on {{ report.at }} within two steps of {{ report.leader.name }}; red
dashed lines are ties closed by a death, arrest or dismissal.</figcaption></figure>
<figure id="timeline-figure"><img src="{{ timeline_uri }}" alt="Timeline of changes">
<figcaption>Dated changes to the leader and his circle, {{ report.start }} to
{{ report.end }}.</figcaption></figure>

<h2>References</h2>
<ol class="refs" id="references">
{% for ev in citations.items %}<li id="ref-{{ loop.index }}">“{{ ev.sentence or "" }}” —
{{ ev.outlet or "unknown outlet" }}{% if ev.published %}, {{ ev.published }}{% endif %}
{%- if ev.grade %},
grade {{ ev.grade }} ({{ grade_meaning.get(ev.grade, "") }}){% else %}, ungraded{% endif %}.
{% if ev.title %}<em>{{ ev.title }}</em>.{% endif %}
{% if ev.url %}<a href="{{ ev.url }}">{{ ev.url }}</a>{% endif %}
{% if ev.attribution %}Attributed to: {{ ev.attribution }}.{% endif %}
<span class="note">(statement {{ ev.statement_id }})</span></li>
{% endfor %}</ol>
</body>
</html>
"""


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page."""
    cites = Citations()

    def cite(evidence: Iterable[Evidence], limit: int = 4) -> Markup:
        numbers = cites.cite(evidence, limit)
        return Markup("").join(
            Markup('<sup><a href="#ref-{0}">[{0}]</a></sup>').format(n) for n in numbers
        )

    env = Environment(autoescape=True)
    template = env.from_string(HTML_TEMPLATE)
    contradictions = report.circle.contradictions + [
        c for c in report.changes.contradictions if c not in report.circle.contradictions
    ]
    return template.render(
        report=report,
        summary=_summary(report),
        cite=cite,
        citations=cites,
        status_text=_status_text,
        status_evidence=_status_evidence,
        current_posts=_current_posts,
        change_text=_change_text,
        candidate_evidence=lambda c: [e for comp in c.components for e in comp.evidence],
        domains=[
            d
            for d in [*report.capacity.domains, report.capacity.unassigned]
            if d.lost or d.remaining
        ],
        contradictions=contradictions,
        network_uri=data_uri(report.network_png),
        timeline_uri=data_uri(report.timeline_png),
        grade_meaning=GRADE_MEANING,
        escape=escape,
    )
