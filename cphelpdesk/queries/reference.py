"""The default SLA policy (DESIGN.md), loaded by a migration and by `load_reference`."""

from cphelpdesk.core.reference import create_or_fill

# (class, measure, amount, unit)
DEFAULT_SLA = [
    ("urgent", "acknowledge", 1, "working_days"),
    ("urgent", "first_response", 24, "hours"),
    ("urgent", "resolution", 5, "working_days"),
    ("urgent", "referral", 2, "working_days"),
    ("standard", "acknowledge", 1, "working_days"),
    ("standard", "first_response", 3, "working_days"),
    ("standard", "resolution", 10, "working_days"),
    ("standard", "referral", 2, "working_days"),
    ("complex", "acknowledge", 1, "working_days"),
    ("complex", "first_response", 10, "working_days"),
    ("complex", "resolution", 20, "working_days"),
    ("complex", "referral", 2, "working_days"),
]


def load_sla_policy(apps) -> None:
    """Create the default targets that are missing; never change targets an administrator set."""
    SLATarget = apps.get_model("queries", "SLATarget")
    for sla_class, measure, amount, unit in DEFAULT_SLA:
        create_or_fill(SLATarget, lookup={"sla_class": sla_class, "measure": measure},
                       values={"amount": amount, "unit": unit})
