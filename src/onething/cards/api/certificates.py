"""The API of the digital certificate (一人一码): signing keys, certificates, the honoree's
own code and QR, checking a code, and the gates' offline kit (the public keys and the
revocation list, public and unpaginated: a gate needs each whole, in one download)."""

from typing import Literal

from django.http import HttpResponse
from ninja import Header, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.identity import mask_name
from onething.core.models import SigningPurpose
from onething.core.pagination_api import CityPagination
from onething.core.selectors.signing import signing_keys_list

from ..schemas.certificates import (
    CertificateOut,
    IssuedOut,
    IssueIn,
    MineOut,
    RevocationListOut,
    RevokeIn,
    SigningKeyOut,
    VerifyOut,
)
from ..selectors import certificates as selectors
from ..services import certificates as services

router = Router(tags=["honour cards"])
IdempotencyKey = Header(None, alias="Idempotency-Key")
PRIVATE = "private, no-store"  # a personal code is a credential: no cache keeps it


@router.get("/certificate-keys", response=list[SigningKeyOut], auth=None)
def list_keys(request, include_retired: bool = False):
    """The public keys a gate verifies codes with offline: every unretired key (with
    ``include_retired=true`` the retired ones too). Public; no private material."""
    return signing_keys_list(purpose=SigningPurpose.CARDS, include_retired=include_retired)


@router.post("/certificate-keys", response={201: SigningKeyOut})
def create_key(request):
    """Rotate: a new signing key signs from now on; the older keys verify until retired."""
    return Status(201, services.signing_key_create(actor=actor(request)))


@router.post("/certificate-keys/{kid}/retire", response=SigningKeyOut)
def retire_key(request, kid: int):
    """Retire a key: the codes it signed stop verifying. Not the only active key (409)."""
    return services.signing_key_retire(actor=actor(request), kid=kid)


@router.get("/certificate-revocations", response=RevocationListOut, auth=None)
def revocations(request):
    """The revocation list gates download: the serials of unexpired certificates that no
    longer hold (revoked, or of an honoree no longer active). Public."""
    return selectors.revocation_list()


@router.get("/certificates/mine", response=MineOut)
def my_certificate(request, response: HttpResponse):
    """The signed-in honoree's certificate: the current one, or a new one when none is
    valid; with its code and its QR as inline SVG."""
    certificate, code = services.certificate_mine(actor=actor(request))
    response["Cache-Control"] = PRIVATE
    return {
        "serial": certificate.serial,
        "code": code,
        "expires_at": certificate.expires_at,
        "qr_svg": selectors.qr_svg(code),
    }


@router.get("/certificates/mine/qr.png", url_name="cards-my-certificate-png")
def my_certificate_png(request):
    """The signed-in honoree's QR code as a PNG image (to print or save)."""
    certificate, code = services.certificate_mine(actor=actor(request))
    answer = HttpResponse(selectors.qr_png(code), content_type="image/png")
    answer["Cache-Control"] = PRIVATE
    answer["Content-Disposition"] = f'inline; filename="certificate-{certificate.serial}.png"'
    return answer


@router.get("/certificates/verify", response=VerifyOut, auth=None)
def verify_code(request, code: str):
    """Check a scanned code, as the public scan page does: valid or not, the reason, and
    only the holder's masked name and level. Public."""
    check = selectors.code_verify(code)
    claims = check.verdict.claims if check.honoree is not None else None
    return {
        "valid": check.valid,
        "reason": check.reason,
        "message": selectors.reason_text(check.reason),
        "holder": mask_name(check.honoree.person.name) if check.honoree else "",
        "level": check.honoree.level if check.honoree else "",
        "serial": claims.serial if claims else None,
        "expires_at": claims.expires if claims else None,
    }


@router.get("/certificates", response=list[CertificateOut])
@paginate(CityPagination)
def list_certificates(
    request, honoree_id: int | None = None, state: Literal["", "valid", "revoked", "expired"] = ""
):
    """Certificates (union staff: all; an honoree: their own); ``state`` is valid, revoked
    or expired."""
    return selectors.certificates_list(actor(request), honoree_id=honoree_id, state=state)


@router.post("/certificates", response={201: IssuedOut})
def issue_certificate(request, payload: IssueIn, idempotency_key: str | None = IdempotencyKey):
    """Issue a certificate to an active honoree (union staff; an honoree for themselves),
    signed by the newest active key. A retry with the same Idempotency-Key gets the first."""
    certificate, code = services.certificate_issue(
        actor=actor(request),
        honoree_id=payload.honoree_id,
        valid_days=payload.valid_days,
        idempotency_key=idempotency_key,
    )
    certificate.code = code
    return Status(201, certificate)


@router.get("/certificates/{serial}", response=CertificateOut)
def get_certificate(request, serial: int):
    return selectors.certificate_get(actor(request), serial)


@router.post("/certificates/{serial}/revoke", response=CertificateOut)
def revoke_certificate(request, serial: int, payload: RevokeIn):
    """Revoke a certificate (union staff): it joins the revocation list."""
    return services.certificate_revoke(actor=actor(request), serial=serial, reason=payload.reason)
