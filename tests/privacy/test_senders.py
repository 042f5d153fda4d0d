"""A sender's own name is not a child's data (issue 14, point 1): a question signed "Jean Dupont", "Aminata" or
"Maria Lopez" gets one acknowledgement and no warning; a question naming a child with an age gets the
acknowledgement with one warning sentence in it, and no second mail."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from cphelpdesk.detection.detector import find_personal_data
from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.privacy.models import Finding
from cphelpdesk.queries.models import Query
from tests.factories import MemberFactory, make_query
from tests.helpers import authenticated, run_queued_tasks

pytestmark = pytest.mark.django_db

WARNING = ("P.S. Your message seems to contain details of a child or another person, such as a name with an age, a "
           "phone number or a case number: we will remove them from our records, so please leave them out of your "
           "next messages.")


def warning(language: str = "en") -> str:
    """The start of the warning sentence as the acknowledgement says it in `language`."""
    with translation.override(language):
        return gettext(WARNING)[:60]


def warned(body: str) -> bool:
    """Whether `body` carries the warning, in any of the interface languages."""
    return any(warning(language) in body for language in ("en", "fr", "es", "ar"))

# Real-looking questions, each signed with the sender's own name, role, organisation and phone.
SIGNED = {
    "en": ("Maria Lopez <maria.lopez@savethechildren.example>", "Case management in camps",
           "Dear helpdesk team,\n\nCould you share guidance on case management for unaccompanied children in "
           "camps? We are setting up the service in two districts.\n\nBest regards,\nMaria Lopez\n"
           "Child Protection Coordinator, Save the Children\nTel: +57 310 555 0142\n"),
    "fr": ("Jean Dupont <j.dupont@unicef-mali.example>", "Normes minimales",
           "Bonjour,\n\nJe m'appelle Jean Dupont, coordinateur de la protection de l'enfance à Mopti. Quelles sont "
           "les normes minimales pour les espaces amis des enfants ?\n\nCordialement,\n\nJean Dupont\n"
           "Coordinateur PE, UNICEF Mali\n+223 76 12 34 56\n"),
    "es": ("aminata@ong-sahel.example", "Herramientas de reunificación",
           "Hola Lucía,\n\n¿Tienen herramientas para la reunificación familiar de niños separados? Las necesitamos "
           "para una formación la semana próxima.\n\nSaludos,\nAminata\nOficial de protección, ONG Sahel\n"),
    "ar": ("فاطمة الزهراء <fatima@cp-yemen.example>", "إدارة الحالات",
           "مرحبا،\n\nهل لديكم إرشادات حول إدارة الحالات للأطفال غير المصحوبين في المخيمات؟\n\n"
           "مع التحية،\nفاطمة الزهراء\nمنسقة حماية الطفل\n"),
}
# Questions naming a child with an age, also signed.
CHILD = {
    "en": ("Maria Lopez <maria.lopez@savethechildren.example>", "Separated girl",
           "Hello,\n\nThe girl Fatima Bello, 12 years old, was separated from her family at the border. What "
           "should we do first?\n\nThanks,\nMaria Lopez\n"),
    "fr": ("Jean Dupont <j.dupont@unicef-mali.example>", "Enfant séparé",
           "Bonjour,\n\nLe garçon Moussa Keita, 9 ans, vit seul depuis une semaine. Que faire ?\n\n"
           "Cordialement,\nJean Dupont\n"),
    "es": ("aminata@ong-sahel.example", "Niña separada",
           "Hola,\n\nLa niña Esperanza Ruiz, de 11 años, está sola en el albergue. ¿Qué hacemos?\n\n"
           "Saludos,\nAminata\n"),
    "ar": ("فاطمة الزهراء <fatima@cp-yemen.example>", "طفلة منفصلة",
           "مرحبا،\n\nالطفلة مريم علي البالغة من العمر 10 سنوات منفصلة عن أسرتها. ماذا نفعل؟\n\n"
           "مع التحية،\nفاطمة الزهراء\n"),
}


def deliver(sender: str, subject: str, body: str, *, proven: bool = False) -> Query:
    raw = (f"From: {sender}\nTo: helpdesk@cphelpdesk.localhost\nSubject: {subject}\n"
           f"Content-Type: text/plain; charset=utf-8\n\n{body}")
    raw = authenticated(raw) if proven else raw
    outcome = process_safely(store_inbound(raw=raw.encode(), channel=InboundMessage.Channel.SMTP,
                                           envelope_to=["helpdesk@cphelpdesk.localhost"]))
    assert outcome.startswith("created"), outcome
    return Query.objects.get()


def address_of(sender: str) -> str:
    return sender.rsplit("<", 1)[-1].rstrip(">")


@pytest.mark.parametrize("language", SIGNED)
def test_a_signed_question_gets_one_acknowledgement_and_no_warning(language, inbox,
                                                                   django_capture_on_commit_callbacks):
    sender, subject, body = SIGNED[language]
    with django_capture_on_commit_callbacks(execute=True):
        query = deliver(sender, subject, body)
    run_queued_tasks()  # the intake scan runs too
    [acknowledgement] = inbox.to(address_of(sender))
    assert query.reference in acknowledgement["Subject"]
    assert not warned(inbox.body(acknowledgement))
    query.refresh_from_db()
    assert not query.personal_data and not Finding.objects.exists()
    assert not query.events.filter(kind="personal_data_notice").exists()


@pytest.mark.parametrize("language", CHILD)
def test_a_question_naming_a_child_gets_the_warning_inside_the_acknowledgement(language, inbox,
                                                                               django_capture_on_commit_callbacks):
    sender, subject, body = CHILD[language]
    with django_capture_on_commit_callbacks(execute=True):
        query = deliver(sender, subject, body)
    run_queued_tasks()
    [acknowledgement] = inbox.to(address_of(sender))  # no second mail
    assert warning(language) in inbox.body(acknowledgement)
    query.refresh_from_db()
    assert query.personal_data
    assert set(Finding.objects.values_list("kind", flat=True)) == {"child_name_age"}  # not the signer
    assert query.events.filter(kind="personal_data_notice").count() == 1


def test_a_members_own_name_from_their_account_is_not_personal_data(inbox, django_capture_on_commit_callbacks):
    member = MemberFactory(email="a.traore@ngo-mali.example", full_name="Aminata Traoré")
    with django_capture_on_commit_callbacks(execute=True):
        query = deliver(member.email, "Training materials",  # no display name: the account names her
                        "Hi,\n\nAminata Traoré here, from the Mopti working group: do you have training materials "
                        "on psychosocial support?\n", proven=True)
    run_queued_tasks()
    [acknowledgement] = inbox.to(member.email)
    assert not warned(inbox.body(acknowledgement))
    assert not Finding.objects.filter(query=query).exists()


def test_a_follow_up_signed_by_the_requester_is_not_flagged(inbox, django_capture_on_commit_callbacks):
    from cphelpdesk.queries import actions

    requester = MemberFactory(full_name="Maria Lopez")
    with django_capture_on_commit_callbacks(execute=True):
        query = make_query(requester=requester)
        actions.add_information(actor=requester, query=query, body="One more point: we work in three "
                                "camps.\n\nKind regards,\nMaria\n+57 310 555 0142")
    run_queued_tasks()
    query.refresh_from_db()
    assert not query.personal_data
    assert len(inbox.to(requester.email)) == 1  # the acknowledgement only


def test_an_unverified_members_address_gets_no_mail_for_personal_data(inbox, django_capture_on_commit_callbacks):
    """Forged mail claiming a member's address is not acknowledged; a child's name in it sends nothing either."""
    member = MemberFactory(email="amina@ngo-mali.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        deliver(member.email, "Help", "The boy Ahmed, 9 years old, lives at 12 Rue des Fleurs.\n")
    run_queued_tasks()
    assert Finding.objects.exists()
    assert not inbox.to(member.email)


def test_a_signed_members_mail_is_acknowledged_without_warning(inbox, django_capture_on_commit_callbacks):
    member = MemberFactory(email="jean.dupont@unicef-mali.example", full_name="Jean Dupont")
    with django_capture_on_commit_callbacks(execute=True):
        deliver(f"Jean Dupont <{member.email}>", "Normes", "Bonjour,\n\nQuelles normes pour les espaces amis des "
                "enfants ?\n\nBien à vous,\nJean Dupont\nUNICEF Mali\n", proven=True)
    run_queued_tasks()
    [acknowledgement] = inbox.to(member.email)
    assert not warned(inbox.body(acknowledgement)) and "Jean Dupont" in inbox.body(acknowledgement)


# --- the detector, directly --------------------------------------------------------------------------

@pytest.mark.parametrize("text, names, kept", [
    # the signature block: name, role, phone
    ("Any guidance?\n\nBest regards,\nMaria Lopez\nCP Coordinator\n+57 310 555 0142", [], []),
    # "Thanks, Aminata" on one line
    ("Any guidance?\nThanks, Aminata", [], []),
    # a greeting's addressee and a self-introduction
    ("Dear Lucía,\nMy name is Jean Dupont and I coordinate the group. Any guidance?", [], []),
    # the From display name, written anywhere
    ("I, Maria Lopez, ask for guidance.", ["Maria Lopez"], []),
    # a child's name with an age is found wherever it is, even next to the signature
    ("The girl Fatima Bello, 12 years old, is alone.\n\nRegards,\nMaria Lopez", ["Maria Lopez"],
     ["child_name_age"]),
    # another person's name in the body is still found
    ("I met Fatima Bello yesterday about the case.\n\nRegards,\nMaria Lopez", ["Maria Lopez"], ["person_name"]),
    # "Thanks for ..." is a sentence, not a sign-off: the name after it stays found
    ("Thanks for the help with Fatima Bello last week, she is doing better now.", [], ["person_name"]),
])
def test_the_detector_sets_aside_what_the_sender_wrote_about_themself(text, names, kept):
    assert [finding.kind for finding in find_personal_data(text, "en", sender_names=names)] == kept


def test_without_sender_names_nothing_is_set_aside():
    text = "Any guidance?\n\nBest regards,\nMaria Lopez\n+57 310 555 0142"
    assert {finding.kind for finding in find_personal_data(text, "en")} == {"person_name", "phone"}
