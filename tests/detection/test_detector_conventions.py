"""The detector on national conventions written blind to it (tuning sets 3 and 4, bench/data/privacy_tuning*.jsonl):
ID numbers whose check digit says what they are, the acronyms staff quote whatever language they write in, UNHCR's
file numbers since 2021, lists of case numbers, and the look-alikes that are an organisation's, not a person's.
The values here are new ones, so the tests check the shapes rather than the set's strings."""

import pytest

from cphelpdesk.detection.detector import find_personal_data

pytestmark = pytest.mark.django_db  # the detector reads the administrators' custom patterns


def found(text: str, language: str | None) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in find_personal_data(text, language)]


SHAPES = [
    # Check digits computed as the issuers do: Brazil's CPF (two mod-11 digits), Chile's RUT (mod 11, K for 10),
    # Mexico's CURP (RENAPO's weighted sum), Ukraine's UNZR (date of birth, 7-3-1 digit), Guatemala's CUI as the
    # DPI prints it (mod-11 verifier, department 16 = Alta Verapaz).
    ("pt", "A avó mandou o CPF dela ontem: 391.027.654-70, e pediu sigilo.", [("national_id", "391.027.654-70")]),
    ("es", "El padre tiene 19.876.543-0 como RUN chileno.", [("national_id", "19.876.543-0")]),
    ("es", "Revisamos la CURP RAMJ120305HGRMRNA4 del niño en Acapulco.",
     [("national_id", "RAMJ120305HGRMRNA4")]),
    ("en", "Her record shows 20080523-09148 on the ID card.", [("national_id", "20080523-09148")]),
    ("es", "Número en el documento: 5182 04731 1601.", [("national_id", "5182 04731 1601")]),
    # Shapes without a public check digit: Angola's BI (Lei 3/21, art. 9), Mozambique's BI, Brazil's 32-digit
    # birth-certificate matrícula ("55" = civil registry of natural persons).
    ("pt", "Documento do tio: 007412398HO052.", [("national_id", "007412398HO052")]),
    ("pt", "O tio apresentou 100204567812C na esquadra.", [("national_id", "100204567812C")]),
    ("pt", "Certidão: 112233 01 55 2019 1 00012 034 0009876 45.",
     [("national_id", "112233 01 55 2019 1 00012 034 0009876 45")]),
    # Acronyms of one country quoted in another language, and the holder's name between the cue and the number.
    ("en", "The UNZR of the girl is 20090711-01243.", [("national_id", "20090711-01243")]),
    ("fr", "NINU de la grand-mère : 1234567890.", [("national_id", "1234567890")]),
    ("en", "NIN of the mother, Hauwa Musa, is 61827394051.",
     [("person_name", "Hauwa Musa"), ("national_id", "61827394051")]),
    ("en", "Iraqi national card 201455667788 for the grandfather.", [("national_id", "201455667788")]),
    ("ar", "رقم البطاقة الوطنية للجد 201455667788.", [("national_id", "201455667788")]),
    ("fr", "Le passeport soudanais de l'oncle (n° P07712345) est expiré.", [("passport", "P07712345")]),
    # UNHCR file numbers since February 2021 have a hyphen for the letter
    # (https://refugeemalaysia.org/unhcr-document-numbers/).
    ("en", "Please check 812-24-00317 before the interview.", [("case_id", "812-24-00317")]),
    # Lists of case numbers, and a site code in two parts.
    ("fr", "Les dossiers 1f0c9a2 et 7be4d31 sont des doublons.", [("case_id", "1f0c9a2"), ("case_id", "7be4d31")]),
    ("en", "Primero ID 5C8E21F, copied from the printed form.", [("case_id", "5C8E21F")]),
    ("en", "Merge SOM-BAI-CP-2023-0044 and 5d1e2f0 please.",
     [("case_id", "SOM-BAI-CP-2023-0044"), ("case_id", "5d1e2f0")]),
    # Homes placed without a shelter number: two fine areas one inside the other (eastern Chad's blocks and
    # squares), a hut ("case") or a plot ("sitio") next to its area, a house counted along the way, a floor of a
    # named building, a bed in a collective centre, what a house is made of, a farm named in its vereda.
    ("ar", "يسكن الطفل في البلوك 12، المربع 5 مع عمته.", [("location", "البلوك 12، المربع 5")]),
    ("fr", "Elle vit quartier 3, case 41, avec sa tante.", [("location", "quartier 3, case 41")]),
    ("es", "Viven en la toma Las Rosas, pasaje 2, sitio 9.", [("location", "toma Las Rosas, pasaje 2, sitio 9")]),
    ("fr", "Village 4, derrière le moulin, 2e case à droite.",
     [("location", "Village 4, derrière le moulin, 2e case à droite")]),
    ("en", "They rent a room on the 3rd floor of building 7, opposite the pharmacy.",
     [("location", "3rd floor of building 7, opposite the pharmacy")]),
    ("fr", "Il dort au pavillon B, lit 112, depuis lundi.", [("location", "pavillon B, lit 112")]),
    ("es", "La familia vive en una casa de adobe detrás de la panadería.",
     [("location", "casa de adobe detrás de la panadería")]),
    ("ar", "العائلة في حارة السلام، المنزل الأخير بعد الفرن.", [("location", "حارة السلام، المنزل الأخير")]),
    ("en", "His aunt's house: avenue Lumumba no. 27, Bukavu.", [("location", "avenue Lumumba no. 27")]),
    ("en", "They moved to Block C-4, sub-block 2 last week.", [("location", "Block C-4, sub-block 2")]),
    # Names the list does not know: two capitalised words after "the father" written in lower case, set off by
    # commas after a nationality ("a mãe venezuelana, …"), after a relative given as a label, after "doña";
    # an age set off by commas right after a name; a name elided into "d'".
    ("fr", "Le père Moustapha Ouedraogo et sa fille sont arrivés hier.", [("person_name", "Moustapha Ouedraogo")]),
    ("es", "Llamó su madre Yurley Cáceres desde Ipiales.", [("person_name", "Yurley Cáceres")]),
    ("pt", "O pai angolano, Teodoro Nzau, pede ajuda.", [("person_name", "Teodoro Nzau")]),
    ("en", "Guardian: Nyaboth Chuol Riek, reachable through the block leader.",
     [("person_name", "Nyaboth Chuol Riek")]),
    ("es", "La vecina, doña Edelmira Quiñones, la cuida.", [("person_name", "Edelmira Quiñones")]),
    ("fr", "Kadidiatou Sow, 14 ans, a quitté l'école.", [("child_name_age", "Kadidiatou Sow, 14 ans")]),
    ("es", "El niño Yeferson Ortiz, 9 años, no tiene cupo.", [("child_name_age", "Yeferson Ortiz, 9 años")]),
    ("fr", "Le dossier d'Oumou Traoré, 12 ans, est incomplet.", [("child_name_age", "Oumou Traoré, 12 ans")]),
    ("fr", "Le chef de famille, Baptiste Mulumba, a signé.", [("person_name", "Baptiste Mulumba")]),
    # Case notes: the sex with the age.
    ("en", "Referred today: Halima (F, 11) and Deng (M/15).",
     [("child_name_age", "Halima (F, 11)"), ("child_name_age", "Deng (M/15)")]),
    ("en", "Kuol, M, 8, lives with his grandmother.", [("child_name_age", "Kuol, M, 8")]),
    # A home as a what3words address or an Open Location Code (plus code).
    ("en", "The shelter is at ///lamp.river.quiet.", [("location", "///lamp.river.quiet")]),
    ("fr", "Code plus de la maison : 8FVC+2M.", [("location", "8FVC+2M")]),
    # Forms' abbreviations and countries' own shapes: "PP No.", Venezuela's cédula, Honduras's DNI, "número de
    # identidad", Colombia's "CC", a room in a Ukrainian collective centre, Syria's khana, a case reference.
    ("en", "PP No. B12345678 expires in May.", [("passport", "B12345678")]),
    ("es", "La cédula de la abuela es E-8123456, nacida en Colombia.", [("national_id", "E-8123456")]),
    ("es", "Identidad hondureña 1503-1987-00412 del tío.", [("national_id", "1503-1987-00412")]),
    ("es", "Número de identidad: 0312-2001-00789.", [("national_id", "0312-2001-00789")]),
    ("es", "El padre tiene CC 80123456 y vive en Pasto.", [("national_id", "80123456")]),
    ("en", "They sleep at Naukova Street 9, room 12.", [("location", "Naukova Street 9, room 12")]),
    ("en", "Family registered under khana 87 in Idlib.", [("national_id", "87")]),
    ("en", "See case ref. DRC/CP/2024/031 before calling.", [("case_id", "DRC/CP/2024/031")]),
    # A number right after a person's name is their phone, even written like a quantity (a Lebanese mobile).
    ("en", "Aunt Hanan Darwish, 76 512 904, can host them.",
     [("person_name", "Hanan Darwish"), ("phone", "76 512 904")]),
    ("en", "Amina Yusuf, 1 250 children were reached by her team.", [("person_name", "Amina Yusuf")]),
    # Estimated ages, as registration gives them.
    ("en", "Child: Achol Deng (approx. 13).", [("child_name_age", "Achol Deng (approx. 13)")]),
    ("en", "We met a girl of 14 called Fatuma Abdi.", [("child_name_age", "girl of 14 called Fatuma Abdi")]),
    ("fr", "Mariam, âgée d'environ 12 ans, est seule.", [("child_name_age", "Mariam, âgée d'environ 12 ans")]),
    ("es", "La niña Yorgelis, de unos 12 años, llegó sola.", [("child_name_age", "Yorgelis, de unos 12 años")]),
    # Tuning set 4: case numbers as agencies compose them without a year or with slashes, after a cue that may
    # name the system that issued them ("expediente COMAR", "petición SIM"), and passport series apart from
    # their digits, in Latin or Cyrillic letters (Ukraine).
    ("en", "Case IRC CP-ETH-GAM-0412 was handed over.", [("case_id", "CP-ETH-GAM-0412")]),
    ("en", "The caseworker holds file KEN-KAK-CP-01177.", [("case_id", "KEN-KAK-CP-01177")]),
    ("en", "Copy of WVI/COD/GOM/23/0561 attached.", [("case_id", "WVI/COD/GOM/23/0561")]),
    ("fr", "Le dossier AVSI-BNI-0087 est clos.", [("case_id", "AVSI-BNI-0087")]),
    ("es", "Expediente DIF PPNNA/2023/00912 en revisión.", [("case_id", "PPNNA/2023/00912")]),
    ("es", "Radicado 20245410032112 del juzgado de familia.", [("case_id", "20245410032112")]),
    ("pt", "Os casos n.º 0415 e 0416 são irmãos.", [("case_id", "0415"), ("case_id", "0416")]),
    ("en", "Her passport EK 518204 was issued in Kyiv.", [("passport", "EK 518204")]),
    ("en", "Internal passport СН 731946 of the grandfather.", [("passport", "СН 731946")]),
    # Case management's files by their acronyms (best-interests assessments and determinations, unaccompanied
    # children), tracing requests, a form's folio or "ficha", Primero's full record ID, Türkiye's kimlik number.
    ("en", "The BIA no. 0718 is due Friday.", [("case_id", "0718")]),
    ("en", "Panel reviewed BID/NAK/2024/112 today.", [("case_id", "BID/NAK/2024/112")]),
    ("fr", "Code de l'enfant : UASC-UVI-0077.", [("case_id", "UASC-UVI-0077")]),
    ("en", "ICRC tracing request TR-2024-00917 for the girl.", [("case_id", "TR-2024-00917")]),
    ("es", "Folio 2024-0917 de la niña.", [("case_id", "2024-0917")]),
    ("pt", "Ficha n.º 0518/2023 do menino.", [("case_id", "0518/2023")]),
    ("en", "Primero case_id 1b7e0c94-5d2a-4c8f-9e13-6a0f2d4b8c71 was merged.",
     [("case_id", "1b7e0c94-5d2a-4c8f-9e13-6a0f2d4b8c71")]),
    ("en", "Kimlik no 99234567812 of the mother.", [("national_id", "99234567812")]),
    # The issuing system named after "número de caso" or a registration card, what a file is about before its
    # number, agency case numbers with a two-letter country code and a year, Colombia's permits for Venezuelans.
    ("fr", "La carte d'enregistrement HCR n° 23-456789 de la mère.", [("case_id", "23-456789")]),
    ("es", "Número de caso SIM 2024-1187 de la niña.", [("case_id", "2024-1187")]),
    ("pt", "O processo de acolhimento n.º 0112/2024 foi aberto.", [("case_id", "0112/2024")]),
    ("fr", "Réf. CD-BKV-2024-0231 transmise.", [("case_id", "CD-BKV-2024-0231")]),
    ("es", "Tiene PPT 5123456 desde marzo.", [("national_id", "5123456")]),
    ("es", "Su número de PEP es 123456789012345.", [("national_id", "123456789012345")]),
    # The Rohingya's MoHA/UNHCR smart card, South Sudan's nationality certificate, Mexico's voter key, "No." written
    # against a passport number.
    ("en", "MoHA/UNHCR smart card no. 234567890123 of the father.", [("case_id", "234567890123")]),
    ("en", "Nationality certificate no. 0061874 of the uncle.", [("national_id", "0061874")]),
    ("es", "INE de la madre: clave de elector MRLPSN90071507M300.", [("national_id", "MRLPSN90071507M300")]),
    ("en", "Sudanese passport No.P05512378 of the aunt.", [("passport", "P05512378")]),
    # "Registered under", a case number that starts with its year, an Arabic ration card, a house "sem número".
    ("fr", "L'enfant est enregistré sous le n° 0872/SK/2023.", [("case_id", "0872/SK/2023")]),
    ("es", "Caso 2023-1142 de la Comisaría de Familia.", [("case_id", "2023-1142")]),
    ("ar", "رقم البطاقة التموينية 7304512 للأسرة", [("case_id", "7304512")]),
    ("pt", "Vivem na rua 9, casa sem número, perto da igreja.",
     [("location", "rua 9, casa sem número, perto da igreja")]),
    # Homes placed without a shelter number: a house "sin número" by a landmark, a hut described by what it is
    # made of, a lot in its block, a numbered block by a landmark where a child or family is said to be (Darfur's
    # camps are "معسكر"), and a conjunction joined to "the child" before an age, which is no name.
    ("es", "Viven en la casa s/n junto a la iglesia, vereda El Carmen.",
     [("location", "casa s/n junto a la iglesia, vereda El Carmen")]),
    ("pt", "A família mora na casa s/n ao lado da igreja.", [("location", "casa s/n ao lado da igreja")]),
    ("fr", "Il vit dans une case en bambou derrière le forage.", [("location", "case en bambou derrière le forage")]),
    ("en", "They were moved to Block 12 Lot 7, Phase 2.", [("location", "Block 12 Lot 7")]),
    ("en", "The girl stays in Block D, behind the mosque.", [("location", "Block D, behind the mosque")]),
    ("ar", "تعيش الأسرة في معسكر أبو شوك، القطاع 9، خلف المسجد",
     [("location", "معسكر أبو شوك، القطاع 9، خلف المسجد")]),
    # Where a child sleeps by a landmark (street children), a house told by its colour next to a landmark, the
    # abbreviations of camp registers ("Blk", "sh."), a neighbourhood of a settlement.
    ("en", "The boy sleeps under the bridge by the bus station.",
     [("location", "under the bridge by the bus station")]),
    ("fr", "L'enfant dort devant la pharmacie du marché central.", [("location", "devant la pharmacie")]),
    ("es", "Barrio Obrero, detrás de la cancha, la casa de color verde.",
     [("location", "Barrio Obrero, detrás de la cancha, la casa de color verde")]),
    ("en", "The family stays at Blk 7 Lot 30, Phase 2.", [("location", "Blk 7 Lot 30")]),
    ("en", "She lives in Camp 11, sh. 218.", [("location", "Camp 11, sh. 218")]),
    ("en", "Village 3, Neighbourhood 6, plot 41.", [("location", "Village 3, Neighbourhood 6, plot 41")]),
    # Two areas, one numbered, where a child or family is said to live; an Arabic camp's name stops before the
    # sector that follows it; a passport number set off by commas.
    ("en", "The family moved to Camp 20, Block C-7 last month.", [("location", "Camp 20, Block C-7")]),
    ("fr", "L'enfant vit au camp de Djabal, secteur 2, bloc 9.", [("location", "camp de Djabal, secteur 2, bloc 9")]),
    ("ar", "تعيش الطفلة في مخيم الأزرق القرية 3 الشارع 8", [("location", "مخيم الأزرق القرية 3 الشارع 8")]),
    ("en", "The passport of the aunt, OP0672315, was kept by the agent.", [("passport", "OP0672315")]),
    # Shelters of the displaced: a tukul in its zone, an unfinished building by a landmark, a collective shelter's
    # hangar and compartment, a shelter (albergue) and its room, a lot in a settlement, a Mexican walkway
    # (andador), a room above a shop.
    ("en", "Zone B2, tukul 31, near the water tank.", [("location", "Zone B2, tukul 31, near the water tank")]),
    ("en", "They stay in the unfinished building behind the fuel station.",
     [("location", "unfinished building behind the fuel station")]),
    ("fr", "Ménage installé au site de Kanyarucinya, hangar 2, compartiment 9.",
     [("location", "site de Kanyarucinya, hangar 2, compartiment 9")]),
    ("es", "La familia está en el albergue Belén, cuarto 7.", [("location", "albergue Belén, cuarto 7")]),
    ("es", "Asentamiento El Paraíso, lote 12, frente a la escuela.",
     [("location", "Asentamiento El Paraíso, lote 12, frente a la escuela")]),
    ("es", "Colonia Las Flores, andador 2, casa 9.", [("location", "Colonia Las Flores, andador 2, casa 9")]),
    ("ar", "يسكنون في غرفة فوق الدكان مقابل المسجد", [("location", "غرفة فوق الدكان مقابل المسجد")]),
    ("ar", "وصل أمس والطفل عمره 9 سنوات.", []),
    # A committee's chair is a private person.
    ("en", "Ahmed Hassan, the camp chairman, reported it.", [("person_name", "Ahmed Hassan")]),
]

LOOK_ALIKES = [
    ("en", "Vendor: Lodwar Supplies Ltd, company registration no. 80020004567891."),
    ("es", "Factura del proveedor, registro 9004182731 de la empresa."),
    ("en", "The UNHCR helpline is 06 5302000, open daily."),
    ("fr", "Numéro vert gratuit : 80 00 11 22."),
    ("pt", "CPF com dígitos errados no formulário de teste: 391.027.654-71."),
    # An organisation's address, blocks listed side by side, a box on a form, a meeting's floor.
    ("fr", "Formation au bureau du HCR, avenue de la Paix n° 14, à Goma."),
    ("es", "Oficina de UNICEF en Tapachula: Calle 5 # 10-22, segundo piso."),
    ("en", "Blocks 3, Block 4 and Block 5 of Camp 2 share the latrines."),
    ("fr", "Cochez la case 4 du formulaire de consentement."),
    ("en", "The training is on the 2nd floor."),
    ("en", "Visit the 2nd floor of building 7 for the training."),
    ("en", "Please see section 3, row 4 of the table in annex B."),
    ("en", "In Block 4, Street 12 the WASH partner repaired 30 latrines."),
    # Names after a capitalised cue, a street's or a school's namesake, an office given as a label.
    ("en", "This toolkit was developed under the Child Labour Task Force of the Alliance."),
    ("es", "La escuela queda en la Avenida Rafael Núñez, frente al parque."),
    ("ar", "مكتب الشريك في شارع الملكة رانيا."),
    ("en", "Mother: Country Office focal point will reply."),
    ("en", "Hotline 116, tel. 0800 123 456 (toll-free)."),
    # Pages, copies, rooms of meetings, dotted names that are not what3words addresses.
    ("en", "See pp. 112-118 and PP 23456 of the annex."),
    ("en", "CC: the CP focal points; 12345 participants reached."),
    ("en", "The meeting is in room 12 of the UNICEF office."),
    ("en", "Download it from docs.example.org or app.kobo.toolbox."),
    ("en", "A meeting of about 15 participants, girls of 14 districts."),
    ("en", "Reference 0801-2023-00123 in the registry of contracts."),
    ("en", "The CPWG meets in Block A, sub-block 2 conference hall."),
    ("en", "E-ticket E-2023456 for the flight."),
    # Agreements numbered like agency case numbers; a case cue before a year.
    ("en", "Report under SSFA/SDN/2024/007 by March."),
    ("en", "Amendment 2 to PCA-UGA-2022-0031 was signed."),
    ("en", "In case 2025 funding is cut, we close the CFS."),
    ("en", "The BID panel meets on 12 March 2024."),
    ("en", "Commit 4c2d8e10-9b3a-4f7e-8d21-0a5b6c7d8e9f in the changelog."),
    # A numbered block by a landmark said of a facility or an activity, a lot of goods, a journal's ISSN, and
    # public figures named with their office.
    ("en", "The CFS in Block F, near the health post, opens at 8."),
    ("en", "Distribution in Zone 3 near the market for all families on Tuesday."),
    ("en", "A lot 5 of hygiene kits was delivered."),
    ("en", "The meeting is in the blue house."),
    ("en", "A lot of children sleep under mosquito nets."),
    ("en", "Staff sleep well; the office is near the market."),
    ("en", "The child protection team in Camp 4, Block B meets weekly."),
    ("ar", "فريق حماية الطفل في المخيم 4، القطاع 2 بجانب المدرسة"),
    ("en", "In Camp 15, Block E-9 the WASH team fixed 3 latrines."),
    ("en", "Passports, 25000 were issued in 2023."),
    ("es", "El kit PEP 72 horas se entrega en el centro de salud."),
    ("en", "PR-PRC-2024-0012 was approved by finance."),
    ("en", "The training is in classroom 4 of the school."),
    ("es", "Se entregó el lote 45 de kits de higiene."),
    ("fr", "Le projet CD-BKV-2024-0231 est financé par le Fonds humanitaire."),
    ("en", "Children sleep in tents near the distribution point."),
    ("en", "In case SOP-CP-2024-02 is unclear, ask the coordinator."),
    ("en", "The file CPWG/2023/011 has the minutes."),
    ("es", "Casos 2022-2023 comparados con 2024."),
    ("en", "Published in ISSN 0261-3077, volume 9."),
    ("en", "Amina Mohammed, Deputy Secretary-General, opened the session."),
    ("fr", "Le Secrétaire général António Guterres a présenté le rapport."),
    ("es", "La Directora Ejecutiva Catherine Russell visitó Cúcuta."),
]


@pytest.mark.parametrize("language_given", [True, False], ids=["with-language", "without-language"])
@pytest.mark.parametrize(("language", "text", "expected"), SHAPES, ids=[text[:40] for _l, text, _e in SHAPES])
def test_conventions_are_found(language, text, expected, language_given):
    assert found(text, language if language_given else None) == expected


@pytest.mark.parametrize(("language", "text"), LOOK_ALIKES, ids=[text[:40] for _l, text in LOOK_ALIKES])
def test_organisations_numbers_and_hotlines_are_not_personal_data(language, text):
    assert found(text, language) == []
