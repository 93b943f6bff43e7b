"""Checks on uploaded files: the type is read from the content (magic bytes), never from the name.

A CV is a PDF, a Word document (DOCX) or an OpenDocument text (ODT), up to 5 MB. A program renamed
"cv.pdf" (Windows "MZ", Linux "ELF"), a plain ZIP archive renamed "cv.docx", a macro-enabled Word
file or a spreadsheet are refused with a message that says what the file really is. ZIP-based
formats are recognised from their directory and, for ODT, from the `mimetype` entry (first entry,
stored uncompressed, by the OpenDocument standard); nothing is extracted.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_CV_BYTES = 5 * 1024 * 1024
ACCEPTED = "Déposez votre CV en PDF, en Word (DOCX) ou en OpenDocument (ODT)."

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(f"{message} {ACCEPTED}", code=code)


def check_cv(upload: UploadedFile) -> CheckedUpload:
    """The CV's real type, or a French ValidationError saying why the file is refused."""
    size = upload.size or 0
    if size == 0:
        raise _refuse("Le fichier est vide.", "empty")
    if size > MAX_CV_BYTES:
        raise ValidationError(
            f"Le fichier pèse {_megabytes(size)} Mo : un CV ne doit pas dépasser 5 Mo. "
            "Enregistrez-le en PDF ou réduisez la taille des images.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return CheckedUpload(PDF_TYPE, "pdf")
    if head.startswith(b"MZ"):
        raise _refuse("Ce fichier est un programme Windows (exécutable), pas un document.", "executable")
    if head.startswith(b"\x7fELF"):
        raise _refuse("Ce fichier est un programme (exécutable Linux), pas un document.", "executable")
    if head.startswith(b"#!"):
        raise _refuse("Ce fichier est un script, pas un document.", "executable")
    if head.startswith(b"PK\x03\x04"):
        return _check_zip_document(upload)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse("Ce fichier est un ancien document Office (.doc) : enregistrez-le au format DOCX ou PDF.", "doc")
    raise _refuse("Ce format de fichier n'est pas accepté.", "unknown_type")


def _check_zip_document(upload: UploadedFile) -> CheckedUpload:
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if infos and infos[0].filename == "mimetype":
                with archive.open(infos[0]) as entry:
                    mimetype = entry.read(100).strip()
                if mimetype == ODT_TYPE.encode():
                    return CheckedUpload(ODT_TYPE, "odt")
                raise _refuse(
                    "Ce fichier OpenDocument n'est pas un texte (tableur ou présentation ?).", "not_text_document"
                )
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                with archive.open("[Content_Types].xml") as entry:
                    content_types = entry.read(64 * 1024)
                if "word/vbaProject.bin" in names or b"macroEnabled" in content_types:
                    raise _refuse("Ce document Word contient des macros : elles ne sont pas acceptées.", "macros")
                if _DOCX_MAIN not in content_types:
                    raise _refuse("Ce fichier n'est pas un document Word valide.", "invalid_docx")
                return CheckedUpload(DOCX_TYPE, "docx")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, EOFError, OSError) as error:
        # Corrupt, encrypted or exotic archives: not a document we can vouch for.
        raise _refuse("Ce fichier est une archive abîmée ou protégée.", "invalid_zip") from error
    finally:
        upload.seek(0)
    raise _refuse("Ce fichier est une archive ZIP, pas un document Word ou OpenDocument.", "zip")


# --- Attachments of messages (issue 19): PDF only, read from the content as a CV is -----------------

MAX_ATTACHMENT_BYTES = MAX_CV_BYTES
ATTACHMENT_ACCEPTED = "Joignez un document PDF de 5 Mo au plus."


def check_message_attachment(upload: UploadedFile) -> CheckedUpload:
    """A message's attachment: a real PDF (magic bytes), up to 5 MB; otherwise a French ValidationError.

    The CV checks run first (empty, too large, programs, scripts, archives, macros), so a file refused
    as a CV is refused here for the same reason; a genuine Word or OpenDocument text is refused too,
    with the advice to save it as PDF (a PDF is read in the browser, never opened by an office suite).
    """
    try:
        checked = check_cv(upload)
    except ValidationError as error:
        reason = error.messages[0].replace(ACCEPTED, "").replace("un CV", "une pièce jointe").strip()
        raise ValidationError(f"{reason} {ATTACHMENT_ACCEPTED}", code=error.code) from None
    if checked.content_type != PDF_TYPE:
        raise ValidationError(
            f"Ce document est au format {checked.extension.upper()} : enregistrez-le en PDF. {ATTACHMENT_ACCEPTED}",
            code="not_pdf",
        )
    return checked
