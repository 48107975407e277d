"""The score of `artlint fix` on a labelled corpus as text and as JSON: the tables that
`artlint score` and benchmarks/quality.py print (the score itself: ``linter.scoring``)."""

from __future__ import annotations

from collections import Counter

from linter.scoring import WEAK_SITES, RuleTally, Score, Tally


def report(result: Score, top: int = 25) -> str:
    """A plain-text report: overall, per group, per rule, false positives and most missed."""
    out = _headline(result)
    for group in _group_order(result):
        out += ["", f"by {group}:", *_group_table(result.groups[group], result.labelled)]
    out += ["", *_rule_table(result)]
    out += ["", f"false positives ({len(result.false_positives)}):"]
    out += [f"  {e.page}:{e.line} ({e.site or 'no url'}) [{','.join(e.rules) or '?'}] "
            f"{e.text[:110]}" for e in result.false_positives]
    if result.labelled:
        missed = Counter(e.text[:110] for e in result.missed if e.kind == "not-in-gt")
        out += ["", f"most-missed artefact lines (not-in-gt, top {top}):"]
        out += [f"  {n:4}  {text}" for text, n in missed.most_common(top)]
    return "\n".join(out)


def _group_order(result: Score) -> list[str]:
    order = ["source", result.second_level, "language", "artefact kind"]
    return sorted(result.groups, key=lambda g: order.index(g) if g in order else len(order))


def _headline(result: Score) -> list[str]:
    o = result.overall
    half = f" (site half {result.half})" if result.half else ""
    if not result.labelled:
        return [f"pages: {result.pages}{half}   no artefact labels: every removed line is "
                f"content   content lines: {o.content}",
                f"content lines removed {o.content_removed}   content chars lost {o.lost:.4%}"]
    return [
        f"pages: {result.pages}{half}   artefact lines: {o.artefacts}   removed: "
        f"{o.artefacts_removed}   content lines removed: {o.content_removed}",
        f"precision {o.precision:.4f}   recall {o.recall:.4f}   F1 {o.f1:.4f}   "
        f"content chars lost {o.lost:.4%}",
    ]


def _group_table(tallies: dict[str, Tally], labelled: bool) -> list[str]:
    if not labelled:
        rows = [f"  {'':28} {'lost':>8} {'removed':>8} {'lines':>8} {'pages':>6}"]
        return rows + [f"  {key:28} {t.lost:8.3%} {t.content_removed:8} {t.content:8} "
                       f"{t.pages:6}" for key, t in sorted(tallies.items())]
    rows = [f"  {'':28} {'P':>7} {'R':>7} {'F1':>7} {'lost':>8} {'n':>6}"]
    return rows + [f"  {key:28} {t.precision:7.3f} {t.recall:7.3f} {t.f1:7.3f} "
                   f"{t.lost:8.3%} {t.artefacts:6}" for key, t in sorted(tallies.items())]


def _rule_table(result: Score) -> list[str]:
    rows = _rules_by_removed(result)
    weak = sum(1 for rule, _ in rows if result.weakly_evidenced(rule))
    about = (f"{weak} weakly evidenced: true positives from fewer than {WEAK_SITES} sites"
             if result.labelled else "no artefact labels, so no true positives")
    out = [f"by rule ({len(rows)} rules removed lines; {about}; "
           "removed = TP + FP + neutral, the lines labelled a headline or boilerplate the "
           "reference kept):",
           f"  {'rule':34} {'removed':>7} {'TP':>6} {'FP':>5} {'neutral':>7} {'P':>6} "
           f"{'TP sites':>8} "
           f"{'FP sites':>8}  worst site (FP)"]
    return out + [_rule_row(rule, r, result.weakly_evidenced(rule)) for rule, r in rows]


def _rules_by_removed(result: Score) -> list[tuple[str, RuleTally]]:
    return sorted(result.rules.items(), key=lambda item: (-item[1].removed, item[0]))


def _rule_row(rule: str, r: RuleTally, weak: bool | None) -> str:
    precision = "-" if r.precision is None else f"{r.precision:.3f}"
    worst = f"{r.worst_site[0] or 'no url'} ({r.worst_site[1]})" if r.worst_site else "-"
    flag = "  weakly evidenced" if weak else ""
    return (f"  {rule:34} {r.removed:7} {r.true_positives:6} {r.false_positives:5} "
            f"{r.neutral:7} {precision:>6} {r.distinct_tp_sites:8} {r.distinct_fp_sites:8}  "
            f"{worst}{flag}")


# --- JSON ----------------------------------------------------------------------------------


def _tally_json(t: Tally) -> dict[str, float]:
    return {"precision": t.precision, "recall": t.recall, "f1": t.f1,
            "content_lost": t.lost, "artefacts": t.artefacts,
            "artefacts_removed": t.artefacts_removed, "content_lines": t.content,
            "content_removed": t.content_removed, "pages": t.pages}


def _rule_json(rule: str, r: RuleTally, weak: bool | None) -> dict[str, object]:
    worst = r.worst_site
    return {"rule": rule, "removed": r.removed, "true_positives": r.true_positives,
            "false_positives": r.false_positives, "neutral": r.neutral,
            "precision": r.precision,
            "tp_sites": r.distinct_tp_sites, "fp_sites": r.distinct_fp_sites,
            "worst_site": {"site": worst[0], "false_positives": worst[1]} if worst else None,
            "weakly_evidenced": weak}


def as_json(result: Score) -> dict[str, object]:
    return {
        "pages": result.pages,
        "half": result.half,
        "second_level": result.second_level,
        "overall": _tally_json(result.overall),
        "groups": {g: {k: _tally_json(t) for k, t in sorted(result.groups[g].items())}
                   for g in _group_order(result)},
        "rules": [_rule_json(rule, r, result.weakly_evidenced(rule))
                  for rule, r in _rules_by_removed(result)],
        "false_positives": [vars(e) for e in result.false_positives],
    }
