"""Numbers and addresses that identify a person: phones, emails, GPS points, case, ID and passport numbers."""

import csv
import re
from collections.abc import Sequence
from email.utils import parseaddr
from functools import cache
from pathlib import Path

import phonenumbers
import pycountry
from django.conf import settings
from phonenumbers import Leniency, PhoneNumberMatcher

from cphelpdesk.detection.kinds import CASE_ID, EMAIL, GPS, NATIONAL_ID, PASSPORT, PHONE
from cphelpdesk.detection.text import split_words

COUNTRIES_FILE = Path(__file__).resolve().parents[1] / "directory" / "data" / "countries.csv"
# Beyond the countries with coordination groups: neighbours that host refugees, the Portuguese-speaking
# countries, and where helpdesk staff and partners sit.
EXTRA_REGIONS = ("SN", "CI", "GN", "GW", "CV", "ST", "AO", "TL", "BR", "PT", "FR", "BE", "CH", "GB", "US", "CA",
                 "ES", "IT", "DE", "RW", "UG", "TZ", "DJ", "ER", "EG", "TN", "MA", "DZ", "MR", "GH", "LR", "SL",
                 "TG", "BJ", "CG", "GA", "ZM", "SA", "AE", "QA", "KW", "IN", "TH", "MY", "ID", "CR", "PA", "BO",
                 "CL", "AR", "DO", "PL", "MD", "RO")

# -- cues -----------------------------------------------------------------------------------------------------
PHONE_CUES = re.compile(
    r"(?:\btel\b|\btél\b|\bt\.|phone|mobile|cell|\bcel\b|\bcall|whats\s?app|\bsignal\b|viber|t[ée]l[ée]phone|portable|"
    r"appel|joindre|tel[ée]fono|celular|m[óo]vil|llam|telefone|telem[óo]vel|ligar|contact|هاتف|جوال|موبايل|"
    r"واتس|اتصال|تلفون|تليفون|اتصل|الهاتف|الجوال)", re.IGNORECASE)
NUMBER_CUES = re.compile(r"(?:number|\bno\b|num[ée]ro|n[úu]mero|\bn[°º]|رقم)", re.IGNORECASE)

# "n°", "no.", "number", "رقم" between a cue and its value, or whose it is in brackets ("NID (caregiver): …");
# each alternative consumes something.
# A comma before the value only when a document number of letters and digits follows ("the passport of the uncle,
# AB0453219, …"): "passports, 25000 issued" is a count.
_FILLER = (r"(?:\s*(?:n\s?[°º]\.?|n\.\s?[°º]|nos?\.(?!\w)|no(?=[\s:\d])|nr\.?|num\.|#|№|numbers?|num[ée]ro|"
           r"número|numero|r[ée]f(?:erence|[ée]rence|erencia|er[êe]ncia)?\.?|"
           r"card|carte|tarjeta|cart[ãa]o|is|was|est|[ée]tait|es|era|é|رقم(?:ه|ها)?|الرقم|هو|هي|[:=\-–]|"
           r"[,،](?=\s*(?-i:[A-Z]{1,3})\d{5,9}(?!\w)))(?!\w)|"
           r"\s*no\.(?=(?-i:[A-Z])?\d)|"  # "No.P04578123", written against its value
           r"\s*\((?-i:[A-Za-zà-öø-ÿ ]{2,30})\)|\s*\()*\s*")
# Up to four lower-case words between a cue and its value ("cédula venezolana V-…", "NIF de la grand-mère :",
# "رقم جواز السفر الخاص بالأم هو …"); never a capitalised word, so a name is never skipped.
_SKIPPED = (r"(?-i:(?:[a-zà-öø-ÿ\u0621-\u064a](?:[a-zà-öø-ÿ\u0621-\u064a]|['’-](?=[a-zà-öø-ÿ])){0,14}"
            r"(?:\s*:\s*|\s+|(?=\s*,))){0,4}?)")
# The holder's name set off by commas between the cue and the value ("NINA du père, Hamadoun Diallo : 1175…",
# "BI do pai, Domingos Kiala: 0047…", "passport of Ahmed: P-…"): up to four capitalised words, then a comma or colon.
_UPPER = "A-ZÀ-ÖØ-ÝĀ-Ž"
_APPOSED = (rf"(?:(?:\s*,\s*|\s+(?:of|de|du|del|da|do)\s+)"
            rf"(?-i:[{_UPPER}][\w'’-]{{1,20}}(?:\s+(?:(?:de|da|do|dos|del|al|el|bin|ben)\s+)?"
            rf"[{_UPPER}][\w'’-]{{1,20}}){{0,3}})\s*[,:]\s*)?")
# A value: letters and digits, joined by . / - or by a space before more digits ("1234 5678 9012"); a series of
# capitals may stand apart from its digits, in Latin or Cyrillic letters (Ukraine's passports: "EK 518204",
# and the internal booklet's two Cyrillic letters and six digits).
_SERIES = "A-ZА-ЯЁІЇЄҐ"
_VALUE = (rf"(?P<value>(?=(?-i:[{_SERIES}]{{1,3}})[ \u00a0]\d|[\w./-]*\d)[A-Za-z0-9{_SERIES}]"
          rf"(?:[A-Za-z0-9{_SERIES}]|[./-](?=[A-Za-z0-9])|[ \u00a0](?=\d))*)")
_NUMBER_OF = (r"(?:(?:n[°º]|no\.?|num[ée]ro|n[úu]mero|number|الرقم|رقم)\s*(?:(?:de|du|del|do|da|d['’]|of)\s*)?"
              r"(?:(?:la|el|o|a|the|l['’])\s*)?)?")

# After a case cue, the system or agency that issued the number may be named ("expediente DIF …", "case IRC …");
# the number is then a code (capitals and a separator, "AVSI-BNI-0087", "PPNNA/2023/00912", or letters against
# digits) or at least three digits that are not a year or a range of years ("caso 2024-0789", not "casos 2022-2023").
_SYSTEM = r"(?:\s+(?-i:[A-Z][A-Z0-9+]{1,7})(?![\w+]))?"
# What the file is about, between the cue and the number ("processo de acolhimento n.º …", "dossier de réunification").
_OF_WHAT = r"(?:\s+(?:de|do|da|du|del)\s+(?-i:[a-zà-öø-ÿ]{3,15}))?"
_CODE_NEXT = (r"(?=\s*[:#]?\s*(?-i:[A-Z]{1,6}[-/]?\d|[A-Z]{2,6}[-/][A-Z0-9])|"
              r"\s*[:#]?\s*(?!(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?(?![\d/-]))\d{3})")
# A cue that is a number's only when "no.", "n°", "number" or "#" follows ("FIR No. …", "denuncia n.º …").
_NUMBERED = r"\s*(?=n[°º.]|no\.?\s*\d|nos?\.|num|n[úu]m|number|#)"
_CASE_CUES = {
    "en": rf"case\s*(?=n[°º]|no\.?|number|#|ref)|(?<![Ii]n )case(?:\s*(?:id|file)(?!\w))?{_SYSTEM}{_CODE_NEXT}|"
          rf"\bfile\s*(?=n[°º]|no\.?|number|#|(?-i:[A-Z]{{2,6}}[-/][A-Z0-9]))|"
          r"(?:cpims\+?|primero|progres)(?:\s+v4)?(?:\s+(?:case|ind(?:ividual)?\.?|group))?"
          r"(?:\s+id)?|unhcr\s+(?:case|registration|individual|id|reference)(?:\s+(?:number|no\.?|id))?|"
          r"registration\s*(?=n[°º]|no\.?|number|#|id\b)|refugee\s+id|ration\s+card|family\s+counting\s+number|"
          # A ration card's number by its abbreviation ("RC number 0123456", "RC no. …"), in capitals only, and of
          # five digits or more ("RC number 2024" is not one).
          r"(?-i:\bRC\b)(?=\s*(?:n[°º.]|no\.?|number|#)\s*:?\s*\d{5})|"
          # A registration's code of letters and five digits or more ("registration KEN-4410-22871").
          r"registration(?=\s*:?\s*(?-i:[A-Z]{2,6}[-/]\d[\d-]{4,}))|"
          r"\bFCN\b|individual\s+(?:id|number)|household\s+(?:id|number)|"
          # Case management's own forms and files, quoted by their acronyms in every language: best-interests
          # assessments and determinations, unaccompanied children's and family tracing files; a tracing
          # request; a child's code; an asylum seeker's attestation or certificate.
          rf"(?-i:\b(?:BIA|BID|BIP|UASC|FTR|RFL|ENA|NNA)\b)(?:\s+(?:case|form|file|ref\.?))?(?:{_CODE_NEXT}|\s*(?=n[°º]|no\.?|#))|"
          rf"tracing\s+(?:request|case)(?:\s+(?:no\.?|number))?{_CODE_NEXT}|child(?:['’]s)?\s+(?:code|id)\b|"
          r"attestation|asylum[- ]seeker\s+certificate|refugee\s+certificate|proof\s+of\s+registration|"
          r"smart\s+card|"  # the Rohingya's MoHA/UNHCR card
          # Police and court records: a first information report (South Asia), an occurrence book entry (East
          # Africa), a police report or charge sheet; a register's entry ("birth registration entry no. …").
          rf"(?-i:\b(?:FIR|OB)\b){_NUMBERED}|police\s+(?:report|case|complaint|file|abstract){_NUMBERED}|"
          rf"charge\s+sheet|(?:registration|register|registry)\s+entry|\bentry{_NUMBERED}",
    "fr": rf"(?:num[ée]ro|n[°º])\s*(?:de\s+|du\s+|d['’])?(?:dossier|cas|enregistrement|m[ée]nage){_SYSTEM}|"
          rf"dossier{_OF_WHAT}{_SYSTEM}\s*(?=n[°º]|no\.?|num)|dossier{_SYSTEM}{_CODE_NEXT}|\bcas\s*(?=n[°º])|fiche\s+(?:de\s+cas|d['’]enfant){_CODE_NEXT}|code\s+du\s+cas|"
          rf"(?:fiche|carte|attestation|certificat)\s+d['’]enregistrement{_SYSTEM}|"
          r"carte\s+de\s+ration|identifiant\s+du\s+cas|enregistr[ée]e?s?\s+sous(?:\s+le)?\s*(?=n[°º]|num|\d)|(?:code|identifiant)\s+(?:de\s+l['’]|d['’])enfant|fiche\s*(?=n[°º]|no\.?)|"
          # A register's entry ("Registre n° 045/SCEP/2024"); France's file of foreign residents (AGDREF).
          r"registre\s*(?=n[°º]|no\.?|num)|(?-i:\bAGDREF\b)|"
          # A police report (procès-verbal, "PV 0312/2024": with its year, as "PV" also names solar panels) or a
          # complaint's number.
          r"(?-i:\bPV\b)(?=\s*:?\s*(?:n[°º]\.?\s*)?\d+/\w)|proc[èe]s[- ]verbal|"
          # A court's file on its general roll ("RG 2023/456", "RG n° 1245/23"; "RG" alone is Brazil's ID card) and a
          # court case's number; a registration with UNHCR named in French ("enregistrement HCR").
          r"(?-i:\bRG\b)(?=\s*(?:n[°º]\.?\s*)?\d+/\d)|"
          rf"plainte{_NUMBERED}|affaire\s*(?=(?:n[°º]\.?|no\.)\s*(?!(?:19|20)\d\d(?![\d/-]))\d)|"
          rf"enregistrement\s+(?:(?:du|au)\s+)?(?-i:U?NHCR|HCR){_CODE_NEXT}",
    # Colombia's ICBF and courts number a file as a petition or a "radicado" ("radicado 2024541…").
    "es": rf"casos?\s*(?=n[°º.]|no\.?|n[úu]m|#)|(?:n[úu]mero|n[°º])\s+de\s+(?:caso|expediente|registro){_SYSTEM}|"
          rf"expediente{_OF_WHAT}{_SYSTEM}\s*(?=n[°º.]|no\.?|n[úu]m|#|\d)|"
          rf"(?:expediente|casos?|petici[óo]n|radicado){_SYSTEM}{_CODE_NEXT}|"
          # The office that filed it named between ("el radicado de la Defensoría es 2024…").
          rf"(?:radicado|expediente)\s+(?:de|del)\s+(?:la\s+)?(?-i:[A-ZÁÉÍÓÚ]\w{{2,20}})(?:\s+(?:es|era))?{_CODE_NEXT}|"
          r"c[óo]digo\s+(?:del\s+)?(?:caso|NNA|niñ[oa]|menor)|folio|tarjeta\s+de\s+raci[óo]n|"
          # Colombia's administrative process to restore a child's rights (PARD), numbered in the ICBF's SIM.
          r"(?:restablecimiento\s+de\s+derechos|(?-i:\bPARD\b))(?:\s*\(?\s*(?-i:SIM))?|ficha\s*(?=n[°º.]|no\.?|n[úu]m|#)|"
          # A court's process (as Portuguese "processo") and a register's entry; Colombia's victims' registry
          # (RUV) numbers each declaration on its form (FUD).
          rf"proceso{_OF_WHAT}\s*(?=n[°º.]|no\.?|n[úu]m|#)|registro\s*(?=n[°º.]|no\.?|n[úu]m|#)|(?-i:\b(?:FUD|RUV)\b)|"
          # A complaint to the prosecutor (Colombia's SPOA numbers each "noticia criminal"), a birth register's
          # serial ("indicativo serial"), and the ICBF's record of a child's care ("historia de atención SIM …").
          rf"denuncia{_NUMBERED}|noticia\s+criminal|carpeta\s+de\s+investigaci[óo]n|atestado(?:\s+policial)?{_NUMBERED}|"
          rf"diligencias(?:\s+previas)?(?=\s*(?:n[°º.]\s*)?\d+/\d)|(?-i:\bSPOA\b)|indicativo\s+serial|"
          rf"historia\s+de\s+atenci[óo]n{_SYSTEM}|registro\s+(?:(?:de|del|en)\s+(?:el\s+)?)?(?-i:ACNUR|UNHCR){_CODE_NEXT}",
    "pt": rf"(?:casos?|processo){_OF_WHAT}{_SYSTEM}\s*(?=n[°º.]|no\.?|n[úu]m|#)|"
          rf"(?:casos?|processo){_SYSTEM}{_CODE_NEXT}|"
          rf"(?:n[úu]mero|n[°º])\s+d[oa]\s+(?:caso|processo|registo|registro){_SYSTEM}|"
          r"c[óo]digo\s+d[oa]\s+(?:caso|crian[çc]a|menor)|ficha\s*(?=n[°º.]|no\.?|n[úu]m|#)|cart[ãa]o\s+de\s+ra[çc][ãa]o|"
          r"regist(?:r)?o\s*(?=n[°º.]|no\.?|n[úu]m|#)|"
          # A police report ("boletim de ocorrência", "B.O.") or a complaint's number.
          rf"boletim\s+de\s+ocorr[êe]ncia|(?-i:\bB\.O\.)|(?-i:\bBO\b){_NUMBERED}|queixa{_NUMBERED}|den[úu]ncia{_NUMBERED}|"
          # A registration with UNHCR, and the record a Conselho Tutelar (Brazil's child-rights council) keeps of
          # a child ("prontuário 2024/0457", not "prontuário de 2024").
          rf"regist(?:r)?o\s+(?:(?:d[oa]|no|na)\s+)?(?-i:ACNUR|UNHCR){_CODE_NEXT}|"
          r"prontu[áa]rio(?:\s+d[oa]\s+conselho\s+tutelar)?(?=\s*[:#]?\s*(?:n[°º.]|no\.?|n[úu]m|\d+[./-]\d))",
    "ar": r"رقم\s+(?:ال)?(?:حال[ةه]|قضي[ةه]|ملف|تسجيل|لجوء|مفوضي[ةه])|(?:ال)?(?:حال[ةه]|ملف|قضي[ةه])\s+رقم|"
          # The case or file word right before a code in Latin letters ("الحالة YE-TAZ-0311", "ملف SYR-HMS-0412").
          r"(?:ال)?(?:حال[ةه]|ملف|قضي[ةه])(?=\s*:?\s*(?-i:[A-Z]{2,6}[-/][A-Z0-9]))|"
          r"(?:رقم\s+)?(?:ال)?بطاق[ةه]\s+(?:ال)?تموين(?:ي[ةه])?|"  # a ration card
          # A police report or record of an inquiry (a meeting's minutes are a "محضر" too), a complaint.
          r"(?:ال)?محضر\s+(?:ال)?(?:شرط[ةه]|ضبط|تحقيق)|(?:رقم\s+)?(?:ال)?بلاغ(?!\w)",
}
_NATIONAL_ID_CUES = {
    "en": r"national\s+id(?:entity)?(?:\s+card)?|national\s+card|(?:unified|civil)\s+(?:national\s+|id\s+)?card|"
          r"identity\s+card|id\s+card|\bid\s*(?=n[°º]|no\.?|number|#|:)|"
          r"identification\s+number|tazkir[ae]h?|tazkera|taskera|birth\s+certificate|voter(?:['’]s)?\s+(?:card|id)|"
          # Türkiye's identity number (99… for foreigners under protection); South Sudan's nationality certificate.
          r"kimlik(?:\s+(?:no|numaras[ıi]))?|nationality\s+(?:certificate|id)|certificate\s+of\s+nationality|"
          # National ID programmes quoted by their own names in any language: Ethiopia's Fayda, the Philippines'
          # PhilSys (PSN), India's Aadhaar, Kenya's Huduma and Maisha numbers, Tanzania's NIDA, the Ghana Card;
          # and Latin America's cédula, named in Spanish in English texts ("Colombian cédula of the uncle: …").
          r"fayda|philsys|(?-i:\bPSN\b)|aadhaa?r|huduma|maisha\s+namba|(?-i:\bNIDA\b)|ghana\s+card|"
          r"c[ée]dula(?:\s+de\s+(?:identidad|ciudadan[íi]a))?|carn[ée]t?\s+de\s+extranjer[íi]a",
    "fr": r"carte\s+(?:nationale\s+)?d['’]identit[ée](?:\s+nationale)?|pi[èe]ce\s+d['’]identit[ée]|"
          r"certificat\s+de\s+nationalit[ée]|"
          r"num[ée]ro\s+d['’]identification(?:\s+nationale)?|acte\s+de\s+naissance|carte\s+d['’][ée]lecteur|"
          r"num[ée]ro\s+(?:d['’])?[ée]tranger",  # France's number of a foreign resident, on every permit
    "es": r"c[ée]dula(?:\s+de\s+(?:identidad|ciudadan[íi]a))?|documento\s+(?:nacional\s+)?de\s+identidad|"
          r"(?:n[úu]mero|n[°º]|no\.)\s+de\s+(?:identidad|identificaci[óo]n)|"
          r"carn[ée]t?\s+de\s+identidad|tarjeta\s+de\s+identidad|partida\s+de\s+nacimiento|registro\s+civil|"
          r"credencial\s+(?:para\s+votar|de\s+elector)|carn[ée]t?\s+electoral|"
          # Colombia's permits for Venezuelans (PEP, 15 digits, also post-exposure prophylaxis: only before its
          # number; PPT) and their registry (RUMV); a refugee's or asylum seeker's card.
          r"clave\s+de\s+elector|(?-i:\bINE\b)|"  # Mexico's voter card and its key
          r"permiso\s+(?:especial\s+de\s+permanencia|por\s+protecci[óo]n\s+temporal)|(?-i:\bPPT\b|\bRUMV\b)|"
          r"(?-i:\bPEP\b)(?=\s*(?:n[°º.]|no\.?|n[úu]m\.?|#|:|es)?\s*\d{15}(?!\d))|"
          r"carn[ée]t?\s+de\s+(?:refugiad[oa]|solicitante|extranjer[íi]a)",
    "pt": r"bilhete\s+de\s+identidade|carteira\s+de\s+identidade|c[ée]dula|certid[ãa]o\s+de\s+nascimento|"
          r"cart[ãa]o\s+de\s+cidad[ãa]o|"
          r"(?:n[úu]mero|n[°º]|no\.)\s+de\s+identidade|"
          r"cart[ãa]o\s+de\s+eleitor|t[íi]tulo\s+de\s+eleitor",
    "ar": r"(?:ال)?رقم\s+(?:ال)?(?:وطني|قومي)|"
          r"(?:رقم\s+)?(?:ال)?(?:بطاق[ةه]\s+(?:ال)?)?هوي[ةه](?:\s+(?:ال)?(?:وطني[ةه]|شخصي[ةه]))?|"
          r"(?:ال)?بطاق[ةه]\s+(?:ال)?(?:شخصي[ةه]|وطني[ةه]|موحد[ةه])|شهاد[ةه]\s+(?:ال)?ميلاد|دفتر\s+(?:ال)?عائل[ةه]|رقم\s+(?:ال)?قيد|تذكر[ةه]|"
          r"بطاق[ةه]\s+(?:ال)?ناخب|شهاد[ةه]\s+(?:ال)?جنسي[ةه]",
}
# Short cues only in capitals: "bi", "rg" and "nin" are parts of words. Staff quote a country's acronym whatever
# language they write in ("the UNZR of the boy", "DPI del padre", "NIF de la tante"), so the countries' own
# acronyms count in every language: Ukraine's UNZR and RNOKPP, Guatemala's DPI/CUI, Haiti's NINU and NIF, Mali's
# NINA, Morocco's and Tunisia's CIN, Angola's and Mozambique's BI, Brazil's CPF; Poland's PESEL, which refugees
# from Ukraine are given there.
_ANY_LANGUAGE_ACRONYMS = r"UNZR|RNOKPP|DPI|CUI|NINU|NIU|NINA|NIF|CIN|CNIB?|DNI|DUI|CURP|RUT|CPF|NUIT|NIN|NID|PESEL"
_NATIONAL_ID_ACRONYMS = {
    "en": rf"\b(?:CNIC|NIC|ID|{_ANY_LANGUAGE_ACRONYMS})\b", "fr": r"\b(?:CNI)\b",
    "es": r"\b(?:RUN|NIE|NUIP|CC|C\.C\.|T\.I\.|C\.I\.)", "pt": r"\b(?:BI|RG|C?RNM)\b", "ar": r"(?!)",
}
# The same acronyms after the number, in brackets: "41236587 (DNI peruano)", "28457139 (ID)".
_TRAILING_ID = re.compile(r"(?<![\w.-])(?P<value>[A-Z]?-?\d[\d.\- ]{3,18}\d)\s*\(\s*(?:national\s+ID|ID|NIN|NID|CNIB?|"
                          r"DNI|CURP|RUT|RUN|C\.?C\.?|C\.?I\.?|BI|CPF|RG|NUIT|c[ée]dula|tazkira)\b")
_PASSPORT_CUES = {
    # "PP No.", "pass. no.": the abbreviations of forms; "PP" only in capitals ("pp." is pages).
    "en": r"passport|travel\s+document|laissez-passer|(?:pass\.|(?-i:\bPP\b))\s*(?=no\.?|n[°º]|#|:)",
    "fr": r"passeport|document\s+de\s+voyage|laissez-passer",
    "es": r"pasaporte|documento\s+de\s+viaje|salvoconducto", "pt": r"passaporte|documento\s+de\s+viagem|salvo-conduto",
    "ar": r"(?:رقم\s+)?جواز(?:\s+(?:ال)?سفر)?|وثيق[ةه]\s+(?:ال)?سفر",
}
REGISTER_ENTRY = "register_entry"  # a case number, told apart only while the cue is matched (see below)
MIN_DIGITS = {CASE_ID: 3, NATIONAL_ID: 5, PASSPORT: 5}
MIN_PASSPORT_DIGITS_ONLY = 6
# A day and a month after a case word is the note's date ("Case note 12/03"), not its number.
_DAY_MONTH = re.compile(r"(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])(?:[/.](?:19|20)?\d{2})?")
MAX_VALUE_LENGTH = 36  # a UUID, Primero's full record ID
# Syria's civil registry: a family is entered in a place's register (qayd) under a box number (khana) that
# identifies it, written on ID cards and family booklets ("Khana 112, Daraa", "رقم الخانة 112").
_REGISTRY_CUES = {
    "en": r"khana|qayd|qaid", "fr": r"(?!)", "es": r"(?!)", "pt": r"(?!)",
    "ar": r"رقم\s+(?:ال)?خان[ةه]|(?:ال)?خان[ةه](?=\s*(?:رقم\s*)?\d)|محل\s+و\s?رقم\s+(?:ال)?قيد",
}
MIN_REGISTRY_DIGITS = 2
# A birth certificate's number of three or four digits is its entry in a register (read with the register's year
# and office: "acte de naissance n° 1254 du registre 2018"), a record like a case's; longer, it is an ID number.
_REGISTER_ENTRY_CUES = {
    "en": rf"birth\s+certificate{_NUMBERED}", "fr": rf"acte\s+de\s+naissance{_NUMBERED}",
    "es": rf"partida\s+de\s+nacimiento{_NUMBERED}",
    "pt": rf"(?:certid[ãa]o|assento)\s+de\s+nascimento{_NUMBERED}", "ar": r"شهاد[ةه]\s+(?:ال)?ميلاد\s+رقم",
}
MAX_ENTRY_DIGITS = 4
YEAR = re.compile(r"(?:19|20)\d{2}")

# UNHCR proGres registration numbers: office code (letters or digits), two-digit year, a letter, the number
# ("123-45C67890"); since 2021 new registrations have a hyphen for the letter ("123-45-67890",
# https://refugeemalaysia.org/unhcr-document-numbers/).
PROGRES = re.compile(r"(?<![\w-])(?:[A-Z]{3}|\d{3})-\d{2}(?:[A-Z]\d{5,6}|-\d{5})(?![\w-]|[.,]\d)")
# proGres group (household) numbers: the office code and eight digits, zero-padded as the registry issues them
# ("398-00012345", "KAK-00078215"); a trunk code ("020-0…") starts with 0, so no phone number has this shape.
PROGRES_GROUP = re.compile(r"(?<![\w-])(?:[A-Z]{3}|[1-9]\d{2})-0\d{7}(?![\w-]|[.,]\d)")
# Colombia's courts number a process with 23 digits (court's DANE code, entity, speciality, office, year, sequence,
# instance: "11001-31-10-015-2023-00456-00"), written with hyphens.
RADICADO = re.compile(r"(?<![\w-])\d{5}-\d{2}-\d{2}-\d{3}-(?:19|20)\d{2}-\d{5}-\d{2}(?![\w-])")
# Case numbers as CPIMS+/Primero deployments and agencies compose them: an optional agency or programme prefix
# ("CP-"), the country's ISO 3166 alpha-3 code, a site or district code, the year, a sequence number
# ("SSD-JUB-2023-0457", "CP-SOM-BAI-2022-00318"). The country code is checked, so "SOP-2023-04" is left alone.
# The site may come in two parts, a district and a programme ("MOZ-CD-CP-2024-0098", "JOR-AZQ-CP-2023-0418").
# The site may be left out after a prefix ("CP-ETH-2024-0118"), and the year where a site is given
# ("CP-ETH-GAM-0412", "KEN-KAK-CP-01177"); some agencies write slashes and a two-digit year ("WVI/COD/GOM/23/0561").
AGENCY_CASE = re.compile(r"(?<![\w/-])(?P<prefix>[A-Z]{2,6}-)?(?P<country>[A-Z]{3})"
                         r"(?:(?:-[A-Z]{2,5}){1,2}-(?:(?:19|20)\d{2}-)?|-(?:19|20)\d{2}-)\d{3,6}(?![\w-])")
AGENCY_CASE_SLASHED = re.compile(r"(?<![\w/-])(?P<prefix>[A-Z]{2,6}/)?(?P<country>[A-Z]{3})(?:/[A-Z]{2,5}){0,2}/"
                                 r"(?:19|20)?\d{2}/\d{3,6}(?![\w/-])")
# Case management's files, named by their acronym: best-interests assessments and determinations, unaccompanied
# children's files ("BID/KAK/2023/045", "UASC-GOM-0456", "NNA-CUC-0342" for Latin America's "niños, niñas y
# adolescentes").
# The country or site may come first, as the agency's own prefix ("BNG-UASC-0733", "GOM/BID/2024/031").
CASE_FILE = re.compile(r"(?<![\w/-])(?:[A-Z]{2,5}[-/])?(?:BIA|BID|BIP|UASC|FTR|ENA|NNA)[-/](?:[A-Z]{2,5}[-/]){0,2}"
                       r"(?:(?:19|20)?\d{2}[-/])?\d{3,6}(?![\w/-])")
# An agency's own case references name the child-protection sector (CP, or PE for "protection de l'enfance"), with
# a site or an agency before or after it and a serial, without a country code ("IRC/CP/MAI/0456",
# "SC/CP/DDZ/2024/117", "CP-GOM-0312", "YE-ADN-CP-0457", "TLB-PE-2023-118"): "SOP-CP-04" (no site) is a document's.
CP_CASE = re.compile(r"(?<![\w/-])(?P<prefix>(?:[A-Z]{2,6}[/-]){0,2})(?:CP|PE)(?P<site>(?:[/-][A-Z]{2,5}){0,2})[/-]"
                     r"(?:(?:19|20)?\d{2}[/-])?\d{3,6}(?![\w/-])")
# Brazil's federal administrative processes, refugee status requests among them, carry a single protocol number
# (NUP: unit, serial, year, check digits, "08505.031842/2023-47").
NUP = re.compile(r"(?<![\w./-])\d{5}\.\d{6}/(?:19|20)\d{2}-\d{2}(?![\w/-])")
# Agreements and grants are numbered the same way ("PCA/SSD/2023/0142", "SSFA/COD/2024/018"): a number that starts
# with the kind of a document is that document's.
# Coordination groups' and forms' documents too ("file CPWG/2024/003", "TOR-CPWG-2024-01").
DOCUMENT_PREFIXES = frozenset(split_words("PCA SSFA PD HPD SPD MOU LOA LOU TOR TDR RFP RFQ ITB PO PR ECHO CERF SOP LTA "
                                          "GA PRJ PROJ GRANT CPWG CPAOR AOR SITREP FORM INV"))
# With the country's two-letter code, the year is needed too ("CD-GOM-2023-0412", "SS-JUB-2024-0045").
AGENCY_CASE_ISO2 = re.compile(r"(?<![\w/-])(?P<country>[A-Z]{2})-[A-Z]{3,5}-(?:19|20)\d{2}-\d{3,6}(?![\w-])")
_AGENCY_CASE_UNPREFIXED = re.compile(AGENCY_CASE.pattern.replace("(?P<prefix>[A-Z]{2,6}-)?", "", 1))
_AGENCY_CASE_SLASHED_UNPREFIXED = re.compile(AGENCY_CASE_SLASHED.pattern.replace("(?P<prefix>[A-Z]{2,6}/)?", "", 1))
# Primero's short ID: the last 7 characters of the record's UUID, lower-case hexadecimal. Only after a word that
# says it is a record ("short ID", "record", "case", "ملف"): a commit hash in a changelog is the same shape.
_SHORT_ID_CUES = {
    "en": r"short\s+ids?|records?|cases?|primero|cpims\+?|child",
    "fr": r"identifiants?(?:\s+courts?)?|num[ée]ros?\s+courts?|dossiers?|cas|fiches?|primero|cpims\+?",
    "es": r"ids?\s+cortos?|c[óo]digos?(?:\s+cortos?)?|casos?|expedientes?|registros?|primero|cpims\+?",
    "pt": r"ids?\s+curtos?|c[óo]digos?(?:\s+curtos?)?|casos?|processos?|registos?|registros?|fichas?|primero|cpims\+?",
    "ar": r"(?:ال)?رمز(?:\s+(?:ال)?مختصر)?|ملف|(?:ال)?حال[ةه]|(?:ال)?سجل|بريميرو",
}
# Written in capitals too when copied from a printed form ("5C8E21F"), never mixed; or the whole UUID, as exports
# and the API give it ("case_id: 0f4e…-…").
SHORT_ID_VALUE = (r"(?P<value>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|"
                  r"(?=[0-9a-f]{0,6}[0-9])(?=[0-9a-f]{0,6}[a-f])[0-9a-f]{7}|"
                  r"(?=[0-9A-F]{0,6}[0-9])(?=[0-9A-F]{0,6}[A-F])[0-9A-F]{7})(?![\w-])")
# Passport numbers as many countries now issue them, a capital letter and eight digits (ICAO document numbers
# have up to nine characters): found without a cue, since no other common number has that shape.
PASSPORT_SHAPE = re.compile(r"(?<![\w/.-])[A-Z]\d{8}(?![\w/-]|[.,]\d)")
# Software versions ("v2.11.0-rc.1", "1.4.2.post1", "2.024.17c", "2.5.3-hotfix"): never a case or ID number,
# even after "Primero" or "CPIMS+".
# Each suffix starts with its word, so a run of digits is read one way only (no backtracking blow-up).
VERSION = re.compile(r"v?\d+(?:\.\d+){1,3}[a-z]?(?:[-.+_]?(?:rc|alpha|beta|a|b|c|dev|post|hotfix|patch|pre|preview|"
                     r"final|snapshot|build|lts)[.\-]?\d*)*", re.IGNORECASE)

# -- email ----------------------------------------------------------------------------------------------------
EMAIL_ADDRESS = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
# Mailboxes of an office rather than of a person: "info@", "contact.drc@", "helpdesk+token@".
# Free webmail, where field offices also open mailboxes ("cpwg.baidoa@gmail.com") but people mostly do: there a
# mailbox is an office's only when it starts with a role word, "faadumo.cali.cp@gmail.com" being a person's.
WEBMAIL_DOMAINS = re.compile(r"(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|aol|proton(?:mail)?|"
                             r"gmx|mail|yandex|zoho)\.[a-z.]{2,8}")
ROLE_LOCAL_PARTS = frozenset(split_words("""
    info infos information informations informacion informacao contact contacts contacto contato contactus
    helpdesk help support soporte suporte apoyo apoio ayuda ajuda aide assistance office admin administration
    administracion administracao noreply no-reply donotreply do-not-reply mailer-daemon postmaster webmaster
    hostmaster abuse secretariat secretariado secretaria secretariats hr rh rrhh jobs recruitment recrutement
    reclutamiento recrutamento careers press prensa imprensa presse media communication communications
    comunicacion comunicacao finance procurement reception recepcion recepcao accueil enquiries inquiries hello
    team equipe equipo desk coordination coordinacion coordenacao cluster cpaor aor cpwg cp cpp gbv mhpss im
    protection proteccion protecao registration bureau oficina escritorio direction direccion direcao
"""))

# -- GPS ------------------------------------------------------------------------------------------------------
_AR_HEMISPHERE = r"(?:شمال|جنوب|شرق|غرب)[\u064b-\u0652ا]*"
_DMS = r"\d{1,3}\s*°\s*\d{1,2}(?:[.,]\d+)?\s*['′’]\s*(?:\d{1,2}(?:[.,]\d+)?\s*(?:[\"″”]|''|['′’]{2})\s*)?"
GPS_PATTERNS = [
    re.compile(rf"(?<![\w.])(?P<lat>[-+−]?\d{{1,2}}\.\d{{3,}})\s*°?\s*(?P<ns>[NSns](?![a-z])|{_AR_HEMISPHERE})?\s*"
               rf"(?:[,;/]\s*|\s+)(?P<lon>[-+−]?\d{{1,3}}\.\d{{3,}})\s*°?\s*(?P<ew>[EWOewo](?![a-z])|{_AR_HEMISPHERE})?"
               rf"(?!\w|\.\d)"),
    re.compile(r"(?:lat(?:itude)?|خط\s+العرض)\.?\s*[:=]?\s*(?P<lat>[-+−]?\d{1,2}[.,]\d{3,})[^\d\n]{1,20}?"
               r"(?:lon(?:g(?:itude)?)?|lng|خط\s+الطول)\.?\s*[:=]?\s*(?P<lon>[-+−]?\d{1,3}[.,]\d{3,})", re.IGNORECASE),
    re.compile(rf"(?:[NS]\s*)?{_DMS}\s*(?:[NS]|{_AR_HEMISPHERE})?\s*[,;/]?\s*(?:[EWO]\s*)?{_DMS}\s*"
               rf"(?:[EWO]|{_AR_HEMISPHERE})?"),
]

# -- what is not personal data, though it looks like a phone number ------------------------------------------
# At most six groups of thousands (10^21): unbounded, a long run of "123 123 123 ..." would be re-read from every
# group (quadratic on hostile text).
_AMOUNT = r"\d{1,3}(?:[ \u00a0\u202f.,’']\d{3}){1,6}(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_CURRENCY = (r"(?:USD|US\$|\$|EUR|€|£|GBP|CHF|F\s?CFA|CFA|XOF|XAF|CDF|COP|MXN|BRL|R\$|MZN|AOA|UAH|SYP|YER|IQD|JOD|"
             r"LBP|SDG|SSP|ETB|KES|UGX|BDT|AFN|PKR|NPR|HTG|VES|PEN|GTQ|HNL|NIO|dollars?|d[óo]lares|euros?|francs?|"
             r"pesos|reais|meticais|hryvnias?|دولار|دولارات|جنيه|ريال|ليرة|دينار|درهم)")
_SCALE = r"(?:\s?(?:millions?|milliards?|billions?|mil|millones|milhões|مليون|k|K|M|bn))?"
PROTECTED = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"\bCPH-\d{4}-\d{2,6}\b",  # query references (queries.actions)
    r"\b[A-Z]{1,6}[-‐]\d+(?:\.\d+)+\b",  # indicator codes: CP-1.2.3
    r"\b\d+(?:\.\d+){1,3}\b",  # section numbers and decimals: 4.1.2
    rf"(?<![\w.-])(?=v?[\d.]+[a-z_+-]){VERSION.pattern}(?![\w.-])",  # software versions with a suffix
    r"(?:standards?|normes?|est[áa]ndar(?:es)?|normas?|padr(?:ão|ões|ao|oes)|indicat(?:or|eur)s?|indicador(?:es)?|"
    r"المعيار|المعايير|المؤشر|المؤشرات|معيار|مؤشر|للمعيار)\s*(?:n[°º]\.?\s*)?\d+(?:[.,]\d+)*"
    r"(?:\s*(?:,|and|et|y|e|و|-|–)\s*\d+(?:[.,]\d+)*)*",
    r"\bCPMS\s*\(?(?:19|20)\d{2}\)?",
    # An amount before its unit starts where its run of digits starts: tried inside a run as well, a long run
    # of digits would be re-read from every position (quadratic on hostile text).
    rf"{_CURRENCY}\s?(?:{_AMOUNT}){_SCALE}", rf"(?<!\d)(?:{_AMOUNT}){_SCALE}\s?{_CURRENCY}",
    rf"(?<!\d)(?:{_AMOUNT})\s?(?:%|per\s?cent|pour\s?cent|por\s?ciento|por\s?cento|بالمئة|بالمائة|في المائة)",
    r"\b(?:19|20)\d{2}(?:\s*[-–/]\s*(?:19|20)?\d{2})?\b",  # years and ranges of years
    r"\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b|\b\d{4}[./-]\d{1,2}[./-]\d{1,2}\b",  # dates
    r"\b\d{1,2}[:h]\d{2}\b",  # times
    r"(?:\b(?:pp?|pg|pages?|p[áa]gs?|p[áa]ginas?)\.?|ص|الصفحة|صفحة)\s*\d+(?:\s*[-–]\s*\d+)?",
    r"\b(?:annexe?|anexo|tables?|tableau|tabla|tabela|figures?|figura|versi[óo]n|versão|version|sections?|"
    r"secci[óo]n|secção|chapitre|chapter|cap[íi]tulo|m[óo]dulo|module|session|sesi[óo]n|sessão)\s*\d+(?:\.\d+)*",
    # Postal boxes, with the post office's code: "P.O. Box 30218-00100", "B.P. 2147", "Caixa Postal 1520".
    r"(?:\bP\.?\s?O\.?\s?Box|\bB\.\s?P\.|\bBP(?=\s*\d)|bo[îi]te\s+postale|caixa\s+postal|apartado(?:\s+(?:postal|a[ée]reo))?|"
    r"ص\.\s?ب\.?|صندوق\s+(?:ال)?بريد)\s*(?:n[°º]\.?\s*|no\.?\s*)?\d[\d -]{0,14}\d",
    r"https?://\S+|www\.\S+", r"\bISBN[\s:-]*[\d-]{10,17}", r"\bISSN[\s:-]*\d{4}-?\d{3}[\dX]\b", r"\b10\.\d{4,9}/\S+",
)]

MAX_UNCUED_CANDIDATES = 100
PHONE_CANDIDATE = re.compile(r"(?<![\w+/.\-])(?:\+|00)?\s?\(?\d[\d \u00a0().\-]{5,22}\d(?![\w/]|[.\-]\d)")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:([ \u00a0.,])\d{3})(?:\1\d{3})*")


@cache
def phone_regions() -> tuple[str, ...]:
    """The regions whose national formats are recognised: the helpdesk's countries, then EXTRA_REGIONS."""
    with COUNTRIES_FILE.open(encoding="utf-8") as handle:
        regions = [row["iso2"] for row in csv.DictReader(handle)]
    return tuple(dict.fromkeys([*regions, *EXTRA_REGIONS]))


def _organisation_domains() -> set[str]:
    """The helpdesk's own mail domains, from its settings."""
    domains = set()
    for name in ("HELPDESK_EMAIL", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL"):
        address = parseaddr(str(getattr(settings, name, "") or ""))[1]
        if "@" in address:
            domains.add(address.rsplit("@", 1)[1].lower())
    return domains


def is_organisational_address(address: str) -> bool:
    """True for an office's mailbox (info@, helpdesk+token@) or any address at the helpdesk's own domain."""
    local, _, domain = address.lower().rpartition("@")
    if domain in _organisation_domains():
        return True
    parts = re.split(r"[._+-]", local.split("+", 1)[0])
    if WEBMAIL_DOMAINS.fullmatch(domain):
        return parts[0] in ROLE_LOCAL_PARTS
    # "esaro.cp@", "cpaor-drc@": a role word anywhere in the mailbox name marks an office, not a person.
    return any(part in ROLE_LOCAL_PARTS for part in parts)


# A mailbox said to be a team's, whatever its name: "Education unit functional mailbox: daredu@…", "boîte
# fonctionnelle", "buzón institucional", "caixa de correio institucional".
_FUNCTIONAL_MAILBOX = re.compile(
    r"(?:\b(?:functional|generic|shared|team|unit|office)\s+(?:mail\s?box|e-?mail(?:\s+address)?)|"
    r"\bbo[îi]te\s+(?:(?:mail|e-mail|aux\s+lettres)\s+)?(?:fonctionnelle|g[ée]n[ée]rique|partag[ée]e|institutionnelle)|"
    r"\bbuz[óo]n\s+(?:funcional|gen[ée]rico|institucional|compartido)|\b(?:e-?mail|correo)\s+institucional|"
    r"\bcaixa\s+(?:de\s+(?:correio|e-?mail)\s+)?(?:funcional|institucional|gen[ée]rica|partilhada)|"
    r"(?<!\w)البريد\s+(?:الإلكتروني\s+)?(?:المؤسسي|العام|الرسمي))\s*[:,]?\s*$", re.IGNORECASE)


def find_emails(text: str) -> list[tuple[str, int, int, float]]:
    """Private email addresses (offices' mailboxes, and those said to be a team's, are left alone)."""
    found = []
    for match in EMAIL_ADDRESS.finditer(text):
        address = match.group().rstrip(".")
        if _FUNCTIONAL_MAILBOX.search(text, max(0, match.start() - 40), match.start()):
            continue
        if not is_organisational_address(address):
            found.append((EMAIL, match.start(), match.start() + len(address), 0.95))
    return found


def _coordinate(value: str) -> float:
    return float(value.replace("−", "-").replace(",", "."))


def find_gps(text: str) -> list[tuple[str, int, int, float]]:
    """GPS coordinates: decimal pairs, labelled latitude/longitude, degrees-minutes-seconds."""
    found = []
    for pattern in GPS_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("lat") and not (abs(_coordinate(groups["lat"])) <= 90
                                          and abs(_coordinate(groups["lon"])) <= 180):
                continue
            found.append((GPS, match.start(), match.end(), 0.9))
    return found


@cache
def _identifier_patterns(languages: tuple[str, ...]) -> list[tuple[str, re.Pattern, int]]:
    def cue_pattern(table, flags):
        cues = "|".join(f"(?:{table[language]})" for language in languages)
        return re.compile(rf"(?<!\w){_NUMBER_OF}(?:{cues}){_FILLER}{_SKIPPED}{_APPOSED}{_FILLER}{_VALUE}", flags)

    short_cues = "|".join(f"(?:{_SHORT_ID_CUES[language]})" for language in languages)
    # The cue, then at most four short words ("record in Primero is", "court Primero") before the value.
    short_id = re.compile(
        rf"(?<!\w)(?i:{short_cues})(?:_id)?(?:[\s:#=(\-–]+[^\W\d_]{{1,10}}(?:_id)?){{0,4}}[\s:#=(\-–]+{SHORT_ID_VALUE}")
    return [
        (PASSPORT, cue_pattern(_PASSPORT_CUES, re.IGNORECASE), MIN_DIGITS[PASSPORT]),
        (NATIONAL_ID, cue_pattern(_NATIONAL_ID_CUES, re.IGNORECASE), MIN_DIGITS[NATIONAL_ID]),
        (NATIONAL_ID, cue_pattern(_NATIONAL_ID_ACRONYMS, 0), MIN_DIGITS[NATIONAL_ID]),
        (NATIONAL_ID, cue_pattern(_REGISTRY_CUES, re.IGNORECASE), MIN_REGISTRY_DIGITS),
        (CASE_ID, cue_pattern(_CASE_CUES, re.IGNORECASE), MIN_DIGITS[CASE_ID]),
        (REGISTER_ENTRY, cue_pattern(_REGISTER_ENTRY_CUES, re.IGNORECASE), MIN_DIGITS[CASE_ID]),
        (CASE_ID, short_id, 1),
        (NATIONAL_ID, _TRAILING_ID, MIN_DIGITS[NATIONAL_ID]),
    ]


@cache
def _countries_iso2() -> frozenset[str]:
    """ISO 3166 alpha-2 country codes."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def _countries() -> frozenset[str]:
    """ISO 3166 alpha-3 country codes."""
    return frozenset(country.alpha_3 for country in pycountry.countries)


def find_identifiers(text: str, languages: tuple[str, ...]) -> list[tuple[str, int, int, float]]:
    """Case and registration numbers, national ID and passport numbers: the value after its cue, and the shapes
    that need none (proGres and agency case numbers, ID numbers whose check digit holds, passport numbers of a
    letter and eight digits)."""
    found = [(CASE_ID, match.start(), match.end(), 0.9) for shape in (PROGRES, PROGRES_GROUP, CASE_FILE, RADICADO, NUP)
             for match in shape.finditer(text)]
    agency_found = []
    for shape, unprefixed in ((AGENCY_CASE, _AGENCY_CASE_UNPREFIXED),
                              (AGENCY_CASE_SLASHED, _AGENCY_CASE_SLASHED_UNPREFIXED)):
        for match in shape.finditer(text):
            if match.group("country") not in _countries():
                # "SOM-BAI-CP-2023-0044": the first code is the country, not an agency prefix.
                match = unprefixed.match(text, match.start())
            if (match and match.group("country") in _countries()
                    and (match.groupdict().get("prefix") or "")[:-1] not in DOCUMENT_PREFIXES):
                agency_found.append((CASE_ID, match.start(), match.end(), 0.85))
    agency_found += [(CASE_ID, match.start(), match.end(), 0.85) for match in AGENCY_CASE_ISO2.finditer(text)
                     if match.group("country") in _countries_iso2() and match.group("country") not in DOCUMENT_PREFIXES]
    agency_found += [(CASE_ID, match.start(), match.end(), 0.85) for match in CP_CASE.finditer(text)
                     if (match.group("prefix") or match.group("site"))
                     and re.split(r"[/-]", match.group("prefix"))[0] not in DOCUMENT_PREFIXES]
    found += [item for item in agency_found if not _PROJECT_BEFORE.search(_clause_before(text, item[1]))]
    # A short ID listed after them ("MOZ-CD-CP-2024-0098 e 8b3f1e0"); numbers of their own shape are found anyway.
    found += [(CASE_ID, *span, 0.85) for _kind, _start, end, _c in list(found)
              for span in _listed_after(text, end, "", short=True)]
    found += [(NATIONAL_ID, match.start(), match.end(), 0.85) for pattern, valid in CHECKED_IDS
              for match in pattern.finditer(text)
              if valid(match.group()) and not _a_documents(text, match.start())]
    found += [(NATIONAL_ID, match.start(), match.end(), 0.75) for pattern in SHAPED_IDS
              for match in pattern.finditer(text) if not _a_documents(text, match.start())]
    for listed_kind, pattern, min_digits in _identifier_patterns(languages):
        kind = CASE_ID if listed_kind == REGISTER_ENTRY else listed_kind
        for match in pattern.finditer(text):
            value = match.group("value").rstrip(" .-/")
            if listed_kind == REGISTER_ENTRY and (sum(char.isdigit() for char in value) > MAX_ENTRY_DIGITS
                                                  or not value.isdigit() or YEAR.fullmatch(value)):
                continue  # an ID number (found by the national ID cues), or the year of the certificate
            if is_version(value):
                continue
            if kind == PASSPORT and value.isdigit() and len(value) < MIN_PASSPORT_DIGITS_ONLY:
                continue  # "passports issued: 25000": a count; a passport of digits only has six or more
            if kind != PASSPORT and _an_organisations(text, match.start("value")):
                continue
            if kind == NATIONAL_ID and _THING_ID.search(text[max(0, match.start() - 30):match.start("value")]):
                continue
            if kind == CASE_ID and (re.split(r"[-/ ]", value, maxsplit=1)[0].upper() in DOCUMENT_PREFIXES
                                    or _DAY_MONTH.fullmatch(value)):
                continue
            if sum(char.isdigit() for char in value) >= min_digits and len(value) <= MAX_VALUE_LENGTH:
                start = match.start("value")
                found.append((kind, start, start + len(value), 0.9))
                found.extend((kind, *span, 0.9) for span in _listed_after(text, start + len(value), value,
                                                                          short=kind == CASE_ID))
    # The shape alone says "passport" less surely than a cue: "CNI n° B12345678" is an identity card.
    found += [(PASSPORT, match.start(), match.end(), 0.8) for match in PASSPORT_SHAPE.finditer(text)
              if not any(start < match.end() and match.start() < end for _kind, start, end, _c in found)]
    return found


# Values listed after the first one ("dossiers 9c41d07 et 3ab8e52", "cases 231-19C01458, 231-19C01460"): each of
# the same shape as the first, digits for digits and letters for letters.
_LIST_NEXT = re.compile(r"[ \t]*(?:[,;/&]|\b(?:and|et|y|e|ou|or|o)\b)[ \t]*"
                        r"(?P<value>[A-Za-z0-9][A-Za-z0-9./-]{1,28}[A-Za-z0-9])(?![\w-])")
_SHAPE = str.maketrans("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                       "9" * 10 + "a" * 26 + "A" * 26)
MAX_LISTED = 20


def _listed_after(text: str, end: int, first: str, short: bool) -> list[tuple[int, int]]:
    """The further values of a list that starts with `first` and ends at `end` (with `short`, Primero's short IDs
    too; with `first` empty, only those)."""
    spans = []
    while len(spans) < MAX_LISTED:
        match = _LIST_NEXT.match(text, end)
        if not match:
            break
        value = match.group("value")
        same = bool(first) and value.translate(_SHAPE) == first.translate(_SHAPE)
        if not same and not (short and re.fullmatch(SHORT_ID_VALUE, value)):
            break
        spans.append(match.span("value"))
        end = match.end("value")
    return spans


# A number of a company or a supplier, not of a person: "company registration no. 8002…", "NIT del proveedor".
_ORGANISATION_BEFORE = re.compile(
    r"(?:compan(?:y|ies)|business|\bfirm\b|supplier|vendor|contractor|\bltd\b|limited|\bllc\b|\binc\b|\bsarl\b|"
    r"soci[ée]t[ée]|entreprise|fournisseur|prestataire|empresa|proveedor|contratista|fornecedor|companhia|"
    r"شرك[ةه]|(?:ال)?مورد|(?:ال)?مقاول)", re.IGNORECASE)
# An "ID" of a thing, not of a person: "Training ID TR-2025-044", "project ID", "form ID", "ticket ID".
_THING_ID = re.compile(
    r"\b(?:training|event|activity|project|form|survey|ticket|session|course|indicator|partner|vendor|supplier|"
    r"transaction|batch|item|asset|device|order|meeting|workshop|submission|task|incident|site|facility|grant|"
    r"budget|invoice|payment|programme|program|document|dataset|report)\s+ID\b\W{0,4}(?:(?:no|n[°º]|number|is|was)\W{0,3})?$",
    re.IGNORECASE)
# A full stop ends a clause before a capital: "no. 8002…", "tel. 0800…" and "Ltd. (company …" go on.
_CLAUSE_BREAK = re.compile(r"[!?;\n]|\.\s+(?=[A-ZÀ-Ý])")


def _an_organisations(text: str, offset: int) -> bool:
    """True when the number at `offset` is an organisation's, by the words before it in its clause."""
    return bool(_ORGANISATION_BEFORE.search(_clause_before(text, offset)))


# A number found by its shape alone is a document's when its clause calls it a reference, an invoice, a
# contract or an order ("Reference 0801-2023-00123 in the registry of contracts").
_DOCUMENT_BEFORE = re.compile(r"(?:\bref\b|reference|r[ée]f[ée]rence|referencia|refer[êe]ncia|invoice|facture|"
                              r"factura|fatura|contract|contrat|contrato|\border\b|commande|pedido|ticket|grant|"
                              r"subvenci[óo]n|subven[çc][ãa]o|\bPO\b|مرجع|فاتور[ةه]|عقد)", re.IGNORECASE)


# Projects, grants and agreements are numbered as agencies number cases ("le projet CD-GOM-2023-0412").
_PROJECT_BEFORE = re.compile(r"(?:project|projet|proyecto|projeto|grant|subvention|subvenci[óo]n|subven[çc][ãa]o|award|"
                             r"agreement|accord|acuerdo|acordo|budget|presupuesto|or[çc]amento|مشروع|منح[ةه])",
                             re.IGNORECASE)


def _a_documents(text: str, offset: int) -> bool:
    """True when the number at `offset`, found by its shape, is an organisation's or a document's."""
    before = _clause_before(text, offset)
    return bool(_ORGANISATION_BEFORE.search(before) or _DOCUMENT_BEFORE.search(before))


def _clause_before(text: str, offset: int, width: int = 40) -> str:
    """At most `width` characters before `offset`, back to the start of their clause."""
    window = text[max(0, offset - width):offset]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


# -- ID numbers whose shape and check digit say what they are, with or without a cue --------------------------
def _cpf_valid(value: str) -> bool:
    """Brazil's CPF, two mod-11 check digits (Receita Federal)."""
    digits = [int(char) for char in value if char.isdigit()]
    if len(set(digits)) == 1:
        return False
    for length in (9, 10):
        remainder = sum(digit * (length + 1 - index) for index, digit in enumerate(digits[:length])) * 10 % 11
        if remainder % 10 != digits[length]:
            return False
    return True


_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def _curp_valid(value: str) -> bool:
    """Mexico's CURP: a real date of birth and the check digit of RENAPO's weighted sum."""
    if not ("01" <= value[6:8] <= "12" and "01" <= value[8:10] <= "31"):
        return False
    total = sum(_CURP_ALPHABET.index(char) * (18 - index) for index, char in enumerate(value[:17]))
    return (10 - total % 10) % 10 == int(value[17])


def _rut_valid(value: str) -> bool:
    """Chile's RUT/RUN: the mod-11 check digit (K for 10) after the hyphen."""
    body, check = value.replace(".", "").split("-")
    total = sum(int(digit) * (2 + index % 6) for index, digit in enumerate(reversed(body)))
    expected = 11 - total % 11
    return check.upper() == {10: "K", 11: "0"}.get(expected, str(expected))


def _unzr_valid(value: str) -> bool:
    """Ukraine's UNZR: a date of birth (YYYYMMDD), a number and the 7-3-1 check digit of travel documents'
    machine-readable zone (https://mvs.gov.ua/en/news/unikalnii-nomer-zapisu-v-jeddr-shho-ce-ta-de-sukati)."""
    digits = value.replace("-", "")
    if not ("01" <= digits[4:6] <= "12" and "01" <= digits[6:8] <= "31"):
        return False
    return sum(int(digit) * (7, 3, 1)[index % 3] for index, digit in enumerate(digits[:12])) % 10 == int(digits[12])


def _cui_valid(value: str) -> bool:
    """Guatemala's CUI as the DPI prints it (0000 00000 0000): the mod-11 verifier of the first eight digits,
    then a department code 01-22 (https://learn.sayari.com/interpreting-guatemalan-national-id-numbers/)."""
    digits = value.replace(" ", "")
    total = sum(int(digit) * (index + 2) for index, digit in enumerate(digits[:8])) % 11
    return total != 10 and total == int(digits[8]) and "01" <= digits[9:11] <= "22" and digits[11:] != "00"


CHECKED_IDS = [
    (re.compile(r"(?<![\w.-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w-]|[.,]\d)"), _cpf_valid),
    (re.compile(r"(?<![\w-])[A-Z]{4}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d(?![\w-])"), _curp_valid),
    (re.compile(r"(?<![\w.-])\d{1,2}\.\d{3}\.\d{3}-[\dkK](?![\w-])"), _rut_valid),
    (re.compile(r"(?<![\w-])(?:19|20)\d{6}-\d{5}(?![\w-])"), _unzr_valid),
    (re.compile(r"(?<![\w-])\d{4} \d{5} \d{4}(?![\w-]| \d)"), _cui_valid),
]
# Shapes no other common number has, though their check digit is not public: Brazil's birth-certificate
# matrícula (32 digits; "55" is the civil registry of natural persons, then the year of the entry), Venezuela's
# cédula, Honduras's DNI (https://learn.sayari.com/interpreting-honduran-national-id-numbers/), Angola's BI
# (nine digits, two letters, two of version and a check digit: Lei 3/21, art. 9) and Mozambique's BI (twelve
# digits and a letter).
SHAPED_IDS = [
    re.compile(r"(?<!\w)\d{6}[ .-]?\d{2}[ .-]?55[ .-]?(?:1[89]|20)\d{2}[ .-]?\d[ .-]?\d{5}[ .-]?\d{3}[ .-]?\d{7}"
               r"[ .-]?\d{2}(?!\w|[ .-]\d)"),
    # Venezuela's cédula, V for Venezuelans and E for foreigners ("V-24.681.357", "E-8123456").
    re.compile(r"(?<![\w-])(?:V-?\s?(?:\d{1,2}\.\d{3}\.\d{3}|\d{7,8})|E-?\s?\d{1,2}\.\d{3}\.\d{3})(?![\w.-]|[.,]\d)"),
    # Honduras's DNI: department (01-18) and municipality, year of birth registration, sequence.
    re.compile(r"(?<![\w-])(?:0[1-9]|1[0-8])\d{2}-(?:19|20)\d{2}-\d{5}(?![\w-])"),
    re.compile(r"(?<![\w-])\d{9}[A-Z]{2}\d{3}(?![\w-])"),
    re.compile(r"(?<![\w-])\d{12}[A-Z](?![\w-])"),
    # Portugal's Cartão de Cidadão: the civil number (8 digits), its check digit, two letters of version and a
    # final check digit, printed "12345678 9 ZZ1".
    re.compile(r"(?<![\w-])\d{8}[ -]?\d[ -]?[A-Z]{2}\d(?![\w-])"),
    # Myanmar's National Registration Card: state number, township code in syllables, the holder's status
    # (N for a citizen, E, P, A…) and six digits ("12/OuKaMa(N)123456", "7/PAKHANA (N) 04512").
    re.compile(r"(?<![\w/])\d{1,2}\s?/\s?(?:(?:[A-Z][a-z]{1,3}){2,4}|[A-Z]{4,10})\s?\((?:N|E|P|A|T|C|AC|NC|V|M|"
               r"Naing|Ae|Pyu|Thi)\)\s?\d{5,6}(?!\d)"),
]


def is_version(value: str) -> bool:
    """True for a software version ("v2.11.0-rc.1", "2.024.17c", "4.2.11"); a number grouped by thousands
    ("1.023.456.789", a Colombian cédula) is not one."""
    if not VERSION.fullmatch(value):
        return False
    if value[0] in "vV" or any(char.isalpha() for char in value):
        return True
    if any(len(group) >= 4 and group[0] == "0" for group in value.split(".")[1:]):
        return False  # "2024.0381.0045": zero-padded sequence numbers, as registries write them
    return any(len(group) != 3 for group in value.split(".")[1:])


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans that look like numbers of other things: references, standards, amounts, years, dates, pages."""
    return [match.span() for pattern in PROTECTED for match in pattern.finditer(text)]


@cache
def _region_lengths() -> dict[str, tuple[str, frozenset[int]]]:
    """Each region's trunk prefix and the lengths its national numbers may have (from phonenumbers' metadata)."""
    lengths = {}
    for region in phone_regions():
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if metadata is not None:
            lengths[region] = (metadata.national_prefix or "", frozenset(metadata.general_desc.possible_length or ()))
    return lengths


def _plausible_regions(digits: str) -> list[str]:
    """The regions where a national number can have this many digits: a cheap sieve before the matcher."""
    regions = []
    for region, (prefix, lengths) in _region_lengths().items():
        if len(digits) in lengths or (prefix and digits.startswith(prefix) and len(digits) - len(prefix) in lengths):
            regions.append(region)
    return regions


_SERVICE_TYPES = frozenset({phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.SHARED_COST,
                            phonenumbers.PhoneNumberType.PREMIUM_RATE, phonenumbers.PhoneNumberType.UAN})
PUBLIC_SERVICE = (-1, -1)  # what _matches returns for a service's number: found, and not to be flagged


def _matches(candidate: str) -> list[tuple[int, int]]:
    """Where phonenumbers finds valid numbers in `candidate`, trying the helpdesk's regions in turn."""
    if candidate.startswith(("+", "00")):
        regions: list[str] = ["FR"]  # any region reads +NN; FR also dials out with 00
    else:
        regions = _plausible_regions("".join(char for char in candidate if char.isdigit()))
    for region in regions:
        matches = list(PhoneNumberMatcher(candidate, region, leniency=Leniency.VALID))
        if matches:
            # Toll-free, shared-cost, premium and universal access numbers are services', not anyone's: the
            # numbering plans set them apart ("80 00 11 11" in Burkina Faso and Mali, "1800 …" in Ecuador).
            return [(match.start, match.end) for match in matches
                    if phonenumbers.number_type(match.number) not in _SERVICE_TYPES] or [PUBLIC_SERVICE]
    return []


# Numbers the public is given to call: a hotline is nobody's personal number ("the GBV hotline is 1195", "línea
# gratuita 141", "خط المساعدة ٠٦٤٠٠٨٠٠٠").
HOTLINE_CUES = re.compile(
    r"(?:hot\s?line|help\s?line|toll[- ]free|free\s?phone|call\s?cent(?:re|er)|green\s+line|"
    r"num[ée]ro\s+(?:vert|gratuit|d['’]urgence)|ligne\s+(?:verte|gratuite|d['’][ée]coute|d['’]urgence)|"
    r"l[íi]nea\s+(?:gratuita|de\s+ayuda|de\s+atenci[óo]n|nacional|de\s+emergencia)|"
    r"linha\s+(?:gratuita|de\s+apoio|verde|de\s+emerg[êe]ncia)|disque|"
    r"(?:ال)?خط\s+(?:ال)?(?:ساخن|مساعد[ةه]|نجد[ةه]|مجاني)|(?:ال)?رقم\s+(?:ال)?مجاني)", re.IGNORECASE)


_HOTLINE_AFTER = re.compile(rf"\s*\(\s*(?:{HOTLINE_CUES.pattern}|free|gratuit[eo]?|gratis|sans\s+frais)\s*\)",
                            re.IGNORECASE)


# An office's or a ministry's number, given in the same sentence as the agency: "the UNHCR office in Kampala
# (…; +256 41 …)", "the Ministry of Social Development switchboard is +962 6 …", "مكتب اليونيسف في عمّان +962 6 …".
# For any number, an office or a bureau counts only with an agency's acronym next to it, a ministry only with its
# switchboard: a ministry named in passing ("referred by the ministry; her mother's phone is …") says nothing of a
# mobile. A fixed line needs less (_INSTITUTION, below).
_AGENCY = (r"(?:UNICEF|UNHCR|ACNUR|HCR|OCHA|IOM|OIM|WFP|PAM|UNFPA|UNDP|PNUD|NRC|IRC|MSF|ICRC|CICR|IFRC|"
           r"اليونيسف|المفوضي[ةه])")
# Arabic vowel marks are part of the word they are written on: "عمّان" (Amman) is no "عم" (uncle).
_AR_END = r"(?![\w\u064b-\u0652])"
_OFFICE_NUMBER = re.compile(
    rf"(?:\b(?:offices?|bureaux?|oficinas?|escrit[óo]rios?)\b|مكتب)\W+(?:\w+\W+){{0,2}}?{_AGENCY}|"
    rf"(?-i:\b{_AGENCY})\W+(?:\w+\W+){{0,2}}?(?:offices?|bureau|oficina|escrit[óo]rio)\b|"
    r"switchboard|\bstandard\s+(?:t[ée]l[ée]phonique|du\s+minist)|\bstandard\s*:\s*$|centralita|conmutador|"
    r"\bPA?BX\b|\b(?:r[ée]ception|recepci[óo]n|recep[çc][ãa]o)\s*:?\s*$|"
    # An organisation's general, institutional or published line: "the general line is …", "o telefone
    # institucional do CREAS …", "atende pelo telefone publicado …".
    r"\b(?:general|main)\s+(?:phone\s+)?(?:line|number)|\bligne\s+g[ée]n[ée]rale|\bl[íi]nea\s+general|"
    r"\blinha\s+geral|\binstitution(?:al|nel(?:le)?)\s+(?:phone|line|number)|"
    r"\b(?:t[ée]l[ée]phone|num[ée]ro|tel[ée]fono|telefone|n[úu]mero|l[íi]nea|linha)\s+institucional|"
    r"\b(?:t[ée]l[ée]phone|num[ée]ro|ligne)\s+institutionnel(?:le)?|"
    # What the line is for may come between ("el número de atención publicado").
    r"\b(?:telefone|tel[ée]fono|t[ée]l[ée]phone|phone|number|n[úu]mero|num[ée]ro|line|linha|l[íi]nea|ligne)\s+"
    r"(?:(?:de|d['’]|of)\s*[^\W\d_]{3,12}\s+)?(?:publicad[oa]|published|publi[ée]e?)\b|"
    r"\bpublished\s+(?:phone|number|line)|"
    # A desk that answers the public ("the coordination desk is now on …"), a number published on a website.
    r"\b(?:help|coordination|information|front|reception)\s*desk\b|"
    rf"(?:ال)?(?:مقسم|سنترال|بدال[ةه]){_AR_END}|(?:ال)?(?:منشور|معلن){_AR_END}\s+على\s+(?:ال)?موقع",
    re.IGNORECASE)
# Institutions, and the public invited to call, that make a fixed line theirs when nobody's own number is named
# after them: "The Kakuma field office number is …", "O Conselho Tutelar de Boa Vista atende pelo telefone (95) …",
# "For media enquiries call …". A mobile is not taken for an institution's on these words alone.
_INSTITUTION = re.compile(
    r"\b(?:offices?|bureaux?|oficinas?|escrit[óo]rios?|secr[ée]tariat|secretar[íi]a|headquarters|si[èe]ge|sede|"
    r"ministry|minist[èe]re|ministerio|minist[ée]rio|council|conseil|consejo|conselho|defensor[íi]a|ombudsman|"
    r"prefeitura|alcald[íi]a|mairie|municipality|municipalidad|police|polic[íi]a|gendarmerie|hospital|h[ôo]pital|"
    r"court|tribunal|juzgado|embassy|ambassade|embajada|embaixada|consulate|consulat|consulado|"
    r"(?:media|press|general)\s+(?:en|in)quiries|(?:for\s+)?more\s+information|"
    r"pour\s+(?:toute\s+question|tout\s+renseignement|plus\s+d['’]informations?)|"
    r"para\s+(?:m[áa]s\s+)?informaci[óo]n|para\s+mais\s+informa[çc](?:ão|ões)|"
    r"open\s+to\s+the\s+public|re[çc]oit\s+le\s+public|atiende\s+al\s+p[úu]blico|atende\s+(?:o\s+)?p[úu]blico)\b|"
    rf"(?<!\w)(?:ال)?(?:مكتب|وزار[ةه]|مقر|سفار[ةه]|شرط[ةه]|مستشفى|محكم[ةه]|بلدي[ةه])|للاستفسار(?:ات)?{_AR_END}",
    re.IGNORECASE)
# Someone's own number named between the office and the number keeps it personal: a missed private number is
# worse than an office's number flagged for an officer to dismiss. First persons too: "call me at the office".
_PERSONAL_CUE = re.compile(
    r"\b(?:her|his|him|she|he|mother|father|mum|mom|dad|aunt|uncle|grand\w*|caregiver|carer|guardian|parents?|"
    r"family|child|girl|boy|son|daughter|brother|sister|elle|lui|sa|son|ses|m[èe]re|p[èe]re|tante|oncle|famille|"
    r"enfant|fille|gar[çc]on|su|sus|madre|padre|t[íi]a|t[íi]o|familia|niñ[oa]|hij[oa]|ela|ele|m[ãa]e|pai|"
    r"fam[íi]lia|crian[çc]a|menin[oa]|filh[oa]|me|my|mine|moi|mon|ma|mes|mi|mis|meu|minha|meus|minhas)\b|"
    rf"(?<!\w)(?:ال)?(?:أم|أب|والد[ةه]?|خال[ةه]?|عم[ةه]?|أسرة|عائلة|طفل[ةه]?){_AR_END}",
    re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[!?\n\u061f]|\.\s+(?=[A-ZÀ-Ý])")
# After the number: an extension ("(601) 314 7300, extensión 2401", "poste 12", "ramal 3"), which homes do not
# have, or the office in brackets ("+254 20 762 1234 (Nairobi office)").
_OFFICE_AFTER = re.compile(
    r"\s*,?\s*(?:(?:ext\.?|extension|extensi[óo]n|extens[ãa]o|poste|ramal|anexo)\s*:?\s*\d|"
    r"\(\s*(?:[\w'’-]+\s+){0,3}(?:office|bureau|oficina|escrit[óo]rio|headquarters|switchboard|reception|standard)"
    r"\s*\))", re.IGNORECASE)

# How far back an office may be named: close by for any number, further for a fixed line. Offices publish their
# address and opening hours before their landline ("Le bureau de l'UNICEF à Bangui, avenue …, reçoit le public du
# lundi au vendredi ; standard : +236 21 …"), while the people a helpdesk hears of are reached on mobiles.
OFFICE_WIDTH = 80
FIXED_LINE_OFFICE_WIDTH = 220


def _an_office_number(text: str, offset: int, raw: str, name_starts: Sequence[int] = ()) -> bool:
    """True when the number `raw` at `offset` is given as an office's: an agency's office or a switchboard named
    before it in the sentence, an extension or the office named right after it, or, for a fixed line, an
    institution or an invitation to the public further back; nobody's own number named in between (or, further
    back, anywhere in the sentence, nor a person found there: `name_starts`)."""
    near = _sentence_before(text, offset, OFFICE_WIDTH)
    if _named_without_a_person(near, _OFFICE_NUMBER):
        return True
    if _OFFICE_AFTER.match(text, offset + len(raw)) and not _PERSONAL_CUE.search(near):
        return True
    # Further back, anyone named anywhere in the sentence keeps the number theirs ("call me at the office on …").
    # A person named there too ("The court summoned Amina Yusuf, 041 234 567"): the number may be theirs.
    far = _sentence_before(text, offset, FIXED_LINE_OFFICE_WIDTH)
    if any(offset - len(far) <= start < offset for start in name_starts):
        return False
    return bool((_OFFICE_NUMBER.search(far) or _INSTITUTION.search(far)) and not _PERSONAL_CUE.search(far)
                and _fixed_line(raw))


def _sentence_before(text: str, offset: int, width: int) -> str:
    """The sentence that ends at `offset`, at most `width` characters of it."""
    window = text[max(0, offset - width):offset]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


def _named_without_a_person(sentence: str, cue: re.Pattern) -> bool:
    """True when `cue` is in the sentence with no word of a person's own number after it."""
    found = cue.search(sentence)
    return found is not None and not _PERSONAL_CUE.search(sentence, found.end())


def _fixed_line(raw: str) -> bool:
    """True when the numbering plan (in the first region where `raw` is valid) makes it a fixed line, not a
    mobile nor a number that may be either."""
    regions = ["FR"] if raw.startswith(("+", "00")) else _plausible_regions("".join(c for c in raw if c.isdigit()))
    for region in regions:
        for match in PhoneNumberMatcher(raw, region, leniency=Leniency.VALID):
            return phonenumbers.number_type(match.number) == phonenumbers.PhoneNumberType.FIXED_LINE
    return False


# "on", "au", "al", "no" right before a number that a call earlier in the clause asks for: "appeler la tante de
# Yasmine (9 ans) au 71 228 415", "call her uncle in Kakuma on 0712 …", "llamar a la tía al 0412 …".
_AT_NUMBER = re.compile(r"\b(?:on|at|au|al|no|pelo)\s*$", re.IGNORECASE)
# A relative's or a host's number, said so right before it: "el numero d la abuela es 987 …", "رقم الأب 76 …", "the
# number of her aunt: 0772 …". A person's number is a phone, whatever its grouping (an ID is named by its own cue).
_KIN_NUMBER = re.compile(
    r"(?:\bnumber|n[úu]mero|num[ée]ro|\bnum\b|\bno\.|رقم)\s+"
    r"(?:(?:of|de|d|du|del|da|do|dos|das|la|el|le|the|her|his|their|su|sa|son|a|o|l['’]|d['’])\s*){0,3}"
    r"(?:mother|father|mum|mom|dad|aunt|uncle|grand\w*|caregiver|guardian|neighbou?r|host|m[èe]re|p[èe]re|tante|"
    r"oncle|grand-\w+|tut(?:eur|rice)|voisine?|madre|padre|mam[áa]|pap[áa]|t[íi][ao]|abuel[oa]|cuidador[a]?|"
    r"vecin[oa]|m[ãa]e|pai|av[óô]|vizinh[oa]|(?:ال)?(?:[أا]م|[أا]ب|والد[ةه]?|خال[ةه]?|عم[ةه]?|جد[ةه]?|جار[ةه]?)|"
    r"[أا]بو(?:ه|ها)|[أا]م(?:ه|ها))(?!\w)(?:\s+(?:is|es|est|é|era|was|هو))?\s*[:\-]?\s*$", re.IGNORECASE)
CALL_WIDTH = 90


def _placeholder(raw: str) -> bool:
    """True when the number is zeros after its first three digits, as forms and training material write a dummy
    number ("+000 000 000", "+254 000 000 000")."""
    digits = "".join(char for char in raw if char.isdigit())
    return len(digits) > 3 and not digits[3:].strip("0")


def find_phones(text: str, name_starts: Sequence[int] = ()) -> list[tuple[str, int, int, float]]:
    """Phone numbers in national or international format, checked with the phonenumbers library.

    `name_starts`: where the people found in `text` are named; a fixed line in a sentence naming one is not
    taken for an institution's (a missed private number is worse than an office's flagged).

    A number without a cue ("tel", "هاتف") or an international prefix is checked only while fewer than
    MAX_UNCUED_CANDIDATES have been: a table of figures must not make a text take seconds.
    """
    protected = protected_spans(text)
    found = []
    uncued = 0
    for match in PHONE_CANDIDATE.finditer(text):
        raw = match.group()
        offset = match.start() + (len(raw) - len(raw.lstrip()))
        raw = raw.strip()
        digits = sum(char.isdigit() for char in raw)
        if _placeholder(raw):
            continue
        before = text[max(0, offset - 30):offset]
        if HOTLINE_CUES.search(_clause_before(text, offset)) or _HOTLINE_AFTER.match(text, offset + len(raw)):
            continue
        cued = bool(PHONE_CUES.search(before) or _KIN_NUMBER.search(before)) or bool(
            _AT_NUMBER.search(before) and PHONE_CUES.search(_clause_before(text, offset, CALL_WIDTH)))
        hinted = cued or bool(NUMBER_CUES.search(before))
        international = raw.startswith(("+", "00"))
        if digits < (7 if hinted or international else 8) or digits > 15:
            continue
        if not (cued or international) and (_looks_like_a_quantity(raw) or _odd_grouping(raw)):
            continue
        if not (cued or international):
            uncued += 1
            if uncued > MAX_UNCUED_CANDIDATES:
                continue
        end = offset + len(raw)
        if not international and any(a <= offset and end <= b for a, b in protected):
            continue
        spans = _matches(raw)
        if spans == [PUBLIC_SERVICE]:
            continue
        if not spans and cued and international:
            try:
                number = phonenumbers.parse(raw if raw.startswith("+") else "+" + raw[2:], None)
                spans = [(0, len(raw))] if phonenumbers.is_possible_number(number) else []
            except phonenumbers.NumberParseException:
                spans = []
        if not spans and cued and 7 <= digits <= 15:
            spans = [(0, len(raw))]  # "Tel: ..." says what it is, whatever the format
        # Last, as it reads the sentence around: only for what would otherwise be found.
        if spans and _an_office_number(text, offset, raw, name_starts):
            continue
        for start, end in spans:
            start, end = offset + start, offset + end
            # After a cue, a group inside the number that reads as a year is one of its groups ("cel 84 512 2031").
            if not international and any(a < end and start < b and not (cued and start < a and b <= end)
                                         for a, b in protected):
                continue
            confidence = 0.95 if cued or international else 0.85 if hinted else 0.7
            found.append((PHONE, start, end, confidence))
    return found


# Between a person's name and their number: "Samira Al-Hamwi, 71 384 265", "Grace Lado: 923 456 718".
_AFTER_NAME = re.compile(r"[ \t]*[,:;(–-]?[ \t]*")


def find_phones_after_names(text: str, name_ends: list[int]) -> list[tuple[str, int, int, float]]:
    """Phone numbers written right after a person's name: the name says whose number it is, as "tel" would, so a
    number written like a quantity ("71 384 265", a Lebanese mobile) counts when phonenumbers finds it valid.
    At most MAX_UNCUED_CANDIDATES are checked, as for numbers without a cue."""
    protected = None
    found = []
    for name_end in name_ends[:MAX_UNCUED_CANDIDATES]:
        match = PHONE_CANDIDATE.match(text, _AFTER_NAME.match(text, name_end).end())
        if not match or not 7 <= sum(char.isdigit() for char in match.group()) <= 15:
            continue
        raw = match.group().strip()
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        protected = protected if protected is not None else protected_spans(text)
        if any(a <= start and start + len(raw) <= b for a, b in protected) or _an_office_number(text, start, raw):
            continue
        found += [(PHONE, start + a, start + b, 0.85) for a, b in _matches(raw) if (a, b) != PUBLIC_SERVICE]
    return found


def _odd_grouping(raw: str) -> bool:
    """Digits grouped as no phone number is written: several single digits, or many groups ("1 2 3 4 5 6 7 8")."""
    groups = re.findall(r"\d+", raw)
    return len(groups) > 6 or sum(len(group) == 1 for group in groups) > 1


def _looks_like_a_quantity(raw: str) -> bool:
    """A number written like an amount ("1 200 000"), or a block of digits without the trunk 0 that national
    formats start with: without a cue such as "tel", that is more often a grant, order or account number."""
    return bool(_THOUSANDS.fullmatch(raw)) or (raw.isdigit() and not raw.startswith("0"))
