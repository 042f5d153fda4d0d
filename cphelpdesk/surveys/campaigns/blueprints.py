"""Ready-made surveys a manager starts from: sections and questions, worded in the manager's language."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from cphelpdesk.surveys.models import Question

Kind = Question.Kind


@dataclass(frozen=True)
class Q:
    text: str
    kind: str
    required: bool = False
    choices: tuple = ()
    help_text: str = ""


@dataclass(frozen=True)
class Blueprint:
    label: str
    title: str
    intro: str
    sections: list[tuple[str, list[Q]]] = field(default_factory=list)


def _dedicated(role):
    return Q(role, Kind.SINGLE, required=True, choices=(
        _("Dedicated (works only on the coordination group)"), _("Double-hatting (also holds a programme role)"),
        _("Vacant")))


# Issue #6: the coordination-group survey's dimensions and the helpdesk satisfaction questions.
BLUEPRINTS = {
    "coordination_group": Blueprint(
        label=_("Annual coordination group survey"),
        title=_("Annual survey of child protection coordination groups"),
        intro=_("This yearly survey helps the CP AoR understand how coordination groups are led and staffed, "
                "what they struggle with, and how well the helpdesk serves them. It takes about ten minutes."),
        sections=[
            (_("Leadership and staffing"), [
                Q(_("Who leads the coordination group?"), Kind.SINGLE, required=True, choices=(
                    _("Government-led"), _("UN agency"), _("International NGO"), _("National NGO"), _("Other"))),
                Q(_("Who co-leads it?"), Kind.SINGLE, required=True, choices=(
                    _("No co-lead"), _("Government"), _("UN agency co-lead"), _("International NGO co-lead"),
                    _("National or local NGO co-lead"), _("Other"))),
                _dedicated(_("Is the coordinator dedicated or double-hatting?")),
                _dedicated(_("Is the information management officer (IMO) dedicated or double-hatting?")),
            ]),
            (_("Members"), [
                Q(text, Kind.NUMBER) for text in (
                    _("How many member organisations are UN agencies?"),
                    _("How many member organisations are international NGOs?"),
                    _("How many member organisations are national NGOs?"),
                    _("How many member organisations are local NGOs or community-based organisations?"),
                    _("How many member organisations are government bodies?"),
                    _("How many member organisations are of another type?"))
            ]),
            (_("Challenges"), [
                Q(_("What are the group's top challenges?"), Kind.MULTIPLE, choices=(
                    _("Funding"), _("Staff turnover"), _("Information management capacity"),
                    _("Participation of national and local actors"), _("Access and security"),
                    _("Data protection and information sharing"), _("Coordination with other sectors"),
                    _("Other")), help_text=_("Choose the most important ones.")),
                Q(_("Tell us more about these challenges."), Kind.TEXT),
            ]),
            (_("The helpdesk"), [
                Q(_("Appropriateness: did the helpdesk's answers fit your needs and context?"), Kind.RATING,
                  help_text=_("1 = not at all, 10 = completely.")),
                Q(_("Timeliness: did the answers come in time?"), Kind.RATING,
                  help_text=_("1 = far too late, 10 = just in time.")),
                Q(_("Quality: how good were the answers?"), Kind.RATING,
                  help_text=_("1 = very poor, 10 = excellent.")),
                Q(_("Any comment on the helpdesk?"), Kind.TEXT),
            ]),
        ],
    ),
}
