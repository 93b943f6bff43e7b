"""The signed VTA charter: a PDF, checked as CVs are (`applications.uploads`): the type is read from
the content (magic bytes), never from the name, and the size is capped."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from emploi_territoires.applications.uploads import MAX_CV_BYTES, check_cv

MAX_CHARTER_BYTES = MAX_CV_BYTES
ACCEPTED = "Déposez la charte signée en PDF (5 Mo au plus)."


def check_charter(upload: UploadedFile) -> None:
    """Nothing when the upload is a PDF of at most 5 MB, else a French ValidationError saying what it is."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(f"Le fichier est vide. {ACCEPTED}", code="empty")
    if size > MAX_CHARTER_BYTES:
        megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
        raise ValidationError(f"Le fichier pèse {megabytes} Mo. {ACCEPTED}", code="too_large")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return
    # Say what the file really is, with the CV check's words (executable, script, Word, archive…).
    try:
        check_cv(upload)
    except ValidationError as error:
        what = error.messages[0].split(" Déposez ")[0]
        raise ValidationError(f"{what} {ACCEPTED}", code=error.code) from None
    raise ValidationError(f"Ce document n'est pas un PDF. {ACCEPTED}", code="not_pdf")
