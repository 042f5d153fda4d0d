"""The codes the API takes (ISO country codes, topic codes, desk codes) turned into objects, or a clear 400."""

from django.core.exceptions import ValidationError

from cphelpdesk.directory.models import Country, Desk
from cphelpdesk.taxonomy.models import Topic


def country(code: str | None) -> Country | None:
    if not code:
        return None
    found = Country.objects.filter(iso2=code.upper()).first()
    if found is None:
        raise ValidationError(f"Unknown country code {code!r} (use ISO 3166 alpha-2, e.g. ML).")
    return found


def topics(codes: list[str]) -> list[Topic]:
    found = list(Topic.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        unknown = sorted(set(codes) - {topic.code for topic in found})
        raise ValidationError(f"Unknown topic codes: {', '.join(unknown)}.")
    return found


def topic(code: str | None) -> Topic | None:
    return topics([code])[0] if code else None


def desk(code: str | None) -> Desk | None:
    if not code:
        return None
    found = Desk.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(f"Unknown desk code {code!r}.")
    return found
