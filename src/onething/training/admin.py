"""The institute in the back office. Its configuration — the institute, programmes,
tracks, courses, cohorts' details, partner companies, advisers and their classes,
universities, registrars' accounts and credit agreements — is edited here and audited on
every save (a cohort's state and roll-ups, and an agreement's termination, move only
through their services and are shown read-only). The records that change only through
their services — applications with their files, interviews and timelines, enrolments,
attendance and grades, transcripts and their lines, openings, job applications and
placements — are shown here, never edited."""

from django.contrib import admin

from onething.core.admin import AuditedAdmin
from onething.core.adminbase import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Adviser,
    AdviserAssignment,
    AgreementCourse,
    Application,
    ApplicationFile,
    ApplicationStep,
    Attendance,
    Cohort,
    Course,
    CreditAgreement,
    Enrolment,
    Grade,
    Institute,
    Interview,
    JobApplication,
    Opening,
    PartnerCompany,
    Placement,
    Programme,
    Track,
    Transcript,
    TranscriptLine,
    University,
    UniversityAccount,
)


class ManyRowsAdmin(ReadOnlyAdmin):
    """Tables of many rows: no full count on the list."""

    show_full_result_count = False


# ---------------------------------------------------------------- the catalogue


@admin.register(Institute)
class InstituteAdmin(AuditedAdmin):
    audit_name = "training.institute"
    list_display = ["name", "short_name", "department", "region"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["region"]


class ChildInline(admin.TabularInline):
    """A record's children edited on its page (each on its own page too), never deleted
    here: the institute's pages and records refer to them."""

    extra = 0
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False


class TrackInline(ChildInline):
    model = Track
    fields = ["code", "name"]


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    audit_name = "training.programme"
    list_display = ["code", "name", "institute"]
    search_fields = ["code", "name"]
    list_select_related = ["institute"]
    inlines = [TrackInline]


@admin.register(Track)
class TrackAdmin(AuditedAdmin):
    audit_name = "training.track"
    list_display = ["name", "code", "programme"]
    list_filter = ["programme"]
    search_fields = ["code", "name"]
    list_select_related = ["programme"]


@admin.register(Course)
class CourseAdmin(AuditedAdmin):
    audit_name = "training.course"
    list_display = ["code", "name", "track", "hours", "credits", "assessment", "pass_mark"]
    list_filter = ["assessment", "track__programme"]
    search_fields = ["code", "name"]
    list_select_related = ["track"]


@admin.register(Cohort)
class CohortAdmin(AuditedAdmin):
    audit_name = "training.cohort"
    list_display = [
        "code",
        "name",
        "programme",
        "starts_on",
        "ends_on",
        "capacity",
        "status",
        "applications_count",
        "enrolled_count",
    ]
    list_filter = ["status", "programme"]
    search_fields = ["code", "name"]
    list_select_related = ["programme"]
    readonly_fields = ["status", "applications_count", "enrolled_count"]
    filter_horizontal = ["tracks"]


class AdviserInline(ChildInline):
    model = Adviser
    fields = ["name", "title", "appointed_on"]


@admin.register(PartnerCompany)
class PartnerCompanyAdmin(AuditedAdmin):
    audit_name = "training.partner"
    list_display = ["enterprise", "field", "joined_on", "listed", "specialised"]
    list_filter = ["listed", "specialised"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise"]
    inlines = [AdviserInline]


@admin.register(Adviser)
class AdviserAdmin(AuditedAdmin):
    audit_name = "training.adviser"
    list_display = ["name", "title", "company", "appointed_on"]
    search_fields = ["name", "company__enterprise__name"]
    list_select_related = ["company__enterprise"]
    raw_id_fields = ["account"]


@admin.register(AdviserAssignment)
class AdviserAssignmentAdmin(AuditedAdmin):
    audit_name = "training.adviser_assignment"
    list_display = ["adviser", "cohort", "track"]
    list_filter = ["cohort"]
    list_select_related = ["adviser", "cohort", "track"]


@admin.register(University)
class UniversityAdmin(AuditedAdmin):
    audit_name = "training.university"
    list_display = ["name", "country", "is_985", "overseas"]
    list_filter = ["is_985", "overseas"]
    search_fields = ["name", "english_name"]


@admin.register(UniversityAccount)
class UniversityAccountAdmin(AuditedAdmin):
    audit_name = "training.university_account"
    list_display = ["university", "user"]
    list_select_related = ["university", "user"]
    raw_id_fields = ["user"]


class AgreementCourseInline(ReadOnlyInline):
    model = AgreementCourse
    fields = ["course", "credits", "counted_as"]
    readonly_fields = fields


@admin.register(CreditAgreement)
class CreditAgreementAdmin(AuditedAdmin):
    """An agreement's facts (its courses are edited on the institute's pages, with their
    checks; a termination goes through its service)."""

    audit_name = "training.agreement"
    list_display = [
        "number",
        "university",
        "signed_on",
        "valid_from",
        "valid_until",
        "terminated_on",
        "grade_scheme",
    ]
    list_filter = ["grade_scheme"]
    search_fields = ["number", "university__name"]
    list_select_related = ["university"]
    readonly_fields = ["terminated_on"]
    inlines = [AgreementCourseInline]


@admin.register(AgreementCourse)
class AgreementCourseAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "course", "credits", "counted_as"]
    list_select_related = ["agreement__university", "course"]


# ---------------------------------------------------------------- applications


class ApplicationFileInline(ReadOnlyInline):
    model = ApplicationFile
    fields = ["kind", "name", "content_type", "size", "added_at"]
    readonly_fields = fields


class InterviewInline(ReadOnlyInline):
    model = Interview
    fields = ["interviewer", "score", "note", "held_at"]
    readonly_fields = fields


class ApplicationStepInline(ReadOnlyInline):
    model = ApplicationStep
    fields = ["at", "action", "status", "actor", "note"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(ManyRowsAdmin):
    list_display = ["number", "cohort", "university", "status", "score", "submitted_at"]
    list_filter = ["status", "cohort"]
    search_fields = ["number"]
    list_select_related = ["cohort", "university"]
    exclude = ["request_key"]
    inlines = [ApplicationFileInline, InterviewInline, ApplicationStepInline]


@admin.register(ApplicationFile)
class ApplicationFileAdmin(ManyRowsAdmin):
    list_display = ["application", "kind", "name", "size", "added_at"]
    list_select_related = ["application"]
    exclude = ["file"]


@admin.register(Interview)
class InterviewAdmin(ManyRowsAdmin):
    list_display = ["application", "interviewer", "score", "held_at"]
    list_select_related = ["application", "interviewer"]


@admin.register(ApplicationStep)
class ApplicationStepAdmin(ManyRowsAdmin):
    list_display = ["application", "at", "action", "status", "actor"]
    list_select_related = ["application", "actor"]


# ---------------------------------------------------------------- classes and transcripts


class GradeInline(ReadOnlyInline):
    model = Grade
    fields = ["course", "score", "passed", "grader_kind", "entered_by", "entered_at"]
    readonly_fields = fields


@admin.register(Enrolment)
class EnrolmentAdmin(ManyRowsAdmin):
    list_display = ["number", "cohort", "track", "university", "status", "enrolled_at"]
    list_filter = ["status", "cohort"]
    search_fields = ["number"]
    list_select_related = ["cohort", "track", "university"]
    inlines = [GradeInline]


@admin.register(Attendance)
class AttendanceAdmin(ManyRowsAdmin):
    list_display = ["enrolment", "day", "mark", "recorded_by"]
    list_filter = ["mark"]
    list_select_related = ["enrolment", "recorded_by"]


@admin.register(Grade)
class GradeAdmin(ManyRowsAdmin):
    list_display = ["enrolment", "course", "score", "passed", "grader_kind", "entered_at"]
    list_filter = ["passed", "grader_kind"]
    list_select_related = ["enrolment", "course"]


class TranscriptLineInline(ReadOnlyInline):
    model = TranscriptLine
    fields = ["course", "counted_as", "score", "grade", "credits"]
    readonly_fields = fields


@admin.register(Transcript)
class TranscriptAdmin(ManyRowsAdmin):
    list_display = ["number", "university", "total_credits", "issued_at", "revoked_at"]
    search_fields = ["number"]
    list_select_related = ["university"]
    exclude = ["request_key", "token"]
    inlines = [TranscriptLineInline]


@admin.register(TranscriptLine)
class TranscriptLineAdmin(ManyRowsAdmin):
    list_display = ["transcript", "course", "score", "grade", "credits"]
    list_select_related = ["transcript", "course"]


# ---------------------------------------------------------------- placements


@admin.register(Opening)
class OpeningAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "company", "positions", "opens_on", "closes_on", "status"]
    list_filter = ["status"]
    search_fields = ["number", "title"]
    list_select_related = ["company__enterprise"]
    exclude = ["request_key"]


@admin.register(JobApplication)
class JobApplicationAdmin(ManyRowsAdmin):
    list_display = ["opening", "status", "applied_at"]
    list_filter = ["status"]
    list_select_related = ["opening"]
    exclude = ["request_key"]


@admin.register(Placement)
class PlacementAdmin(ManyRowsAdmin):
    list_display = ["company", "position", "started_on", "ended_on"]
    list_select_related = ["company__enterprise"]
