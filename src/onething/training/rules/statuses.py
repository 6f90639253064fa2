"""The states of the institute's records and their labels (pure). The lifecycles that
move them (core.transitions, one table each, labelled by :func:`labeller`) are each
part's: :mod:`.cohorts`, :mod:`.applications`, :mod:`.classes`, :mod:`.transcripts`,
:mod:`.placements`, and the agreements' in :mod:`.catalogue`."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import pgettext_lazy

# the roles of the lifecycles' tables: the institute's staff (administrators too where they
# act for it) and a student (an applicant account)
STAFF, STUDENT = "institute_staff", "applicant"
STAFF_ROLES = frozenset({STAFF, "admin"})

# -- a cohort (实训班): planned → open for applications → selecting → running → finished
PLANNED, OPEN, SELECTING, RUNNING, FINISHED = "planned", "open", "selecting", "running", "finished"
COHORT_STATUSES = (PLANNED, OPEN, SELECTING, RUNNING, FINISHED)
COHORT_STATUS_LABELS = {
    PLANNED: pgettext_lazy("cohort", "Planned"),
    OPEN: pgettext_lazy("cohort", "Open for applications"),
    SELECTING: pgettext_lazy("cohort", "Selecting"),
    RUNNING: pgettext_lazy("cohort", "In class"),
    FINISHED: pgettext_lazy("cohort", "Finished"),
}

# -- an application: submitted → screened (passed 初筛) or rejected → interviewed →
#    offered (selected within capacity) or waiting (候补) → accepted / declined / expired;
#    the student may withdraw before accepting
SUBMITTED, SCREENED, REJECTED, INTERVIEWED = "submitted", "screened", "rejected", "interviewed"
OFFERED, WAITING, ACCEPTED, DECLINED = "offered", "waiting", "accepted", "declined"
EXPIRED, WITHDRAWN, NOT_SELECTED = "expired", "withdrawn", "not_selected"
APPLICATION_STATUSES = (
    SUBMITTED,
    SCREENED,
    REJECTED,
    INTERVIEWED,
    OFFERED,
    WAITING,
    ACCEPTED,
    DECLINED,
    EXPIRED,
    WITHDRAWN,
    NOT_SELECTED,
)
APPLICATION_STATUS_LABELS = {
    SUBMITTED: pgettext_lazy("training application", "Submitted"),
    SCREENED: pgettext_lazy("training application", "Passed screening"),
    REJECTED: pgettext_lazy("training application", "Not passed screening"),
    INTERVIEWED: pgettext_lazy("training application", "Interviewed"),
    OFFERED: pgettext_lazy("training application", "Offered a place"),
    WAITING: pgettext_lazy("training application", "On the waiting list"),
    ACCEPTED: pgettext_lazy("training application", "Accepted"),
    DECLINED: pgettext_lazy("training application", "Declined"),
    EXPIRED: pgettext_lazy("training application", "Offer expired"),
    WITHDRAWN: pgettext_lazy("training application", "Withdrawn"),
    NOT_SELECTED: pgettext_lazy("training application", "Not selected"),
}
# the states in which an application still holds or waits for a place
APPLICATION_LIVE = (SUBMITTED, SCREENED, INTERVIEWED, OFFERED, WAITING, ACCEPTED)

# -- an enrolment (学员): enrolled → completed, or withdrawn
ENROLLED, COMPLETED, LEFT = "enrolled", "completed", "withdrawn"
ENROLMENT_STATUSES = (ENROLLED, COMPLETED, LEFT)
ENROLMENT_STATUS_LABELS = {
    ENROLLED: pgettext_lazy("enrolment", "In class"),
    COMPLETED: pgettext_lazy("enrolment", "Completed"),
    LEFT: pgettext_lazy("enrolment", "Withdrawn"),
}

# -- a credit transcript: in force, or revoked (then a new one may be issued)
TRANSCRIPT_LIVE, TRANSCRIPT_REVOKED = "live", "revoked"
TRANSCRIPT_STATES = (TRANSCRIPT_LIVE, TRANSCRIPT_REVOKED)
TRANSCRIPT_STATE_LABELS = {
    TRANSCRIPT_LIVE: pgettext_lazy("transcript", "In force"),
    TRANSCRIPT_REVOKED: pgettext_lazy("transcript", "Revoked"),
}

# -- attendance marks
PRESENT, LATE, ABSENT, EXCUSED = "present", "late", "absent", "excused"
ATTENDANCE_MARKS = (PRESENT, LATE, ABSENT, EXCUSED)
ATTENDANCE_LABELS = {
    PRESENT: pgettext_lazy("attendance", "Present"),
    LATE: pgettext_lazy("attendance", "Late"),
    ABSENT: pgettext_lazy("attendance", "Absent"),
    EXCUSED: pgettext_lazy("attendance", "Excused"),
}

# -- a course's assessment (考核方式)
EXAM, PROJECT, REPORT, PRACTICE = "exam", "project", "report", "practice"
ASSESSMENTS = (EXAM, PROJECT, REPORT, PRACTICE)
ASSESSMENT_LABELS = {
    EXAM: pgettext_lazy("assessment", "Examination"),
    PROJECT: pgettext_lazy("assessment", "Project defence"),
    REPORT: pgettext_lazy("assessment", "Report"),
    PRACTICE: pgettext_lazy("assessment", "Practical assessment"),
}

# -- how a university records a converted grade (成绩转换方式)
PERCENT, FIVE_LEVEL, PASS_FAIL, GPA4 = "percent", "five_level", "pass_fail", "gpa4"
GRADE_SCHEMES = (PERCENT, FIVE_LEVEL, PASS_FAIL, GPA4)
GRADE_SCHEME_LABELS = {
    PERCENT: pgettext_lazy("grade scheme", "Hundred-mark scale"),
    FIVE_LEVEL: pgettext_lazy("grade scheme", "Five levels"),
    PASS_FAIL: pgettext_lazy("grade scheme", "Pass or fail"),
    GPA4: pgettext_lazy("grade scheme", "Grade points (4.0)"),
}

# -- who entered a grade
TEACHER, ADVISER = "teacher", "adviser"
GRADER_KINDS = (TEACHER, ADVISER)
GRADER_LABELS = {
    TEACHER: pgettext_lazy("grader", "Teacher"),
    ADVISER: pgettext_lazy("grader", "Entrepreneur adviser"),
}

# -- a degree a student studies for
UNDERGRADUATE, MASTER, DOCTORATE = "undergraduate", "master", "doctorate"
DEGREES = (UNDERGRADUATE, MASTER, DOCTORATE)
DEGREE_LABELS = {
    UNDERGRADUATE: pgettext_lazy("degree", "Undergraduate"),
    MASTER: pgettext_lazy("degree", "Master's"),
    DOCTORATE: pgettext_lazy("degree", "Doctorate"),
}

# -- a company's opening (岗位) and a student's application to it
OPENING_OPEN, OPENING_CLOSED = "open", "closed"
OPENING_STATUSES = (OPENING_OPEN, OPENING_CLOSED)
OPENING_STATUS_LABELS = {
    OPENING_OPEN: pgettext_lazy("opening", "Open"),
    OPENING_CLOSED: pgettext_lazy("opening", "Closed"),
}
APPLIED, INTERVIEWING, JOB_OFFERED, HIRED = "applied", "interviewing", "offered", "hired"
JOB_REJECTED, JOB_DECLINED, JOB_WITHDRAWN = "rejected", "declined", "withdrawn"
JOB_STATUSES = (
    APPLIED,
    INTERVIEWING,
    JOB_OFFERED,
    HIRED,
    JOB_REJECTED,
    JOB_DECLINED,
    JOB_WITHDRAWN,
)
JOB_STATUS_LABELS = {
    APPLIED: pgettext_lazy("job application", "Applied"),
    INTERVIEWING: pgettext_lazy("job application", "Interviewing"),
    JOB_OFFERED: pgettext_lazy("job application", "Offered"),
    HIRED: pgettext_lazy("job application", "Placed"),
    JOB_REJECTED: pgettext_lazy("job application", "Not successful"),
    JOB_DECLINED: pgettext_lazy("job application", "Offer declined"),
    JOB_WITHDRAWN: pgettext_lazy("job application", "Withdrawn"),
}


# -- a placement: active until it ends (the student may then be placed again)
PLACEMENT_ACTIVE, PLACEMENT_ENDED = "active", "ended"
PLACEMENT_STATE_LABELS = {
    PLACEMENT_ACTIVE: pgettext_lazy("placement", "Active"),
    PLACEMENT_ENDED: pgettext_lazy("placement", "Ended"),
}


def choices(values, labels) -> list[tuple[str, object]]:
    """A model field's choices from a rules module's values and labels."""
    return [(value, labels[value]) for value in values]


def label(labels, value: str) -> str:
    return str(labels.get(value, value))


def labeller(labels) -> Callable[[str], str]:
    """A lifecycle's ``action_label`` or ``status_label``: a value's label from ``labels``
    (the value itself when it has none)."""
    return lambda value: label(labels, value)
