"""The shared corpus of real messages from public mail projects: each gets its expected outcome."""

import csv
from pathlib import Path

import pytest

from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.mail.parsing import parse
from cphelpdesk.queries.models import Query

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "mail-corpus"
ROWS = list(csv.DictReader((CORPUS / "manifest.csv").open(encoding="utf-8"))) if CORPUS.exists() else []
OUTCOMES = {"bounce": "bounce", "auto_reply": "auto-reply ignored", "list": "list post recorded"}

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not ROWS, reason="../shared/mail-corpus is not present on this machine")
@pytest.mark.parametrize("row", ROWS, ids=[row["path"] for row in ROWS])
def test_corpus_message(row, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    raw = (CORPUS / row["path"]).read_bytes()
    inbound = store_inbound(raw=raw, channel=InboundMessage.Channel.PIPE)
    outcome = process_safely(inbound)
    inbound.refresh_from_db()
    assert bytes(inbound.raw) == raw  # never lost
    if row["expected"] == "query":
        assert outcome.startswith(("created CPH-", "quarantined: ")), outcome
        if outcome.startswith("created"):
            query = Query.objects.get(reference=outcome.split()[1])
            subject = " ".join(row["subject_decoded"].split())
            if subject:
                assert query.subject == subject[:250]
            parsed = parse(raw)
            assert len(parsed.attachments) >= int(row["attachments"]) or row["kind"] == "forward"
            assert query.messages.get().body.strip()
    else:
        assert outcome == OUTCOMES[row["expected"]], (outcome, row["note"])
        assert not Query.objects.exists()
