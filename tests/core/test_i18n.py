"""Four interface languages: switching, Arabic right-to-left, and catalogs complete for every string."""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from django.utils.translation.template import templatize

from cphelpdesk.directory.models import Member
from tests.factories import MemberFactory

PACKAGE = Path(__file__).resolve().parents[2] / "cphelpdesk"
LANGUAGES = ["fr", "es", "ar"]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
                 "gettext_noop"}
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\{\s*\w+\s*\}\}|<[^>]+>")


def python_msgids() -> set[str]:
    msgids = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
                    in GETTEXT_NAMES and node.args):
                index = 1 if getattr(node.func, "id", "").startswith("pgettext") else 0
                argument = node.args[index] if len(node.args) > index else None
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    msgids.add(argument.value)
    return msgids


def template_msgids() -> set[str]:
    """Strings marked in templates, found the way makemessages finds them (Django's templatize)."""
    msgids = set()
    call = re.compile(r"\b(n?p?gettext)\(")
    for path in (PACKAGE / "templates").rglob("*.*"):
        code = templatize(path.read_text(), origin=str(path))
        for match in call.finditer(code):
            depth, end = 0, match.end() - 1
            for end in range(match.end() - 1, len(code)):
                depth += {"(": 1, ")": -1}.get(code[end], 0)
                if depth == 0:
                    break
            parsed = ast.parse(code[match.start():end + 1], mode="eval").body
            first = 1 if match.group(1).startswith(("pgettext", "npgettext")) else 0
            msgids.add(ast.literal_eval(parsed.args[first]))
    return msgids


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_every_string_in_the_code(language):
    catalog = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    translated = {entry.msgid for entry in catalog if entry.translated() and not entry.obsolete}
    missing = sorted((python_msgids() | template_msgids()) - translated)
    assert not missing, f"{language}: {len(missing)} strings without translation (run `make messages`): {missing[:5]}"
    assert not [entry.msgid for entry in catalog.fuzzy_entries()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_has_each_form_its_language_counts(language):
    """A missing form falls back to English at run time (Spanish counts three forms: 1, millions, the rest)."""
    catalog = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    forms = int(re.search(r"nplurals=(\d+)", catalog.metadata["Plural-Forms"]).group(1))
    short = [entry.msgid for entry in catalog if entry.msgid_plural and not entry.obsolete
             and sorted(index for index, text in entry.msgstr_plural.items() if text) != list(range(forms))]
    assert not short, f"{language}: {len(short)} plurals without all {forms} forms: {short[:3]}"
    with translation.override(language):
        assert ngettext("%(count)s request", "%(count)s requests", 5) != "%(count)s requests"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_markup(language):
    catalog = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    for entry in catalog.translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if not entry.msgid_plural:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == expected, (entry.msgid, entry.msgstr)
            continue
        # Plural forms use nothing the singular and the plural do not, and keep what both share, but for one: the
        # number, which a form may spell out ("one minute", Arabic's dual) or show where the singular does not.
        plural = PLACEHOLDER.findall(entry.msgid_plural)
        shared, allowed = set(expected) & set(plural), set(expected) | set(plural)
        for text in entry.msgstr_plural.values():
            found = set(PLACEHOLDER.findall(text))
            assert found <= allowed and len(shared - found) <= 1, (entry.msgid, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language):
    folder = PACKAGE / "locale" / language / "LC_MESSAGES"
    source = {(e.msgid, e.msgstr) for e in polib.pofile(str(folder / "django.po")).translated_entries()
              if not e.msgid_plural}
    compiled = {(e.msgid, e.msgstr) for e in polib.mofile(str(folder / "django.mo")) if not e.msgid_plural}
    assert source <= compiled, "run `make messages` to recompile the catalogs"


@pytest.mark.django_db
def test_switching_language_without_javascript(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert "Expert answers for child protection coordination" not in page


@pytest.mark.django_db
def test_arabic_renders_right_to_left(client):
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    # A time range reads left to right inside right-to-left text (opening time first, not closing time first).
    assert '<bdi dir="ltr">09:00–17:00' in page


@pytest.mark.django_db
def test_members_language_choice_is_remembered(client):
    member = MemberFactory(preferred_language="en")
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert Member.objects.get(pk=member.pk).preferred_language == "es"


@pytest.mark.django_db
def test_preferred_language_applies_on_a_new_device(client):
    client.force_login(MemberFactory(preferred_language="ar"))
    assert 'dir="rtl"' in client.get(reverse("directory:profile")).content.decode()


@pytest.mark.django_db
def test_unknown_language_is_ignored(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="en"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_pages_stay_small(client):
    """Low-bandwidth target: a typical page's HTML well under 50 KB (CSS and htmx are cached after the first visit)."""
    for url in ["/", reverse("taxonomy:glossary"), reverse("account_login")]:
        assert len(client.get(url).content) < 50_000, url


@pytest.mark.django_db
def test_only_interface_languages_are_saved_on_the_profile(client):
    member = MemberFactory(preferred_language="fr")
    client.force_login(member)
    for language in ["de", "zh-hans", "en-abcdefgh"]:
        client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert Member.objects.get(pk=member.pk).preferred_language == "fr"


@pytest.mark.django_db
def test_page_titles_name_the_page_and_the_service(client):
    page = client.get(reverse("taxonomy:glossary")).content.decode()
    assert "<title>Topics and glossary · CP Helpdesk</title>" in page
