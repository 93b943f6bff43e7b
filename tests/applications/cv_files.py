"""Tiny but valid CV files built in memory (PDF, DOCX, ODT) and the hostile ones a CV check must refuse."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries):
            compression = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), content, compress_type=compression)
    return buffer.getvalue()


DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx_bytes() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", DOCX_CONTENT_TYPES),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", "<w:document><w:body><w:p>Inès Haddad</w:p></w:body></w:document>".encode()),
        ]
    )


def docm_bytes() -> bytes:
    return _zip(
        [
            (
                "[Content_Types].xml",
                DOCX_CONTENT_TYPES.replace(b"document.main+xml", b"document.macroEnabled.main+xml"),
            ),
            ("word/document.xml", b"<w:document/>"),
            ("word/vbaProject.bin", b"\x00" * 16),
        ]
    )


def odt_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    return _zip(
        [("mimetype", mimetype), ("content.xml", b"<office:document-content/>"), ("META-INF/manifest.xml", b"<m/>")],
        stored_first=True,
    )


def plain_zip_bytes() -> bytes:
    return _zip([("photos/vacances.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64)])


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    # The browser's declared type is deliberately wrong in hostile cases: it is never trusted.
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name: str = "CV Inès Haddad.pdf") -> SimpleUploadedFile:
    return upload(name, PDF_BYTES)


EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
