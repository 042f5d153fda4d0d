"""Text extraction: what the bounded child process costs, and how long large files take (`python -m bench extraction`).

The sample files are the tests' builders (tests/core/test_extraction.py) scaled up; every extraction goes through
`extract_text`, child process included, at the default limits unless said.
"""

import os
import statistics
import tempfile
import time

REPEAT = int(os.environ.get("BENCH_EXTRACTION_REPEAT", "30"))
SENTENCES = [
    "Les partenaires de la protection de l'enfance ont évalué les besoins des enfants déplacés à {n}.",
    "The working group agreed on {n} case management referrals for unaccompanied children.",
    "El subgrupo revisó {n} casos de violencia y acordó una respuesta conjunta con educación.",
    "اجتمع فريق حماية الطفل {n} مرة لمراجعة خدمات الدعم النفسي والاجتماعي.",
]


def sentence(number: int) -> str:
    return SENTENCES[number % len(SENTENCES)].format(n=number)


def extraction_main() -> int:
    from bench.__main__ import setup_django

    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from cphelpdesk.core import extractors
        from cphelpdesk.core.extraction import ExtractionLimits, extract_text
        from tests.core import test_extraction as samples

        limits = ExtractionLimits()
        print(f"\n{'extraction: child start':<44} {'median ms':>10} {'p90 ms':>8} {'in-process ms':>14}")
        for label, data, name, kind in [("tiny TXT (5 bytes)", b"hello", "x.txt", "text"),
                                        ("one-page PDF (imports pypdf)", samples.pdf([samples.page("hello")]),
                                         "x.pdf", "pdf")]:
            extractors.extract(data, kind, limits)  # imports pypdf here once, as the child does every time
            child, inline = [], []
            for _ in range(REPEAT):
                start = time.perf_counter()
                assert extract_text(data, name=name).text == "hello"
                child.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                extractors.extract(data, kind, limits)
                inline.append((time.perf_counter() - start) * 1000)
            child.sort()
            print(f"{label:<44} {statistics.median(child):>10.1f} {child[int(len(child) * 0.9) - 1]:>8.1f} "
                  f"{statistics.median(inline):>14.2f}")

        paragraphs = "".join(samples.word_paragraph(samples.run(sentence(number))) for number in range(30_000))
        rows = "".join(f'<row r="{row}">' + "".join(f'<c r="A{row}"><v>{row * column}</v></c>' for column in range(6))
                       + f'<c r="G{row}" t="inlineStr"><is><t>{sentence(row)}</t></is></c></row>'
                       for row in range(1, 60_001))
        workbook = (samples.XML + f'<workbook xmlns="{samples.S}" xmlns:r="{samples.R}"><sheets>'
                    '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        large = [
            ("DOCX, 30,000 paragraphs", samples.docx(paragraphs), "big.docx"),
            ("XLSX, 60,000 rows of 7 cells", samples.zipped({
                "[Content_Types].xml": samples.content_types(),
                "_rels/.rels": samples.relationships(("rId1", "officeDocument", "xl/workbook.xml")),
                "xl/workbook.xml": workbook,
                "xl/_rels/workbook.xml.rels": samples.relationships(("rId1", "worksheet", "worksheets/sheet1.xml")),
                "xl/worksheets/sheet1.xml": samples.XML + f'<worksheet xmlns="{samples.S}"><sheetData>{rows}'
                                            "</sheetData></worksheet>"}), "big.xlsx"),
            ("PPTX, 300 slides", samples.pptx([samples.slide(*(sentence(slide * 10 + line) for line in range(8)))
                                               for slide in range(300)]), "big.pptx"),
            ("ODT, 30,000 paragraphs", samples.opendocument("odt", "".join(
                f"<text:p>{sentence(number)}</text:p>" for number in range(30_000))), "big.odt"),
            ("PDF, 500 pages of 40 lines", samples.pdf([samples.page(*(sentence(page * 40 + line)[:60].encode(
                "cp1252", "replace").decode("cp1252") for line in range(40))) for page in range(500)]), "big.pdf"),
            ("TXT, 40 MB", "\n".join(sentence(number) for number in range(420_000)).encode()[:40_000_000],
             "big.txt"),
        ]
        print(f"\n{'extraction: large files (default limits)':<44} {'MB':>6} {'ms':>8} {'chars':>10} {'cut':>4}")
        for label, data, name in large:
            start = time.perf_counter()
            result = extract_text(data, name=name)
            elapsed = (time.perf_counter() - start) * 1000
            assert not result.error, (label, result.error)
            print(f"{label:<44} {len(data) / 1e6:>6.1f} {elapsed:>8.0f} {len(result.text):>10,} "
                  f"{'yes' if result.truncated else 'no':>4}")

        # The time limit honoured: seconds of pypdf work, stopped at 1 s (the test checks that it is stopped).
        slow = samples.pdf([b"BT /F1 12 Tf 72 720 Td " + b"(word) Tj 1 0 Td " * 150_000 + b"ET"])
        start = time.perf_counter()
        result = extract_text(slow, name="slow.pdf", limits=ExtractionLimits(timeout_seconds=1))
        elapsed = (time.perf_counter() - start) * 1000
        print(f"\n{'extraction: slow PDF, 1 s limit, stopped after':<44} {elapsed:>8.0f} ms ({result.error_code})")
    return 0
