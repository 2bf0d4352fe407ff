"""Matching the organization named in a report to an organization of the platform (机关匹配).

Reports name their body as they like: spaces inside the name, full-width letters, Kangxi radicals from
PDF fonts, ``XX镇`` for ``XX镇人民政府``, ``柳河县交通运输局`` for a department the platform calls
``交通运输局`` under 柳河县. Matching goes from strict to loose, and at each step accepts only a single
candidate; two candidates mean the supervisor has to choose (the match is never guessed).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from gongkai.apps.organizations.models import Organization
from gongkai.core.parse.normalize import clean_text

from .choices import MatchMethod

__all__ = ["match_organization", "name_key"]

#: Endings that published reports add or drop from a body's name.
_SUFFIXES = ("人民政府办公室", "人民政府", "办事处", "政府")


def name_key(name: str) -> str:
    """A comparison key: radicals mapped, width folded, no spaces, punctuation or symbols."""
    text = unicodedata.normalize("NFKC", clean_text(name or ""))
    return "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch)[0] in "PSZC"))


def _strip_suffix(key: str) -> str:
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def _variant_keys(org: Organization, parents: dict[int, Organization]) -> set[str]:
    keys = {name_key(org.name), name_key(org.short_name)} - {""}
    keys |= {_strip_suffix(k) for k in keys}
    parent = parents.get(org.parent_id) if org.parent_id else None
    if parent is not None:
        # A department named without its government: 交通运输局 under 柳河县人民政府 → 柳河县交通运输局.
        prefix = _strip_suffix(name_key(parent.short_name or parent.name))
        keys |= {prefix + k for k in list(keys) if not k.startswith(prefix)}
    return keys


def _unique(found: list[Organization]) -> tuple[Organization | None, bool]:
    distinct = {o.pk: o for o in found}
    if len(distinct) == 1:
        return next(iter(distinct.values())), False
    return None, len(distinct) > 1


def match_organization(name: str | None, candidates: Iterable[Organization]) -> tuple[Organization | None, str]:
    """The single candidate *name* designates, and how it was found (a :class:`MatchMethod` value).

    Returns ``(None, "ambiguous")`` when a step finds several candidates, ``(None, "none")`` when none.
    """
    if not name or not name.strip():
        return None, MatchMethod.NONE
    candidates = list(candidates)
    exact, ambiguous = _unique([o for o in candidates if o.name == name.strip()])
    if exact is not None or ambiguous:
        return exact, MatchMethod.EXACT if exact else MatchMethod.AMBIGUOUS
    key = name_key(name)
    if not key:
        return None, MatchMethod.NONE
    found, ambiguous = _unique([o for o in candidates if key in {name_key(o.name), name_key(o.short_name)}])
    if found is not None or ambiguous:
        return found, MatchMethod.NORMALIZED if found else MatchMethod.AMBIGUOUS
    parents = {o.pk: o for o in candidates}
    wanted = {key, _strip_suffix(key)}
    found, ambiguous = _unique([o for o in candidates if wanted & _variant_keys(o, parents)])
    if found is not None:
        return found, MatchMethod.VARIANT
    return None, MatchMethod.AMBIGUOUS if ambiguous else MatchMethod.NONE
