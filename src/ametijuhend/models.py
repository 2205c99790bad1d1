"""The schema of position files and catalogues, declared once.

Everything else is derived from these models: the validator (pydantic), the
JSON Schema that editors use (``ametijuhend schema``), and the field
reference in the README. Field descriptions are written for the HR
maintainer who edits the YAML; they end up as editor tooltips.

Design rules:
- every model rejects unknown keys (typos are errors, not silently ignored);
- references to other positions, units and competencies are stable ASCII ids,
  never inflected Estonian text;
- a field the source document lacks is left out and named in ``missing``,
  never filled with a guess.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are lowercase ASCII slugs: letters, digits and single hyphens."""

MAX_TEXT = 20_000
"""Longest accepted text field, in characters (a duty is a few hundred)."""

MAX_ID = 120
"""Longest accepted id, in characters."""

MAX_ORDER_NUMBER = 40
"""Longest accepted order number, in characters."""

# Longest accepted lists. Each is about ten times the longest seen in a real description (in brackets),
# so no real description comes near, while a pasted or generated file cannot make validation, linking
# or a page grow without bound (issue 13: 40,000 duties, 1,000 positions substituting each other).
MAX_DUTIES = 200
"""Duties of one position (19)."""
MAX_ITEMS = 100
"""Bullets of one list: sub-items, results, rights, responsibilities, indicators, competencies (11)."""
MAX_SUBSTITUTES = 100
"""Positions named in `substituted_by` or in `substitutes_for` (3)."""
MAX_FEW = 30
"""Short lists: languages, other requirements, amendment sentences, aliases (3)."""
MAX_SIGNATURES = 10
"""Signature lines (2)."""

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=MAX_ID),
    Field(
        description="Stable ASCII id (slug): lowercase letters, digits and hyphens; "
        "õ ä ö ü š ž written as o a o u s z. Example: `noustaja-perelepitus`."
    ),
]
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""Bidirectional embeddings, overrides (U+202A–U+202E, closed by U+202C) and isolates (U+2066–U+2068,
closed by U+2069), as a regular-expression class. An unclosed one reverses the text around it on a page."""
INVISIBLE = "\\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff"
"""Whitespace, soft hyphen, zero-width and other invisible format characters, as a regular-expression class."""


def _text_pattern() -> str:
    plain = f"[^{BIDI_CONTROLS}]"
    visible = f"[^{BIDI_CONTROLS}{INVISIBLE}]"

    def paired(inner: str) -> str:  # a closed embedding, override or isolate holding `inner`
        return f"(?:[\u202a\u202b\u202d\u202e]{inner}\u202c|[\u2066-\u2068]{inner}\u2069)"
    unit = f"(?:{plain}|{paired(plain + '*')})"
    return f"^{unit}*?(?:{visible}|{paired(f'{plain}*{visible}{plain}*')}){unit}*$"


TEXT_PATTERN = _text_pattern()
"""Text with at least one visible character, whose direction controls are each closed (not nested).
Checked by pydantic's (linear-time) regular-expression engine, so it costs no Python call per value."""

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT, pattern=TEXT_PATTERN),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_TEXT}),  # editors: no pattern tooltip
]
Cefr = Literal["A1", "A2", "B1", "B2", "C1", "C2"]

OrderNumber = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z./-]*$", max_length=MAX_ORDER_NUMBER)]
"""Number of an order (käskkiri) as printed: `3`, `1-2/45`."""

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date_text(value: object) -> object:
    """Accept a date only as YYYY-MM-DD text: pydantic alone would read `0` or `1704326400` as a date."""
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise PydanticCustomError("date_format", "Input should be a date as YYYY-MM-DD")
    return value


Date = Annotated[dt.date, BeforeValidator(_iso_date_text)]
"""A calendar date written as YYYY-MM-DD."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class DocumentType(StrEnum):
    """Civil-service post (ametnik) or employment-contract job (töötaja).

    Decides the headings: teenistusülesanded / ametikoht vs tööülesanded / töökoht.
    """

    AMETNIK = "ametnik"
    TOOTAJA = "tootaja"


class Status(StrEnum):
    """Life-cycle state of a job description."""

    MUSTAND = "mustand"
    KEHTIV = "kehtiv"
    KEHTETU = "kehtetu"


class Language(StrEnum):
    """Languages named in language requirements; `voorkeel` = any foreign language."""

    EESTI = "eesti"
    INGLISE = "inglise"
    VENE = "vene"
    SOOME = "soome"
    SAKSA = "saksa"
    PRANTSUSE = "prantsuse"
    ROOTSI = "rootsi"
    LATI = "lati"
    UKRAINA = "ukraina"
    VIIPEKEEL = "viipekeel"
    VOORKEEL = "voorkeel"


LANGUAGE_NAMES: dict[str, str] = {
    "eesti": "eesti keel", "inglise": "inglise keel", "vene": "vene keel", "soome": "soome keel",
    "saksa": "saksa keel", "prantsuse": "prantsuse keel", "rootsi": "rootsi keel", "lati": "läti keel",
    "ukraina": "ukraina keel", "viipekeel": "viipekeel", "voorkeel": "võõrkeel",
}
"""The name of each `Language` as a page writes it."""


class UnitKind(StrEnum):
    """Level of an organisational unit."""

    OSAKOND = "osakond"
    TALITUS = "talitus"
    TIIM = "tiim"


MISSING_IN_SOURCE = "puudub lähtedokumendis"
"""What the page and the document print for a field named in `missing` (the source lacks it)."""

MissingField = Literal[
    "approval",
    "approval.approver",
    "approval.order_number",
    "approval.date",
    "title",
    "specialisation",
    "unit",
    "manager",
    "substituted_by",
    "substitutes_for",
    "purpose",
    "duties",
    "rights",
    "responsibilities",
    "tools",
    "requirements",
    "requirements.education",
    "requirements.experience",
    "requirements.languages",
    "requirements.computer_skills",
    "competencies",
    "amendment",
]

REQUIRED_IN_FORCE: tuple[MissingField, ...] = (
    "title", "unit", "manager", "purpose", "duties", "rights", "responsibilities", "requirements", "amendment",
)
"""Fields a position in force (or repealed) must have. A draft may lack them (it is reported), and so may
a position whose source copy is incomplete (`incomplete_source`) when it declares them in `missing`."""

EXPECTED: tuple[MissingField, ...] = (
    "approval", "approval.approver", "approval.order_number", "approval.date", "substituted_by", "substitutes_for",
    "requirements.education", "requirements.experience", "requirements.languages", "requirements.computer_skills",
    "competencies",
)
"""Fields that every complete description has; when absent they must be declared in `missing`."""


def field_value(value: object, name: str) -> object:
    """Field `name` of a model or key `name` of a mapping; None for anything else."""
    if isinstance(value, dict):
        return value.get(name)
    return getattr(value, name, None) if isinstance(value, BaseModel) else None


def is_absent(position: object, dotted: str) -> bool:
    """The one notion of an absent field (`approval.date`, `competencies`, …) of a `Position` or of its
    plain mapping: not given, None, empty text, list or mapping; competencies without any entry."""
    value: object = position
    for part in dotted.split("."):
        if value is None:
            return True
        value = field_value(value, part)
    if dotted == "competencies" and value is not None:
        return not any(field_value(value, group) for group in ("core", "additional", "knowledge"))
    return value is None or value == [] or value == {} or value == ""


class Approval(_Model):
    """KINNITATUD: who approved the description, by which order, when."""

    approver: Text | None = None
    """Title of the approver as printed, e.g. `Sotsiaalkindlustusameti peadirektor`."""
    order_number: OrderNumber | None = None
    """Number of the order (käskkiri), as printed: `3`, `1-2/45`."""
    date: Date | None = None
    """Date of the order, YYYY-MM-DD."""
    effective_from: Date | None = None
    """Jõustub: the date from which the order says this version takes effect (YYYY-MM-DD), when it states one;
    leave out when the version is in force from the order's date. Not before `date`."""


class Signature(_Model):
    """A signature line. Names are deliberately not stored: the site publishes roles, not people."""

    party: Text | None = None
    """Signing party as printed, e.g. `Tööandja` or `Töötaja`."""
    title: Text | None = None
    """Title of the signer as printed, e.g. `peadirektor`."""
    digital: StrictBool = True
    """Signed digitally ((allkirjastatud digitaalselt))."""


class Duty(_Model):
    """One numbered duty (3.x): the task and its expected results."""

    number: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*\.[1-9][0-9]*$")]
    """Official number as printed, without a trailing dot: `3.4`. Anchors and links use it."""
    task: Text
    """Task text (Põhiülesanne / ÜLESANNE); ends with `sh:` when sub-items follow."""
    subtasks: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    """Sub-items of the task, in order."""
    results_intro: Text | None = None
    """Sentence introducing the results list, when the source has one (ends with `sh:`)."""
    results: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    """Expected results (Oodatavad tulemused / TULEMUS), in order."""


class BulletList(_Model):
    """A bullet list with an optional lead-in such as `Ametnikul on õigus:`."""

    intro: Text | None = None
    """Lead-in sentence as printed, if any."""
    items: list[Text] = Field(min_length=1, max_length=MAX_ITEMS)
    """The bullets, in order."""


class LanguageLevel(_Model):
    """One language with its CEFR level."""

    language: Language
    level: Cefr | None = None
    """CEFR level A1–C2; leave out if the source gives none."""
    advantage: StrictBool = False
    """True when the source says it is an advantage (kasuks tuleb), not a requirement."""


class LanguageRequirement(_Model):
    """One sentence of the language requirements, with its structured reading."""

    text: Text
    """The sentence as in the source, e.g. `Inglise või vene keele valdamine tasemel B2.`"""
    levels: list[LanguageLevel] = Field(min_length=1, max_length=MAX_FEW)
    """Languages and levels the sentence names; required ones are alternatives (any one suffices)."""


class OtherRequirement(_Model):
    """A requirement outside the standard headings."""

    label: Text
    """Heading as printed."""
    text: Text


class Requirements(_Model):
    """AMETIKOHALE / TÖÖKOHALE ESITATAVAD NÕUDED."""

    education: Text | None = None
    """Haridus."""
    experience: Text | None = None
    """Töökogemus."""
    languages: list[LanguageRequirement] = Field(default=[], max_length=MAX_FEW)
    """Keeleoskus, one entry per sentence."""
    computer_skills: Text | None = None
    """Arvutikasutamise oskus."""
    travel: Text | None = None
    """Valmisolek lähetusteks."""
    other: list[OtherRequirement] = Field(default=[], max_length=MAX_FEW)
    """Anything else the source states under its own heading."""


class CompetencyUse(_Model):
    """A competency required by this position, in the position's own wording."""

    competency: Id
    """Id of the competency in `positions/catalogues/competencies.yaml`."""
    name: Text | None = None
    """The position's own name for it when it differs from the catalogue, e.g. `Pingetaluvus (tasakaalukus)`."""
    definition: Text | None = None
    """Definition as worded in this description (the text after `Name:`)."""
    indicators: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    """Behavioural indicators as worded in this description."""


class Competencies(_Model):
    """Tööks vajalikud kompetentsid and Täiendavad kompetentsid, isikuomadused ja teadmised."""

    core: list[CompetencyUse] = Field(default=[], max_length=MAX_ITEMS)
    """Tööks vajalikud kompetentsid, in order."""
    additional: list[CompetencyUse] = Field(default=[], max_length=MAX_ITEMS)
    """Täiendavad kompetentsid ja isikuomadused (`Name: definition`), in order."""
    knowledge: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    """Knowledge items of the additional list that have no definition, in order."""


SectionKey = Literal["uldosa", "eesmark", "ulesanded", "oigused", "vastutus", "toovahendid", "nouded", "muutmine"]
"""The numbered sections of a job description, by their page anchors."""


class PrintedDocument(_Model):
    """How the official document prints what cannot be derived from the other fields.

    Everything here is optional: without it the document uses the standard wording of
    its type. Store what the signed document prints; never a guess.
    """

    approver: Text | None = None
    """The approver as the approval block prints it (genitive), e.g. `Sotsiaalkindlustusameti peadirektori`."""
    headings: dict[SectionKey, Text] = {}
    """Section headings as printed where they differ from the standard ones of the document type,
    without the number, e.g. `eesmark: TEENISTUSKOHA EESMÄRK`."""
    duty_columns: list[Text] = Field(default=[], max_length=2)
    """Column headings of the duties table as printed, when they differ: `[ÜLESANNE, TULEMUS]`."""
    number_dot: StrictBool = False
    """True when duty numbers are printed with a closing dot: `3.1.`."""
    unit: Text | None = None
    """1.2 Struktuuriüksus as printed, when it differs from the unit names."""
    manager: Text | None = None
    """1.3 Vahetu juht as printed, when it differs from the position's name."""
    substituted_by: Text | None = None
    """1.4 Kes asendab as printed, e.g. `Teenuse juht, juhtivkoordinaator, koordinaator (perelepitus)`."""
    substitutes_for: Text | None = None
    """1.5 Keda asendab as printed, in the partitive: `Talitusejuhatajat, teenuse juhti, nõunikku`."""


class SignedOriginal(_Model):
    """Where the signed original is kept in the document register."""

    register_number: Text | None = None
    """Register number of the signed document, e.g. `1-2/45-3`."""
    address: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)] | None = None
    """Address (https://…) of the signed document in the public document register."""

    @model_validator(mode="after")
    def _one_of(self) -> SignedOriginal:
        if not self.register_number and not self.address:
            raise PydanticCustomError("signed_original", "Give register_number, address or both")
        return self


class Position(_Model):
    """One job description (ametijuhend): one YAML file in `positions/`."""

    id: Id
    """Permanent id; the file is `positions/<id>.yaml` and the page `/ametikohad/<id>/`."""
    aliases: list[Id] = Field(default=[], max_length=MAX_FEW)
    """Former ids: their old addresses redirect to this page."""
    document_type: DocumentType
    status: Status
    last_review: Date | None = None
    """Date of the last yearly review (YYYY-MM-DD)."""
    source: Text | None = None
    """Where the text comes from (file, registry number), for maintainers."""
    document_note: Text | None = None
    """Note printed above the title, e.g. `Töölepingu juurde kuuluv lisa`."""
    approval: Approval | None = None
    title: Text | None = None
    """1.1 Ametinimetus without the specialisation, e.g. `Teenuse juht`."""
    specialisation: Text | None = None
    """The specialisation printed in brackets after the title, without brackets."""
    unit: Id | None = None
    """1.2 Struktuuriüksus: id in `positions/catalogues/units.yaml` (the most specific unit)."""
    manager: Id | None = None
    """1.3 Vahetu juht: id of a position (file or entry in `referenced-positions.yaml`)."""
    substituted_by: list[Id] = Field(default=[], max_length=MAX_SUBSTITUTES)
    """1.4 Kes asendab: ids of the positions that substitute for this one."""
    substitutes_for: list[Id] = Field(default=[], max_length=MAX_SUBSTITUTES)
    """1.5 Keda asendab: ids of the positions this one substitutes (nominative ids, not the partitive text)."""
    purpose: Text | None = None
    """2. Ametikoha / töökoha eesmärk."""
    duties: list[Duty] = Field(default=[], max_length=MAX_DUTIES)
    """3. Teenistusülesanded / tööülesanded, in official order."""
    rights: BulletList | None = None
    """4. Õigused."""
    responsibilities: BulletList | None = None
    """5. Vastutus."""
    tools: Text | None = None
    """6. Töövahendid (optional section)."""
    requirements: Requirements | None = None
    competencies: Competencies = Competencies()
    amendment: list[Text] = Field(default=[], max_length=MAX_FEW)
    """Ametijuhendi muutmine, one entry per sentence or bullet."""
    signatures: list[Signature] = Field(default=[], max_length=MAX_SIGNATURES)
    printed: PrintedDocument | None = None
    """How the official document prints the parts that cannot be derived from the data (headings, partitive)."""
    signed_original: SignedOriginal | None = None
    """The signed original in the document register; the document prints `Allkirjastatud originaal: …`."""
    missing: list[MissingField] = Field(default=[], max_length=len(typing.get_args(MissingField)))
    """Fields the source document lacks. The page and the data-quality report show them as missing."""
    incomplete_source: Text | None = None
    """Which part of the source document itself is lost, when the copy is incomplete (not a draft being
    written), e.g. `esimene lehekülg (kinnitusmärge ja 1. Üldosa)`. The page says that this part is
    missing and that the rest is as in the source; list its fields under `missing` too."""

    @property
    def approval_date_missing(self) -> bool:
        """The source lacks the approval or its date (`missing:`): the page and the document say so, never
        "not given" or "unapproved"."""
        return "approval" in self.missing or "approval.date" in self.missing


class Unit(_Model):
    """An organisational unit: osakond › talitus › tiim."""

    id: Id
    name: Text
    """Name as used in job descriptions, e.g. `Asendushoolduse talitus`."""
    kind: UnitKind
    parent: Id | None = None
    """Id of the parent unit; none for a department."""


class UnitCatalogue(_Model):
    """`positions/catalogues/units.yaml`."""

    units: list[Unit]


class Competency(_Model):
    """A competency of the shared catalogue."""

    id: Id
    name: Text
    aliases: list[Text] = Field(default=[], max_length=MAX_FEW)
    """Other names used for it in job descriptions, e.g. `Pingetaluvus (tasakaalukus)`."""
    definition: Text | None = None
    """Reference definition."""
    indicators: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    """Reference behavioural indicators."""
    source: Text | None = None
    """Which job description the reference wording was taken from."""


class CompetencyCatalogue(_Model):
    """`positions/catalogues/competencies.yaml`."""

    competencies: list[Competency]


class ReferencedPosition(_Model):
    """A position named by job descriptions that has no file of its own yet."""

    id: Id
    name: Text
    """Name in the nominative case, as it should be shown, e.g. `Talitusejuhataja`."""
    note: Text | None = None
    """What is known about it, e.g. which documents name it."""


class ReferencedPositionCatalogue(_Model):
    """`positions/catalogues/referenced-positions.yaml`."""

    positions: list[ReferencedPosition]
