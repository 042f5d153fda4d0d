"""The redaction review of a draft: personal data flagged before anything is published.

Two sources of findings: the privacy detector (names with ages, phone numbers, case numbers, GPS...),
and the names of people the system knows were involved (the requester, staff, everyone named in the
source query's thread) plus the requester's organisation, which a banked answer must not carry.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cphelpdesk.core.erasure import remove_text
from cphelpdesk.detection.detector import find_personal_data, placeholder
from cphelpdesk.library.models import Resource

REVIEWED_FIELDS = ("title", "summary", "body")
# The requester's organisation: not personal data, but a banked answer must not say who asked.
ORGANISATION = "organisation"


@dataclass(frozen=True)
class Finding:
    field: str
    kind: str
    text: str


def known_names(resource: Resource) -> list[tuple[str, str]]:
    """(kind, text) of the people and organisation behind the source query, longest first."""
    query = resource.source_query
    if query is None:
        return []
    people = {query.requester_name}
    if query.requester_id:
        people.add(query.requester.full_name)
    people.update(query.messages.values_list("author_name", flat=True))
    people.update(name for name in query.assignments.values_list("member__full_name", flat=True))
    people.update(query.referrals.values_list("recipient_name", flat=True))
    names = set()
    for person in filter(None, people):
        names.add(("person_name", person.strip()))
        # "Aminata Diallo" may appear as "Aminata" or "Mrs Diallo".
        names.update(("person_name", part) for part in person.split() if len(part) >= 4)
    if query.organisation_id:
        names.add((ORGANISATION, query.organisation.name))
        if query.organisation.acronym:
            names.add((ORGANISATION, query.organisation.acronym))
    return sorted(names, key=lambda pair: -len(pair[1]))


def findings(resource: Resource) -> list[Finding]:
    """Everything the review should ask an officer about, in the text fields and the files' text."""
    names = known_names(resource)
    texts = [(field, getattr(resource, field)) for field in REVIEWED_FIELDS]
    texts += [(f"file:{file.name}", file.text) for file in resource.files.filter(is_current=True)]
    found: dict[tuple[str, str, str], Finding] = {}
    for field, text in texts:
        if not text:
            continue
        for item in find_personal_data(text, resource.language):
            found.setdefault((field, item.kind, item.text), Finding(field, item.kind, item.text[:300]))
        for kind, name in names:
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
                found.setdefault((field, kind, name), Finding(field, kind, name[:300]))
    return list(found.values())


def redacted(text: str, found: str, kind: str) -> str:
    """`text` with every occurrence of `found` replaced by a placeholder naming its kind."""
    return remove_text(text, found, str(_("[organisation removed]")) if kind == ORGANISATION else placeholder(kind))
