"""City management in the back office. The register — streets, programmes, scoring
criteria and points, ranking categories and sites, parking lots, shared car parks with
their terms, windows and gates — is configuration, audited on every save (a point's or a
gate's token is never shown, not even its hash). The records that change only through
their services — projects and their timelines and photos, residents' scores, inspections,
monthly scores and closed months, batches with their steps and entries, rectifications,
plate registrations, gate events, stays and use — are shown here, never edited."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onething.core.admin import AuditedAdmin
from onething.core.adminbase import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    BatchStep,
    ParkingEvent,
    ParkingGate,
    ParkingLot,
    ParkingStay,
    ParkingUse,
    ParkingWindow,
    PlateRegistration,
    ProjectPhoto,
    ProjectStep,
    RankingBatch,
    RankingCategory,
    RankingEntry,
    RankingSite,
    Rectification,
    RectificationPhoto,
    RectificationStep,
    RenovationProgramme,
    SchoolTerm,
    ScoringCriterion,
    ScoringMonth,
    ScoringPoint,
    SharedParking,
    Street,
    StreetInspection,
    StreetMonth,
    StreetProject,
    StreetScore,
)
from .rules.projects import step_label

SECRETS = ("token_digest", "holder_phone_cipher", "holder_phone_digest", "voter_digest")


class RegisterAdmin(AuditedAdmin):
    """A row of the register, audited; its secrets (a token's hash) left out of the log."""

    def audit_snapshot(self, obj) -> dict:
        snapshot = super().audit_snapshot(obj)
        for name in SECRETS:
            snapshot.pop(name, None)
        return snapshot


class ManyRowsAdmin(ReadOnlyAdmin):
    """Tables of many rows: no full count on the list."""

    show_full_result_count = False


# ---------------------------------------------------------------- streets and projects


@admin.register(Street)
class StreetAdmin(RegisterAdmin):
    list_display = [
        "code",
        "name",
        "district",
        "street_office",
        "category",
        "department",
        "is_active",
    ]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["district", "street_office", "department"]
    raw_id_fields = ["district", "street_office"]


@admin.register(RenovationProgramme)
class RenovationProgrammeAdmin(RegisterAdmin):
    list_display = ["code", "name", "year", "region"]
    list_filter = ["year"]
    search_fields = ["code", "name"]
    raw_id_fields = ["region"]


@admin.display(description=_("action"))
def project_step_action(step: ProjectStep) -> str:
    return step_label(step.action)


class ProjectStepInline(ReadOnlyInline):
    model = ProjectStep
    fields = ["at", project_step_action, "milestone_after", "amount_fen", "actor", "note"]
    readonly_fields = fields


class ProjectPhotoInline(ReadOnlyInline):
    model = ProjectPhoto
    fields = ["phase", "name", "caption", "content_type", "size", "added_at"]
    readonly_fields = fields


@admin.register(StreetProject)
class StreetProjectAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "street",
        "title",
        "milestone",
        "budget_fen",
        "spent_fen",
        "approved_on",
        "department",
    ]
    list_filter = ["milestone", "programme"]
    search_fields = ["number", "title", "street__name"]
    list_select_related = ["street", "department"]
    inlines = [ProjectStepInline, ProjectPhotoInline]


@admin.register(ProjectStep)
class ProjectStepAdmin(ManyRowsAdmin):
    list_display = ["project", "at", project_step_action, "milestone_after", "amount_fen", "actor"]
    list_select_related = ["project", "actor"]


@admin.register(ProjectPhoto)
class ProjectPhotoAdmin(ReadOnlyAdmin):
    list_display = ["project", "phase", "name", "caption", "size", "added_at"]
    list_select_related = ["project"]
    exclude = ["file"]


# ---------------------------------------------------------------- 新街·吴韵 scoring


@admin.register(ScoringCriterion)
class ScoringCriterionAdmin(RegisterAdmin):
    list_display = ["code", "name", "order", "is_active"]
    list_filter = ["is_active"]


@admin.register(ScoringPoint)
class ScoringPointAdmin(RegisterAdmin):
    list_display = ["code", "street", "kind", "place", "is_active", "installed_on"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "street__name"]
    list_select_related = ["street"]
    raw_id_fields = ["street"]


@admin.register(StreetScore)
class StreetScoreAdmin(ManyRowsAdmin):
    list_display = ["street", "day", "channel", "average_centi", "status", "created_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["street"]
    raw_id_fields = ["street", "point"]
    exclude = ["voter_digest", "address_digest", "photo"]


@admin.register(StreetInspection)
class StreetInspectionAdmin(ManyRowsAdmin):
    list_display = ["street", "day", "inspector", "mark"]
    list_select_related = ["street", "inspector"]


@admin.register(StreetMonth)
class StreetMonthAdmin(ManyRowsAdmin):
    list_display = [
        "street",
        "month",
        "score_centi",
        "resident_count",
        "inspection_count",
        "complaint_count",
    ]
    list_filter = ["month"]
    list_select_related = ["street"]


@admin.register(ScoringMonth)
class ScoringMonthAdmin(ReadOnlyAdmin):
    list_display = ["month", "streets", "closed_at", "closed_by"]


# ---------------------------------------------------------------- 红黑榜


@admin.register(RankingCategory)
class RankingCategoryAdmin(RegisterAdmin):
    list_display = ["code", "name", "subject", "order"]
    list_filter = ["subject"]


@admin.register(RankingSite)
class RankingSiteAdmin(RegisterAdmin):
    list_display = ["code", "name", "category", "district", "street_office", "department"]
    list_filter = ["category"]
    search_fields = ["code", "name"]
    raw_id_fields = ["district", "street_office"]


class BatchStepInline(ReadOnlyInline):
    model = BatchStep
    fields = ["at", "action", "status_after", "actor", "note"]
    readonly_fields = fields


@admin.register(RankingBatch)
class RankingBatchAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "sequence", "region", "rule", "status", "published_at"]
    list_filter = ["status", "year"]
    inlines = [BatchStepInline]


@admin.register(BatchStep)
class BatchStepAdmin(ReadOnlyAdmin):
    list_display = ["batch", "at", "action", "status_after", "actor"]
    list_select_related = ["batch", "actor"]


@admin.register(RankingEntry)
class RankingEntryAdmin(ManyRowsAdmin):
    list_display = ["batch", "category", "street", "site", "rank", "score_centi", "list"]
    list_filter = ["list", "not_improved"]
    list_select_related = ["batch", "category", "street", "site"]


class RectificationStepInline(ReadOnlyInline):
    model = RectificationStep
    fields = ["at", "action", "status_after", "actor", "note"]
    readonly_fields = fields


class RectificationPhotoInline(ReadOnlyInline):
    model = RectificationPhoto
    fields = ["name", "content_type", "size"]
    readonly_fields = fields


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["entry", "department", "due_on", "status", "closed_at"]
    list_filter = ["status"]
    list_select_related = ["entry", "department"]
    inlines = [RectificationStepInline, RectificationPhotoInline]


@admin.register(RectificationStep)
class RectificationStepAdmin(ReadOnlyAdmin):
    list_display = ["rectification", "at", "action", "status_after", "actor"]


# ---------------------------------------------------------------- 错时共享车位


@admin.register(ParkingLot)
class ParkingLotAdmin(RegisterAdmin):
    list_display = ["code", "name", "kind", "district", "spaces", "opened_on", "networked_on"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["district"]


class SchoolTermInline(admin.TabularInline):
    model = SchoolTerm
    extra = 0


class ParkingWindowInline(admin.TabularInline):
    model = ParkingWindow
    extra = 0


@admin.register(SharedParking)
class SharedParkingAdmin(RegisterAdmin):
    list_display = ["lot", "host", "street", "department", "public_fee_fen_per_hour", "occupied"]
    list_select_related = ["lot", "street", "department"]
    raw_id_fields = ["street"]
    readonly_fields = ["occupied"]
    inlines = [SchoolTermInline, ParkingWindowInline]


@admin.register(SchoolTerm)
class SchoolTermAdmin(RegisterAdmin):
    list_display = ["parking", "name", "starts_on", "ends_on"]


@admin.register(ParkingWindow)
class ParkingWindowAdmin(RegisterAdmin):
    list_display = ["parking", "name", "group", "days", "starts", "ends", "fee_fen_per_hour"]
    list_filter = ["group", "days"]


@admin.register(ParkingGate)
class ParkingGateAdmin(RegisterAdmin):
    list_display = ["code", "name", "parking", "is_active"]
    list_filter = ["is_active"]


@admin.register(PlateRegistration)
class PlateRegistrationAdmin(ManyRowsAdmin):
    list_display = ["plate", "parking", "group", "holder_name", "holder_phone_masked", "status"]
    list_filter = ["status", "group"]
    search_fields = ["plate"]
    exclude = ["holder_phone_cipher", "holder_phone_digest", "proof"]


@admin.register(ParkingEvent)
class ParkingEventAdmin(ManyRowsAdmin):
    list_display = ["gate", "event_id", "kind", "plate", "at", "group", "window"]
    list_filter = ["kind", "group"]
    list_select_related = ["gate", "window"]


@admin.register(ParkingStay)
class ParkingStayAdmin(ManyRowsAdmin):
    list_display = ["plate", "parking", "group", "entered_at", "exited_at", "overstayed", "fee_fen"]
    list_filter = ["overstayed", "group"]
    raw_id_fields = ["entry", "exit"]


@admin.register(ParkingUse)
class ParkingUseAdmin(ManyRowsAdmin):
    list_display = [
        "parking",
        "day",
        "window",
        "group",
        "entries",
        "minutes",
        "overstays",
        "fees_fen",
    ]
    list_filter = ["group"]
