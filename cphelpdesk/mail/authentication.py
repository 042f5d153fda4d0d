"""Is a received message really from the address in its From? Only then may it act as that person.

Two sources of proof, checked in this order:

- the `Authentication-Results` (RFC 8601) that a receiving MTA we trust added: only from an authserv-id in
  `HELPDESK_MAIL_TRUSTED_AUTHSERV_IDS`, and only above the first `Received` line written by a host we do not
  trust (what a sender or a relay on the way wrote below it is theirs, not our MTA's). DMARC pass for the From
  domain, or SPF or DKIM pass for a domain aligned with it, proves the From;
- when the gateway receives straight from the internet (`HELPDESK_MAIL_RECEIVES_DIRECTLY`), our own checks:
  a DKIM signature (dkimpy) that covers From, signs the whole body and whose domain is aligned with the From
  domain; or SPF (pyspf) pass for the SMTP client and an envelope sender aligned with the From domain.

DNS goes through `HELPDESK_MAIL_DNS_RESOLVER`, so that tests answer from a stub and never reach the network.
"""

import contextvars
import email.parser
import email.policy
import re
from dataclasses import dataclass

import dkim
import spf
from django.conf import settings
from django.utils.module_loading import import_string

DNS_TIMEOUT = 10
_RECEIVED_BY = re.compile(r"\bby\s+\[?([^\s;()\]]+)", re.I)
_COMMENT = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Verdict:
    """Whether the From is proven, and how (or why not), in words for the officers' mail page."""

    authenticated: bool
    how: str


class SystemResolver:
    """The machine's resolver, in pyspf's answer shape: [((name, type), value), ...]; TXT values are
    lists of byte strings (one record may come in several strings)."""

    def lookup(self, name: str, qtype: str) -> list:
        return _system_lookup(name, qtype, True, DNS_TIMEOUT)


def resolver():
    """The configured resolver (a dotted path in settings, or an object with `lookup`)."""
    configured = settings.HELPDESK_MAIL_DNS_RESOLVER
    return import_string(configured)() if isinstance(configured, str) else configured


# pyspf asks DNS through its module-level DNSLookup; route it to the resolver of the check in progress (a
# context variable, so that concurrent checks in other threads keep their own).
_system_lookup = spf.DNSLookup
_current_lookup = contextvars.ContextVar("cphelpdesk_spf_lookup", default=None)


def _spf_lookup(name, qtype, strict=True, timeout=DNS_TIMEOUT):
    lookup = _current_lookup.get()
    return lookup(name, qtype) if lookup is not None else _system_lookup(name, qtype, strict, timeout)


spf.DNSLookup = _spf_lookup


def verify_sender(*, raw: bytes, address: str, envelope_from: str = "", client_address: str = "",
                  client_helo: str = "") -> Verdict:
    """Whether `address` (the message's single From address) is proven to be its sender's."""
    domain = address.rpartition("@")[2].lower().rstrip(".")
    if not domain:
        return Verdict(False, "no From domain")
    verdict = _trusted_results(raw, domain)
    if verdict is None and settings.HELPDESK_MAIL_RECEIVES_DIRECTLY:
        dns = resolver()
        verdict = _own_dkim(raw, domain, dns) or _own_spf(domain, envelope_from, client_address, client_helo, dns)
    return verdict or Verdict(False, f"nothing proves {domain}")


def aligned(domain: str, other: str) -> bool:
    """DMARC's relaxed alignment without a public-suffix list: the same domain, or one a subdomain of the
    other, never through a bare top-level domain."""
    domain, other = domain.lower().rstrip("."), (other or "").lower().rstrip(".")
    if not other:
        return False
    shorter = min(domain, other, key=len)
    return "." in shorter and (domain == other or domain.endswith("." + other) or other.endswith("." + domain))


# --- Authentication-Results from a trusted MTA ----------------------------------------------------

def _trusted_results(raw: bytes, domain: str) -> Verdict | None:
    trusted = set(settings.HELPDESK_MAIL_TRUSTED_AUTHSERV_IDS)
    if not trusted:
        return None
    try:
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw[:262144])
    except Exception:
        return None
    for name, value in headers.raw_items():
        name, value = name.lower(), " ".join(str(value).split())
        if name == "received":
            by = _RECEIVED_BY.search(_COMMENT.sub(" ", value))
            if by is None or by.group(1).lower().rstrip(".") not in trusted:
                return None  # below this line the header was written before our MTAs had the message
        elif name == "authentication-results":
            authserv_id, results = _parse_results(value)
            if authserv_id in trusted:
                for method, result, properties in results:
                    if result == "pass" and _proves(method, properties, domain):
                        return Verdict(True, f"{method}=pass ({authserv_id})")
    return None


def _parse_results(value: str) -> tuple[str, list[tuple[str, str, dict]]]:
    """(authserv-id, [(method, result, {ptype.property: value})]) from one Authentication-Results value."""
    value = _COMMENT.sub(" ", value)
    parts = [part.strip() for part in value.split(";")]
    authserv_id = (parts[0].split() or [""])[0].lower().rstrip(".")
    results = []
    for part in parts[1:]:
        tokens = part.split()
        if not tokens or "=" not in tokens[0]:
            continue
        method, _, result = tokens[0].partition("=")
        properties = {}
        for token in tokens[1:]:
            key, sep, item = token.partition("=")
            if sep:
                properties[key.lower()] = item.strip('"').lower()
        results.append((method.lower().split("/")[0], result.lower(), properties))
    return authserv_id, results


def _proves(method: str, properties: dict, domain: str) -> bool:
    if method == "dmarc":
        return properties.get("header.from", "").rstrip(".") == domain
    if method == "dkim":
        signer = properties.get("header.d") or properties.get("header.i", "").rpartition("@")[2]
        return aligned(domain, signer)
    if method == "spf":
        return aligned(domain, properties.get("smtp.mailfrom", "").rpartition("@")[2])
    return False


# --- our own checks ------------------------------------------------------------------------------

def _own_dkim(raw: bytes, domain: str, dns) -> Verdict | None:
    def txt(name, timeout=5):
        name = name.decode() if isinstance(name, bytes) else name
        for _key, value in dns.lookup(name.rstrip("."), "TXT"):
            return b"".join(part if isinstance(part, bytes) else part.encode() for part in value)
        return None

    try:
        message = dkim.DKIM(raw)
        count = sum(1 for name, _ in message.headers if name.lower() == b"dkim-signature")
        for index in range(min(count, 5)):
            if message.verify(idx=index, dnsfunc=txt) and b"from" in message.include_headers and \
                    b"l" not in message.signature_fields:  # l=: text could be appended after the signed body
                signer = message.domain.decode("ascii", "replace")
                if aligned(domain, signer):
                    return Verdict(True, f"dkim=pass d={signer} (checked here)")
    except Exception:  # a malformed signature or key proves nothing; it must not stop the message
        return None
    return None


def _own_spf(domain: str, envelope_from: str, client_address: str, client_helo: str, dns) -> Verdict | None:
    if not client_address:
        return None
    sender = "" if envelope_from.strip() in {"", "<>"} else envelope_from.strip().strip("<>")
    # A null sender is checked by its HELO name (RFC 7208 2.3), as DMARC does.
    identity = sender.rpartition("@")[2] if sender else client_helo
    if not aligned(domain, identity):
        return None
    token = _current_lookup.set(dns.lookup)
    try:
        result, _explanation = spf.check2(i=client_address, s=sender or f"postmaster@{client_helo}",
                                          h=client_helo or identity, timeout=DNS_TIMEOUT)
    except Exception:
        return None
    finally:
        _current_lookup.reset(token)
    return Verdict(True, f"spf=pass {identity} (checked here)") if result == "pass" else None
