"""One caching scheme for configuration (`core.config_cache`): the privacy detector's custom patterns, search's
glossary and intake's desks each see a change at once in the process that made it, at once in another
process through the shared version stamp, and within the TTL when the shared cache lost the stamp."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import translation

from cphelpdesk.core import config_cache
from cphelpdesk.core.forms import option_cache
from cphelpdesk.detection import custom
from cphelpdesk.directory.models import Country, Desk
from cphelpdesk.privacy.models import CustomPattern
from cphelpdesk.queries import routing
from cphelpdesk.queries.forms import TriageForm
from cphelpdesk.queries.models import Query
from cphelpdesk.search import glossary
from cphelpdesk.taxonomy.models import GlossaryTerm
from tests.factories import CustomPatternFactory

pytestmark = pytest.mark.django_db


@dataclass
class Subject:
    """A cached configuration: what the code reads from it, and a change seen (or not) by signals."""

    cache: config_cache.ConfigCache
    label: str
    setup: Callable[[], None]
    read: Callable[[], object]
    change: Callable[[], None]  # through save(): signals fire
    change_quietly: Callable[[], None]  # through update(): no signal, as a write by another process looks here
    before: object
    after: object


def rename_pattern():
    pattern = CustomPattern.objects.get()
    pattern.name = "Card"
    pattern.save()


def add_swahili_to_the_french_desk():
    desk = Desk.objects.get(code="fr")
    desk.languages = [*desk.languages, "sw"]
    desk.save()


def rename_chad():
    chad = Country.objects.get(iso2="TD")
    chad.name = "Ruritania"
    chad.save()


def country_options() -> set[str]:
    return {str(label) for _value, label in TriageForm().fields["country"].choices}


SUBJECTS = {
    "custom_pattern": Subject(
        custom.PATTERNS, "privacy.CustomPattern",
        setup=lambda: CustomPatternFactory(name="Ration card", regex=r"\bRC-\d{6}\b"),
        read=lambda: [pattern.name for pattern in custom.compiled_patterns()],
        change=rename_pattern,
        change_quietly=lambda: CustomPattern.objects.update(name="Card"),
        before=["Ration card"], after=["Card"]),
    "glossary_term": Subject(
        glossary.MATCHER, "taxonomy.GlossaryTerm",
        setup=lambda: GlossaryTerm.objects.create(term="XYZW", expansion="extra yellow zebra walk"),
        read=lambda: "zzglxyzw" in {concept for concept, _forms, _texts in glossary.matcher().entries},
        change=lambda: GlossaryTerm.objects.get(term="XYZW").delete(),
        change_quietly=lambda: GlossaryTerm.objects.filter(term="XYZW").update(term="XYZV"),
        before=True, after=False),
    "desk": Subject(
        routing.DESKS, "directory.Desk",
        setup=lambda: None,
        read=lambda: routing.desk_for(Query(language="sw")).is_global,  # nobody answers in Swahili: the global desk
        change=add_swahili_to_the_french_desk,
        change_quietly=lambda: Desk.objects.filter(code="fr").update(languages=["fr", "sw"]),
        before=True, after=False),
    "country_options": Subject(
        option_cache("directory.Country"), "directory.Country",
        setup=lambda: None,
        read=lambda: "Ruritania" in country_options(),
        change=rename_chad,
        change_quietly=lambda: Country.objects.filter(iso2="TD").update(name="Ruritania"),
        before=False, after=True),
}


@pytest.fixture(params=SUBJECTS.values(), ids=SUBJECTS.keys())
def subject(request):
    subject = request.param
    subject.setup()
    config_cache.clear_all()
    assert subject.read() == subject.before
    return subject


def test_a_change_is_seen_at_once_in_the_process_that_made_it(subject):
    subject.change()
    assert subject.read() == subject.after


def test_a_committed_change_bumps_the_shared_version_stamp(subject, django_capture_on_commit_callbacks):
    key = f"config:{subject.label}:version"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        subject.change()
    assert cache.get(key) is None  # not before the change commits: another process would cache the old rows
    for callback in callbacks:
        callback()
    assert cache.get(key) is not None


def test_another_process_sees_a_change_at_once_through_the_shared_stamp(subject):
    subject.change_quietly()  # the rows change, but no signal reaches this process's cache ...
    assert subject.read() == subject.before  # (so the value really is cached)
    config_cache.bump_versions(subject.label)  # ... until the other process's commit bumps the stamp
    assert subject.read() == subject.after


def test_without_the_shared_stamp_a_change_is_seen_within_the_ttl(subject, monkeypatch):
    subject.change_quietly()
    now = subject.cache.clock()
    monkeypatch.setattr(subject.cache, "clock", lambda: now + subject.cache.ttl - 1)
    assert subject.read() == subject.before
    monkeypatch.setattr(subject.cache, "clock", lambda: now + subject.cache.ttl + 1)
    assert subject.read() == subject.after


def test_reference_options_are_named_in_the_readers_language():
    assert "Chad" in country_options()
    with translation.override("fr"):
        assert "Tchad" in country_options() and "Chad" not in country_options()
    with translation.override("ar"):
        assert "تشاد" in country_options()


def test_within_one_reading_the_stamps_are_read_once_and_a_change_is_seen_after_it(subject, monkeypatch):
    """One inbound message's processing reads the shared stamps once (`one_reading`); another process's change
    is seen from the next block on."""
    readings = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: readings.append(keys) or get_many(keys))
    with config_cache.one_reading():
        assert subject.read() == subject.before
        assert subject.read() == subject.before
        for other in SUBJECTS.values():
            other.cache.get("probe", lambda: None)
        assert len(readings) == 1  # every cache's stamps in one reading
        subject.change_quietly()
        config_cache.bump_versions(subject.label)  # another process's committed change ...
        assert subject.read() == subject.before  # ... is not seen within the block
    assert subject.read() == subject.after  # but from the next one on


def test_within_one_reading_a_change_made_in_this_process_is_seen_at_once(subject):
    with config_cache.one_reading():
        assert subject.read() == subject.before
        subject.change()
        assert subject.read() == subject.after


def test_a_shared_cache_outage_within_one_reading_leaves_the_ttl_to_bound_staleness(subject, monkeypatch):
    def unreachable(keys):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", unreachable)
    with config_cache.one_reading():
        assert subject.read() == subject.before
        subject.change()
        assert subject.read() == subject.after
