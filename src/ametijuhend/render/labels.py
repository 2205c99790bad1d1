"""Estonian words of the site, in one place: headings by document type, status names, field names.

Headings follow the document type (DOMAIN.md): a civil servant's description
(ametnik) has teenistusülesanded and an ametikoht, an employee's (töötaja)
tööülesanded and a töökoht.
"""

from __future__ import annotations

from .. import models
from ..models import DocumentType, Status, UnitKind
from ..structure import heading

__all__ = ["heading"]

MISSING_IN_SOURCE = models.MISSING_IN_SOURCE
"""Shown wherever the source document lacks a field (named in `missing:`); nothing is guessed."""
UNPUBLISHED = "avaldamata ametikoht"
"""Shown for a reference to a position that has a file but no page (a draft while drafts are not published)."""
NOT_GIVEN = "märkimata"
"""Shown for an empty optional field that is not declared missing."""

DOCUMENT_TYPE = {
    DocumentType.AMETNIK: "Ametnik",
    DocumentType.TOOTAJA: "Töötaja",
}
STATUS = {Status.MUSTAND: "Mustand", Status.KEHTIV: "Kehtiv", Status.KEHTETU: "Kehtetu"}
UNIT_KIND = {UnitKind.OSAKOND: "Osakond", UnitKind.TALITUS: "Talitus", UnitKind.TIIM: "Tiim"}

FIELD = {
    "approval": "kinnitamise andmed",
    "approval.approver": "kinnitaja",
    "approval.order_number": "käskkirja number",
    "approval.date": "kinnitamise kuupäev",
    "title": "ametinimetus",
    "specialisation": "spetsialiseerumine (ametinimetuse täpsustus)",
    "unit": "struktuuriüksus",
    "manager": "vahetu juht",
    "substituted_by": "kes asendab",
    "substitutes_for": "keda asendab",
    "purpose": "eesmärk",
    "duties": "ülesanded",
    "rights": "õigused",
    "responsibilities": "vastutus",
    "tools": "töövahendid",
    "requirements": "nõuded",
    "requirements.education": "haridus",
    "requirements.experience": "töökogemus",
    "requirements.languages": "keeleoskus",
    "requirements.computer_skills": "arvutikasutamise oskus",
    "competencies": "kompetentsid",
    "amendment": "ametijuhendi muutmine",
}
"""Estonian names of the fields that `missing:` can list."""

LANGUAGE = models.LANGUAGE_NAMES
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
