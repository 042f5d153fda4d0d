"""Private persons' names, and names given with an age or a birth date (how a child is usually identified)."""

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from cphelpdesk.detection.kinds import CHILD_NAME_AGE, PERSON_NAME
from cphelpdesk.detection.text import Token, name_key, split_words, tokens

NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.txt"
MAX_NAME_WORDS = 4

# Capitalised words that follow or precede names without being surnames (titles, places, organisations,
# greetings, months, a town's landmarks, offices): they stop a name from growing, and a list item with one is no name.
# Compared folded (lower case, no accents). "Cruz" is not one,
# as it is a surname ("Dela Cruz", "Villanueva Cruz"): the Red Cross is told by "Roja", "Rouge", "Vermelha".
STOP_WORDS = frozenset(name_key(word) for word in split_words("""
    the a an and or of for to in on at by with from as is was are who which this that these those he she his her
    they their it its we our you your i my me mr mrs ms dr dear hello hi hey thanks thank regards best kind yes
    no le la les un une des du de d l et ou en au aux pour par avec sur dans chez qui que il elle ils elles son
    sa ses leur nous vous je mon ma bonjour merci cordialement salut cher chere madame monsieur mme mlle el los
    las uno unos unas del al y o con por para sin sobre en que quien su sus ella ellos nosotros usted hola
    gracias saludos estimado estimada senor senora sr sra don dona o os as um uma dos das do da no na nos nas ao
    aos e ou com sem sobre que ele ela eles elas seu sua ola obrigado obrigada atenciosamente prezado prezada
    caro cara senhor senhora camp block shelter tent house street road avenue lane district province region
    village town city county state site zone sector ward quartier rue bloc secteur abri tente maison barrio
    calle carrera casa bairro rua bloco campo province provincia departement municipio commune ministry
    ministere ministerio government gouvernement gobierno governo unicef unhcr ocha iom oim wfp pam who oms nrc
    irc drc cpaor aor cpwg cpms cpims primero kobo excel word whatsapp signal zoom teams skype google save
    children child protection working group cluster sub-cluster alliance foundation fondation fundacion fundacao
    association society hospital hopital school ecole escuela escola university universite universidad
    universidade centre center centro team equipe equipo office bureau oficina escritorio department services
    service servicio servico unit project projet proyecto projeto programme program programa officer manager
    coordinator coordinatrice coordinateur coordinador coordinadora coordenador coordenadora director directeur
    directrice directora diretor diretora assistant assistante specialist specialiste especialista advisor
    adviser conseiller conseillere asesor asesora consultant consultante consultor consultora lead head chef
    jefe jefa chefe focal point case worker social red cross croix roja rouge vermelha crescent international national
    internationale nacional humanitarian humanitaire humanitaria humanitario plan world vision mercy corps
    caritas terre hommes enfance infancia war initiative initiatives initiativa iniciativa network networks
    reseau red rede coalition partnership trust fund fonds fondo fundo relief aid action agency agence agencia
    committee comite council conseil consejo conselho forum institute institut instituto union movement mission
    church eglise iglesia igreja mosque clinic clinique clinica ngo ong
    january february march april may june july august september
    october november december janvier fevrier mars avril mai juin juillet aout septembre octobre novembre
    decembre enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    janeiro fevereiro marco maio junho julho setembro outubro novembro dezembro monday tuesday wednesday
    thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miercoles
    jueves viernes sabado domingo segunda terca quarta quinta sexta tel phone mobile email e-mail fax subject
    objet asunto assunto date fecha data name nom nombre nome age standard standards norme normes estandar norma
    padrao indicator indicateur indicador annex annexe anexo page pagina table tableau tabla tabela figure
    version section module session girls boys children adolescents women men families participants filles
    garcons enfants femmes hommes familles ninas ninos mujeres hombres familias meninas meninos criancas
    mulheres homens familias english french spanish arabic portuguese anglais francais espagnol arabe portugais
    country pays pais
    port plage beach market marche mercado hill colline river riviere lake lac island airport aeroport aeropuerto
    aeroporto station gare estacion estacao bridge pont puente valley
    deputy secretary secretary-general director-general general senior chief chair chairperson chairman chairwoman
    president vice-president representative commissioner minister ambassador welfare bien-etre bienestar bem-estar
    presidente presidenta alcalde alcaldesa gobernador gobernadora governador governadora maire prefet prefeito
    prefeita juez jueza juge juiz juiza ministro ministra ministre concejal vereador vereadora diputado diputada
    deputado deputada senador senadora senateur
    ingles frances espanol ingles arabe portugues
    kids daughter daughters son sons mother father brother sister grandmother grandfather aunt uncle baby fille
    mere pere hija hijo madre padre filha filho
    grandson granddaughter grandchild nephew niece stepson stepdaughter cousin cousine neveu petit-fils petite-fille
    orphan orphelin orpheline enfant crianca menino menina nieto nieta sobrino sobrina sobrinho sobrinha bebe
"""))

# Acronyms written in capitals that are not surnames even when they follow a name.
ACRONYMS = frozenset(split_words("""
    UNICEF UNHCR OCHA UNFPA UNDP WFP IOM OIM WHO OMS NRC IRC DRC MSF ICRC CICR IFRC CPMS CPIMS CPWG CPAOR AOR
    GBV VBG MHPSS SMPE NMPI CAAFAG EAFGA MRM UASC ENA NGO ONG INGO CBO OSC HNO HRP SOP SOPS PEA PSEA CMR DRC CAR
    RCA NID NIN CNI CNIB NIDA CPF RNM
"""))

PARTICLES = frozenset({"de", "del", "da", "das", "do", "dos", "van", "von", "ben", "bin", "bint", "ibn", "al", "el",
                       "abu", "ould", "ag", "mc"})
# A kunya, "father of" or "mother of" and a child's name, is how many Arab adults are known and addressed ("Abu Omar",
# "Umm Khaled"): it is part of the name, in any case ("abu omar came back").
KUNYA = frozenset({"abu", "abou", "umm", "oum"})
# An elided article before a word in lower case opens a sentence, it names no one: "L'enfant (12 ans)", "D'après".
_ELIDED_WORD = re.compile(r"(?:[LDJ]|Qu)['’][a-zà-öø-ÿ]")
# A family name with its particle joined by a hyphen, the particle in lower case: "al-Ubaidi", "el-Sayed".
_HYPHENED = re.compile(r"(?:a[dlnrstz]|ash|el|ul|bin|ben|ibn|abu|abou|ould|wad)[-‐][A-ZÀ-ÖØ-ÝĀ-Ž]")
# Words that make the name after them a place's: "San José", "São Paulo", "Saint-Louis", "Villa María",
# "Puerto Carreño", "Vila Maria".
SAINTS = frozenset({"san", "santa", "santo", "sao", "saint", "sainte", "st", "ste", "notre-dame", "villa", "vila",
                    "puerto", "porto", "ciudad", "cidade", "jardim", "parque"})  # "Jardim Ângela", a district

# Words after which a name is a street's, a building's or a public figure's: "Avenida Rafael Núñez", "École
# Fatima", "شارع الملكة رانيا", "مدرسة خالد بن الوليد".
NAMED_AFTER = frozenset(name_key(word) for word in split_words("""
    rue avenue av boulevard street road calle avenida carrera rua travessa estrada ecole école escuela escola
    colegio college lycee lycée liceo hopital hôpital hospital clinica clínica mosquee mosquée mosque mesquita
    queen king prince princess reine roi prince princesse reina rey principe príncipe rainha rei
    foundation fondation fundacion fundación fundacao fundação
    شارع حي مسجد جامع مدرسة مستشفى ساحة دوار الملك الملكة الأمير الأميرة ملك ملكة أمير أميرة
"""))
ARABIC_PARTICLES = frozenset(name_key(word) for word in ["بن", "بنت", "ابن", "أبو", "ابو", "عبد"])
# Arabic words that end a name: prepositions, pronouns, relatives, and the nouns and adjectives that follow a
# name in the helpdesk's texts ("الطفلة فاطمة البالغة من العمر"). Compared folded (see text.name_key).
ARABIC_STOP = frozenset(name_key(word) for word in split_words("""
    في من على علي إلى الى عن مع التي الذي الذين اللذين اللتين هو هي هم وهو وهي كان كانت يكون تكون قد لقد لم لن
    لا ما هذا هذه ذلك تلك هناك هنا منذ بعد قبل عند حيث أو او ثم أن ان إن كل بين حتى لدى لديه لديها عمره عمرها
    وعمره وعمرها البالغ البالغة البالغه يبلغ تبلغ الطفل الطفلة طفل طفلة الفتاة فتاة الفتى فتى الصبي صبي ولد بنت
    البنت الولد امرأة المرأة رجل الرجل شاب شابة مراهق مراهقة ابن ابنة ابنه ابنها ابنته ابنتها أخ أخت أخيه أخته
    يتيم يتيمة المقيم المقيمة النازح النازحة اللاجئ اللاجئة المصاب المصابة المنفصل المنفصلة غير المرافق المرافقة
    الصغير الصغيرة الكبير الكبيرة المذكور المذكورة المولود المولودة الأم الأب والدته والده والدتها والدها جدته
    جدتها عمه عمها خاله خالها يعيش تعيش يقيم تقيم كما أيضا أيضًا وقد وكان وكانت تم يتم السيد السيدة اسمه اسمها
    الاسم المخيم مخيم الحي حي شارع الشارع القطاع قطاع منزل المنزل خيمة الخيمة رقم الرقم هاتف الهاتف
"""))

# Titles before a name, matched as written: "Don", "M." and "Sr." are ordinary words in lower case.
TITLES = {
    # Professional titles abbreviated before a name, as Latin American and other letters write them in any language
    # ("Lic. Andrea Salazar", "Dr. Okello", "Ing. Ramírez", "Atty. Reyes").
    "en": [r"\b(?:Mr|Mrs|Ms|Miss|Mx)\b\.?", r"\b(?:Dr|Dra|Lic|Licda|Ing|Abg|Atty|Adv)\.",
           # Honorifics of East and West Africa before a name, in any language's text ("Bwana Juma", "Alhaji Musa").
           r"\b(?:Bwana|Mzee|Alhaji|Alhaja|Hajiya|Hajia|Mallam|Malam)\b"],
    # "madame Kasongo", "la señora Yaneth", "a senhora Rosa": a courtesy title in lower case inside a sentence, a
    # title only before a capitalised word ("la señora del puesto de salud" is anyone).
    "fr": [r"\bM\.", r"\b(?:Mme|Mlle|Mmes)\b\.?", r"\b(?:Monsieur|Madame|Mademoiselle)\b",
           r"\b(?:monsieur|madame|mademoiselle)\b(?=\s+[A-ZÀ-ÖØ-Ý])"],
    "es": [r"\b(?:Sr|Sra|Srta|Dña)\.", r"\b(?:Señor|Señora|Señorita|Doña)\b",
           r"\b(?:doña|don|señora|señor|señorita)\b(?=\s+[A-ZÁÉÍÓÚÑ])"],
    "pt": [r"\b(?:Sr|Sra|D)\.", r"\b(?:Senhor|Senhora|Dona)\b", r"\b(?:dona|senhora|senhor)\b(?=\s+[A-ZÁÉÍÓÚÂÊÔÃÕÇ])",
           r"\bSeu\b(?=\s+[A-ZÁÉÍÓÚÂÊÔÃÕÇ][a-zà-ÿ])"],  # "Seu Manoel", Brazil's spoken "senhor"
    "ar": [],
}
# Honorifics that are ordinary words too ("bwana" is also a husband or a lord, "mzee" an old man, "mallam" a
# teacher): after them a lone word counts only when the names list knows it ("Bwana Juma"), or two words.
_WORD_HONORIFICS = frozenset({"bwana", "mzee", "alhaji", "alhaja", "hajiya", "hajia", "mallam", "malam"})
# Words that introduce a name: any capitalised word (or Arabic word) after them is taken as a name.
# A relative or carer given as a label ("Mother: Faadumo Ali", "Madre: Yamilé Torres", "Pai: Momade Issa").
_RELATIVE_LABELS = (r"mother|father|aunt|uncle|grandmother|grandfather|guardian|caregiver|carer|foster\s+mother|"
                    r"m[èe]re|p[èe]re|tante|oncle|grand-m[èe]re|grand-p[èe]re|tut(?:eur|rice)|madre|padre|t[íi][ao]|"
                    r"abuel[ao]|tutor[a]?|cuidador[a]?|m[ãa]e|pai|tia|tio|av[óô]|الأم|الام|الأب|الاب|"
                    r"الخال|الخالة|العم|العمة|الجدة|الجد|الوصي|ولي\s+الأمر")
STRONG_CUES = {
    "en": [r"\b(?:named|called|known as|in the name of|(?:my|his|her|their) name is)\b",
           # "The girl's name is …", "the name of the mother is …".
           r"['’]s\s+(?:full\s+|first\s+)?name\s+is\b|\bthe\s+name\s+of\s+(?:the|her|his|their)\s+[a-z]{3,12}\s+is\b",
           r"\b(?:(?:full|first|last|child's|child’s|sur)\s*)?name\s*:",
           # A relative's or the child's label ("Mother: …", "Child: Rayaan Abdelgadir Hamid | DOB: …").
           rf"(?<!\w)(?:{_RELATIVE_LABELS}|child|minor|enfant|mineure?|ni[ñn][oa]|menor|crian[çc]a|الطفل[ةه]?)\s*:"],
    "fr": [r"(?:\bs|\bm)['’]appel(?:le|lent)\b", r"\b(?:pr[ée]|d[ée]|sur)?nomm[ée]e?s?\b", r"\bappel[ée]e?\b",
           r"\b(?:du|au) nom de\b", r"\bson nom est\b", r"\b(?:pr[ée])?noms?\s*:"],
    "es": [r"\b(?:se llama|me llamo|llamad[oa]|de nombre|su nombre es|a nombre de|nombrad[oa])\b",
           r"\b(?:nombre|apellidos?)\s*:"],
    "pt": [r"(?:\b(?:se chama|me chamo|chamad[oa]|de nome|meu nome é|em nome de)\b|\bchama-se\b)",
           r"\bnome\s*:"],
    "ar": [r"(?<!\w)(?:السيد|السيدة|السيده|الآنسة|الانسة|المدعو|المدعوة|المدعوه|اسمه|اسمها|اسمي|واسمه|واسمها|"
           r"يدعى|تدعى|يُدعى|تُدعى)(?!\w)",
           r"(?<!\w)(?:ال)?اسم\s*:"],
}
# Words that introduce a person ("the girl", "الطفلة"): the next word is a name when it is in the names list,
# even a name that is also an ordinary word ("الطفل عمر", "la niña Esperanza").
WEAK_CUES = {
    "en": [r"\b(?:the|a|his|her|my|their)\s+(?:child|girl|boy|baby|son|daughter|brother|sister|adolescent|teenager|"
           r"orphan|mother|father|aunt|uncle|grandmother|grandfather|caregiver|guardian|survivor|neighbou?r|"
           r"foster\s+(?:mother|father|parent)|step(?:mother|father)|host)\b",
           r"\bhead\s+of\s+(?:the\s+)?(?:household|family)\b"],
    "fr": [r"\b(?:l['’]enfant|la (?:fillette|fille|jeune|m[èe]re|tante|grand-m[èe]re|survivante|adolescente|voisine|"
           r"tutrice|belle-m[èe]re)|"
           r"le (?:gar[çc]on|jeune|p[èe]re|fr[èe]re|fils|b[ée]b[ée]|tuteur|survivant|adolescent|voisin|"
           r"beau-p[èe]re|grand-p[èe]re)|l['’]oncle|"
           r"(?:du|au) (?:p[èe]re|fr[èe]re|fils|tuteur|voisin|grand-p[èe]re)|de la (?:m[èe]re|tante|fille|voisine|"
           r"grand-m[èe]re|tutrice)|de l['’](?:oncle|enfant)|"
           r"(?:son|sa|leur) (?:fils|fille|fr[èe]re|s[œo]eur|enfant|m[èe]re|p[èe]re|oncle|tante|voisine?))\b",
           r"\b(?:le\s+)?chef\s+de\s+(?:famille|m[ée]nage)\b"],
    "es": [r"\b(?:(?:la|el|su|del|de\s+la)\s+(?:niña|niño|menor|adolescente|hija|hijo|hermana|hermano|madre|padre|"
           r"tía|tío|abuela|abuelo|bebé|joven|sobreviviente|vecina|vecino|padrastro|madrastra|cuidadora|cuidador|"
           r"tutora|tutor))\b",
           r"\b(?:el\s+|la\s+)?jef[ae]\s+de\s+(?:hogar|familia)\b"],
    "pt": [r"\b(?:(?:a|o|sua|seu|do|da)\s+(?:menina|menino|criança|rapariga|rapaz|adolescente|filha|filho|irmã|irmão|"
           r"mãe|pai|tia|tio|avó|avô|bebé|bebê|jovem|sobrevivente|vizinha|vizinho|padrasto|madrasta|cuidadora|"
           r"cuidador|tutora|tutor))\b",
           r"\b(?:o\s+|a\s+)?chefe\s+de\s+fam[íi]lia\b"],
    # "والأم": the conjunction is written joined to the cue.
    "ar": [r"(?<!\w)و?(?:الطفل|الطفلة|الطفله|للطفل|للطفلة|الفتاة|الفتى|الصبي|للفتاة|للفتى|للصبي|الطفلين|"
           r"ابنه|ابنها|ابنته|ابنتها|"
           r"شقيقه|شقيقها|"
           r"شقيقته|شقيقتها|أخيه|أخته|والدته|والده|والدتها|والدها|الأب|الاب|الأم|الام|الخال|الخالة|العم|العمة|"
           r"الجد|الجدة|الجار|الجارة|رب\s+الأسرة|ربة\s+الأسرة|[أا]سر[ةه]|عائل[ةه])(?!\w)"],
}

_N = (r"(?:\d{1,2}(?:[.,]5)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
      r"fifteen|sixteen|seventeen|eighteen|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
      r"quatorze|quinze|seize|dix-sept|dix-huit|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|"
      r"doce|trece|catorce|quince|dieciséis|diecisiete|dieciocho|um|uma|dois|duas|três|sete|oito|nove|dez|onze|"
      r"doze|treze|catorze|dezasseis|dezesseis|dezassete|dezessete|dezoito)")
_D = r"\d{1,2}(?:[.,]5)?"
# An estimated age, as registration often gives it: "aged about 15", "(approx. 13)", "d'environ 12 ans",
# "de unos 12 años", "com cerca de 12 anos", "حوالي 12 سنة".
_ABOUT = (r"(?:(?:about|around|approx(?:imately|\.)?|roughly|~|c\.|ca\.|environ|env\.|aprox(?:imadamente|\.)?|"
          r"unos|unas|cerca\s+de|uns|umas|por\s+volta\s+de|حوالي|حوالى|نحو|تقريبا)\s*)?")
# Ages written in words in Arabic: one to eighteen, masculine and feminine ("ثماني سنوات", "اثنا عشر عاماً").
_AR_N = (r"(?:(?:إحدى|احدى|أحد|احد|اثنا|اثني|اثنتا|اثنتي|ثلاث|أربع|اربع|خمس|ست|سبع|ثماني|ثمان|تسع)[ةه]?\s+عشر[ةه]?|"
         r"واحد[ةه]?|اثنان|اثنين|اثنتان|اثنتين|سنتين|سنتان|ثلاث[ةه]?|أربع[ةه]?|اربع[ةه]?|خمس[ةه]?|ست[ةه]?|سبع[ةه]?|"
         r"ثماني[ةه]?|ثمان|تسع[ةه]?|عشر[ةه]?)")
# The longer words first: "سنوات" is not "سنو" and a stray "ات".
_AR_UNIT = r"(?:سنوات|سنين|عام|سن[ةهو]|[أا]عوام|شهر|[أا]شهر)[\u064b-\u0652]*ا?[\u064b-\u0652]*"
# Age expressions, by language and strength: "tight" ones ("(12)") count only right after a name, "strong"
# ones ("aged 12", "de 9 años") pair with a name in the same clause, "weak" ones ("12 ans") only with a name
# that is certainly one and close by.
AGES = {
    "en": [("strong", rf"\b(?:aged|age)\s*:?\s*{_ABOUT}{_N}(?:\s*(?:years?|yrs?|months?))?\b"),
           ("strong", rf"\b(?:girl|boy|child|teenager|adolescent|orphan|baby)\s+of\s+{_ABOUT}{_N}"
                      rf"(?:\s*(?:years?|months?))?\b"),
           ("strong", rf"\b{_N}\s*[-‐ ]?\s*(?:years?|yrs?|y|months?|mos?)\s*[-‐ ]?\s*old\b"),
           ("strong", rf"\b{_D}\s*(?:y/o|y\.o\.|yo)\b"),
           ("strong", rf"\bturned\s+{_N}(?:\s*(?:years?|months?)(?:\s+old)?)?\b"),
           # "Ahmad Noori, who is 14, was found": a relative clause that gives the age.
           ("strong", rf"\bwho\s+is\s+(?:now\s+|only\s+|just\s+)?{_ABOUT}{_N}(?:\s*(?:years?|yrs?)(?:\s+old)?)?"
                      rf"(?=\s*[,.;)]|\s+and\b)"),
           # Not an area code: "Manaus, (92) 3215-0000".
           ("tight", rf"\(\s*{_ABOUT}{_D}\s*(?:years?|yrs?|y|months?)?\s*\)(?![ \t]*\d)"),
           # Chats write the unit against the number ("Jannatul, 11y", "Mariam Compaoré 12ans").
           ("weak", rf"\b{_D}\s+(?:years?|yrs)\b"), ("weak", rf"\b{_D}(?:y|yrs?)\b"),
           # The other languages' units, quoted in English texts ("José Gregorio Pérez, 10 años").
           ("weak", rf"\b{_D}\s*(?:años|añitos|ans|anos|aninhos)\b")],
    "fr": [("strong", rf"\bâgée?s?\s+(?:de\s+|d['’]){_ABOUT}{_N}\s+(?:ans?|mois)\b"),
           ("strong", rf"\b(?:de\s+|d['’]){_ABOUT}{_N}\s+(?:ans|mois)\b"),
           ("strong", rf"\b{_D}\s+ans?\s+et\s+demi\b"), ("strong", rf"\bâge\s*:\s*{_D}\b"),
           ("tight", rf"\(\s*{_ABOUT}{_D}\s*(?:ans?|mois)\s*\)"), ("weak", rf"\b{_D}\s*(?:ans|mois)\b")],
    "es": [("strong", rf"\bde\s+{_ABOUT}{_N}\s+(?:años?|meses)(?:\s+de\s+edad)?\b"),
           ("strong", rf"\b{_D}\s+años?\s+de\s+edad\b"),
           ("strong", rf"\b(?:tiene|tenía|cumplió|con)\s+{_N}\s+(?:años?|meses)\b"),
           ("strong", rf"\bedad\s*:?\s*{_D}\b"),
           ("tight", rf"\(\s*{_ABOUT}{_D}\s*(?:años?|meses)\s*\)"),
           ("weak", rf"\b{_D}\s*(?:años?|añitos?|meses)\b")],  # "Kevin 13 añitos", a diminutive
    "pt": [("strong", rf"\bde\s+{_ABOUT}{_N}\s+(?:anos?|meses)(?:\s+de\s+idade)?\b"),
           ("strong", rf"\b{_D}\s+anos?\s+de\s+idade\b"),
           ("strong", rf"\b(?:tem|tinha|com|completou)\s+{_ABOUT}{_N}\s+(?:anos?|meses)\b"),
           ("strong", rf"\bidade\s*:?\s*{_D}\b"),
           ("tight", rf"\(\s*{_ABOUT}{_D}\s*(?:anos?|meses)\s*\)"),
           ("weak", rf"\b{_D}\s*(?:anos?|aninhos?|meses)\b")],
    "ar": [("strong", rf"(?:ال)?بالغ[ةه]?\s+من\s+(?:ال)?عمر\s+{_D}\s*(?:{_AR_UNIT})?"),
           ("strong", rf"(?<!\w)(?:(?:ال)?بالغ[ةه]?|يبلغ|تبلغ)\s+من\s+(?:ال)?عمر\s+{_AR_N}\s+{_AR_UNIT}"),
           ("strong", rf"(?<!\w)(?:و?عمره|و?عمرها)\s+{_AR_N}\s+{_AR_UNIT}"),
           ("strong", rf"(?<!\w)(?:و?عمره|و?عمرها|يبلغ\s+من\s+العمر|تبلغ\s+من\s+العمر|ذو|ذات)\s+{_ABOUT}(?:ال)?{_D}\s*"
                      rf"(?:{_AR_UNIT})?"),
           ("strong", rf"(?<!\w)(?:ال)?عمر\s*:\s*{_D}"),
           ("tight", rf"\(\s*{_ABOUT}{_D}\s*(?:{_AR_UNIT})?\s*\)(?![ \t]*\d)"),
           ("weak", rf"(?<![\d.,]){_D}\s*{_AR_UNIT}")],
}

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|"
           r"Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|"
           r"septembre|octobre|novembre|décembre|decembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
           r"septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|marco|maio|junho|julho|"
           r"setembro|outubro|dezembro|يناير|فبراير|مارس|[أإا]بريل|مايو|يونيو|يوليو|[أا]غسطس|سبتمبر|[أا]كتوبر|"
           r"نوفمبر|ديسمبر|كانون الثاني|شباط|آذار|نيسان|[أا]يار|حزيران|تموز|آب|[أا]يلول|تشرين الأول|تشرين الثاني|"
           r"كانون الأول)")
FULL_DATE = (rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})(?!\d)|\d{{4}}[./-]\d{{1,2}}[./-]\d{{1,2}}(?!\d)|"
             rf"\d{{1,2}}(?:st|nd|rd|th|er|º)?\s+(?:de\s+)?{_MONTHS}\.?,?\s+(?:de\s+|del\s+)?\d{{4}}|"
             rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")
# A month and a year too, as registers abbreviate a birth date ("DOB 02/2015", "née en mars 2012").
_YEAR = rf"(?:(?:{_MONTHS}\s+(?:de\s+)?|(?:0?[1-9]|1[0-2])[./-])?(?:19|20)\d{{2}})(?!\d)"
_BIRTH_CUES = {
    "en": r"\b(?:born|date\s+of\s+birth|birth\s*date|d\.o\.b\.?|DOB)",
    "fr": r"\b(?:née?s?|date\s+de\s+naissance|DDN)",
    "es": r"\b(?:nacid[oa]s?|naci[óo]|fecha\s+de\s+nacimiento|F\.\s?N\.)",
    "pt": r"\b(?:nascid[oa]s?|nasceu|data\s+de\s+nascimento)",
    "ar": r"(?<!\w)(?:تاريخ\s+(?:ال)?ميلاد(?:ه|ها)?|(?:من\s+)?مواليد|(?:ال)?مولود[ةه]?|ولدت?|وُلدت?)",
}
_BIRTH_LINK = (r"\s*[:\-]?\s*(?:(?:is|was|on|in|the|est|le|en|es|el|é|em|a|no dia|el día|هو|في|بتاريخ|عام|سنة)"
               r"\s+)*")
# "born in Goma on 3 April 2012", "née à Diffa le …", "ولدت الطفلة ليلى بتاريخ …": a few words between the cue and
# a full date, as long as a date connector introduces it.
_BIRTH_DETOUR = r"(?:\s+[^\W\d_]+[,،]?){1,3}?\s+(?:on|le|el|em|no dia|في|بتاريخ)\s+"


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of evidence: a name, or an age or birth date (with its `strength`)."""

    start: int
    end: int
    confidence: float = 0.6
    strength: str = ""  # ages: tight, comma, apposed, strong, weak, birth, birth_year


@cache
def first_names() -> tuple[dict[str, bool], dict[str, frozenset[tuple[str, ...]]]]:
    """The shipped names list: single-word keys -> ambiguous?, and first word -> the rest of multi-word names."""
    names: dict[str, bool] = {}
    phrases: dict[str, set[tuple[str, ...]]] = {}
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        ambiguous = line.endswith("*")
        keys = [name_key(word) for word in line.rstrip("*").split()]
        if len(keys) == 1:
            names[keys[0]] = names.get(keys[0], True) and ambiguous
        else:
            phrases.setdefault(keys[0], set()).add(tuple(keys[1:]))
    return names, {key: frozenset(rest) for key, rest in phrases.items()}


@cache
def _compiled(languages: tuple[str, ...]):
    def join(table):
        return re.compile("|".join(f"(?:{pattern})" for language in languages for pattern in table[language]),
                          re.IGNORECASE)

    ages = [(strength, re.compile(pattern, re.IGNORECASE)) for language in languages
            for strength, pattern in AGES[language]]
    cues = "|".join(_BIRTH_CUES[language] for language in languages)
    birth = re.compile(rf"(?:{cues})(?:{_BIRTH_LINK}(?:(?P<full>{FULL_DATE})|(?P<year>{_YEAR}))|"
                       rf"{_BIRTH_DETOUR}(?P<detour>{FULL_DATE}))", re.IGNORECASE)
    titles = re.compile("|".join(f"(?:{pattern})" for language in languages for pattern in TITLES[language])
                        or r"(?!)")
    return titles, join(STRONG_CUES), join(WEAK_CUES), ages, birth


class _Names:
    """Finds names over the tokens of one text."""

    def __init__(self, text: str, languages: tuple[str, ...]):
        self.text = text
        self.tokens = tokens(text)
        self.starts = [token.start for token in self.tokens]
        self.names, self.phrases = first_names()
        self.languages = languages
        self.used: set[int] = set()
        self.after_weak_cue: set[int] = set()

    def adjacent(self, left: Token, right: Token) -> bool:
        gap = self.text[left.end:right.start]
        return bool(gap) and gap.strip(" \t\u00a0") == "" and left.arabic == right.arabic

    def listed(self, token: Token) -> bool:
        return token.key in self.names

    def listed_key(self, key: str) -> bool:
        return key in self.names

    def unambiguous(self, token: Token) -> bool:
        return self.unambiguous_key(token.key)

    def surname_like(self, token: Token) -> bool:
        if token.arabic or not token.capitalised or token.key in STOP_WORDS or _ELIDED_WORD.match(token.word):
            return False
        return not (token.all_caps and (len(token.word) < 3 or token.word in ACRONYMS))

    @staticmethod
    def hyphened(token: Token) -> bool:
        """True for a family name written with its particle in lower case and a hyphen ("al-Ubaidi", "el-Sayed",
        "ould-Mohamed", "bin-Laden"), as Arab tribal and family names (nisbas) end a name chain."""
        return bool(_HYPHENED.match(token.word))

    def phrase_end(self, index: int) -> int | None:
        """The index of the last word when a multi-word name from the list starts at `index`."""
        for rest in self.phrases.get(self.tokens[index].key, ()):
            last = index + len(rest)
            if last < len(self.tokens) and all(
                    self.tokens[index + offset + 1].key == key for offset, key in enumerate(rest)):
                return last
        return None

    def extend(self, first: int, last: int) -> int:
        """Grow a name to the right over surnames, particles and (Arabic) family names."""
        while last - first + 1 < MAX_NAME_WORDS and last + 1 < len(self.tokens):
            current, following = self.tokens[last], self.tokens[last + 1]
            if not self.adjacent(current, following):
                break
            after = self.tokens[last + 2] if last + 2 < len(self.tokens) else None
            if following.arabic:
                if following.key in ARABIC_PARTICLES and after and self.adjacent(following, after) \
                        and after.key not in ARABIC_STOP:
                    last += 2
                elif self.listed(following) or (following.key.startswith("ال") and len(following.key) > 3
                                                and following.key not in ARABIC_STOP):
                    last += 1
                else:
                    break
            elif following.key in PARTICLES and after \
                    and self.adjacent(following, after) and self.surname_like(after):
                last += 2
            elif self.surname_like(following) or self.hyphened(following):
                last += 1
            else:
                break
        return last

    def span(self, first: int, last: int, confidence: float, start: int | None = None) -> Span:
        for index in range(first, last + 1):
            self.used.add(index)
        if not self.tokens[first].arabic and first > 0 and self.adjacent(self.tokens[first - 1], self.tokens[first]):
            before = self.tokens[first - 1]
            # "KONATE Fatoumata": surnames first, in capitals, as official lists write them.
            if (before.all_caps and len(before.word) >= 3 and before.word not in ACRONYMS
                    and before.key not in STOP_WORDS) or before.key in KUNYA:
                first -= 1
                self.used.add(first)
        if last > first:
            confidence = max(confidence, 0.8)
        return Span(start if start is not None else self.tokens[first].start, self.tokens[last].end, confidence)

    def token_after(self, offset: int) -> int | None:
        index = bisect_left(self.starts, offset)
        if index < len(self.tokens) and self.text[offset:self.tokens[index].start].strip(" \t\u00a0:«\"“'") == "":
            return index
        return None

    def find(self) -> list[Span]:
        found = []
        titles, strong, weak, _ages, _birth = _compiled(self.languages)
        for pattern, is_strong in ((titles, True), (strong, True), (weak, False)):
            for match in pattern.finditer(self.text):
                index = self.token_after(match.end())
                if not is_strong and (index is None or not self.tokens[index].capitalised):
                    found.extend(self.apposition(match.end()))
                if index is None or index in self.used:
                    continue
                if not is_strong:
                    self.after_weak_cue.add(index)
                token = self.tokens[index]
                if token.arabic:
                    fits = token.key not in ARABIC_STOP if is_strong else self.listed(token)
                else:
                    # A name the list does not know, after a cue written in lower case: "le père Issouf Sawadogo",
                    # not "the Child Labour Task Force"; or after an Arabic cue, as Arabic has no capitals
                    # ("والأم Lana Ktaish" in a note that keeps names in Latin letters).
                    lower_cue = not match.group().split()[-1][:1].isupper()
                    fits = self.surname_like(token) if is_strong else token.capitalised and (
                        self.listed(token) or (lower_cue and (self.full_name_at(index) or self.lone_name_at(index))))
                last = self.extend(index, index) if fits else index
                if fits and pattern is titles and last == index and not self.listed(token) \
                        and name_key(match.group()) in _WORD_HONORIFICS:
                    fits = False  # "Bwana Harusi is a song": "bwana" is an ordinary word; a lone word is no name
                if fits:
                    found.append(self.span(index, last, 0.9 if is_strong else 0.8))
        for index, token in enumerate(self.tokens):
            if index in self.used:
                continue
            span = self.name_at(index, token)
            if span:
                found.append(span)
        return found

    def full_name_at(self, index: int) -> bool:
        """True when two capitalised words start here, as a name the list does not know is written right after
        "the father", "su madre" ("le père Issouf Sawadogo et …")."""
        following = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        return bool(following) and self.surname_like(self.tokens[index]) and self.adjacent(
            self.tokens[index], following) and self.surname_like(following)

    def lone_name_at(self, index: int) -> bool:
        """True when one capitalised word the list does not know stands after "sa mère", "the aunt" and the
        sentence goes on in lower case ("Sa mère Halimé est au bloc 5", "the aunt Nyakuma lives …")."""
        token = self.tokens[index]
        return self.surname_like(token) and not token.all_caps and bool(_LONE_NAME_NEXT.match(self.text, token.end))

    def apposition(self, offset: int) -> list[Span]:
        """A full name set off by commas after "the father", "la madre" ("the father, Abdikadir Nuur Xuseen, …",
        "a mãe venezuelana, Yelitza Marcano, …"): two or more capitalised words, even when the names list knows
        none of them."""
        gap = _APPOSITION.match(self.text, offset)
        index = self.token_after(gap.end()) if gap and "," in gap.group() else None
        if index is None or index in self.used or not self.surname_like(self.tokens[index]):
            return []
        last = self.extend(index, index)
        if last == index or not _NAME_ENDS.match(self.text, self.tokens[last].end):
            return []
        return [self.span(index, last, 0.8)]

    def name_at(self, index: int, token: Token) -> Span | None:
        """A name starting at this word without a cue, if the names list says so."""
        following = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        if index > 0 and self.tokens[index - 1].key in NAMED_AFTER and self.adjacent(self.tokens[index - 1], token):
            return None  # "Avenida Rafael Núñez", "شارع الملكة رانيا": a street's or a school's name
        if self.named_after(index):
            return None  # "Fondation Abbé Pierre", "Colegio Francisco de Paula Santander": the building's name goes on
        if token.arabic:
            phrase = self.phrase_end(index)
            if phrase is not None:
                return self.span(index, self.extend(index, phrase), 0.7)
            if self.unambiguous(token):
                return self.span(index, self.extend(index, index), 0.6)
            if self.listed(token) and following and self.adjacent(token, following) and self.listed(following):
                return self.span(index, self.extend(index, index), 0.7)
            key = token.key
            # "وفاطمة": the conjunction is written joined to the name.
            if key.startswith("و") and self.names.get(key[1:]) is False and len(key) > 3:
                return self.span(index, self.extend(index, index), 0.6, start=token.start + 1)
            return None
        if not token.capitalised:
            return self.lower_case_name_at(index)
        if token.all_caps and len(token.word) < 3:
            return None
        if index > 0 and self.tokens[index - 1].key in SAINTS and self.adjacent(self.tokens[index - 1], token):
            return None  # San José, São Paulo, Villa María: places
        if self.unambiguous(token) or self.compound(token):
            return self.span(index, self.extend(index, index), 0.6)
        if self.listed(token) and following and self.adjacent(token, following) and self.surname_like(following):
            return self.span(index, self.extend(index, index), 0.7)
        return None

    def named_after(self, index: int) -> bool:
        """True when the word at `index` goes on the name of a street or a building: capitalised words and particles
        back to the building's word ("Escuela Padre Ramón", "Colegio Francisco de Paula Santander")."""
        position = index
        while position > 0 and index - position < 4 and self.adjacent(self.tokens[position - 1], self.tokens[position]):
            before = self.tokens[position - 1]
            if position < index and before.key in NAMED_AFTER:
                return True
            if not (before.capitalised or before.key in PARTICLES):
                return False
            position -= 1
        return position > 0 and position < index and self.tokens[position - 1].key in NAMED_AFTER \
            and self.adjacent(self.tokens[position - 1], self.tokens[position])

    def compound(self, token: Token) -> bool:
        """True for a hyphenated word made of given names the list knows ("Pierre-Louis", "Jean-Baptiste"), as
        Haitian and French surnames often are; "Port-au-Prince" and "Saint-Louis" are not made of them."""
        parts = token.key.split("-")
        return len(parts) > 1 and all(len(part) >= 3 and self.unambiguous_key(part) for part in parts)

    def unambiguous_key(self, key: str) -> bool:
        return self.names.get(key) is False

    def lower_case_name_at(self, index: int) -> Span | None:
        """A full name typed in lower case, as in chat ("pls call amina yusuf farah"): two or more given names the
        list knows and that are no ordinary words, side by side, then further listed names, or a particle and the
        word after it ("mariam ousmane ag alher")."""
        token = self.tokens[index]
        if token.arabic or not token.word.islower() or not (self.unambiguous(token) or token.key in KUNYA):
            return None
        last = index
        while last + 1 < len(self.tokens) and last - index + 1 < MAX_NAME_WORDS:
            following = self.tokens[last + 1]
            if not (self.adjacent(self.tokens[last], following) and following.word.islower()):
                break
            if self.unambiguous(following):
                last += 1
            elif following.key in PARTICLES and last > index and last + 2 < len(self.tokens) \
                    and self.adjacent(following, self.tokens[last + 2]) and self.tokens[last + 2].word.islower() \
                    and self.tokens[last + 2].key not in STOP_WORDS and self.tokens[last + 2].key not in PARTICLES:
                last += 2
                break
            else:
                break
        if last == index:
            return None
        for position in range(index, last + 1):
            self.used.add(position)
        return Span(token.start, self.tokens[last].end, 0.7)


# "Nasra Ali Hassan, 13, is …": a small number between commas right after a name (Arabic commas are read as
# commas, see text.DIGITS).
# The number may end the sentence ("we met the head of household, Tendai Moyo, 15."), be estimated ("Kahindo
# Masika, approx 15, …"), end a list's item before a dash ("1. Bohdan Melnyk, 8 - with his aunt"), a table's cell
# ("| Nasrin, 6 |") or a bracket ("case 0412 (Furaha Kahindo, 11)").
_COMMA_AGE = re.compile(rf"(?<=, ){_ABOUT}1?\d(?=,|\.(?:\s|$)|[ \t]+[-–—][ \t]|[ \t]*[|)])")
# Case notes give the sex with the age, in any language: "Amina (F, 12)", "Musa (M/14)", "(12, girl)",
# "Yusuf, M, 9, lives with …".
_SEX = (r"(?:[MFHmf]|male|female|boy|girl|gar[çc]on|fille(?:tte)?|ni[ñn][oa]|menin[oa]|masculino|femenino|feminino|"
        r"ذكر|[أا]نثى|ولد|بنت)")
_AGE_UNIT = r"(?:\s*(?:years?|yrs?|y|ans?|a[ñn]os?|anos?|سن[ةه]|سنوات|عام(?:ا|اً)?))?"
_SEX_AGE = re.compile(rf"\(\s*{_SEX}\s*[,/;:\- ]\s*{_ABOUT}{_D}{_AGE_UNIT}\s*\)|"
                      rf"\(\s*{_D}{_AGE_UNIT}\s*[,/;\- ]\s*{_SEX}\s*\)", re.IGNORECASE)
# A year or date of birth in brackets right after a name, as registers abbreviate it: "Jerome Dela Cruz (b. 2011)",
# "Awa (née en 2016)", "(nacido 2012)".
# The year may be the Ethiopian calendar's ("(born 2009 E.C.)") or the Hijri one's ("1432 هـ").
_BORN_IN_BRACKETS = re.compile(r"\(\s*(?:b\.|born|n[ée]e?|nacid[oa]|nascid[oa]|d\.?o\.?b\.?|DDN|F\.\s?N\.)\s*:?\s*"
                               r"(?:(?:in|en|em)\s+)?(?:\d{1,2}[./-]){0,2}(?:19|20|14)\d{2}"
                               r"(?:\s*(?:E\.\s?C\.?|G\.\s?C\.?|A\.\s?H\.?|هـ))?\s*\)", re.IGNORECASE)
_COMMA_SEX_AGE = re.compile(r"(?<=, )[MFH]\s?[,/]\s?1?\d(?=\s*(?:[,;.)]|$))")
_APPOSED_BEFORE = re.compile(r"[,،]\s?$")
_APPOSED_AFTER = re.compile(r"\s*(?:[,،.;:)]|$)")
_CLAUSE_BREAK = re.compile(r"[.!?;:\n\u061f\u061b]\s")
_BARE_GAP = re.compile(r"[\s,(،]{0,3}")
_APPOSITION = re.compile(r"(?:\s+(?-i:[a-zà-öø-ÿ]{3,15}))?\s*,\s*")  # "the mother, ", "a mãe venezuelana, "
_NAME_ENDS = re.compile(r"\s*(?:[,.;:)(]|$)")
_LABEL_AGE = re.compile(r"(?:age|âge|edad|idade|(?:ال)?عمر)\s*:", re.IGNORECASE)
_FIELD_GAP = re.compile(r"[\s.,;|/–—-]{1,6}")
_LONE_NAME_NEXT = re.compile(r"[ \t]+(?-i:[a-zà-öø-ÿ]{2,15})(?!\w)")
_SENTENCE_GOES_ON = re.compile(r",\s*(?-i:[a-zà-öø-ÿ\u0621-\u064a])")
# Where an age set off by commas ends a sentence, a cell or a bracket: clear after a full name ("The girl is Nyaruot
# Gatdet Ruach, 14.", "(Furaha Kahindo, 11)"), not after a lone capitalised word, which may be a place's.
_ITEM_ENDS = re.compile(r"\s*(?:[.)|]|$)")


def _ages(text: str, languages: tuple[str, ...]) -> list[Span]:
    """Ages and birth dates, the clearest reading first where two patterns overlap."""
    _titles, _strong, _weak, ages, birth = _compiled(languages)
    found: list[Span] = []
    starts: list[int] = []  # the spans taken so far, in order of position, never overlapping: a bisect tells
    ends: list[int] = []  # whether a new one overlaps, where a scan of them all made long texts quadratic

    def add(start: int, end: int, strength: str, confidence: float = 0.9) -> None:
        index = bisect_left(starts, start)
        if (index and ends[index - 1] > start) or (index < len(starts) and starts[index] < end):
            return
        starts.insert(index, start)
        ends.insert(index, end)
        found.append(Span(start, end, confidence, strength=strength))

    # A birth in brackets first: the bracket ties it to the name before it ("Kidane Haile (born 2010 E.C.)").
    for pattern in (_SEX_AGE, _BORN_IN_BRACKETS):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), "tight")
    for match in birth.finditer(text):
        full = match.group("full") or match.group("detour")
        add(match.start(), match.end(), "birth" if full else "birth_year")
    for pattern in (_COMMA_SEX_AGE, _COMMA_AGE):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), "comma", 0.8)
    rank = {"strong": 0, "tight": 1, "weak": 2}
    for strength, pattern in sorted(ages, key=lambda item: rank[item[0]]):
        for match in pattern.finditer(text):
            if strength == "weak" and _APPOSED_BEFORE.search(text, max(0, match.start() - 2), match.start()) \
                    and _APPOSED_AFTER.match(text, match.end()):
                strength_here = "apposed"  # "Achta Mahamat, 13 ans, mariée …": set off by commas after a name
            else:
                strength_here = strength
            add(match.start(), match.end(), strength_here)
    return found


def _pair(text: str, age: Span, names: "_Nearby") -> Span | None:
    """The name this age or birth date belongs to: the nearest one in the same clause, close enough."""
    # How far before and after the age its name may be: an age set off by commas ("Achta Mahamat, 13 ans,")
    # belongs to the name right before it, or, as a weak age, to one a little after ("15 ans, prénommé Désiré").
    before, after = {"tight": (2, -1), "comma": (2, -1), "apposed": (2, 20), "weak": (20, 20)}.get(age.strength,
                                                                                                 (40, 40))
    best = None
    for name in names.around(age.start - max(before, 20), age.end + after):
        if name.end <= age.start:
            gap, limit = text[name.end:age.start], before
        elif age.end <= name.start:
            gap, limit = text[age.end:name.start], after
        else:
            continue
        fits = len(gap) <= limit and not _CLAUSE_BREAK.search(gap + " ")
        # An age given by its field's label right after the name's field: "Nom : X. Âge : 13 ans", "X | Edad: 16".
        fits = fits or (name.end <= age.start and bool(_FIELD_GAP.fullmatch(gap))
                        and bool(_LABEL_AGE.match(text, age.start)))
        if fits and (best is None or len(gap) < best[0]):
            best = (len(gap), name)
    return best[1] if best else None


class _Nearby:
    """The names of a text, found by position: each age looks only at the names near it (looking at them all
    made a text of many names and ages quadratic)."""

    def __init__(self, names: list[Span]):
        self.names = sorted(names, key=lambda name: name.start)
        self.starts = [name.start for name in self.names]
        self.longest = max((name.end - name.start for name in self.names), default=0)

    def around(self, start: int, end: int) -> list[Span]:
        """The names that overlap [start, end]."""
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end + 1)
        return [name for name in self.names[first:last] if name.end >= start]


_DESCRIBED_AFTER = re.compile(r"[ \t]+(?:girl|boy|child|kid|baby|refugee|orphan|student|pupil|survivor|daughter|son|"
                              r"twins?|siblings?|brother|sister|teen(?:ager)?|adolescent|national|citizen|returnee|"
                              r"asylum|migrant|youth|woman|man|mother|father|"
                              # "the 12-year-old Kakuma Cup tournament": a thing as old as that
                              r"tournament|programme|program|project|conflict|war|crisis|policy|initiative|festival|"
                              r"league|partnership|agreement|fund|plan|strategy|appeal|campaign|scheme|grant|course|"
                              r"curriculum|framework|model|study|survey|review|report|network|platform)\b",
                              re.IGNORECASE)  # "the 10-year-old Syria Response Plan", as titles capitalise it
# A document's parts, numbered after a comma as a reference gives them: "(Guidance Note, 4)", "(Step Two, 3)".
_DOCUMENT_PARTS = frozenset({"note", "notes", "step", "steps", "chapter", "part", "box", "paragraph", "article",
                             "volume", "tool", "toolkit", "guide", "guideline", "guidelines", "lesson", "phase",
                             "level", "round", "week", "day", "grade", "class", "item", "question", "exercise",
                             "activity", "handout", "slide", "appendix", "form", "template", "checklist"})


def _bare_name(text: str, age: Span, finder: _Names) -> Span | None:
    """A name the list does not know, told by its place: a capitalised word right before a clear age ("Kofi, 14
    years old"), any word after "the girl"/"الطفل" right before an age, or a name in apposition after a clear
    age ("the 9-year-old, Tatiana Bondarenko, …")."""
    index = bisect_left(finder.starts, age.start) - 1
    if index >= 0 and _BARE_GAP.fullmatch(text[finder.tokens[index].end:age.start]):
        token = finder.tokens[index]
        cued = index in finder.after_weak_cue
        # "Ayaan, 11, was identified": a small number between commas, the sentence going on in lower case.
        clear = age.strength in ("strong", "tight", "birth", "apposed") or (
            age.strength == "comma" and bool(_SENTENCE_GOES_ON.match(text, age.end))) or (
            # A full name (two words or more) before an age that ends the sentence, a cell or a bracket ("The girl
            # is Nyaruot Gatdet Ruach, 14."), or before a year of birth set off by a comma ("Uwimana Alice, née en
            # 2013").
            not token.arabic and index > 0 and finder.surname_like(finder.tokens[index - 1])
            and finder.adjacent(finder.tokens[index - 1], token) and finder.tokens[index - 1].key not in _REGION_WORDS
            and ((age.strength == "comma" and bool(_ITEM_ENDS.match(text, age.end)))
                 or (age.strength == "birth_year" and bool(set(",(") & set(text[token.end:age.start])))))
        if token.arabic:
            # "والطفل عمره 11 سنة": the conjunction is written joined to the word, which is no name either.
            key = token.key[1:] if token.key.startswith("و") and token.key[1:] in ARABIC_STOP else token.key
            fits = (cued or clear) and key not in ARABIC_STOP and len(key) >= 3 and (
                cued or not key.startswith("ال"))
        else:
            fits = (cued or clear) and (finder.surname_like(token) or finder.hyphened(token)) \
                and not (index == 0 and age.strength == "birth")
        if fits:
            first = index
            while first > 0 and index - first < 2 and finder.adjacent(finder.tokens[first - 1], finder.tokens[first]) \
                    and (finder.listed(finder.tokens[first - 1]) if token.arabic
                         else finder.surname_like(finder.tokens[first - 1])):
                first -= 1
            adjacent = first > 0 and finder.adjacent(finder.tokens[first - 1], finder.tokens[first])
            before = first - 1 if adjacent else first
            if any(finder.tokens[position].key in NAMED_AFTER or finder.tokens[position].key in SAINTS
                   for position in range(before, index)):
                return None  # "Travessa São Jorge, 18": a street and its door number
            if age.strength == "comma" and not cued and any(
                    word.key in _DOCUMENT_PARTS or (_THING_ENDING.search(word.word) and not finder.listed(word))
                    for word in finder.tokens[first:index + 1]):
                return None  # "(Guidance Note, 4)": a document's part and its number, as a reference gives them
            return Span(finder.tokens[first].start, token.end, 0.7)
    if age.strength == "strong":
        index = bisect_left(finder.starts, age.end)
        gap = text[age.end:finder.tokens[index].start] if index < len(finder.tokens) else ""
        # "the 9-year-old Tatiana Bondarenko arrived": right after "…-year-old", without a comma, a full name or a
        # given name the list knows ("the 9-year-old Somali girl" is none).
        attached = gap in (" ", "\t") and text[age.end - 3:age.end].lower() == "old"
        if index < len(finder.tokens) and (attached or _APPOSITION.fullmatch(gap)) \
                and finder.surname_like(finder.tokens[index]):
            last = index
            while last + 1 < len(finder.tokens) and last - index < 2 \
                    and finder.adjacent(finder.tokens[last], finder.tokens[last + 1]) \
                    and finder.surname_like(finder.tokens[last + 1]):
                last += 1
            words = finder.tokens[index:last + 1]
            if attached and ((last == index and not finder.listed(finder.tokens[index]))
                             or _DESCRIBED_AFTER.match(text, finder.tokens[last].end)
                             or (not any(finder.listed(word) for word in words)
                                 and any(_THING_ENDING.search(word.word) for word in words))):
                # "the 9-year-old South Sudanese girl": a nationality before the noun; "the 5-year-old Education Cannot
                # Wait fund": a fund's or a plan's name, as the noun after it or its words say
                return None
            if attached or text[finder.tokens[last].end:finder.tokens[last].end + 1] in ("", ",", ".", ";", ")"):
                return Span(finder.tokens[index].start, finder.tokens[last].end, 0.7)
    return None


# Offices whose holders are public figures, quoted by name in reports and news ("Filippo Grandi, High Commissioner",
# "UNICEF Executive Director Catherine Russell"): their names are no one's personal data. National and
# international offices only: a committee's chair or a community representative is a private person.
_PUBLIC_OFFICE = (
    r"(?:Executive\s+Director|Director[- ]General|Secretary[- ]General|(?:Deputy\s+)?High\s+Commissioner|"
    r"Special\s+(?:Representative|Rapporteur|Envoy)|(?:Prime\s+)?Minister|Ambassador|"
    r"Directr?(?:ice|eur)\s+(?:ex[ée]cuti(?:ve|f)|g[ée]n[ée]ral(?:e)?)|Secr[ée]taire\s+g[ée]n[ée]ral(?:e)?|"
    r"Haut(?:e)?[- ]Commissaire|Repr[ée]sentante?\s+sp[ée]cial(?:e)?|Rapporteur(?:e|se)?\s+sp[ée]cial(?:e)?|"
    r"(?:Premi(?:er|[èe]re)\s+)?[Mm]inistre|Ambassadeur|Ambassadrice|"
    r"Director(?:a)?\s+Ejecutiv[oa]|Secretari[oa]\s+General|Alt[oa]\s+Comisionad[oa]|Representante\s+Especial|"
    r"Relator(?:a)?\s+Especial|[Mm]inistr[oa]|Embajador(?:a)?|Diretor(?:a)?\s+Executiv[oa]|Secret[áa]ri[oa]-Geral|"
    r"Alt[oa]\s+Comiss[áa]ri[oa]|Embaixador(?:a)?|"
    r"(?:ال)?مدير(?:[ةه])?\s+(?:ال)?تنفيذي(?:[ةه])?|(?:ال)?[أا]مين(?:[ةه])?\s+(?:ال)?عام(?:[ةه])?|"
    r"(?:ال)?مفوض(?:[ةه])?\s+(?:ال)?سامي(?:[ةه])?|(?:ال)?ممثل(?:[ةه])?\s+(?:ال)?خاص(?:[ةه])?|(?:ال)?وزير(?:[ةه])?|"
    r"(?:ال)?سفير(?:[ةه])?)")
# The office right after the name, set off by a comma, perhaps after the organisation ("…, UNICEF Executive
# Director"), or right before it.
_OFFICE_AFTER = re.compile(rf"\s*[,،]\s*(?:(?:the|of|la|le|el|o|a|de|du|del|da|do)\s+|[A-Z][\w+-]{{0,14}}\s+){{0,3}}?"
                           rf"{_PUBLIC_OFFICE}(?!\w)")
_OFFICE_BEFORE = re.compile(rf"(?<!\w){_PUBLIC_OFFICE}\s*[,،]?\s*$")
# A head of state by title, right before the name: "President Ruto", "le président Félix Tshisekedi", "la presidenta
# Claudia Sheinbaum", "الرئيس …". Only as a title (capitalised, or after its article): "the committee president
# Grace Auma" or "presidenta del comité, Rosa" name a private person.
_HEAD_OF_STATE_BEFORE = re.compile(
    r"(?:(?-i:\b(?:President|Pr[ée]sident(?:e)?|Presidente|Presidenta|Vice-President|Queen|King|Pope|Pape))|"
    # "el papa Francisco", "o papa Francisco": the pope ("papá", "papai" and French "le papa" are a father).
    r"(?:\b(?:the|el|o)\s+)(?:pope|(?-i:papa))|\ble\s+pape|"
    r"(?:\b(?:the|le|la|el|o|a)\s+)(?:president|pr[ée]sident(?:e)?|presidente|presidenta|vice-president)|"
    r"(?<!\w)الرئيس)\s+$", re.IGNORECASE)
# "the president Grace Auma of the women's group": a president of something named after the name is anyone's.
_PRESIDENT_OF = re.compile(r"\s*,?\s*(?:of|du|de|del|da|do|des|d['’])(?!\w)", re.IGNORECASE)


def _public_figure(text: str, start: int, end: int) -> bool:
    """True when the name at [start, end] is given with a public office."""
    before = text[max(0, start - 40):start]
    return bool(_OFFICE_AFTER.match(text, end) or _OFFICE_BEFORE.search(before)
                or (_HEAD_OF_STATE_BEFORE.search(before) and not _PRESIDENT_OF.match(text, end)))


_NAME_UPPER = "A-ZÀ-ÖØ-ÝĀ-Ž"
# A street named after someone: "Prince Charles Drive", "Nelson Mandela Avenue", "Kenyatta Road".
_STREET_AFTER = re.compile(r"\s+(?:Drive|Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Close|Way|Crescent|Boulevard|"
                           r"Highway)(?!\w)")
# An institution, a place or a work named after someone, its word capitalised after the name, perhaps after a word
# that qualifies it: "Aliko Dangote Foundation", "Mother Teresa Hospital", "Aminu Kano International Airport",
# "Tafawa Balewa Square" ("Fondation Mérieux" is read by NAMED_AFTER before the name).
_INSTITUTION_AFTER = re.compile(
    r"[ \t]+(?-i:(?:International|National|Memorial|Teaching|General|Referral|Community|Primary|Secondary|High|"
    r"Girls|Boys)[ \t]+){0,2}"
    r"(?-i:Square|Stadium|Airport|Park|Hall|Library|Barracks|Cathedral|Study|Survey|Report|Review|Policy|Strategy|"
    r"Framework|Initiative|Foundation|Fondation|Fundaci[óo]n|Funda[çc][ãa]o|Hospital|H[ôo]pital|Clinic|Clinique|Cl[íi]nica|"
    r"School|College|University|Universit[ée]|Universidad|Universidade|Institute|Institut|Instituto|Academy|Trust|"
    r"Fund|Fonds|Fondo|Memorial|Prize|Award|Publishing|Publishers|Publications|Press|[ÉE]ditions|Ediciones|Editores|"
    r"Editora|Edi[çc][õo]es|Foods|Motors|Group|Company|Ltd|Inc)(?!\w)")
_ROLE_AFTER = re.compile(r"[ \t]+(?-i:Officer|Advis[eo]r|Manager|Coordinator|Specialist|Assistant|Lead|Director|"
                         r"Analyst|Consultant|Focal|Head|Chair|Ranger|Worker|Teacher|Nurse|Student|Librarian)(?!\w)")
# A person named with their role in brackets, as forwarded notes credit them: "Aïssatou Diallo (travailleuse
# sociale)", "Oksana Petrenko (caseworker, Lviv)", "Juma Ali (community volunteer)".
_ROLE_IN_BRACKETS = re.compile(
    rf"(?P<name>(?-i:[{_NAME_UPPER}][\w'’-]{{1,30}}(?:[ \t]+[{_NAME_UPPER}][\w'’-]{{1,30}}){{1,3}}))[ \t]*\([ \t]*"
    r"(?:(?:community|senior|child\s+protection|cp)\s+)?(?:case\s?workers?|social\s+workers?|case\s+managers?|"
    r"volunteers?|focal\s+points?|interpreters?|teachers?|travailleu(?:r|se)s?\s+soci(?:al|ale)s?|"
    r"assistant(?:e)?s?\s+soci(?:al|ale)s?|[ée]ducat(?:eur|rice)s?|b[ée]n[ée]voles?|relais\s+communautaires?|"
    r"gestionnaires?\s+de\s+cas|trabajador(?:a)?s?\s+social(?:es)?|gestor(?:a)?s?\s+de\s+casos?|"
    r"promotor(?:a)?s?|voluntari[oa]s?|assistentes?\s+socia(?:l|is)|t[ée]cnic[oa]s?\s+de\s+caso)(?![\w])",
    re.IGNORECASE)


# An author named after their works or a quotation ("a story from the novels of Naguib Mahfouz", "قصة من روايات
# نجيب محفوظ", "les romans de Mariama Bâ", "un cuento de Gabriela Mistral", "a quote by Paulo Freire"): a private
# person in a case is not introduced by what they wrote.
# The same for a quoted report or speech and for the verb that quotes ("Le rapport de Olara Otunnu", "citar a
# Rigoberta Menchú", "بكتاب علي الوردي", the preposition written joined to the noun).
_AUTHOR_BEFORE = re.compile(
    r"(?:\b(?:novels?|books?|poems?|short\s+stories|writings|quotes?|quotations?|speech|speeches)\s+(?:of|by)|"
    r"\b(?:romans?|livres?|po[èe]mes|nouvelles|citations?|rapport|discours)\s+(?:de|d['’])|"
    r"\b(?:novelas?|libros?|poemas?|cuentos?|citas?|informe|discursos?)\s+de|"
    r"\b(?:romances?|livros?|poemas?|contos?|cita[çc](?:ão|ões)|relat[óo]rio|discursos?)\s+de|"
    r"\b(?:quote|quoting|cite|citing|citer|citant|citar|citando|citamos|citons)(?:\s+(?:a|à))?|"
    r"(?<!\w)[بول]?(?:روايات|رواية|كتب|كتاب|قصائد|[أا]شعار|مؤلفات))\s*$", re.IGNORECASE)
# A work named after its author, or the author cited with a year in brackets as references are ("Paulo Freire's
# book", "(Margaret R. Thompson, 2004)"); and a storm named like a person ("Typhoon Rolly").
_WORK_AFTER = re.compile(r"(?:['’]s?)?\s+(?:speech|speeches|books?|novels?|poems?|quotes?|theory|framework|lecture)\b",
                         re.IGNORECASE)
_CITATION = re.compile(r"\((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3})(?:\s+et\s+al\.?)?\s*,\s*"
                       r"(?:1[6-9]|20)\d{2}[a-z]?(?:\s*[,:]\s*(?:pp?\.\s*)?\d+(?:[-–]\d+)?)?\)")
_STORM_BEFORE = re.compile(r"(?:\b(?:typhoon|hurricane|cyclone|tropical\s+storm|storm|ouragan|temp[êe]te|"
                           r"hurac[áa]n|tormenta|tuf[ãa]o|furac[ãa]o|ciclone|tempestade)|(?<!\w)(?:ال)?إعصار)\s+$",
                           re.IGNORECASE)


# A public figure quoted in guidance or training material: "As Graça Machel wrote", "Victor Hugo écrivait : « … »",
# "comme le disait Nelson Mandela", "كما كتب جبران خليل جبران". Writing verbs count before a quotation; saying verbs
# only after "as", "once" or "famously" ("Amina said 'he hit me'" is a case note, "As Mandela said" is not).
_SAY = (r"(?:wrote|writes|said|says|put\s+it|noted|[ée]crivait|[ée]crit|disait|dit|escrib[ií]a|escribi[óo]|dec[ií]a|"
        r"dijo|escreveu|escrevia|dizia|disse)")
_WRITE = r"(?:wrote|writes|[ée]crivait|a\s+[ée]crit|[ée]crivit|escrib[ií]a|escribi[óo]|escreveu|escrevia)"
_AR_SAY = r"(?:كتب|قال|كتبت|قالت|يقول|تقول|يكتب|تكتب)"
_QUOTING_BEFORE = re.compile(
    rf"(?:\b(?:comme|como|as)\s+(?:(?:le|lo|o)\s+|l['’])?{_SAY}\s+|(?<!\w)كما\s+{_AR_SAY}\s+(?:[^\W\d_]+\s+){{0,2}})$",
    re.IGNORECASE)
_AS_BEFORE = re.compile(r"\b(?:as|comme|como)\s+$", re.IGNORECASE)
_SAYS_AFTER = re.compile(rf"\s+(?:once\s+|famously\s+)?{_SAY}\b", re.IGNORECASE)
_QUOTED_AFTER = re.compile(
    rf"\s+(?:{_WRITE}\s*(?:that\s+|que\s+|:\s*)?[«“\"‘']|(?:once|famously)\s+(?:said|wrote)\b|"
    r"a\s+dit\s+un\s+jour|dijo\s+una\s+vez|disse\s+(?:uma|certa)\s+vez)", re.IGNORECASE)


# People known to all by their work, named with it: "the Colombian writer Gabriel García Márquez", "la chanteuse
# Angélique Kidjo", "Shakira, the singer,", "o escritor Machado de Assis", "الشاعر محمود درويش"; or with the years
# of their life ("Nelson Mandela (1918-2013)"). A community activist or volunteer is a private person: only
# callings of public renown count.
_RENOWN = (r"(?:writer|author|novelist|poet|playwright|singer|songwriter|musician|actor|actress|footballer|"
           r"philosopher|Nobel\s+(?:Peace\s+)?(?:Prize\s+)?(?:laureate|winner)|[ée]crivain(?:e)?|romanci(?:er|[èe]re)|"
           r"po[èe]te(?:sse)?|chanteu(?:r|se)|musicien(?:ne)?|acteur|actrice|footballeur|philosophe|"
           r"prix\s+Nobel(?:\s+de\s+la\s+paix)?|escritor(?:a)?|novelista|romancista|poeta(?:isa)?|cantante|cantor(?:a)?|"
           r"m[úu]sico|actor|actriz|ator|atriz|futbolista|jogador(?:a)?|fil[óo]sofo|fil[óo]sofa|"
           r"premio\s+Nobel|pr[ée]mio\s+Nobel|(?:ال)?(?:كاتب|شاعر|روائي|مغني|فنان|أديب)[ةه]?)")
# With the definite article, as one names someone the reader knows ("the writer", "el escritor", "o escritor",
# "الشاعر"): "a singer at church" is anyone. Portuguese "a" and "o" only before Portuguese words, as "a" is
# English's indefinite article.
_THE = r"(?:\b(?:the|el|la|le|les|los|las)\s+|\bl['’]\s*)"
_RENOWN_PT = (r"(?:escritor(?:a)?|romancista|poet(?:a|isa)|cantor(?:a)?|ator|atriz|jogador(?:a)?|fil[óo]sof[oa]|"
              r"pr[ée]mio\s+Nobel)")
_RENOWNED_BY = rf"(?:{_THE}(?:[\w-]+\s+)?{_RENOWN}|\b(?:o|a|os|as)\s+(?:[\w-]+\s+)?{_RENOWN_PT})"
# The calling, perhaps a nationality after it, and perhaps a first name the list does not know ("l'écrivain Victor
# Hugo", where only "Hugo" is found).
_RENOWN_BEFORE = re.compile(rf"(?:{_RENOWNED_BY}(?:\s+(?-i:[a-zà-öø-ÿ]{{3,15}}))?"
                            rf"(?:\s+(?-i:[{_NAME_UPPER}][\w'’-]{{1,30}}))?|"
                            rf"(?<!\w)ال(?:كاتب|شاعر|روائي|مغني|فنان|أديب)[ةه]?)\s*,?\s*$", re.IGNORECASE)
_RENOWN_AFTER = re.compile(
    rf"\s*[,،]\s*(?:{_THE}(?:[\w-]+\s+){{0,2}}?{_RENOWN}|\b(?:o|a)\s+(?:[\w-]+\s+){{0,2}}?{_RENOWN_PT})(?!\w)|"
    r"\s*\(\s*(?:1[89]|20)\d{2}\s*[-–—]\s*(?:1[89]|20)\d{2}\s*\)", re.IGNORECASE)


def _renowned(text: str, name: Span) -> bool:
    """True when the name is given with a calling of public renown, or with the years of a life."""
    return bool(_RENOWN_BEFORE.search(text, max(0, name.start - 50), name.start) or _RENOWN_AFTER.match(text, name.end))


def _quoted(text: str, name: Span) -> bool:
    """True when the name is a quoted author's: after "as …wrote" or "كما كتب", or before a writing verb and a
    quotation, or before "once said"."""
    before = text[max(0, name.start - 40):name.start]
    if _QUOTING_BEFORE.search(before) or _QUOTED_AFTER.match(text, name.end):
        return True
    return bool(_AS_BEFORE.search(before) and _SAYS_AFTER.match(text, name.end))


def _a_street(text: str, name: Span) -> bool:
    """True when the name is a street's or an institution's: followed by a street or an institution's word, or grown
    over one ("Prince Charles Drive", "Aliko Dangote Foundation", "Uncle Sam Publishing"); not when a role follows
    that word ("Grace Auma Policy Officer" is a person and her post)."""
    if _STREET_AFTER.match(text, name.end):
        return True
    institution = _INSTITUTION_AFTER.match(text, name.end)
    if institution:
        return not _ROLE_AFTER.match(text, institution.end())
    last = text.rfind(" ", name.start, name.end)
    if last <= name.start:
        return False
    return bool(_STREET_AFTER.fullmatch(text, last, name.end)) or bool(
        _INSTITUTION_AFTER.fullmatch(text, last, name.end) and not _ROLE_AFTER.match(text, name.end))


# A person named with their kinship in brackets, even by one name the list does not know: "Spoke to Nyakuoth
# (mother)", "Kabeya Mutombo (oncle paternel)", "Rosa Quiñones (abuela materna)".
_KIN_IN_BRACKETS = re.compile(
    rf"(?P<name>(?-i:[{_NAME_UPPER}][\w'’-]{{1,30}}(?:[ \t]+[{_NAME_UPPER}][\w'’-]{{1,30}}){{0,3}}))[ \t]*\([ \t]*"
    rf"(?:{_RELATIVE_LABELS}|sister|brother|son|daughter|wife|husband|widow|s[œo]eur|fr[èe]re|fils|fille|[ée]pouse|"
    r"veuve|herman[oa]|hij[oa]|espos[oa]|viud[oa]|irm[ãa]o?|filh[oa]|vi[úu]v[oa])(?:[ \t]+[^\W\d_]{3,12})?[ \t]*\)",
    re.IGNORECASE)


_CAPITALISED_NAME = rf"(?P<name>[{_NAME_UPPER}][\w'’-]{{1,30}}(?:[ \t]+[{_NAME_UPPER}][\w'’-]{{1,30}}){{1,3}})"
# A person of two to four capitalised words right after their kinship or household in lower case, even names the
# list does not know: "stays with grandfather Gebrehiwet Kahsay near …", "tío Wilmer Cardozo, Cúcuta", "la familia
# de Yuleisi Montilla (abuela …)", "Le neveu de ma voisine, Mahamat Abakar, n'est pas rentré".
# After a family or a household the name must end at a stop ("the family of Bar Elias camp" is a place's).
_KIN_BEFORE = re.compile(
    rf"(?<![\w-])(?:(?:{_RELATIVE_LABELS}|sister|brother|son|daughter|wife|husband|neighbou?r|voisine?|vecin[oa]|"
    r"vizinh[oa]|s[œo]eur|fr[èe]re|herman[oa]|irm[ãa]o?|head\s+of\s+(?:the\s+)?(?:household|family)|"
    r"chef\s+de\s+(?:m[ée]nage|famille)|jef[ae]\s+de\s+(?:hogar|familia)|chefe\s+de\s+fam[íi]lia)"
    # "her mother is Nyamal Gai", "le chef de ménage est Issa Kaboré".
    r"(?:(?P<comma>[ \t]*,[ \t]*)|[ \t]+(?:is|was|est|[ée]tait|es|era|é)[ \t]+|[ \t]+)"
    rf"{_CAPITALISED_NAME}(?=[ \t]*(?:[,.;:)(<\n]|$)|[ \t]+[a-zà-öø-ÿ])|"
    r"(?i:(?:family|household)\s+of|(?:famil(?:le|ia)|fam[íi]lia)(?:\s+(?:d['’]accueil|de\s+acogida|de\s+acolhimento))?"
    rf"\s+d[eao]|(?:agregado|m[ée]nage|hogar)\s+d[eo])[ \t]+{_CAPITALISED_NAME.replace('?P<name>', '?P<household>')}"
    r"(?=[ \t]*(?:[,.;:)(<\n]|$)))")
# A relative's word opening a sentence or an item, before a full name: "Father Samer Abu Odeh, ID …", "Mère : …" is a
# label (see STRONG_CUES). Two to four capitalised words, as after a kinship word in lower case.
_KIN_OPENING = re.compile(
    r"(?:^|(?<=[.!?;\n•|–—]))[ \t]*(?:Mother|Father|Aunt|Uncle|Grandmother|Grandfather|Guardian|Caregiver|Stepmother|"
    r"Stepfather|Husband|Wife|M[èe]re|P[èe]re|Tante|Oncle|Grand-m[èe]re|Grand-p[èe]re|Madre|Padre|T[íi][ao]|"
    r"Abuel[ao]|M[ãa]e|Pai|Av[óô])(?:[ \t]*,[ \t]*|[ \t]+)"
    rf"{_CAPITALISED_NAME}(?=[ \t]*(?:[,.;:)(<\n|]|$)|[ \t]+[a-zà-öø-ÿ])", re.MULTILINE)
# A worker named after their role in lower case, as reports credit them: "reported by the caseworker Aline
# Mukeshimana,", "l'agente Jeanine Habonimana :", "la promotora Dilia Castro", "o agente comunitário Elias Muianga".
_ROLE_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:community|senior|child\s+protection)\s+)?(?:case\s?worker|social\s+worker|case\s+manager|"
    r"volunteer|focal\s+point|interpreter|enumerator|facilitator|mobili[sz]er|nurse|agente?|"
    r"travailleu(?:r|se)\s+social(?:e)?|assistante?\s+social(?:e)?|animat(?:eur|rice)|[ée]ducat(?:eur|rice)|"
    r"b[ée]n[ée]vole|relais(?:\s+communautaire)?|enqu[êe]t(?:eur|rice)|infirmi(?:er|[èe]re)|"
    r"gestionnaire\s+de\s+cas|trabajador(?:a)?\s+social|gestor(?:a)?\s+de\s+casos?|promotor(?:a)?|voluntari[oa]|"
    r"enfermer[oa]|facilitador(?:a)?|assistente\s+social|agente\s+comunit[áa]ri[oa]|t[ée]cnic[oa]\s+de\s+caso|"
    r"educador(?:a)?|enfermeir[oa])(?:[ \t]*,[ \t]*|[ \t]+)"
    rf"{_CAPITALISED_NAME}(?=[ \t]*(?:[,.;:)(<\n]|$)|[ \t]+[a-zà-öø-ÿ])")
_REGION_WORDS = frozenset({"south", "north", "east", "west", "central", "democratic", "upper", "lower", "new", "saudi",
                           "sud", "nord", "est", "ouest", "sur", "norte", "este", "oeste", "centrafricain", "centro"})
_NOT_KIN_NAMES = frozenset({"earth", "nature", "tongue", "christmas", "superior", "church", "land", "language", "day"})
# Words that end as names of things do ("the volunteer Training Package", "le relais Case Management"): a document's
# or a programme's title, not a person's name, unless the names list knows one of its words.
_THING_ENDING = re.compile(r"(?:ing|tion|ment|ance|ence|ity|ship|ness|ure|ism|ogy|ines|kit|ci[óo]n|si[óo]n|dad|tad|"
                           r"aria|ario|aire|it[ée]|[çc][ãa]o|ismo|ista|mento|miento)$", re.IGNORECASE)
# The sender in a mail's header, forwarded or quoted ("> De : Zenaba Idriss", "De: Luzia Bernardo <luzia…>").
_POSSESSIVE = re.compile(r"['’]s?$")
_SENDER_HEADER = re.compile(rf"^[ \t>]*(?:From|De|من)[ \t]*:[ \t]*{_CAPITALISED_NAME}[ \t]*(?=<|$)", re.MULTILINE)


def _role_named(text: str, finder: "_Names") -> list[Span]:
    """People named with their role or kinship in brackets or before them, or as a mail's sender (the words of the
    name capitalised, none a stop word); a first word that only starts the sentence is left out ("Visited Adut
    (grandmother)")."""
    found = []
    for match in (*_ROLE_IN_BRACKETS.finditer(text), *_KIN_IN_BRACKETS.finditer(text), *_KIN_BEFORE.finditer(text),
                  *_SENDER_HEADER.finditer(text), *_KIN_OPENING.finditer(text), *_ROLE_BEFORE.finditer(text)):
        group = "household" if match.groupdict().get("household") else "name"
        words = match.group(group).split()
        if any(name_key(word) in STOP_WORDS or word in ACRONYMS for word in words):
            continue
        if match.re is _KIN_BEFORE and name_key(words[0]) in _REGION_WORDS:
            continue  # "her mother is South Sudanese": a nationality, after the verb
        if match.re is _KIN_BEFORE and match.groupdict().get("comma") \
                and not _NAME_ENDS.match(text, match.end(group)) \
                and not any(finder.listed_key(name_key(word)) for word in words):
            # "head of household, Female Headed Households are prioritised": after a comma a list or a new clause
            # may start; an apposition ends at a stop ("the father, Abdikadir Nuur Xuseen, …") or is a known name.
            continue
        if match.re is _KIN_OPENING and name_key(words[0]) in _NOT_KIN_NAMES:
            continue  # "Mother Earth Day", "Father Christmas": no one's name
        if any(_POSSESSIVE.search(word) for word in words[:-1]):
            continue  # "Uncle Tom's Cabin", "Mother Mary's Home": a thing named after its owner
        if match.re is _ROLE_BEFORE and not any(finder.listed_key(name_key(word)) for word in words) \
                and any(_THING_ENDING.search(word) for word in words):
            continue  # "the volunteer Training Package": a document's title
        if match.re is _KIN_OPENING and any(_THING_ENDING.search(word) and not finder.listed_key(name_key(word))
                                            for word in words[1:]):
            continue  # "Uncle Sam Publishing": a firm, as a later word says, though the list knows "Sam"
        if match.re is _SENDER_HEADER and any(word.isupper() for word in words):
            continue  # a team or an office sends in capitals: "De: Coordinación GBV Arauca"
        found.append(Span(_past_sentence_opener(text, match.start(group), finder), match.end(group), 0.8))
    return found


_OPENS_SENTENCE = re.compile(r"(?:^|[.!?\u061f][ \t]+)$")


def _past_sentence_opener(text: str, start: int, finder: "_Names") -> int:
    """Where a run of capitalised words found as a name starts once a first word that only opens the sentence is left
    out ("Visited Adut (grandmother)", "Visitámos Celso Mahumane e …"): a word the names list does not know, at the
    start of the text or after a full stop, with more of the name after it. After a colon, a bullet or a line break
    a list begins, whose first word is a name's ("Children identified: Mwamba Kalonji Grâce, …"), so it stays."""
    index = bisect_left(finder.starts, start)
    if index + 1 >= len(finder.tokens) or finder.tokens[index].start != start \
            or not finder.adjacent(finder.tokens[index], finder.tokens[index + 1]):
        return start
    if finder.listed(finder.tokens[index]) or not _OPENS_SENTENCE.search(text, max(0, start - 3), start):
        return start
    return finder.tokens[index + 1].start


_BOTH_NAME = rf"(?-i:[{_NAME_UPPER}][\w'’-]{{1,30}})(?:[ \t]+(?-i:[{_NAME_UPPER}][\w'’-]{{1,30}})){{0,2}}"
# Siblings given one age for all: "Apio and Opio, both 6", "Awa et Fanta, toutes deux âgées de 9 ans", "Luis y Ana,
# ambos de 7 años". The number must be an age (a unit of years or nothing after it): "sites A and B, both 5 km
# away" is a distance.
_BOTH_AGED = re.compile(
    rf"(?P<names>{_BOTH_NAME}(?:\s*,\s*{_BOTH_NAME}){{0,3}}\s*,?\s+(?:and|et|y|e|&)\s+{_BOTH_NAME})\s*,\s*"
    r"(?:both|all|tous\s+(?:les\s+)?(?:deux|trois)|toutes\s+(?:les\s+)?(?:deux|trois)|ambos|ambas|os\s+dois|"
    r"as\s+duas|todos|todas)\s+"
    rf"(?:aged\s+|[âa]g[ée]e?s\s+de\s+|de\s+|com\s+)?{_ABOUT}{_D}"
    r"(?:\s*(?:years?(?:\s+old)?|yrs?|ans|a[ñn]os|anos)\b)?(?=\s*(?:[,.;:)]|$)|\s+(?:and|et|y|e|who|qui|que)\b)",
    re.IGNORECASE)


# Twins and siblings named and given one age without "both": "the twins Apio and Opio, 6,", "ses jumeaux Awa et Adama,
# 4 ans", "los mellizos Luis y Ana, de 7 años", "as gêmeas Rosa e Lia, 5 anos".
_SIBLINGS_AGED = re.compile(
    r"(?<!\w)(?i:twins|siblings|brothers|sisters|jumeaux|jumelles|fr[èe]res|s[œo]eurs|gemel[oa]s|mellizos|mellizas|"
    r"herman[oa]s|g[êe]me(?:o|a)s|irm[ãa]os|irm[ãa]s)[ \t]*:?[ \t]+"
    rf"(?P<names>{_BOTH_NAME}(?:\s*,\s*{_BOTH_NAME}){{0,3}}\s*,?\s+(?i:and|et|y|e|&)\s+{_BOTH_NAME})\s*,\s*"
    rf"(?i:aged\s+|[âa]g[ée]e?s\s+de\s+|de\s+|com\s+)?{_ABOUT}{_D}"
    r"(?i:\s*(?:years?(?:\s+old)?|yrs?|ans|a[ñn]os|anos)\b)?(?=\s*(?:[,.;:)]|$)|\s+(?:and|et|y|e|who|qui|que)\b)")


def _both_aged(text: str) -> list[Span]:
    """Two or more names joined by "and" and given one age ("Akello and Okello, both 5", "the twins Apio and Opio,
    6"): one span for them all, when no word of the names is a stop word or an acronym ("Camp and Zone, both 5",
    "UNICEF and IRC, both 12")."""
    found = []
    for match in (*_BOTH_AGED.finditer(text), *_SIBLINGS_AGED.finditer(text)):
        words = [word for word in re.findall(r"[\w'’-]+", match.group("names")) if word[:1].isupper()]
        if any(name_key(word) in STOP_WORDS or word in ACRONYMS or word.isupper() for word in words):
            continue
        found.append(Span(match.start("names"), match.end(), 0.8))
    return found


# After a colon or a semicolon a list or a label's value begins, whose first word is a name's ("Present: Esther
# Kahindo, 15", "Rapport : Aline Uwase (9 ans)"), as _past_sentence_opener reads it too.
_SENTENCE_START = re.compile(r"(?:^|[.!?\n\u061f]|[-–•*])\s*$")


def _given_name_before(text: str, name: Span, finder: _Names) -> int:
    """Where a name paired with an age starts, taking in a capitalised word right before it inside a sentence: the
    list may know a surname ("Tesfaye") and not the given name before it ("we met Meron Tesfaye, 16"), which
    would be left in clear. A capitalised word that starts a sentence may be any word, so it is left out."""
    index = bisect_left(finder.starts, name.start)
    if not 0 < index < len(finder.tokens) or finder.tokens[index].start != name.start:
        return name.start
    before, first = finder.tokens[index - 1], finder.tokens[index]
    if first.arabic or not finder.adjacent(before, first) or not finder.surname_like(before) \
            or before.key in NAMED_AFTER or before.key in SAINTS:
        return name.start
    earlier_end = finder.tokens[index - 2].end if index >= 2 else 0
    if index < 2 or _SENTENCE_START.search(text, earlier_end, before.start):
        return name.start
    return before.start


# An initial and a surname, as notes credit a volunteer or a caregiver ("from A. Diallo", "(K. Nyamal, caseworker)"):
# at the start of the text or a clause, after a bracket or a separator, or after a word that introduces a person.
# Not after "annex", "option" or "plan": "annex B. Budget lines" is a document's part, and a capital letter ending
# a sentence is read the same way ("vitamin A. Mothers …"), which those words and the start of a clause keep out.
# Outlines letter their headings the same way ("A. Background, B. Methodology", "Axe 1 : A. Renforcement"): a letter
# next to another lettered heading in the text, or "A." and "I." (an outline's first) without such a word, are left.
_INITIAL = re.compile(
    rf"(?:^|[(\[,;:/\n–—•*-][ \t]?|\b(?P<word>from|by|with|to|cc|par|avec|pour|por|con|com|para)[ \t]+)"
    rf"(?P<initial>(?-i:[{_NAME_UPPER}]))\.[ \t]?(?=(?-i:[{_NAME_UPPER}])[\w'’-]{{2,30}}(?!\w))", re.IGNORECASE)
_LETTERED = re.compile(r"(?<![\w.])([A-Z])\.[ \t]?(?=[A-Z])")


_ADDRESS_PART = re.compile(r"[ \t]*[,;][ \t]*")


def _initialled(text: str, finder: _Names) -> list[Span]:
    """Names written with an initial and a surname ("A. Diallo", "M. K. Nyamal" is read from its last initial)."""
    found = []
    letters = None
    for match in _INITIAL.finditer(text):
        initial = match.group("initial")
        if initial in "AI" and not match.group("word"):
            continue
        letters = letters if letters is not None else {heading.group(1) for heading in _LETTERED.finditer(text)}
        if chr(ord(initial) - 1) in letters or chr(ord(initial) + 1) in letters:
            continue  # "B." beside "A." or "C.": an outline's headings
        index = finder.token_after(match.end())
        if index is None or index in finder.used:
            continue
        token = finder.tokens[index]
        if not finder.surname_like(token) or token.key in NAMED_AFTER or token.key in SAINTS or token.all_caps:
            continue
        last = finder.extend(index, index)
        separator = _ADDRESS_PART.match(text, finder.tokens[last].end)
        street = finder.token_after(separator.end()) if separator else None
        if street is not None and finder.tokens[street].key in NAMED_AFTER:
            continue  # "Q. Mabanga-Sud, av. Lumumba": a quarter (quartier) before its avenue, in an address
        found.append(Span(match.start("initial"), finder.tokens[last].end, 0.7))
    return found


# Between the items of a list of names: a comma or semicolon, perhaps "and", or a numbered item's mark ("2) ").
_LIST_SEPARATOR = re.compile(
    r"[ \t]*[,;][ \t]*(?:(?:and|et|y|e)[ \t]+)?(?:\d{1,2}[).][ \t]*)?|[ \t]+(?:and|et|y|e)[ \t]+", re.IGNORECASE)
_ITEM_END = re.compile(r"[ \t]*(?:[,;.)|\n]|$)")


def _listed_with_names(text: str, names: list[Span], finder: _Names) -> list[Span]:
    """The other items of a list of names ("Ndaye Kasongo Merveille ; Kabeya Mutombo Joël ; …", "Arlindo Macuácua e
    Felizarda Mabunda"), where the list knows a name of one item and none of another, as surnames come first in
    registers: items of two to four capitalised words that are no stop words, set off by commas, semicolons or
    "and", next to an item found as a name. An item after the known one must end the list or a clause; one before
    it is ended by the separator."""
    runs = []  # (first token, last token, whether an item ends there) of each run of two or more capitalised words
    index = 0
    while index < len(finder.tokens):
        if not finder.surname_like(finder.tokens[index]):
            index += 1
            continue
        last = index
        while last + 1 < len(finder.tokens) and last - index + 1 < MAX_NAME_WORDS \
                and finder.adjacent(finder.tokens[last], finder.tokens[last + 1]) \
                and finder.surname_like(finder.tokens[last + 1]):
            last += 1
        if last > index:
            runs.append((index, last, bool(_ITEM_END.match(text, finder.tokens[last].end))))
        index = last + 1
    found_at = sorted((name.start, name.end) for name in names)
    starts = [start for start, _end in found_at]

    def known(first: int, last: int) -> bool:
        start, end = finder.tokens[first].start, finder.tokens[last].end
        position = bisect_left(starts, end)
        return position > 0 and found_at[position - 1][1] > start

    found = []
    for (first, last, _ends), (next_first, next_last, next_ends) in pairwise(runs):
        if not _LIST_SEPARATOR.fullmatch(text, finder.tokens[last].end, finder.tokens[next_first].start):
            continue
        before, after = known(first, last), known(next_first, next_last)
        if before and not after and next_ends:
            found.append(Span(finder.tokens[next_first].start, finder.tokens[next_last].end, 0.7))
        elif after and not before:
            start = _past_sentence_opener(text, finder.tokens[first].start, finder) if last > first + 1 \
                else finder.tokens[first].start
            found.append(Span(start, finder.tokens[last].end, 0.7))
    return found


# A monarch's or a pope's number after the name: "Mohammed V University", "Escola Dom Pedro II", "King Abdullah II
# Fund" (a lone "I" is left out: it is the pronoun too).
_REGNAL = r"(?-i:II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI)(?!\w)"
_REGNAL_AFTER = re.compile(rf"[ \t]+{_REGNAL}")
_REGNAL_LAST = re.compile(rf"(?<=[ \t]){_REGNAL}$")


def _regnal(text: str, name: Span) -> bool:
    """True when the name is a monarch's or a pope's, by the number after it (or that it grew over)."""
    return bool(_REGNAL_AFTER.match(text, name.end) or _REGNAL_LAST.search(text, name.start, name.end))


# An address's first word is a place's, though it may be a name ("Address: Imbaba, Giza", a district of Giza).
_ADDRESS_LABEL = re.compile(r"(?:\b(?:address|adresse|direcci[óo]n|endere[çc]o|morada|domicilio|domicile)|"
                            r"(?<!\w)العنوان)\s*:\s*$", re.IGNORECASE)


def _cited(text: str, name: Span) -> bool:
    """True when the name is an author's or a storm's: before their work, inside a reference, after a storm."""
    if _WORK_AFTER.match(text, name.end) or _STORM_BEFORE.search(text, max(0, name.start - 25), name.start):
        return True
    opening = text.rfind("(", max(0, name.start - 40), name.start + 1)
    return opening >= 0 and bool((match := _CITATION.match(text, opening)) and match.end() >= name.end)


def _private(names: list[Span], text: str) -> list[Span]:
    """The names that are no public figure's, monarch's, author's, renowned person's, storm's or street's."""
    return [name for name in names
            if not _public_figure(text, name.start, name.end) and not _a_street(text, name) and not _regnal(text, name)
            and not _AUTHOR_BEFORE.search(text, max(0, name.start - 30), name.start) and not _quoted(text, name)
            and not _renowned(text, name) and not _cited(text, name)
            and not _ADDRESS_LABEL.search(text, max(0, name.start - 20), name.start)]


# A household's children listed after their label, each name with a bare age: "Children: Lado Wani 9, Keji Grace
# 5", "Enfants : Awa Traoré (9) et Issa Traoré (6)", "Hijos: Brayan 12 y Yuliana 9".
_CHILDREN_LABEL = re.compile(r"\b(?:children|kids|enfants|hij[oa]s|niñ[oa]s|filh[oa]s|crian[çc]as)\s*:[ \t]*",
                             re.IGNORECASE)
_LISTED_CHILD = re.compile(
    rf"(?P<name>[{_NAME_UPPER}][\w'’-]{{1,30}}(?:[ \t]+[{_NAME_UPPER}][\w'’-]{{1,30}}){{0,3}})[ \t]*,?[ \t]*"
    r"(?:\(\s*1?\d\s*\)|1?\d(?:[ \t]*(?:y|yrs?|years?|ans|a[ñn]os|anos))?(?![\w.,]\d|\w))")
_CHILD_SEPARATOR = re.compile(r"[ \t]*(?:[,;]|and|et|y|e)[ \t]+", re.IGNORECASE)


def _listed_children(text: str) -> list[Span]:
    """The children listed with their ages after a "Children:" label."""
    found = []
    for label in _CHILDREN_LABEL.finditer(text):
        position = label.end()
        while (item := _LISTED_CHILD.match(text, position)) is not None:
            first = item.group("name").split()[0]  # later words may be stop words: "Akol Mercy 6"
            if name_key(first) in STOP_WORDS or first in ACRONYMS:
                break
            found.append(Span(item.start(), item.end(), 0.8))
            separator = _CHILD_SEPARATOR.match(text, item.end())
            if separator is None:
                break
            position = separator.end()
    return found


# A child named in lower case, as chats and text messages write, between a word for a child and an age with its unit:
# "la petite awa sawadogo 12 ans", "girl akello mercy 11yrs", "el niño yeison 9 añitos", "o menino zito 7 anos". The
# words between must be no stop words nor words that describe the child ("the girl only 13 years", "le petit
# frère 5 ans"); one word alone must be a given name the list knows.
_LOWER_CHILD = re.compile(
    r"(?<!\w)(?i:girl|boy|child|kid|baby|orphan|ni[ñn][oa]|nen[ea]|chic[oa]|menor|menin[oa]|crian[çc]a|garot[oa]|"
    r"fille(?:tte)?|gar[çc]on|petite?|enfant|b[ée]b[ée])[ \t]+"
    r"(?P<name>(?:(?-i:[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]{1,20})[ \t]+){1,4}?)"
    r"(?P<age>1?\d[ \t]*(?i:years?(?:[ \t]*old)?|yrs?|y/?o|ans|a[ñn]os|añitos|anos|aninhos)(?!\w))")
_NOT_A_CHILDS_NAME = frozenset(name_key(word) for word in split_words("""
    aged age about around approx approximately nearly almost only just now still barely already also who was is
    has had turned turning little small young younger youngest older oldest eldest elder new same other
    girl boy child kid baby orphan twin twins brother sister cousin frere soeur cousine petit petite fille garcon
    enfant bebe jeune dernier derniere aine ainee cadet cadette seul seule environ ses son sa avait aura a
    nino nina hermano hermana hermanito hermanita primo prima menor mayor pequeno pequena apenas casi solo tiene
    tenia cumple cumplio unos unas de del
    menino menina irmao irma irmaozinho irmazinha primo prima pequeno pequena quase apenas tem tinha fez uns umas
    separated unaccompanied disabled missing lost sick pregnant
    separe separee non accompagne accompagnee disparu disparue malade enceinte
    separado separada no acompanado acompanada desaparecido desaparecida enfermo enferma embarazada
    separado separada desacompanhado desacompanhada desaparecido desaparecida doente gravida
"""))


def _lower_case_children(text: str, finder: "_Names") -> list[Span]:
    """Children named in lower case between a word for a child and their age ("girl akello mercy 11yrs")."""
    found = []
    for match in _LOWER_CHILD.finditer(text):
        words = match.group("name").split()
        keys = [name_key(word) for word in words]
        if any(key in STOP_WORDS or key in _NOT_A_CHILDS_NAME or key in PARTICLES for key in keys):
            continue
        if len(words) == 1 and keys[0] not in finder.names:
            continue
        found.append(Span(match.start("name"), match.end("age"), 0.8))
    return found


# A word for a child right before an age in brackets or between commas, the name after it: "Child (14) Ahmad Noori was
# found", "the girl, 12, Maryam Yusuf,", "L'enfant (12 ans), Moussa Diarra,", "الطفل (12 سنة) أحمد".
_CHILD_BEFORE_AGE = re.compile(r"(?:child|girl|boy|kid|baby|teen(?:ager)?|adolescente?|enfant|fille(?:tte)?|"
                               r"gar[çc]on|ni[ñn][oa]|menor|menin[oa]|crian[çc]a|(?:ال)?طفل[ةه]?|(?:ال)?فتا[ةه])"
                               r"[ \t]*,?[ \t]*$", re.IGNORECASE)
_AGE_THEN_NAME = re.compile(r"[ \t]*[,،]?[ \t]*")


def _name_after_age(text: str, age: Span, names: _Nearby, finder: _Names) -> Span | None:
    """The name right after an age given after a word for a child ("Child (14) Ahmad Noori"): one found, or two
    capitalised words or more."""
    if age.strength not in ("tight", "comma") or not _CHILD_BEFORE_AGE.search(text, max(0, age.start - 20), age.start):
        return None
    start = _AGE_THEN_NAME.match(text, age.end).end()
    for name in names.around(start, start + 1):
        if name.start == start:
            return name
    index = finder.token_after(start)
    if index is None or finder.tokens[index].start != start or not finder.surname_like(finder.tokens[index]):
        return None
    last = finder.extend(index, index)
    return Span(start, finder.tokens[last].end, 0.7) if last > index else None


def find_people(text: str, languages: tuple[str, ...]) -> list[tuple[str, int, int, float]]:
    """Names (person_name) and names with an age or birth date (child_name_age) as (kind, start, end, confidence)."""
    finder = _Names(text, languages)
    names = _private([*finder.find(), *_role_named(text, finder), *_initialled(text, finder)], text)
    # A list's other items are names only next to a private person's (a public figure's list may name offices).
    names += _private(_listed_with_names(text, names, finder), text)
    results = [(PERSON_NAME, name.start, name.end, name.confidence) for name in names]
    results += [(CHILD_NAME_AGE, span.start, span.end, span.confidence)
                for span in (*_both_aged(text), *_listed_children(text), *_lower_case_children(text, finder))]
    nearby = _Nearby(names)
    for age in _ages(text, languages):
        name = _pair(text, age, nearby)
        if name is None or " " in text[name.start:name.end]:
            bare = _bare_name(text, age, finder)
            if name is None:
                name = bare or _name_after_age(text, age, nearby, finder)
            elif bare is not None and bare.start < name.start and bare.end == name.end:
                name = bare  # "Nyakuoth Riek Gatdet, 15": a three-part name whose first part the list does not know
        if name is not None:
            start = _given_name_before(text, name, finder)
            results.append((CHILD_NAME_AGE, min(start, age.start), max(name.end, age.end), 0.9))
        elif age.strength == "birth":
            results.append((CHILD_NAME_AGE, age.start, age.end, 0.8))
    return results
