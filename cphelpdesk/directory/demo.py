"""Demo directory: organisations of every type, members in many countries and languages, one login per role.

Everything comes from `context.rng` and `context.today`, so the same seed, scale and day give the same data.
"""

import unicodedata
from datetime import UTC, date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from cphelpdesk.directory.models import (
    Approval,
    CoordinationGroup,
    Country,
    Desk,
    FocalPoint,
    Member,
    Organisation,
    Region,
)
from cphelpdesk.directory.roles import Role

DEMO_DOMAIN = "demo.example.org"
DEMO_PASSWORD = "cp-helpdesk-demo"  # noqa: S105 - printed by `serve` so people can try the demo

# One login per role: (role, email, name, country, desk or region code).
DEMO_LOGINS = [
    (Role.MEMBER, f"member@{DEMO_DOMAIN}", "Aminata Traoré", "ML", None),
    (Role.OFFICER, f"officer@{DEMO_DOMAIN}", "Grace Wanjiru", "KE", "en"),
    (Role.EXPERT, f"expert@{DEMO_DOMAIN}", "Lucía Fernández", "CO", None),
    (Role.FOCAL_POINT, f"focalpoint@{DEMO_DOMAIN}", "Omar Haddad", "JO", "mena"),
    (Role.MANAGER, f"manager@{DEMO_DOMAIN}", "Ingrid Solberg", None, "global"),
    (Role.ADMINISTRATOR, f"admin@{DEMO_DOMAIN}", "Tomás Ribeiro", None, None),
]

INTERNATIONAL_ORGANISATIONS = [
    ("United Nations Children's Fund", "UNICEF", "un"),
    ("United Nations High Commissioner for Refugees", "UNHCR", "un"),
    ("United Nations Population Fund", "UNFPA", "un"),
    ("International Organization for Migration", "IOM", "un"),
    ("World Food Programme", "WFP", "un"),
    ("Office for the Coordination of Humanitarian Affairs", "OCHA", "un"),
    ("UN Women", "", "un"),
    ("Save the Children", "SC", "ingo"),
    ("International Rescue Committee", "IRC", "ingo"),
    ("Plan International", "", "ingo"),
    ("World Vision International", "WVI", "ingo"),
    ("Terre des hommes", "Tdh", "ingo"),
    ("War Child", "", "ingo"),
    ("Norwegian Refugee Council", "NRC", "ingo"),
    ("Danish Refugee Council", "DRC", "ingo"),
    ("International Medical Corps", "IMC", "ingo"),
    ("CARE International", "CARE", "ingo"),
    ("Mercy Corps", "", "ingo"),
    ("ChildFund Alliance", "", "ingo"),
    ("SOS Children's Villages", "SOS CV", "ingo"),
    ("Humanity & Inclusion", "HI", "ingo"),
    ("INTERSOS", "", "ingo"),
    ("Cooperazione Internazionale", "COOPI", "ingo"),
    ("Islamic Relief Worldwide", "IRW", "ingo"),
    ("Lutheran World Federation", "LWF", "ingo"),
    ("Jesuit Refugee Service", "JRS", "ingo"),
    ("Oxfam", "", "ingo"),
    ("Action contre la Faim", "ACF", "ingo"),
    ("International Committee of the Red Cross", "ICRC", "rcrc"),
    ("International Federation of Red Cross and Red Crescent Societies", "IFRC", "rcrc"),
    ("European Civil Protection and Humanitarian Aid Operations", "ECHO", "donor"),
    ("Bureau for Humanitarian Assistance", "BHA", "donor"),
    ("Swedish International Development Cooperation Agency", "Sida", "donor"),
    ("Foreign, Commonwealth & Development Office", "FCDO", "donor"),
    ("Columbia University Mailman School of Public Health", "", "academic"),
    ("Alliance for Child Protection in Humanitarian Action", "ACPHA", "other"),
]
HOSTS = {"global": "UNICEF", "en": "SC", "fr": "Tdh", "es": "Plan International", "ar": "IMC"}

# A few real places per country, for organisation names and sub-national groups.
CITIES = {
    "BF": ["Ouagadougou", "Kaya", "Djibo"], "CM": ["Maroua", "Bamenda", "Buea"],
    "CF": ["Bangui", "Bambari", "Kaga-Bandoro"], "TD": ["N'Djamena", "Abéché", "Bol"],
    "CD": ["Goma", "Bunia", "Kananga"], "ML": ["Bamako", "Mopti", "Gao"],
    "NE": ["Niamey", "Diffa", "Tillabéri"], "NG": ["Maiduguri", "Yola", "Damaturu"],
    "BI": ["Bujumbura", "Gitega", "Ngozi"], "ET": ["Addis Ababa", "Gambella", "Mekelle"],
    "KE": ["Nairobi", "Kakuma", "Dadaab"], "MG": ["Antananarivo", "Toliara", "Fort-Dauphin"],
    "MW": ["Lilongwe", "Blantyre", "Zomba"], "MZ": ["Pemba", "Beira", "Nampula"],
    "SO": ["Mogadishu", "Baidoa", "Kismayo"], "SS": ["Juba", "Malakal", "Bentiu"],
    "ZW": ["Harare", "Bulawayo", "Mutare"], "IR": ["Tehran", "Mashhad", "Kerman"],
    "IQ": ["Baghdad", "Mosul", "Erbil"], "JO": ["Amman", "Zarqa", "Mafraq"],
    "LB": ["Beirut", "Tripoli", "Zahle"], "LY": ["Tripoli", "Benghazi", "Misrata"],
    "PS": ["Gaza", "Hebron", "Nablus"], "SD": ["Port Sudan", "El Fasher", "Kassala"],
    "SY": ["Damascus", "Aleppo", "Idlib"], "YE": ["Sana'a", "Aden", "Marib"],
    "AF": ["Kabul", "Herat", "Kandahar"], "BD": ["Cox's Bazar", "Dhaka", "Sylhet"],
    "NP": ["Kathmandu", "Pokhara", "Biratnagar"], "PK": ["Peshawar", "Quetta", "Karachi"],
    "MM": ["Yangon", "Sittwe", "Myitkyina"], "PH": ["Cotabato", "Marawi", "Tacloban"],
    "CO": ["Bogotá", "Cúcuta", "Quibdó"], "EC": ["Quito", "Guayaquil", "Lago Agrio"],
    "SV": ["San Salvador", "Santa Ana", "San Miguel"], "GT": ["Guatemala City", "Huehuetenango", "Quetzaltenango"],
    "HT": ["Port-au-Prince", "Les Cayes", "Jérémie"], "HN": ["Tegucigalpa", "San Pedro Sula", "Choluteca"],
    "MX": ["Tapachula", "Tijuana", "Ciudad Juárez"], "NI": ["Managua", "León", "Bilwi"],
    "PE": ["Lima", "Tumbes", "Arequipa"], "VE": ["Caracas", "Maracaibo", "San Cristóbal"],
    "TR": ["Gaziantep", "Şanlıurfa", "Hatay"], "UA": ["Kyiv", "Kharkiv", "Dnipro"],
}

NAMES = {
    "fr": (["Aminata", "Moussa", "Fatoumata", "Ibrahim", "Aïcha", "Jean-Claude", "Mariam", "Ousmane",
            "Clarisse", "Didier", "Awa", "Seydou", "Nadège", "Boubacar", "Josiane", "Patrice"],
           ["Traoré", "Diallo", "Ouédraogo", "Koné", "Mbemba", "Kaboré", "Ndiaye", "Sawadogo", "Mahamat",
            "Kouassi", "Nzeyimana", "Tshibangu", "Moussa", "Habimana", "Sangaré", "Coulibaly"]),
    "en": (["Grace", "Samuel", "Mercy", "Joseph", "Faith", "Daniel", "Halima", "Peter", "Esther", "John",
            "Nasra", "David", "Ruth", "Abdi", "Chipo", "Tendai"],
           ["Otieno", "Mwangi", "Achieng", "Deng", "Okello", "Abebe", "Tesfaye", "Mohamed", "Banda",
            "Phiri", "Moyo", "Nyathi", "Garang", "Wanjiru", "Adeyemi", "Bello"]),
    "ar": (["Omar", "Layla", "Ahmad", "Rania", "Khaled", "Huda", "Yousef", "Nour", "Mahmoud", "Salma",
            "Hassan", "Dalia", "Tariq", "Mona", "Sami", "Reem"],
           ["Haddad", "Al-Khatib", "Mansour", "Saleh", "Nasser", "Khoury", "Hamdan", "Qasim", "Al-Amin",
            "Darwish", "Othman", "Barakat", "Jaber", "Yassin", "Farah", "Aziz"]),
    "es": (["Lucía", "Carlos", "María José", "Andrés", "Valentina", "Jorge", "Camila", "Luis", "Daniela",
            "Miguel", "Ana", "José", "Paola", "Fernando", "Gabriela", "Ricardo"],
           ["Fernández", "Rodríguez", "Gómez", "Martínez", "López", "Hernández", "Pérez", "Ramírez",
            "Castro", "Vargas", "Morales", "Rojas", "Mejía", "Ortiz", "Suárez", "Jiménez"]),
    "asia": (["Farida", "Rahim", "Sabina", "Arjun", "Nasrin", "Kamal", "Maya", "Bilal", "Aung", "Thida",
              "Ramesh", "Shirin", "Zarina", "Imran", "Joy", "Mark"],
             ["Rahman", "Hossain", "Sharma", "Khan", "Ahmadi", "Thapa", "Karimi", "Win", "Santos",
              "Reyes", "Begum", "Gurung", "Hakimi", "Yusufzai", "Cruz", "Akter"]),
    "europe": (["Olena", "Andriy", "Ayşe", "Mehmet", "Ingrid", "Thomas", "Sophie", "Marco", "Elif",
                "Tomás", "Hanna", "Pieter", "Kateryna", "Emre", "Clara", "Lars"],
               ["Kovalenko", "Shevchenko", "Yılmaz", "Demir", "Solberg", "Müller", "Dubois", "Rossi",
                "Kaya", "Ribeiro", "Lindqvist", "de Vries", "Bondarenko", "Çelik", "Moreau", "Hansen"]),
}
NAME_POOL_BY_REGION = {"wca": "fr", "esa": "en", "mena": "ar", "lac": "es", "sa": "asia", "eap": "asia",
                       "eca": "europe"}

NATIONAL_NGO_PATTERNS = {
    "fr": ["Association pour la Protection de l'Enfant – {place}", "Action Jeunesse et Enfance {place}",
           "Réseau des Droits de l'Enfant de {place}", "Solidarité Enfance {place}"],
    "en": ["{place} Child Rights Network", "Children's Hope Initiative {place}", "{place} Youth and Child Welfare Society",
           "Community Action for Children {place}"],
    "ar": ["Al-Amal Association for Child Welfare – {place}", "{place} Society for Childhood",
           "Al-Noor Children's Foundation {place}", "Family and Child Care Organisation {place}"],
    "es": ["Fundación Niñez Segura {place}", "Red de Protección de la Infancia de {place}",
           "Asociación Crecer Juntos {place}", "Corporación Infancia y Futuro {place}"],
    "asia": ["{place} Child Protection Forum", "Society for Children's Rights {place}",
             "{place} Community Development Initiative", "Shishu Kalyan Sangstha {place}"],
    "europe": ["{place} Children's Aid Foundation", "Child Rights Centre {place}", "Safe Childhood {place}",
               "Hope for Children {place}"],
}
LOCAL_PATTERNS = ["{place} Women and Children Committee", "{place} Community-Based Child Protection Group",
                  "{place} Parents' Association", "Youth Volunteers of {place}"]
POSITIONS = [
    "CP AoR coordinator", "CP AoR co-coordinator", "Information management officer", "Sub-national CP coordinator",
    "Child protection officer", "Case management supervisor", "Programme manager", "MHPSS specialist",
    "Child protection specialist", "Protection cluster coordinator", "M&E officer", "Community mobiliser",
]


def existing_demo_logins() -> list[tuple[str, str]]:
    """(role label, email) of the demo logins present in this database."""
    present = set(Member.objects.filter(email__in=[email for _, email, *_ in DEMO_LOGINS])
                  .values_list("email", flat=True))
    return [(str(role.label), email) for role, email, *_ in DEMO_LOGINS if email in present]


def seed(context) -> None:
    """Seed organisations, coordination groups, desks, staff and members."""
    rng = context.rng
    today = datetime.combine(context.today, time(9), tzinfo=UTC)
    groups = {group.name: group for group in Group.objects.all()}
    countries = list(Country.objects.filter(iso2__in=CITIES).select_related("region").order_by("iso2"))
    by_iso = {country.iso2: country for country in countries}
    demo_hash = make_password(DEMO_PASSWORD, salt=f"demo{context.seed}")

    organisations = _seed_organisations(rng, countries, context.scale)
    international = [org for org in organisations if org.scope == Organisation.Scope.INTERNATIONAL]
    by_acronym = {org.acronym or org.name: org for org in international}
    local_by_country = {}
    for org in organisations:
        if org.scope != Organisation.Scope.INTERNATIONAL:
            local_by_country.setdefault(org._demo_country, []).append(org)
    _seed_coordination_groups(rng, countries, by_acronym, local_by_country, today)

    def new_member(email, name, country, language, organisation, position, approval, joined):
        return Member(
            email=email, full_name=name, country=country, preferred_language=language, organisation=organisation,
            position=position, approval=approval, date_joined=joined, approved_at=joined if approval != "pending"
            else None, password=f"!{rng.getrandbits(128):032x}",
        )

    # Staff and the demo cast.
    staff = {}
    for role, email, name, iso2, _where in DEMO_LOGINS:
        member = new_member(email, name, by_iso.get(iso2), "en", by_acronym["UNICEF"], str(role.label),
                            Approval.APPROVED, today - timedelta(days=400))
        member.password = demo_hash
        # The demo logins are for trying the service at once; real accounts still accept the terms themselves.
        member.terms_version, member.terms_accepted_at = settings.HELPDESK_TERMS_VERSION, today
        staff[role] = member
    extra_staff = []
    for desk_code, count in (("global", 1), ("en", 2), ("fr", 2), ("es", 2), ("ar", 2)):
        for index in range(count):
            pool = {"global": "europe", "en": "en", "fr": "fr", "es": "es", "ar": "ar"}[desk_code]
            first, last = rng.choice(NAMES[pool][0]), rng.choice(NAMES[pool][1])
            extra_staff.append((Role.OFFICER, desk_code, new_member(
                f"officer.{desk_code}{index + 1}@{DEMO_DOMAIN}", f"{first} {last}", None,
                desk_code if desk_code != "global" else "en", by_acronym[HOSTS[desk_code]], "Helpdesk officer",
                Approval.APPROVED, today - timedelta(days=rng.randint(200, 900)))))
    for index in range(8):
        pool = rng.choice(list(NAMES))
        first, last = rng.choice(NAMES[pool][0]), rng.choice(NAMES[pool][1])
        extra_staff.append((Role.EXPERT, None, new_member(
            f"expert{index + 1}@{DEMO_DOMAIN}", f"{first} {last}", None, "en", by_acronym["ACPHA"],
            "Technical expert", Approval.APPROVED, today - timedelta(days=rng.randint(100, 900)))))
    regions = list(Region.objects.order_by("code"))
    for region in regions:
        if region.code == "mena":
            continue  # the demo focal point covers it
        pool = NAME_POOL_BY_REGION[region.code]
        first, last = rng.choice(NAMES[pool][0]), rng.choice(NAMES[pool][1])
        extra_staff.append((Role.FOCAL_POINT, region.code, new_member(
            f"focalpoint.{region.code}@{DEMO_DOMAIN}", f"{first} {last}", None, "en", by_acronym["UNICEF"],
            "Regional CP AoR focal point", Approval.APPROVED, today - timedelta(days=rng.randint(200, 900)))))

    # Members across the countries, most approved, a few waiting for an officer.
    members = []
    weights = [3 if iso in {"CD", "NG", "SS", "SO", "SY", "YE", "AF", "BD", "CO", "UA", "SD", "ET"} else 1
               for iso in (c.iso2 for c in countries)]
    for index in range(300 * context.scale):
        country = rng.choices(countries, weights=weights)[0]
        pool = NAME_POOL_BY_REGION[country.region.code]
        first, last = rng.choice(NAMES[pool][0]), rng.choice(NAMES[pool][1])
        options = local_by_country.get(country.iso2, []) + international
        organisation = rng.choice(options)
        base = ascii_slug(f"{first}.{last}")
        email = f"{base}{index}@{_domain_for(organisation)}"
        language = country.languages[0] if country.languages and country.languages[0] in {"en", "fr", "es", "ar"} \
            else "en"
        roll = rng.random()
        approval = Approval.PENDING if roll < 0.04 else (Approval.REJECTED if roll < 0.05 else Approval.APPROVED)
        # Requests still waiting are recent; decided ones go back a few years.
        joined = today - timedelta(days=rng.randint(0, 20) if approval == Approval.PENDING else rng.randint(21, 1500))
        members.append(new_member(email, f"{first} {last}", country, language, organisation, rng.choice(POSITIONS),
                                  approval, joined))

    everyone = list(staff.values()) + [m for _, _, m in extra_staff] + members
    Member.objects.bulk_create(everyone)
    saved = {m.email: m for m in Member.objects.filter(email__in=[m.email for m in everyone])}

    memberships = []
    for role, member in staff.items():
        memberships.append((saved[member.email], role))
    for role, _where, member in extra_staff:
        memberships.append((saved[member.email], role))
    for member in members:
        memberships.append((saved[member.email], Role.MEMBER))
    # Demo accounts have confirmed their addresses, as allauth requires before the first login.
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=member, email=member.email, verified=True, primary=True) for member in saved.values()]
    )
    Through = Member.groups.through
    Through.objects.bulk_create(
        [Through(member_id=member.pk, group_id=groups[role].pk) for member, role in memberships]
    )
    _seed_desks(saved, staff, extra_staff, by_acronym)
    focal_points = [FocalPoint(member=saved[staff[Role.FOCAL_POINT].email],
                               region=next(r for r in regions if r.code == "mena"))]
    focal_points += [FocalPoint(member=saved[m.email], region=next(r for r in regions if r.code == where))
                     for role, where, m in extra_staff if role == Role.FOCAL_POINT]
    FocalPoint.objects.bulk_create(focal_points)
    context.shared["demo_staff"] = {role: saved[m.email] for role, m in staff.items()}
    context.report(f"  directory: {len(organisations)} organisations, {len(everyone)} members")


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters, digits and dots only (for demo mail addresses)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in plain if ch.isalnum() or ch == ".")


def _domain_for(organisation: Organisation) -> str:
    """A plausible, never-deliverable mail domain for an organisation."""
    slug = ascii_slug(organisation.acronym or organisation.name).replace(".", "")[:20]
    return f"{slug or 'org'}.{DEMO_DOMAIN}"


def _seed_organisations(rng, countries, scale) -> list[Organisation]:
    organisations = [Organisation(name=name, acronym=acronym, type=kind,
                                  scope=Organisation.Scope.INTERNATIONAL) for name, acronym, kind in
                     INTERNATIONAL_ORGANISATIONS]
    for org in organisations:
        org._demo_country = None
    names = {org.name for org in organisations}
    for round_ in range(scale):
        for country in countries:
            pool = NAME_POOL_BY_REGION[country.region.code]
            places = CITIES[country.iso2]
            candidates = [
                (rng.choice(NATIONAL_NGO_PATTERNS[pool]).format(place=country.name), "nngo", "national"),
                (rng.choice(LOCAL_PATTERNS).format(place=rng.choice(places)), "lngo", "local"),
            ]
            if rng.random() < 0.6:
                candidates.append((rng.choice(NATIONAL_NGO_PATTERNS[pool]).format(place=rng.choice(places)),
                                   "lngo", "local"))
            if round_ == 0:
                candidates.append((f"Ministry of Social Affairs and Child Welfare – {country.name}", "gov", "national"))
                if rng.random() < 0.5:
                    candidates.append((f"National Red Cross / Red Crescent Society – {country.name}", "rcrc",
                                       "national"))
            for name, kind, scope in candidates:
                if round_:
                    name = f"{name} ({round_ + 1})"
                if name in names:
                    continue
                names.add(name)
                org = Organisation(name=name, acronym="", type=kind, scope=scope)
                org._demo_country = country.iso2
                organisations.append(org)
    Organisation.objects.bulk_create(organisations)
    saved = {org.name: org for org in Organisation.objects.all()}
    by_iso = {country.iso2: country for country in countries}
    Through = Organisation.countries.through
    links = []
    for org in organisations:
        stored = saved[org.name]
        stored._demo_country = org._demo_country
        if org._demo_country:
            links.append(Through(organisation_id=stored.pk, country_id=by_iso[org._demo_country].pk))
        else:
            links += [Through(organisation_id=stored.pk, country_id=c.pk)
                      for c in rng.sample(countries, k=rng.randint(5, 25))]
    Through.objects.bulk_create(links)
    result = [saved[org.name] for org in organisations]
    for original, stored in zip(organisations, result, strict=True):
        stored._demo_country = original._demo_country
    return result


def _seed_coordination_groups(rng, countries, by_acronym, local_by_country, today) -> None:
    for country in countries:
        group = CoordinationGroup.objects.filter(country=country, level="national").first()
        group.type = rng.choices(["aor", "sub_sector", "working_group"], weights=[6, 2, 1])[0]
        group.lead_organisation = by_acronym["UNICEF"]
        group.active_since = date(rng.randint(2008, 2023), rng.randint(1, 12), 1)
        group.save()
        colead = rng.choice([by_acronym[a] for a in ("SC", "IRC", "Plan International", "WVI", "Tdh", "NRC")]
                            + local_by_country.get(country.iso2, [])[:2])
        group.co_lead_organisations.add(colead)
        for place in rng.sample(CITIES[country.iso2], k=rng.randint(0, 2)):
            sub = CoordinationGroup.objects.create(
                country=country, level="sub_national", area=place, type=group.type,
                name=f"Child Protection sub-national group – {place}", lead_organisation=by_acronym["UNICEF"],
                active_since=date(rng.randint(2015, 2024), rng.randint(1, 12), 1),
            )
            local = local_by_country.get(country.iso2, [])
            if local:
                sub.co_lead_organisations.add(rng.choice(local))


def _seed_desks(saved, staff, extra_staff, by_acronym) -> None:
    for desk in Desk.objects.all():
        desk.host_organisation = by_acronym[HOSTS.get(desk.code, "UNICEF")]
        desk.email = f"helpdesk-{desk.code}@{DEMO_DOMAIN}"
        officers = [saved[m.email] for role, where, m in extra_staff if role == Role.OFFICER and where == desk.code]
        if desk.code == "en":
            officers.append(saved[staff[Role.OFFICER].email])
        if desk.code == "global":
            desk.lead = saved[staff[Role.MANAGER].email]
        else:
            desk.lead = officers[0] if officers else None
        desk.save()
        desk.officers.set(officers)
