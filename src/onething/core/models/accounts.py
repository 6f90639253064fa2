from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    AGENT = "agent", _("Agency agent")
    CLERK = "clerk", _("Window clerk")
    OFFICER = "officer", _("Department officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    DISPATCHER = "dispatcher", _("Appeal dispatcher")
    UNION_STAFF = "union_staff", _("Union staff")
    GATE = "gate", _("Gate terminal")
    INSPECTOR = "inspector", _("Grid inspector")  # 网格员: reports and checks city events
    INSTITUTE_STAFF = "institute_staff", _("Institute staff")  # 实训学院: staff and teachers
    UNIVERSITY = "university", _("University registrar")  # 高校教务: receives transcripts
    LEADER = "leader", _("Town leader on duty")  # 党政主要领导: 带班值班 and night visits
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """An account. Its ``role`` decides what it may do; the scope fields decide where:
    a clerk serves one service centre, an officer and union staff work in one department,
    a supervisor oversees a region (and everything below it), a dispatcher (12345 hotline and
    appeal dispatch, 派单员) works for a region, a grid inspector (网格员) patrols one (its
    region is optional), an applicant is a person and may act for one enterprise, an agent
    works for an agency, the institute's staff (实训学院) work in the institute's department,
    a university registrar's university is the institute's record of the account, a town's
    leader (党政主要领导, on night duty: 带班值班) serves the town that is its region."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    person = models.ForeignKey(
        "core.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("person"),
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_accounts",
        verbose_name=_("acts for enterprise"),
    )
    agent = models.OneToOneField(
        "core.Agent",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("agent"),
    )
    service_center = models.ForeignKey(
        "core.ServiceCenter",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="clerks",
        verbose_name=_("service centre"),
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )
    region = models.ForeignKey(
        "core.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supervisors",
        verbose_name=_("supervised region"),
    )

    @property
    def display_name(self) -> str:
        """How pages name the account: the person's name, else the account's full name,
        else where it works (an enterprise, a centre, a department, a region) — never the
        username, an internal code."""
        if self.person_id:
            return self.person.name
        full = self.get_full_name()
        if full:
            return full
        for place in ("enterprise", "service_center", "department", "region"):
            if getattr(self, f"{place}_id"):
                return getattr(self, place).name
        return str(self.get_role_display())

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="clerk") | Q(service_center__isnull=False),
                name="clerk_has_service_center",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["officer", "union_staff", "institute_staff"])
                | Q(department__isnull=False),
                name="officer_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["supervisor", "dispatcher", "leader"])
                | Q(region__isnull=False),
                name="supervisor_has_region",
            ),
            models.CheckConstraint(
                condition=~Q(role="agent") | Q(agent__isnull=False),
                name="agent_has_agent",
            ),
            models.CheckConstraint(
                condition=~Q(role="applicant") | Q(person__isnull=False),
                name="applicant_has_person",
            ),
        ]


class ApiToken(models.Model):
    """A bearer token for a terminal (a gate) or another machine client. Only a hash of the
    secret is kept; the secret is shown once, when the token is made."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # every token ends (ONETHING_TOKEN_DAYS after it is made, unless issued for less)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
