"""Reference places and roles, loaded by migrations from the project's own data files."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation

from cphelpdesk.directory.models import Country, Desk, Region
from cphelpdesk.directory.reference import load_places, read_rows
from cphelpdesk.directory.roles import Role
from cphelpdesk.taxonomy.models import Topic

pytestmark = pytest.mark.django_db


def test_every_iso_country_and_the_cp_countries_with_their_region_and_desk():
    assert Country.objects.count() >= 249
    cp_rows = read_rows("countries.csv")
    assert len(cp_rows) == 44
    for row in cp_rows:
        country = Country.objects.get(iso2=row["iso2"])
        assert (country.iso3, country.name, country.region.name, country.desk.code) == (
            row["iso3"], row["name"], row["region"], row["desk"])
        assert country.national_group is not None
    assert Country.objects.with_active_group().count() == 44
    assert Country.objects.get(iso2="CH").region is None


def test_names_follow_the_reader_language():
    chad = Country.objects.get(iso2="TD")
    with translation.override("ar"):
        assert chad.localized_name == "تشاد"
    with translation.override("es"):
        assert str(Region.objects.get(code="lac")) == "América Latina y el Caribe"
        assert str(Country.objects.get(iso2="FR")) == "Francia"  # from the ISO catalogs


def test_desks_and_roles():
    assert set(Desk.objects.values_list("code", flat=True)) == {"global", "en", "fr", "es", "ar"}
    assert Desk.objects.get(code="ar").working_days == [6, 0, 1, 2, 3]
    assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)


def test_loading_again_changes_nothing():
    before = list(Country.objects.order_by("iso2").values_list("iso2", "name", "region_id", "desk_id"))
    load_places(apps)
    call_command("load_reference")
    after = list(Country.objects.order_by("iso2").values_list("iso2", "name", "region_id", "desk_id"))
    assert before == after


def test_reloading_keeps_what_administrators_edited():
    desk = Desk.objects.get(code="fr")
    desk.time_zone, desk.name_fr = "Africa/Abidjan", "Bureau francophone"
    desk.save()
    chad = Country.objects.get(iso2="TD")
    chad.desk = Desk.objects.get(code="global")
    chad.save()
    call_command("load_reference")
    desk.refresh_from_db()
    chad.refresh_from_db()
    assert (desk.time_zone, desk.name_fr, chad.desk.code) == ("Africa/Abidjan", "Bureau francophone", "global")


def test_reloading_fills_what_is_missing():
    topic = Topic.objects.get(code="CAPB")
    topic.name_ar = ""
    topic.save()
    call_command("load_reference")
    topic.refresh_from_db()
    assert topic.name_ar


def test_every_desk_time_zone_is_a_real_one():
    from cphelpdesk.directory.models.desks import validate_time_zone

    for desk in Desk.objects.all():
        validate_time_zone(desk.time_zone)
