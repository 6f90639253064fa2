"""Pages of the institute: transcripts — the staff's list and a transcript's page with its
revocation, the PDF (for whoever may see the transcript), a university's transcripts
received, and the public verification (a pasted text, or the PDF's QR code)."""

from django.urls import path

from ..views.transcripts import public, staff, university

urlpatterns = [
    path("manage/transcripts/", staff.transcripts_page, name="training-transcripts"),
    path("manage/transcripts/<str:number>/", staff.transcript_page, name="training-transcript"),
    path(
        "manage/transcripts/<str:number>/revoke/",
        staff.transcript_revoke,
        name="training-transcript-revoke",
    ),
    path(
        "transcripts/<str:number>/pdf/", public.transcript_pdf_file, name="training-transcript-pdf"
    ),
    path("university/", university.university_page, name="training-university"),
    path(
        "university/<str:number>/",
        university.university_transcript_page,
        name="training-university-transcript",
    ),
    path("verify/", public.verify_page, name="training-verify"),
    path("verify/<str:token>/", public.verify_token_page, name="training-verify-token"),
]
