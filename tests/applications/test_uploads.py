"""CV checks: the type is read from the content, never from the name; 5 MB at most."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from emploi_territoires.applications.uploads import DOCX_TYPE, MAX_CV_BYTES, ODT_TYPE, PDF_TYPE, check_cv
from tests.applications import cv_files


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("CV Inès Haddad.pdf", cv_files.PDF_BYTES, PDF_TYPE, "pdf"),
        ("cv-ines-haddad.docx", cv_files.docx_bytes(), DOCX_TYPE, "docx"),
        ("cv-ines-haddad.odt", cv_files.odt_bytes(), ODT_TYPE, "odt"),
        # The name does not matter: a real PDF named "cv.txt" is a PDF.
        ("cv.txt", cv_files.PDF_BYTES, PDF_TYPE, "pdf"),
    ],
)
def test_accepted_documents(name, content, content_type, extension):
    checked = check_cv(cv_files.upload(name, content, "application/octet-stream"))
    assert (checked.content_type, checked.extension) == (content_type, extension)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", cv_files.EXE_BYTES, "programme Windows"),
        ("cv.pdf", cv_files.ELF_BYTES, "exécutable Linux"),
        ("cv.docx", cv_files.plain_zip_bytes(), "archive ZIP, pas un document Word"),
        ("cv.docx", cv_files.docm_bytes(), "macros"),
        ("cv.odt", cv_files.odt_bytes(b"application/vnd.oasis.opendocument.spreadsheet"), "tableur"),
        ("cv.docx", b"PK\x03\x04 not really a zip" + b"\x00" * 50, "archive abîmée"),
        ("cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "ancien document Office"),
        ("cv.pdf", b"#!/bin/sh\nrm -rf /\n", "script"),
        ("cv.pdf", b"GIF89a" + b"\x00" * 50, "n'est pas accepté"),
        ("cv.pdf", b"", "vide"),
    ],
)
def test_refused_files_say_why_in_french(name, content, message):
    with pytest.raises(ValidationError) as error:
        check_cv(cv_files.upload(name, content))
    text = " ".join(error.value.messages)
    assert message in text
    assert "PDF" in text  # and say what is accepted


def test_six_megabytes_refused():
    content = cv_files.PDF_BYTES + b"\x00" * (6 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        check_cv(cv_files.upload("cv.pdf", content))
    assert "6,0 Mo" in error.value.messages[0]
    assert "5 Mo" in error.value.messages[0]


def test_exactly_five_megabytes_accepted():
    content = cv_files.PDF_BYTES + b"\x00" * (MAX_CV_BYTES - len(cv_files.PDF_BYTES))
    assert check_cv(cv_files.upload("cv.pdf", content)).extension == "pdf"


def test_check_leaves_the_file_readable_from_the_start():
    upload = cv_files.upload("cv.docx", cv_files.docx_bytes())
    check_cv(upload)
    assert upload.read(4) == b"PK\x03\x04"
