"""Answers that compare the places: which communes and wards have (or have not) a relevant task,
and how many ("xã nào có …", "bao nhiêu xã chưa có …").  The rows come from qa.sets, as for every
question about the plans as a table."""
from __future__ import annotations

from kehoach.index.hits import selected
from kehoach.qa.render import ref, say
from kehoach.qa.sets import parts, place_kinds


def _places(q, rows, index, today):
    """The places in scope with rows (each with its rows), those without, and the answer's parts."""
    everyone = q.communes or index.communes()
    having: dict[str, list] = {}
    for r in rows:
        if r.commune in everyone:
            having.setdefault(r.commune, []).append(r)
    p = {**parts(q, today), "places": place_kinds(q, everyone)}
    p["Places"] = p["places"][:1].upper() + p["places"][1:]
    return having, [c for c in everyone if c in having], [c for c in everyone if c not in having], p


def count_places(q, rows, index, today):
    """values: [how many places have (or, negated, have not) a relevant task], named in the sentence."""
    having, with_, without, p = _places(q, rows, index, today)
    names = without if q.negated else with_
    if not names:
        return say("count_places_zero", **p), [], selected(r for c in with_ for r in having[c])
    key = "count_places_without" if q.negated else "count_places"
    items = ", ".join(q.place(c) for c in names)
    p["places"] = place_kinds(q, names)  # "3 xã", not "3 xã, phường", when the three are communes
    return say(key, n=len(names), items=items, **p), [str(len(names))], selected(r for c in with_ for r in having[c])


def communes(q, rows, index, today):
    """values: exactly the communes with (or, negated, without) a relevant task."""
    having, with_, without, p = _places(q, rows, index, today)
    if q.negated:
        key = "communes_without" if without else "communes_all"
        names = without if without else with_
        items = ", ".join(q.place(c) for c in names)
        others = ", ".join(f"{q.place(c)} ({ref(having[c][0], with_issuer=False)})" for c in with_)
        return say(key, items=items, others=others or "—", **p), without, selected(r for c in with_ for r in having[c])
    if not with_:
        return say("communes_none", **p), [], []
    items = ", ".join(f"{q.place(c)} ({', '.join(ref(r, with_issuer=False) for r in having[c][:3])})" for c in with_)
    return say("communes_with", items=items, **p), with_, selected(r for c in with_ for r in having[c])
