"""PDF, through pypdf: the one heavy library of extraction (70 ms to import), so only a child that meets a PDF
imports this module (`child.PARSERS`)."""

import io
import logging

import pypdf
from pypdf.errors import DependencyError, FileNotDecryptedError

from cphelpdesk.core.extractors.base import ENCRYPTED, UNREADABLE, Collector, ExtractionError, Full


def quiet() -> None:
    """Silence logging, in the child only: pypdf logs a line for every oddity of a broken file."""
    logging.disable(logging.CRITICAL)


def read(data: bytes, kind: str, limits, collector: Collector, charset: str | None = None) -> int:
    """The text of a PDF's first `max_pages` pages; returns its number of pages."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            raise ExtractionError(ENCRYPTED, "needs a password")
        pages = len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as exc:  # DependencyError: AES without `cryptography`
        raise ExtractionError(ENCRYPTED, repr(exc)) from exc
    except (ExtractionError, MemoryError):
        raise
    except Exception as exc:  # pypdf raises many kinds of exception on broken files
        raise ExtractionError(UNREADABLE, repr(exc)) from exc
    if pages > limits.max_pages:
        collector.truncated = True
    failed = 0
    for number in range(min(pages, limits.max_pages)):
        try:
            text = reader.pages[number].extract_text()
        except (Full, MemoryError):
            raise
        except FileNotDecryptedError as exc:
            raise ExtractionError(ENCRYPTED, repr(exc)) from exc
        except Exception:  # one broken page: keep the others
            failed += 1
            continue
        for raw in text.splitlines():
            collector.line(raw)
        collector.paragraph_break()
    if failed and failed == min(pages, limits.max_pages):
        raise ExtractionError(UNREADABLE, f"no page of {pages} could be read")
    return pages
