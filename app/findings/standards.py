"""The service standards a finding can be mapped to (REP-5): the 12 Digital Service Standards for Wales (Centre
for Digital Public Services, digitalpublicservices.gov.wales/resources/digital-service-standards) and the 14 points
of the GOV.UK Service Standard (gov.uk/service-manual/service-standard). Codes ("wales-2", "govuk-14") are what
the database stores; names are shown in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Standard:
    code: str
    framework: str  # "wales" or "govuk"
    number: int
    name: Any  # a lazy string: the name in the reader's language


WALES = "wales"
GOVUK = "govuk"
FRAMEWORK_LABELS = {
    WALES: _l("Digital Service Standards for Wales"),
    GOVUK: _l("GOV.UK Service Standard"),
}

_WALES_NAMES = (
    _l("Focus on current and future wellbeing of people in Wales"),
    _l("Promote the Welsh language"),
    _l("Understand users and their needs"),
    _l("Provide a joined up experience"),
    _l("Make sure everyone can use the service"),
    _l("Have an empowered service owner"),
    _l("Have a multidisciplinary team"),
    _l("Iterate and improve frequently"),
    _l("Work in the open"),
    _l("Use scalable technology"),
    _l("Consider ethics, privacy and security throughout"),
    _l("Use data to make decisions"),
)
_GOVUK_NAMES = (
    _l("Understand users and their needs"),
    _l("Solve a whole problem for users"),
    _l("Provide a joined up experience across all channels"),
    _l("Make the service simple to use"),
    _l("Make sure everyone can use the service"),
    _l("Have a multidisciplinary team"),
    _l("Use agile ways of working"),
    _l("Iterate and improve frequently"),
    _l("Create a secure service which protects users’ privacy"),
    _l("Define what success looks like and publish performance data"),
    _l("Choose the right tools and technology"),
    _l("Make new source code open"),
    _l("Use and contribute to open standards, common components and patterns"),
    _l("Operate a reliable service"),
)

STANDARDS: tuple[Standard, ...] = tuple(
    Standard(f"{framework}-{n}", framework, n, name)
    for framework, names in ((WALES, _WALES_NAMES), (GOVUK, _GOVUK_NAMES))
    for n, name in enumerate(names, start=1)
)
BY_CODE = {standard.code: standard for standard in STANDARDS}
CODES = tuple(BY_CODE)


def standard_label(code: str) -> str:
    """ "2. Promote the Welsh language" for "wales-2"; the code itself for one Profi does not know."""
    standard = BY_CODE.get(code)
    return f"{standard.number}. {standard.name}" if standard else code
