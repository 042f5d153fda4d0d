"""Glossary concepts without an acronym (birth registration, alternative care, the Paris Principles...) and more
wordings of cash and voucher assistance, child marriage and children associated with armed forces.

New terms are created; the three reworded meanings replace the ones shipped before only where an administrator
has not edited them.
"""

from django.db import migrations

from cphelpdesk.taxonomy.reference import load_taxonomy, reword_glossary

# The meanings as the data file had them before this migration.
SHIPPED = {
    "CAAFAG": {
        "expansion": "children associated with armed forces or armed groups",
        "expansion_fr": "enfants associés aux forces et groupes armés (EAFGA)",
        "expansion_es": "niñez asociada a fuerzas y grupos armados (NNAAFGA)",
        "expansion_ar": "الأطفال المرتبطون بالقوات المسلحة أو الجماعات المسلحة",
        "expansion_pt": "crianças associadas a forças armadas ou grupos armados",
    },
    "CEFM": {
        "expansion": "child, early and forced marriage",
        "expansion_fr": "mariage d'enfants, précoce et forcé",
        "expansion_es": "matrimonio infantil, precoz y forzado",
        "expansion_ar": "زواج الأطفال المبكر والقسري",
        "expansion_pt": "casamento infantil, precoce e forçado",
    },
    "CVA": {
        "expansion": "cash and voucher assistance",
        "expansion_fr": "assistance en espèces et en bons",
        "expansion_es": "asistencia en efectivo y cupones",
        "expansion_ar": "المساعدة النقدية والقسائم",
        "expansion_pt": "assistência em dinheiro e vouchers",
    },
}


def load(apps, schema_editor):
    reword_glossary(apps, SHIPPED)
    load_taxonomy(apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_glossary_in_portuguese")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
