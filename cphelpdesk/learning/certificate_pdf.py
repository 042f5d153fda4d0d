"""A certificate as a PDF (A4 landscape) in its language, Arabic shaped and right to left (`learning.documents`).

Kept apart from `learning.certificates` so that reportlab loads only in the processes that draw a PDF: the views
import this module when a certificate is downloaded (issue #17).
"""

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape

from cphelpdesk.core.notifications import absolute_url
from cphelpdesk.learning.certificates import display_code, pathway_title
from cphelpdesk.learning.documents import Style, Writer
from cphelpdesk.learning.models import Certificate


def pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF (A4 landscape), in its language: Arabic shaped and right to left."""
    enrolment = certificate.enrolment
    language = certificate.language
    with translation.override(language):
        title = pathway_title(enrolment.pathway, language)
        issued = formats.date_format(timezone.localtime(certificate.issued_at), "DATE_FORMAT")
        writer = Writer(language=language, title=_("Certificate: %(pathway)s") % {"pathway": title},
                        pagesize=landscape(A4), margin=72)
        writer.space(40)
        writer.paragraph(_("CP Helpdesk, Child Protection Area of Responsibility"), Style(13),
                         align="centre")
        writer.space(16)
        writer.paragraph(_("Certificate of completion"), Style(34, bold=True), align="centre")
        writer.space(14)
        writer.paragraph(_("This certifies that"), Style(15), align="centre")
        writer.paragraph(enrolment.member.full_name, Style(28, bold=True), align="centre")
        writer.paragraph(_("has completed the learning pathway"), Style(15), align="centre")
        writer.paragraph(title, Style(22, bold=True), align="centre")
        writer.space(10)
        writer.paragraph(_("Issued on %(date)s") % {"date": issued}, Style(14), align="centre")
        writer.space(36)
        writer.paragraph(_("Verification code: %(code)s") % {"code": display_code(certificate.code)},
                         Style(13, bold=True), align="centre")
        writer.paragraph(_("Check this certificate at %(url)s") % {
            "url": absolute_url("learning_documents:verify")}, Style(11), align="centre")
    return writer.pdf()


def filename(certificate: Certificate) -> str:
    return f"certificate-{certificate.code}.pdf"
