"""Certificate pages: the member's certificates and their PDFs, the public verification page, the officers' list
with revocation, and the Open Badges documents (public, by design: a badge is verified by fetching them)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cphelpdesk.directory.permissions import is_officer
from cphelpdesk.learning import badges, certificates
from cphelpdesk.learning.models import Certificate, Pathway

LIST_LENGTH = 100


def _with_titles(rows, language: str):
    for certificate in rows:
        certificate.pathway_title = certificates.pathway_title(certificate.enrolment.pathway, language)
        certificate.display_code = certificates.display_code(certificate.code)
    return rows


def _certificates():
    return Certificate.objects.select_related("enrolment__member", "enrolment__pathway").prefetch_related(
        "enrolment__pathway__translations")


@login_required
@require_GET
def my_certificates(request: HttpRequest) -> HttpResponse:
    """The member's certificates, with their PDFs, codes and badges."""
    rows = _certificates().filter(enrolment__member=request.user, revoked_at__isnull=True)
    return render(request, "learning/certificates/mine.html",
                  {"certificates": _with_titles(list(rows), get_language())})


@login_required
@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    """A certificate's PDF, for its member and for officers; a revoked one is no longer handed out."""
    certificate = _certificates().filter(code=certificates.normalise(code)[:24], revoked_at__isnull=True).first()
    if certificate is None or not (certificate.enrolment.member_id == request.user.pk or is_officer(request.user)):
        raise Http404
    # reportlab loads only for a PDF, not in every process that reads the URL configuration (issue #17).
    from cphelpdesk.learning import certificate_pdf  # noqa: PLC0415

    response = HttpResponse(certificate_pdf.pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_pdf.filename(certificate)}"'
    response["Cache-Control"] = "private, no-store"
    return response


class VerifyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Verification code"), max_length=40,
                           help_text=gettext_lazy("As printed on the certificate, for example ABCD-EFGH-JKMN-P."))


@never_cache
@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a certificate by its code; only the name, the pathway and the date are shown."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    context = {"form": form}
    status = 200
    if form.is_valid():
        if not certificates.lookup_allowed(request.META.get("REMOTE_ADDR", "")):
            context["limited"] = True
            return render(request, "learning/certificates/verify.html", context, status=429)
        verdict, certificate = certificates.verify(form.cleaned_data["code"])
        context.update(verdict=verdict, certificate=certificate,
                       code=certificates.display_code(certificates.normalise(form.cleaned_data["code"])))
        if certificate is not None and verdict == certificates.Verdict.VALID:
            context["pathway"] = certificates.pathway_title(certificate.enrolment.pathway, get_language())
        else:
            status = 404
    return render(request, "learning/certificates/verify.html", context, status=status)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for revoking"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 2}))


def _officer(request: HttpRequest) -> None:
    if not request.user.has_perm("learning.manage_certificates"):
        raise PermissionDenied


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    """Officers find a certificate by code, member or pathway, and revoke it."""
    _officer(request)
    typed = (request.GET.get("q") or "").strip()[:200]
    rows = _certificates()
    if typed:
        rows = rows.filter(Q(code=certificates.normalise(typed)) | Q(enrolment__member__full_name__icontains=typed)
                           | Q(enrolment__member__email__iexact=typed) | Q(enrolment__pathway__title__icontains=typed))
    return render(request, "learning/certificates/staff_list.html", {
        "certificates": _with_titles(list(rows[:LIST_LENGTH]), get_language()), "q": typed,
        "form": RevokeForm()})


@login_required
@require_POST
def revoke(request: HttpRequest, code: str) -> HttpResponse:
    """An officer revokes a certificate, giving a reason (audited)."""
    _officer(request)
    certificate = get_object_or_404(Certificate, code=code[:24])
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking the certificate."))
    else:
        certificates.revoke(certificate, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Certificate %(code)s is revoked.") % {
            "code": certificates.display_code(certificate.code)})
    return redirect("learning_documents:staff_certificates")


# Open Badges: public documents, read by backpacks and verifiers.

def _badge_json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # backpacks fetch them from their own pages
    return response


@require_http_methods(["GET", "HEAD"])
def badge_issuer(request: HttpRequest) -> JsonResponse:
    return _badge_json(badges.issuer())


def _pathway_with_certificates(slug: str) -> Pathway:
    # Only pathways someone holds a certificate of have a badge: the catalogue's drafts stay unseen.
    earned = Certificate.objects.filter(enrolment__pathway=OuterRef("pk"))
    return get_object_or_404(Pathway.objects.filter(Exists(earned)), slug=slug)


@require_http_methods(["GET", "HEAD"])
def badge_class(request: HttpRequest, slug: str) -> JsonResponse:
    return _badge_json(badges.badge_class(_pathway_with_certificates(slug)))


@require_http_methods(["GET", "HEAD"])
def badge_image(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(badges.image(_pathway_with_certificates(slug)), content_type="image/svg+xml")


@require_http_methods(["GET", "HEAD"])
def badge_assertion(request: HttpRequest, code: str) -> JsonResponse:
    """A certificate's assertion; 410 Gone once it is revoked (hosted verification's revocation)."""
    certificate = get_object_or_404(_certificates(), code=code[:24])
    return _badge_json(badges.assertion(certificate), status=200 if certificate.is_valid else 410)
