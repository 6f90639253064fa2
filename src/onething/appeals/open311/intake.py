"""POST Service Request: an Open311 client's form, checked against the spec (API key,
service code, location, description), turned into an appeal by the intake service
(channel ``open311``, type ``demand``, the platform itself as the actor) and answered with
the appeal's number as ``service_request_id``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.permissions import SYSTEM

from ..models import Appeal, AppealChannel, AppealType, Category, Open311Key
from ..services.intake import appeal_submit
from ..services.open311_keys import open311_client
from .formats import Open311Error
from .present import with_media_url

TITLE_LENGTH = 30
MAX_MEDIA_URL = 500
MAX_EMAIL = 254
MAX_KEY = 80  # the intake service takes 100, less our prefix
# The intake service's field → the GeoReport field the client sent.
FIELD_NAMES = {
    "title": "description",
    "text": "description",
    "category": "service_code",
    "latitude": "lat",
    "longitude": "long",
    "address": "address_string",
    "contact_name": "last_name/first_name",
    "contact_phone": "phone",
    "contact_email": "email",
    "idempotency_key": "Idempotency-Key",
}


def problems_error(problems: list[FieldProblem]) -> Open311Error:
    """One 400 error per problem, naming the client's field and the rule broken."""
    return Open311Error(
        400,
        *(f"{FIELD_NAMES.get(p.field, p.field)} ({p.rule}): {p.message}" for p in problems),
    )


def client_for(form: QueryDict) -> Open311Key:
    """The client holding the form's ``api_key``, or 403."""
    key = (form.get("api_key") or "").strip()
    if not key:
        raise Open311Error(403, _("api_key is missing: a client key is required to file."))
    client = open311_client(key)
    if client is None:
        raise Open311Error(403, _("api_key is not valid (unknown or withdrawn)."))
    return client


def title_for(description: str, service_name: str, address: str) -> str:
    """The appeal's title: the description's first 30 characters (whitespace collapsed,
    "…" when cut); with no description, the service's name and the address."""
    flat = " ".join(description.split())
    if flat:
        return flat if len(flat) <= TITLE_LENGTH else flat[:TITLE_LENGTH] + "…"
    return " ".join(part for part in (service_name, address) if part)[:100]


def _category(code: str, problems: list) -> Category | None:
    if not code:
        problems.append(
            FieldProblem("service_code", "required", _("Name the service (see services.json)."))
        )
        return None
    category = Category.objects.filter(code=code, open311=True, is_active=True).first()
    if category is None:
        problems.append(
            FieldProblem(
                "service_code",
                "unknown",
                _("%(c)s is not a service offered here (see services.json).") % {"c": code},
            )
        )
    return category


def _coordinate(name: str, value: str, limit: int, problems: list) -> str:
    """The coordinate as a decimal string, or "" with a problem."""
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        problems.append(
            FieldProblem(name, "type", _("%(v)s is not a number of degrees.") % {"v": value[:40]})
        )
        return ""
    if abs(number) > limit:
        problems.append(
            FieldProblem(name, "range", _("Degrees lie between -%(n)s and %(n)s.") % {"n": limit})
        )
        return ""
    return str(number)


def _location(form: QueryDict, problems: list) -> tuple[str, str, str]:
    """(lat, long, address_string); one of lat & long or address_string is required."""
    lat = (form.get("lat") or "").strip()
    lng = (form.get("long") or "").strip()
    address = " ".join((form.get("address_string") or "").split())
    if not (lat or lng or address):
        problems.append(
            FieldProblem(
                "lat/long",
                "required",
                _("Give the place: lat and long, or address_string."),
            )
        )
        return "", "", ""
    if bool(lat) != bool(lng):
        missing = "long" if lat else "lat"
        problems.append(
            FieldProblem(missing, "required", _("Send lat and long together, or neither."))
        )
        return "", "", address
    if lat:
        lat = _coordinate("lat", lat, 90, problems)
        lng = _coordinate("long", lng, 180, problems)
    return lat, lng, address


def _contact(form: QueryDict, problems: list) -> tuple[str, str, str]:
    """(name, phone, e-mail) of the person filing: personal data, never shown publicly."""
    first = " ".join((form.get("first_name") or "").split())
    last = " ".join((form.get("last_name") or "").split())
    separator = " " if (first + last).isascii() else ""
    name = separator.join(part for part in (last, first) if part)
    email = (form.get("email") or "").strip()
    if email:
        try:
            if len(email) > MAX_EMAIL:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            problems.append(
                FieldProblem("email", "format", _("%(v)s is not an e-mail address.") % {"v": email})
            )
            email = ""
    phone = (form.get("phone") or "").strip()
    return name, phone, email


def _media_url(form: QueryDict, problems: list) -> str:
    url = (form.get("media_url") or "").strip()
    if not url:
        return ""
    try:
        if len(url) > MAX_MEDIA_URL:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        problems.append(
            FieldProblem(
                "media_url",
                "format",
                _("media_url is an http(s) address of at most %(n)s characters.")
                % {"n": MAX_MEDIA_URL},
            )
        )
        return ""
    return url


def request_submit(request: HttpRequest, form: QueryDict) -> Appeal:
    """File the client's request as an appeal; Open311Error (403 / 400) if it cannot be."""
    client = client_for(form)
    problems: list[FieldProblem] = []
    category = _category((form.get("service_code") or "").strip(), problems)
    lat, lng, address = _location(form, problems)
    description = (form.get("description") or "").strip()
    if not description:
        problems.append(FieldProblem("description", "required", _("Describe the matter.")))
    name, phone, email = _contact(form, problems)
    media_url = _media_url(form, problems)
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if len(key) > MAX_KEY:
        problems.append(
            FieldProblem(
                "Idempotency-Key", "max_length", _("At most %(n)s characters.") % {"n": MAX_KEY}
            )
        )
    if problems:
        raise problems_error(problems)
    try:
        return appeal_submit(
            actor=SYSTEM,
            type=AppealType.DEMAND,
            channel=AppealChannel.OPEN311,
            category_code=category.code,
            title=title_for(description, category.name, address),
            text=with_media_url(description, media_url),
            address=address,
            latitude=lat or None,
            longitude=lng or None,
            contact_name=name,
            contact_phone=phone,
            contact_email=email,
            open311_client=client,
            # the platform owns the keys of every client: the client's id keeps them apart
            idempotency_key=f"open311:{client.pk}:{key}" if key else None,
        )
    except ValidationFailed as exc:
        raise problems_error(exc.problems) from None
