"""Mail ingestion throughput: messages per second from the SMTP gateway to a query (`python -m bench mail`)."""

import os
import smtplib
import tempfile
import threading
import time

MESSAGES = int(os.environ.get("BENCH_MAIL_MESSAGES", "600"))
SENDERS = 4


def mail_main() -> int:
    from bench.__main__ import setup_django

    with tempfile.TemporaryDirectory() as var_dir:
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
        setup_django(var_dir)
        from django.core.management import call_command

        from cphelpdesk.core.management.commands.seed_demo import seed_demo
        from cphelpdesk.directory.models import Member
        from cphelpdesk.mail.gateway import controller
        from cphelpdesk.mail.models import InboundMessage
        from tests.mailserver import free_port

        call_command("migrate", verbosity=0)
        seed_demo(seed=1, scale=1, report=lambda *_: None)
        senders = list(Member.objects.filter(groups__name="member").values_list("email", flat=True)[:200])
        messages = []
        for number in range(MESSAGES):
            sender = senders[number % len(senders)] if number % 3 else f"contact{number}@example.org"
            body = ("Bonjour,\n\nAuriez-vous un modèle de termes de référence pour un groupe infranational ?\n\n"
                    "Merci\n") * 3
            messages.append((sender, f"From: {sender}\r\nTo: helpdesk@cphelpdesk.localhost\r\n"
                                     f"Subject: Question {number}\r\nMessage-ID: <bench{number}@example.org>\r\n"
                                     f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}".encode()))
        port = free_port()
        gateway = controller(host="127.0.0.1", port=port)
        gateway.start()

        def send(share):
            with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
                for sender, raw in share:
                    client.sendmail(sender, ["helpdesk@cphelpdesk.localhost"], raw)

        start = time.perf_counter()
        threads = [threading.Thread(target=send, args=(messages[index::SENDERS],)) for index in range(SENDERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        received = time.perf_counter() - start
        gateway.stop()
        stored = InboundMessage.objects.count()
        start = time.perf_counter()
        call_command("worker", "--batch", "--no-scheduler", "--interval", "0", verbosity=0)
        processed_time = time.perf_counter() - start
        processed = InboundMessage.objects.filter(status="processed").count()
        print(f"\nmail: {MESSAGES} messages over SMTP from {SENDERS} connections, then processed by one worker")
        print(f"  received and stored (250 after commit): {stored} in {received:.1f} s = {stored / received:.0f}/s")
        print(f"  processed into queries: {processed} in {processed_time:.1f} s = {processed / processed_time:.0f}/s "
              "(parse, route, query, acknowledgement rendered and sent)")
        total = received + processed_time
        print(f"  end to end, gateway to query: {processed / total:.0f} messages/s")
    return 0
