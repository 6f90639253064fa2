"""An upload kept across a refused form (core.kept_uploads), without a database: only its
owner can use its token, a forged token or another form's is "expired", a file changed or
gone is not handed back, a photo form refuses a PDF that a proof form keeps, old files are
purged, and a refused submission of several files keeps those that pass, naming the
others."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.kept_uploads import KeptUploads, by_file_name, user_owner
from onething.core.permissions import Actor
from tests import files

PHOTOS = KeptUploads(folder="test/kept/photos", salt="test.kept-photos", field="photos")
PROOFS = KeptUploads(folder="test/kept/proofs", salt="test.kept-proof", images_only=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_only_the_owner_gets_the_file_back():
    kept = PHOTOS.keep(owner="user:7", name="well.PNG", data=files.png())
    found = PHOTOS.kept(owner="user:7", token=kept.token)
    assert (found.name, found.data, found.token) == ("well.PNG", files.png(), kept.token)
    assert PHOTOS.kept(owner="user:8", token=kept.token).rule == "expired"
    assert PHOTOS.kept(owner="user:7", token="forged").rule == "expired"
    assert PROOFS.kept(owner="user:7", token=kept.token).rule == "expired"  # another form's
    expired = PHOTOS.kept(owner="user:8", token=kept.token)
    assert isinstance(expired, FieldProblem) and expired.field == "photos"


def test_the_stored_path_names_no_person_and_a_changed_file_is_not_handed_back():
    kept = PHOTOS.keep(owner="user:7", name="well.png", data=files.png())
    (folder,) = default_storage.listdir("test/kept/photos")[0]
    assert len(folder) == 32 and folder != "7"  # the owner's keyed hash
    (stored,) = default_storage.listdir(f"test/kept/photos/{folder}")[1]
    assert stored.endswith(".png")
    path = f"test/kept/photos/{folder}/{stored}"
    default_storage.delete(path)
    default_storage.save(path, ContentFile(files.jpeg()))
    assert PHOTOS.kept(owner="user:7", token=kept.token).rule == "expired"
    default_storage.delete(path)
    assert PHOTOS.kept(owner="user:7", token=kept.token).rule == "expired"


def test_a_photo_form_refuses_a_pdf_that_a_proof_form_keeps():
    with pytest.raises(ValidationFailed) as refused:
        PHOTOS.keep(owner="user:7", name="a.pdf", data=files.pdf())
    assert refused.value.problems[0].field == "photos"
    kept = PROOFS.keep(owner="user:7", name="a.pdf", data=files.pdf())
    assert PROOFS.kept(owner="user:7", token=kept.token).data == files.pdf()


def test_old_files_are_purged():
    kept = PHOTOS.keep(owner="user:7", name="well.png", data=files.png())
    assert PHOTOS.purge() == 0
    assert PHOTOS.purge(older_than=dt.timedelta(seconds=-1)) == 1
    assert PHOTOS.kept(owner="user:7", token=kept.token).rule == "expired"


def test_one_kept_file_or_none():
    kept = PROOFS.keep(owner="phone:abc", name="a.png", data=files.png())
    assert PROOFS.kept_one(owner="phone:abc", token="") == (None, [])
    assert PROOFS.kept_one(owner="phone:abc", token=kept.token, removed=True) == (None, [])
    assert PROOFS.kept_one(owner="phone:abc", token=kept.token)[0].data == files.png()
    none, (problem,) = PROOFS.kept_one(owner="phone:xyz", token=kept.token)
    assert none is None and (problem.field, problem.rule) == ("photo", "expired")


def test_several_files_kept_less_the_removed_with_one_problem():
    one = PHOTOS.keep(owner="user:7", name="1.png", data=files.png())
    two = PHOTOS.keep(owner="user:7", name="2.png", data=files.png((30, 30)))
    kept, problems = PHOTOS.kept_all(
        owner="user:7", tokens=[one.token, "x", two.token, "y"], removed={two.token}, most=4
    )
    assert [k.name for k in kept] == ["1.png"]
    assert [(p.field, p.rule) for p in problems] == [("photos", "expired")]
    kept, problems = PHOTOS.kept_all(owner="user:7", tokens=[one.token, two.token], most=1)
    assert ([k.name for k in kept], problems) == (["1.png"], [])


def test_after_a_refusal_the_files_that_pass_are_kept_and_the_others_named():
    kept = [PHOTOS.keep(owner="user:7", name=f"{n}.png", data=files.png()) for n in (0, 1)]
    chosen = [("2.png", files.png()), ("3.pdf", files.pdf()), ("4.png", b"not a photo")]
    carried, problems = PHOTOS.kept_after(owner="user:7", kept=kept, chosen=chosen, refused={1, 4})
    assert [c.name for c in carried] == ["0.png", "2.png"]  # 1 and 4 refused by the service
    assert [(p.field, p.message.split("：")[0]) for p in problems] == [("photos", "3.pdf")]


def test_the_problems_of_single_files_say_their_names():
    problems = [
        FieldProblem("photos.1", "too_large", "too large"),
        FieldProblem("photos.9", "type", "out of range"),
        FieldProblem("title", "required", "required"),
    ]
    said, refused = by_file_name(problems, [("a.png", b""), ("b.png", b"")], "photos")
    assert refused == {1}
    assert [(p.field, p.message) for p in said] == [
        ("photos", "b.png：too large"),
        ("photos.9", "out of range"),
        ("title", "required"),
    ]


def test_a_users_owner_is_their_account():
    assert user_owner(Actor(user_id=5, role="officer")) == "user:5"
