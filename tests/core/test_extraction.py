"""Bounded text extraction: every type of file read for real, in the child process, and hostile files refused.

The sample files are built here: PDFs written byte by byte, Office and OpenDocument zips with the XML parts a
word processor writes, an XLSX saved by openpyxl.
"""

import io
import json
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile

import pytest
from django.utils import translation

from cphelpdesk.core import extraction, extractors
from cphelpdesk.core.extraction import ERROR_MESSAGES, ExtractedText, ExtractionLimits, extract_text
from cphelpdesk.core.extractors.archive import OLE2_MAGIC

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ARABIC = "حماية الطفل في حالات الطوارئ"


# --- sample files -----------------------------------------------------------------------------------------

def pdf(pages: list[bytes], *, arabic: str = "") -> bytes:
    """A minimal valid PDF: one content stream per page; /F1 is Helvetica (WinAnsi), /F2 an Identity-H font
    whose ToUnicode map covers `arabic`, drawn on the first page in visual order as real files do."""
    mapping = sorted(set(arabic))
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(mapping)} beginbfchar\n"
            + "".join(f"<{index + 1:04X}> <{ord(char):04X}>\n" for index, char in enumerate(mapping))
            + "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n").encode()
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % (10 + 2 * index) for index in range(len(pages))), len(pages)),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type0 /BaseFont /Naskh /Encoding /Identity-H /DescendantFonts [5 0 R] "
           b"/ToUnicode 6 0 R >>",
        5: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Naskh /CIDSystemInfo << /Registry (Adobe) "
           b"/Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        6: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    }
    for index, content in enumerate(pages):
        if arabic and index == 0:
            glyphs = "".join(f"{mapping.index(char) + 1:04X}" for char in reversed(arabic))
            content += f"\nBT /F2 14 Tf 72 500 Td <{glyphs}> Tj ET".encode()
        objects[10 + 2 * index] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
                                   b"<< /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (11 + 2 * index))
        objects[11 + 2 * index] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size, xref = max(objects) + 1, len(out)
    out += b"xref\n0 %d\n" % size
    for number in range(size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def page(*lines: str) -> bytes:
    """A content stream showing each line in Helvetica, one under the other."""
    shown = [b"(" + line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
             + b") Tj T*" for line in lines]
    return b"\n".join([b"BT /F1 12 Tf 72 720 Td 14 TL", *shown, b"ET"])


def encrypted(data: bytes, *, user_password: str, algorithm: str = "RC4-128") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zipped(parts: dict[str, str | bytes], *, stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:  # OpenDocument: "mimetype" first and uncompressed
            archive.writestr(zipfile.ZipInfo(stored_first), parts[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, content in parts.items():
            if name != stored_first:
                archive.writestr(name, content)
    return out.getvalue()


def relationships(*rels: tuple[str, str, str]) -> str:
    return XML + f'<Relationships xmlns="{PACKAGE_RELS}">' + "".join(
        f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{target}"/>' for rid, kind, target in rels
    ) + "</Relationships>"


def content_types(*overrides: tuple[str, str]) -> str:
    return (XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides) + "</Types>")


def run(text: str, **properties) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    bold = "<w:rPr><w:b/></w:rPr>" if properties.get("bold") else ""
    return f"<w:r>{bold}<w:t{space}>{text}</w:t></w:r>"


def word_paragraph(*runs: str) -> str:
    return f'<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>{"".join(runs)}</w:p>'


def docx(body: str | None = None, *, document: str | None = None) -> bytes:
    if body is None:
        body = (
            word_paragraph(run("Évaluation rapide"))
            + word_paragraph(run("Les enfants "), run("déplacés", bold=True),
                             '<w:del w:id="1" w:author="A"><w:r><w:delText>supprimé</w:delText></w:r></w:del>',
                             "<w:r><w:tab/></w:r>", run("à Goma"))
            + word_paragraph('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                             '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText>'
                             '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>', run("le lien"),
                             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
            + "<w:tbl><w:tr>"
            + "".join(f"<w:tc>{word_paragraph(run(cell))}</w:tc>" for cell in ["Province", "Nord-Kivu"])
            + "</w:tr></w:tbl>"
            + word_paragraph(run(ARABIC))
            + word_paragraph(run("Première ligne"), "<w:r><w:br/></w:r>", run("deuxième ligne, post"),
                             "<w:r><w:noBreakHyphen/></w:r>", run("crise"))
            + word_paragraph(
                "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
                + word_paragraph(run("Encadré")) + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>"
                "<w:txbxContent>" + word_paragraph(run("Encadré")) + "</w:txbxContent></w:pict></mc:Fallback>"
                "</mc:AlternateContent></w:r>")
            + '<w:sectPr><w:headerReference w:type="default" r:id="rId2"/></w:sectPr>'
        )
    if document is None:
        document = (XML + f'<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:mc="{MC}"><w:body>{body}</w:body>'
                    "</w:document>")
    return zipped({
        "[Content_Types].xml": content_types(
            ("/word/document.xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")),
        "_rels/.rels": relationships(("rId1", "officeDocument", "word/document.xml")),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": relationships(("rId2", "header", "header1.xml"),
                                                      ("rId3", "footer", "footer1.xml")),
        "word/header1.xml": XML + f'<w:hdr xmlns:w="{W}">{word_paragraph(run("Rapport confidentiel"))}</w:hdr>',
        "word/footer1.xml": XML + f'<w:ftr xmlns:w="{W}">{word_paragraph(run("Page"))}</w:ftr>',
    })


DOCX_TEXT = ("Évaluation rapide\nLes enfants déplacés à Goma\nle lien\nProvince Nord-Kivu\n" + ARABIC
             + "\nPremière ligne\ndeuxième ligne, post-crise\nEncadré\n\nRapport confidentiel\n\nPage")


def xlsx() -> bytes:
    def cell(ref, value, kind=""):
        if kind == "inlineStr":
            return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        kind = f' t="{kind}"' if kind else ""
        return f'<c r="{ref}"{kind}>{value}</c>'

    sheet1 = (XML + f'<worksheet xmlns="{S}"><sheetData>'
              f'<row r="1">{cell("A1", "<v>0</v>", "s")}{cell("B1", "<v>1</v>", "s")}</row>'
              f'<row r="2">{cell("A2", "<v>2</v>", "s")}{cell("B2", "<v>1500.5</v>")}'
              f'{cell("C2", "<f>B2*2</f><v>3001</v>")}{cell("D2", "<v>1</v>", "b")}<c r="E2" s="3"/></row>'
              f'<row r="3">{cell("A3", "Note libre", "inlineStr")}</row>'
              "</sheetData></worksheet>")
    sheet2 = (XML + f'<worksheet xmlns="{S}"><sheetData><row r="1">{cell("A1", "<v>3</v>", "s")}</row>'
              "</sheetData></worksheet>")
    strings = (XML + f'<sst xmlns="{S}" count="4" uniqueCount="4">'
               "<si><t>Activité</t></si>"
               '<si><r><t xml:space="preserve">Gestion </t></r><r><rPr><b/></rPr><t>de cas</t></r></si>'
               f"<si><t>{ARABIC}</t></si>"
               "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh></si></sst>")
    workbook = (XML + f'<workbook xmlns="{S}" xmlns:r="{R}"><sheets>'
                '<sheet name="Budget" sheetId="1" r:id="rId1"/><sheet name="Contacts" sheetId="2" r:id="rId2"/>'
                "</sheets></workbook>")
    return zipped({
        "[Content_Types].xml": content_types(),
        "_rels/.rels": relationships(("rId1", "officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": relationships(("rId1", "worksheet", "worksheets/sheet1.xml"),
                                                    ("rId2", "worksheet", "/xl/worksheets/sheet2.xml"),
                                                    ("rId3", "sharedStrings", "sharedStrings.xml")),
        "xl/sharedStrings.xml": strings,
        "xl/worksheets/sheet1.xml": sheet1,
        "xl/worksheets/sheet2.xml": sheet2,
    })


def slide(*paragraphs: str, number_field: bool = True) -> str:
    shapes = "".join(
        f'<p:sp><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="fr-FR"/><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>'
        for text in paragraphs)
    if number_field:
        shapes += ('<p:sp><p:txBody><a:p><a:fld id="{1}" type="slidenum"><a:t>‹N°›</a:t></a:fld></a:p>'
                   "</p:txBody></p:sp>")
    return (XML + f'<p:sld xmlns:a="{A}" xmlns:p="{P}" xmlns:r="{R}"><p:cSld><p:spTree>{shapes}</p:spTree>'
            "</p:cSld></p:sld>")


def pptx(slides: list[str], *, notes: dict[int, str] | None = None) -> bytes:
    """Slides listed in the presentation in the given order, stored under numbers in the reverse order."""
    count = len(slides)
    parts = {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": relationships(("rId1", "officeDocument", "ppt/presentation.xml")),
        "ppt/presentation.xml": XML + f'<p:presentation xmlns:p="{P}" xmlns:r="{R}"><p:sldIdLst>'
        + "".join(f'<p:sldId id="{256 + index}" r:id="rId{10 + index}"/>' for index in range(count))
        + "</p:sldIdLst></p:presentation>",
        "ppt/_rels/presentation.xml.rels": relationships(
            *((f"rId{10 + index}", "slide", f"slides/slide{count - index}.xml") for index in range(count))),
    }
    for index, content in enumerate(slides):
        parts[f"ppt/slides/slide{count - index}.xml"] = content
        if notes and index in notes:
            parts[f"ppt/slides/_rels/slide{count - index}.xml.rels"] = relationships(
                ("rId1", "notesSlide", f"../notesSlides/notesSlide{index + 1}.xml"))
            parts[f"ppt/notesSlides/notesSlide{index + 1}.xml"] = slide(notes[index])
    return zipped(parts)


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')
ODF_TYPES = {"odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
             "odp": "application/vnd.oasis.opendocument.presentation"}


def opendocument(kind: str, body: str, *, manifest_extra: str = "") -> bytes:
    element = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}[kind]
    content = (XML + f'<office:document-content {ODF_NS} office:version="1.3"><office:body>'
               f"<office:{element}>{body}</office:{element}></office:body></office:document-content>")
    manifest = (XML + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
                f'manifest:media-type="{ODF_TYPES[kind]}"/><manifest:file-entry manifest:full-path="content.xml" '
                f'manifest:media-type="text/xml">{manifest_extra}</manifest:file-entry></manifest:manifest>')
    return zipped({"mimetype": ODF_TYPES[kind], "content.xml": content, "META-INF/manifest.xml": manifest,
                   "styles.xml": XML + f"<office:document-styles {ODF_NS}/>"}, stored_first="mimetype")


ODT_BODY = (
    '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>ancien texte</text:p>'
    "</text:deletion></text:changed-region></text:tracked-changes>"
    '<text:h text:outline-level="1">Réunion du groupe de coordination</text:h>'
    '<text:p>Points<text:s text:c="3"/>clés :<text:tab/>l\'<text:span text:style-name="T1">éducation</text:span>'
    '<office:annotation><dc:creator>Agent</dc:creator><dc:date>2026-11-02T10:00:00</dc:date><text:p>à vérifier'
    "</text:p></office:annotation> et la santé<text:line-break/>deuxième ligne</text:p>"
    '<table:table table:name="Tableau1"><table:table-column/><table:table-row>'
    "<table:table-cell><text:p>Zone</text:p></table:table-cell><table:table-cell><text:p>Ituri</text:p>"
    "</table:table-cell></table:table-row></table:table>"
    f"<text:p>{ARABIC}</text:p>"
)


def odp_slide(name: str, *paragraphs: str) -> str:
    frames = "".join(f"<draw:frame><draw:text-box><text:p>{text}</text:p></draw:text-box></draw:frame>"
                     for text in paragraphs)
    return f'<draw:page draw:name="{name}">{frames}</draw:page>'


def patched_sizes(data: bytes, member: str, declared: int) -> bytes:
    """The zip with `member` claiming `declared` unpacked bytes in both its local and central headers."""
    out = bytearray(data)
    # (signature, offset of the uncompressed size, of the name's length, of the name) in each kind of header
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        position = out.find(signature)
        while position >= 0:
            length = struct.unpack_from("<H", out, position + length_at)[0]
            if out[position + name_at:position + name_at + length] == member.encode():
                struct.pack_into("<I", out, position + size_at, declared)
            position = out.find(signature, position + 4)
    return bytes(out)


@pytest.fixture
def children(monkeypatch):
    """The extraction children started during a test, to check they are gone afterwards."""
    started = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        child = real_popen(*args, **kwargs)
        child.options = kwargs
        started.append(child)
        return child

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    return started


def assert_gone(child: subprocess.Popen) -> None:
    assert child.returncode is not None
    with pytest.raises(ProcessLookupError):
        os.kill(child.pid, 0)


# --- each type of file ------------------------------------------------------------------------------------

def test_pdf_pages_text_and_count():
    data = pdf([page("Protection de l’enfance dans les camps", "Évaluation des besoins et des services"),
                page("Second page")], arabic=ARABIC)
    result = extract_text(data, name="rapport.pdf", content_type="application/pdf")
    assert result == ExtractedText(
        text=f"Protection de l’enfance dans les camps\nÉvaluation des besoins et des services\n{ARABIC}\n\n"
             "Second page", pages=2, truncated=False, error="", error_code="", language_hint="fr")


def test_pdf_page_limit_truncates_but_counts_every_page():
    data = pdf([page(f"Page {number}") for number in range(1, 6)])
    result = extract_text(data, name="long.pdf", limits=ExtractionLimits(max_pages=2))
    assert (result.text, result.pages, result.truncated, result.error) == ("Page 1\n\nPage 2", 5, True, "")


def test_encrypted_pdf_gives_a_clear_error():
    for algorithm in ["RC4-128", "AES-256"]:
        data = encrypted(pdf([page("Secret")]), user_password="s3cret", algorithm=algorithm)
        result = extract_text(data, name="secret.pdf")
        assert (result.text, result.error, result.error_code) == ("", "The file is encrypted", "encrypted")


def test_pdf_with_only_an_owner_password_is_read():
    """Printing and copying restrictions do not stop reading: the empty user password opens the file."""
    data = encrypted(pdf([page("Restricted but readable")]), user_password="")
    assert extract_text(data, name="restricted.pdf").text == "Restricted but readable"


def test_docx_body_tables_breaks_headers_and_footers():
    result = extract_text(docx(), name="évaluation.docx")
    assert result.text == DOCX_TEXT
    assert (result.pages, result.truncated, result.error, result.error_code) == (None, False, "", "")


def test_xlsx_sheets_shared_and_inline_strings_numbers_and_booleans():
    result = extract_text(xlsx(), name="budget.xlsx")
    assert result.text == (f"Budget\nActivité Gestion de cas\n{ARABIC} 1500.5 3001 TRUE\nNote libre\n\n"
                           "Contacts\n東京")
    assert result.error == ""


def test_xlsx_saved_by_openpyxl(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Suivi"
    sheet.append(["Pays", "Cas", "Commentaire"])
    sheet.append(["République démocratique du Congo", 42, ARABIC])
    sheet.append(["Soudan", 7.5, None])
    other = workbook.create_sheet("Notes")
    other["B2"] = "Réunion mensuelle"
    path = tmp_path / "suivi.xlsx"
    workbook.save(path)
    result = extract_text(path, name="suivi.xlsx")
    assert result.text == (f"Suivi\nPays Cas Commentaire\nRépublique démocratique du Congo 42 {ARABIC}\n"
                           "Soudan 7.5\n\nNotes\nRéunion mensuelle")


def test_pptx_slides_in_presentation_order_with_notes():
    data = pptx([slide("Titre : plan de réponse", "Objectifs"), slide(ARABIC), slide("Questions ?")],
                notes={0: "Présenter lentement"})
    result = extract_text(data, name="présentation.pptx")
    assert result.text == f"Titre : plan de réponse\nObjectifs\nPrésenter lentement\n\n{ARABIC}\n\nQuestions ?"
    assert (result.pages, result.truncated) == (3, False)


def test_pptx_slide_limit():
    data = pptx([slide(f"Diapositive {number}") for number in range(1, 5)])
    result = extract_text(data, name="long.pptx", limits=ExtractionLimits(max_pages=2))
    assert (result.text, result.pages, result.truncated) == ("Diapositive 1\n\nDiapositive 2", 4, True)


def test_odt_headings_spans_spaces_tables_with_tracked_changes_and_comments_left_out():
    result = extract_text(opendocument("odt", ODT_BODY), name="compte-rendu.odt")
    assert result.text == ("Réunion du groupe de coordination\nPoints clés : l'éducation et la santé\n"
                           f"deuxième ligne\nZone Ituri\n{ARABIC}")
    assert (result.pages, result.error) == (None, "")


def test_ods_sheets_and_rows():
    body = ('<table:table table:name="Cas"><table:table-row><table:table-cell office:value-type="string">'
            "<text:p>Province</text:p></table:table-cell><table:table-cell><text:p>Nombre</text:p></table:table-cell>"
            '</table:table-row><table:table-row><table:table-cell><text:p>Kasaï</text:p></table:table-cell>'
            '<table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell>'
            '<table:table-cell table:number-columns-repeated="1000"/></table:table-row></table:table>'
            f'<table:table table:name="ملاحظات"><table:table-row><table:table-cell><text:p>{ARABIC}</text:p>'
            "</table:table-cell></table:table-row></table:table>")
    result = extract_text(opendocument("ods", body), name="cas.ods")
    assert result.text == f"Cas\nProvince Nombre\nKasaï 12\n\nملاحظات\n{ARABIC}"


def test_odp_slides_and_slide_limit():
    body = "".join(odp_slide(f"p{number}", f"Diapositive {number}", "Détail") for number in range(1, 4))
    data = opendocument("odp", body)
    result = extract_text(data, name="atelier.odp")
    assert (result.text, result.pages, result.truncated) == (
        "Diapositive 1\nDétail\n\nDiapositive 2\nDétail\n\nDiapositive 3\nDétail", 3, False)
    limited = extract_text(data, name="atelier.odp", limits=ExtractionLimits(max_pages=1))
    assert (limited.text, limited.pages, limited.truncated) == ("Diapositive 1\nDétail", 3, True)


def test_rtf_code_page_unicode_and_skipped_destinations():
    data = (b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}{\\colortbl;\\red0\\green0\\blue0;}"
            b"{\\*\\generator Riched20;}{\\info{\\title Titre cach\\'e9}}"
            b"\\pard Caf\\'e9 et cr\\'e8me\\par\n"
            b"{\\b Gras} \\u1581?\\u1605?\\u1575?\\u1610?\\u1577? \\u-10179?\\u-8704?\\tab fin\\par\n"
            b"{\\field{\\*\\fldinst HYPERLINK \"https://example.org\"}{\\fldrslt lien}}\\par}")
    result = extract_text(data, name="note.rtf", content_type="application/rtf")
    assert result.text == "Café et crème\nGras حماية \U0001f600 fin\nlien"


@pytest.mark.parametrize(("encoding", "text"), [
    ("utf-8", "Évaluation : 5 enfants — حماية"),
    ("utf-8-sig", "Évaluation : 5 enfants — حماية"),
    ("utf-16", "Évaluation : 5 enfants — حماية"),  # with its byte-order mark
    ("utf-16-be", "Évaluation des besoins à Bunia"),  # no mark: told by its NUL bytes
    ("cp1252", "Évaluation : 5 enfants — « protégés »"),
    ("latin-1", "Évaluation \x81 caractère hors cp1252"),
])
def test_plain_text_encodings(encoding, text):
    data = f"{text}\r\nligne 2\r\n\r\n\r\nligne 3".encode(encoding)
    result = extract_text(data, name="notes.txt", content_type="text/plain")
    first_line = " ".join(text.replace("\x81", " ").split())  # a C1 control character is not text
    assert result.text == f"{first_line}\nligne 2\n\nligne 3"


def test_csv_and_declared_charset():
    data = "pays;cas\nSénégal;3\n".encode("cp1250")
    assert extract_text(data, name="x.csv", content_type="text/csv; charset=cp1250").text == "pays;cas\nSénégal;3"
    koi8 = "Привет, мир".encode("koi8-r")
    assert extract_text(koi8, name="x.txt", content_type='text/plain; charset="koi8-r"').text == "Привет, мир"


def test_whitespace_and_control_characters_are_normalised():
    data = "  un\t\tdeux\x00trois \u00a0 quatre  \n\n\n\n cinq\u00ad six \x0c".encode()
    assert extract_text(data, name="x.txt").text == "un deux trois quatre\n\ncinq six"


def test_language_hint():
    english = "The child protection working group met on Monday and agreed that the case management is a priority."
    spanish = "El grupo de protección de la infancia se reunió con los socios para la respuesta y las prioridades."
    assert extract_text(english.encode(), name="en.txt").language_hint == "en"
    assert extract_text(spanish.encode(), name="es.txt").language_hint == "es"
    assert extract_text(ARABIC.encode() * 3, name="ar.txt").language_hint == "ar"
    assert extract_text(b"12 34 56", name="numbers.txt").language_hint == ""


# --- inputs and limits ------------------------------------------------------------------------------------

def test_path_and_file_object_inputs(tmp_path):
    path = tmp_path / "note.docx"
    path.write_bytes(docx())
    assert extract_text(path, name="note.docx").text == DOCX_TEXT
    assert extract_text(str(path), name="note.docx").text == DOCX_TEXT
    with path.open("rb") as file:
        assert extract_text(file, name="note.docx").text == DOCX_TEXT
    missing = extract_text(tmp_path / "gone.pdf", name="gone.pdf")
    assert missing.error_code == "unreadable"


def test_max_chars_truncates():
    result = extract_text(b"un deux trois quatre\ncinq", name="x.txt", limits=ExtractionLimits(max_chars=12))
    assert (result.text, result.truncated, result.error) == ("un deux troi", True, "")
    assert extract_text(docx(), name="x.docx", limits=ExtractionLimits(max_chars=30)) == ExtractedText(
        text="Évaluation rapide\nLes enfants", truncated=True, language_hint="")
    exact = extract_text(b"abc\n\n", name="x.txt", limits=ExtractionLimits(max_chars=3))
    assert (exact.text, exact.truncated) == ("abc", False)


def test_limits_default_to_the_settings(settings):
    settings.HELPDESK_EXTRACT_MAX_CHARS = 5
    settings.HELPDESK_EXTRACT_MAX_PAGES = 7
    settings.HELPDESK_EXTRACT_TIMEOUT_SECONDS = 9
    settings.HELPDESK_EXTRACT_MAX_BYTES = 1000
    limits = ExtractionLimits()
    assert (limits.max_chars, limits.max_pages, limits.timeout_seconds, limits.max_bytes) == (5, 7, 9, 1000)
    assert extract_text(b"abcdefgh", name="x.txt").text == "abcde"
    assert extract_text(b"x" * 1001, name="x.txt").error_code == "too_large"


def test_too_large_and_unsupported_are_refused_without_a_child(children):
    assert extract_text(b"x" * 101, name="big.txt", limits=ExtractionLimits(max_bytes=100)).error == (
        "The file is too large to read")
    assert extract_text(b"GIF89a", name="photo.gif").error == "Text cannot be extracted from this type of file"
    assert extract_text(b"\xd0\xcf\x11\xe0", name="old.doc").error_code == "unsupported"
    assert children == []


def test_errors_are_translated():
    """`error` is in the active language; `error_code` keeps the reason for showing it later in another."""
    with translation.override("fr"):
        result = extract_text(b"%PDF-1.7 nothing", name="x.pdf")
    assert (result.error_code, result.error) == ("unreadable", "Le fichier n'a pas pu être lu")
    with translation.override("ar"):
        assert extract_text(b"", name="x.bin").error == str(ERROR_MESSAGES["unsupported"])
        assert str(ERROR_MESSAGES["unsupported"]) != "Text cannot be extracted from this type of file"


# --- hostile and broken files ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["x.pdf", "x.docx", "x.xlsx", "x.pptx", "x.odt", "x.ods", "x.rtf"])
def test_garbage_gives_a_clear_error(name):
    garbage = bytes(range(256)) * 40
    result = extract_text(garbage, name=name)
    assert (result.text, result.error, result.error_code) == ("", "The file could not be read", "unreadable")
    assert extract_text(b"%PDF-1.4\n" + garbage, name=name).error_code == "unreadable"


def test_broken_xml_inside_a_good_zip():
    data = docx(document=XML + f'<w:document xmlns:w="{W}"><w:body><w:p><w:t>cut off')
    assert extract_text(data, name="x.docx").error_code == "unreadable"
    no_main_part = zipped({"[Content_Types].xml": content_types(), "word/other.xml": "<x/>"})
    assert extract_text(no_main_part, name="x.docx").error_code == "unreadable"


def test_password_protected_office_file_is_reported_encrypted():
    """Office saves a password-protected .docx as an OLE2 container holding an EncryptionInfo stream."""
    container = OLE2_MAGIC + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(1000)
    assert extract_text(container, name="secret.docx").error == "The file is encrypted"
    assert extract_text(OLE2_MAGIC + bytes(2000), name="old.xlsx").error_code == "unreadable"


def test_encrypted_opendocument_is_reported_encrypted():
    manifest_extra = ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
                      '<manifest:algorithm manifest:algorithm-name="Blowfish CFB"/></manifest:encryption-data>')
    data = opendocument("odt", "<text:p>chiffré</text:p>", manifest_extra=manifest_extra)
    assert extract_text(data, name="x.odt").error_code == "encrypted"


BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
                  + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)) + "]>\n")


@pytest.mark.parametrize("document", [
    BILLION_LAUGHS + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t>'
    "</w:r></w:p></w:body></w:document>",
    '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>',
], ids=["billion-laughs", "external-entity"])
def test_xml_entities_are_refused(document):
    result = extract_text(docx(document=document), name="x.docx")
    assert (result.text, result.error_code) == ("", "unsafe")
    assert result.error == "The file contains constructs that are unsafe to read"


def test_zip_bomb_by_declared_size_is_refused_before_reading():
    data = patched_sizes(docx(), "word/document.xml", 4_000_000_000)
    result = extract_text(data, name="bomb.docx")
    assert (result.text, result.error_code) == ("", "expands")
    assert result.error == "The file expands to too much data to be read safely"


def test_zip_bomb_by_compression_ratio_is_refused():
    # 40 MB of one paragraph's spaces: deflate squeezes it about 1000 times.
    huge = (XML + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>' + " " * 40_000_000
            + "</w:t></w:r></w:p></w:body></w:document>")
    result = extract_text(docx(document=huge), name="bomb.docx")
    assert result.error_code == "expands"
    # Under the ratio, a smaller budget for unpacked bytes refuses it too.
    result = extract_text(docx(document=huge), name="bomb.docx",
                          limits=ExtractionLimits(max_ratio=10_000, max_unpacked_bytes=10_000_000))
    assert result.error_code == "expands"


def test_zip_member_lying_about_its_size_is_read_no_further_than_it_claims():
    """Declared 2 KB, really 100 MB: zipfile stops at the declared size and the CRC check fails. In-process,
    to measure the memory: nothing near the real size is ever held."""
    document = (XML + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'
                + "a" * 100_000_000 + "</w:t></w:r></w:p></w:body></w:document>")
    data = patched_sizes(docx(document=document), "word/document.xml", 2048)
    del document
    tracemalloc.start()
    try:
        result = extractors.extract(data, "docx", ExtractionLimits())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result["error"] == "unreadable"
    assert peak < 5_000_000
    assert extract_text(data, name="liar.docx").error_code == "unreadable"


def test_zip_of_a_version_zipfile_does_not_know_is_unreadable():
    data = bytearray(docx())
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 6, 237)  # "version needed to extract": 23.7
    assert extract_text(bytes(data), name="x.docx").error_code == "unreadable"


def test_too_many_zip_members_are_refused():
    parts = {f"customXml/item{number}.xml": "<x/>" for number in range(50)}
    data = zipped({**parts, "word/document.xml": XML + f'<w:document xmlns:w="{W}"/>'})
    assert extract_text(data, name="x.docx", limits=ExtractionLimits(max_members=20)).error_code == "expands"


def test_a_pdf_that_takes_too_long_is_stopped_and_its_child_killed(children):
    # A page with 150,000 text operators: several seconds of work for pypdf.
    data = pdf([b"BT /F1 12 Tf 72 720 Td " + b"(word) Tj 1 0 Td " * 150_000 + b"ET"])
    result = extract_text(data, name="slow.pdf", limits=ExtractionLimits(timeout_seconds=1))
    assert (result.text, result.error, result.error_code) == ("", "Extraction took too long", "timeout")
    assert len(children) == 1
    # Stopped by a signal (the parent's kill at the time limit, or its own CPU limit) before it finished its work:
    # how long that takes is measured by `python -m bench extraction`.
    assert children[0].returncode < 0
    assert_gone(children[0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_memory_limit_in_the_child():
    # 12 million characters outside the Basic Multilingual Plane: 48 MB of UTF-8, 48 MB more as a string.
    data = ("\U0001f600" * 12_000_000).encode("utf-8")
    result = extract_text(data, name="emoji.txt", limits=ExtractionLimits(max_memory_bytes=64 * 1024 * 1024))
    assert (result.text, result.error_code) == ("", "memory")
    assert result.error == "Extraction needed too much memory"


def test_child_gets_no_environment_and_resource_limits(children):
    """No environment variables (so no secrets) reach the child, which confines itself before parsing."""
    assert extract_text(b"x", name="probe.txt").text == "x"
    assert children[0].options["env"] == {}
    script = ("import json, resource, sys; sys.path[:] = json.loads(sys.argv[1]); from types import SimpleNamespace; "
              "from cphelpdesk.core.extractors import confine; "
              "confine(SimpleNamespace(timeout_seconds=2, max_memory_bytes=512 * 1024 * 1024)); "
              "print(json.dumps([resource.getrlimit(getattr(resource, name)) for name in "
              "['RLIMIT_AS', 'RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_CORE']]))")
    command = [*children[0].args[:4], script, children[0].args[-1]]
    output = subprocess.run(command, env={}, capture_output=True, check=True, timeout=30).stdout  # noqa: S603
    assert json.loads(output) == [[512 * 1024 * 1024] * 2, [3, 4], [0, 0], [0, 0]]


def test_a_child_imports_only_the_parser_of_its_file(children):
    """Issue #17: a process that never reads a PDF never imports pypdf (70 ms); nor one that imports the package."""
    assert extract_text(b"x", name="probe.txt").text == "x"
    script = ("import json, sys; sys.path[:] = json.loads(sys.argv[1]); import cphelpdesk.core.extractors as e; "
              "before = sorted({'pypdf', 'zipfile', 'defusedxml', 'django'} & set(sys.modules)); "
              "e.child.parser('pdf'); print(json.dumps([before, 'pypdf' in sys.modules]))")
    command = [*children[0].args[:4], script, children[0].args[-1]]
    output = subprocess.run(command, env={}, capture_output=True, check=True, timeout=30).stdout  # noqa: S603
    assert json.loads(output) == [[], True]


@pytest.mark.parametrize(("program", "code"), [
    ("import sys; sys.exit(3)", "unreadable"),  # a crash: its standard error goes to the log
    ("print('not json')", "unreadable"),
    ("print('[1, 2]')", "unreadable"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGXCPU)", "timeout"),  # the CPU-time limit struck first
])
def test_a_child_that_dies_gives_an_error(monkeypatch, caplog, program, code):
    monkeypatch.setattr(extraction, "child_command", lambda: [sys.executable, "-c", program])
    assert extract_text(b"x", name="x.txt").error_code == code
    assert ("ended with status" in caplog.text) == (code == "unreadable")


def test_a_child_that_cannot_start_gives_an_error(monkeypatch):
    def no_processes_left(*args, **kwargs):
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(subprocess, "Popen", no_processes_left)
    result = extract_text(b"x", name="x.txt")
    assert (result.error_code, result.error) == ("unavailable", "Text extraction is not available right now")
