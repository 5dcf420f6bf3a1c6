"""Legal identifiers of a company card: which apply in each country and how they validate."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from kartoteka_platform.errors import InvalidInput

# Separators people type inside identifiers; none of them is ever significant.
_SEPARATORS = re.compile(r"[\s.\-]")
# ASCII only: str.isdigit() and int() also accept full-width and Arabic-Indic digits.
_DIGITS = re.compile(r"[0-9]+")
_GB_COMPANY_NUMBER = re.compile(r"[0-9]{8}|[A-Z]{2}[0-9]{6}")
# IRS, "How EINs are assigned and valid EIN prefixes": these prefixes belong to no campus.
_UNASSIGNED_EIN_PREFIXES = frozenset(
    f"{n:02d}" for n in (0, 7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97)
)


@dataclass(frozen=True)
class LegalFieldSpec:
    """One identifier a company of a country can carry, as a form presents it."""

    key: str
    label: str
    required: bool
    pattern_hint: str


class _Rejected(ValueError):
    """A validator's complaint; the caller turns it into `invalid_<key>` on the right field."""


@dataclass(frozen=True)
class _LegalField:
    spec: LegalFieldSpec
    # Takes the value already stripped of separators and upper-cased; raises `_Rejected`.
    normalise: Callable[[str], str]


def supported_countries() -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes of the countries whose legal details we know."""
    return tuple(sorted(_COUNTRIES))


def legal_field_specs(country_code: str) -> tuple[LegalFieldSpec, ...]:
    """The identifiers a company of `country_code` can carry, in form order."""
    return tuple(field.spec for field in _fields_of(country_code))


def validate_legal_details(country_code: str, details: Mapping[str, str]) -> dict[str, str]:
    """The details normalised, empty ones dropped, or `InvalidInput` naming the field at fault."""
    country = country_code.strip().upper()
    fields = _fields_of(country)
    known = {field.spec.key for field in fields}
    # Checked before emptiness so a misspelt key is reported rather than silently ignored.
    for key in details:
        if key not in known:
            raise InvalidInput(
                "unknown_legal_field",
                f"{key!r} is not a legal detail of a company in {country}",
                field=f"legal.{key}",
            )
    cleaned: dict[str, str] = {}
    for field in fields:
        spec = field.spec
        raw = details.get(spec.key, "").strip()
        if not raw:
            if spec.required:
                raise InvalidInput(
                    "legal_field_required",
                    f"{spec.label} is required for a company in {country}",
                    field=f"legal.{spec.key}",
                )
            continue
        try:
            cleaned[spec.key] = field.normalise(_SEPARATORS.sub("", raw).upper())
        except _Rejected as exc:
            raise InvalidInput(f"invalid_{spec.key}", str(exc), field=f"legal.{spec.key}") from exc
    return cleaned


def _fields_of(country_code: str) -> tuple[_LegalField, ...]:
    country = country_code.strip().upper()
    fields = _COUNTRIES.get(country)
    if fields is None:
        supported = ", ".join(supported_countries())
        raise InvalidInput(
            "unsupported_country",
            f"legal details are defined only for {supported}; got {country_code.strip()!r}",
            field="legal_country",
        )
    return fields


# --- shared arithmetic ---------------------------------------------------------------------


def _weighted_sum(digits: str, weights: Sequence[int]) -> int:
    # Weights cover the body only, so zip stops before the check digit on purpose.
    return sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=False))


def _digits(value: str, lengths: tuple[int, ...], message: str) -> str:
    """`value` when it is ASCII digits of one of `lengths`, else `_Rejected(message)`."""
    if not _DIGITS.fullmatch(value) or len(value) not in lengths:
        raise _Rejected(message)
    return value


def _without_prefix(value: str, prefix: str) -> str:
    return value[len(prefix) :] if value.startswith(prefix) else value


# --- Poland --------------------------------------------------------------------------------


def _nip(value: str) -> str:
    # Check digit: weights 6,5,7,2,3,4,5,6,7, sum mod 11; a remainder of 10 is never issued.
    # https://pl.wikipedia.org/wiki/Numer_identyfikacji_podatkowej
    nip = _digits(_without_prefix(value, "PL"), (10,), "NIP must have 10 digits")
    if _weighted_sum(nip, (6, 5, 7, 2, 3, 4, 5, 6, 7)) % 11 != int(nip[9]):
        raise _Rejected("NIP checksum does not match")
    return nip


def _regon(value: str) -> str:
    # GUS: 9 digits with weights 8,9,2,3,4,5,6,7; 14 digits (a local unit) with weights
    # 2,4,8,5,0,9,7,3,6,1,2,4,8; both mod 11 with 10 -> 0. https://pl.wikipedia.org/wiki/REGON
    regon = _digits(value, (9, 14), "REGON must have 9 or 14 digits")
    if not _regon9_valid(regon[:9]):
        where = "" if len(regon) == 9 else " in its first 9 digits"
        raise _Rejected(f"REGON checksum does not match{where}")
    weights = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
    if len(regon) == 14 and _weighted_sum(regon, weights) % 11 % 10 != int(regon[13]):
        raise _Rejected("REGON checksum does not match")
    return regon


def _regon9_valid(regon: str) -> bool:
    return _weighted_sum(regon, (8, 9, 2, 3, 4, 5, 6, 7)) % 11 % 10 == int(regon[8])


def _krs(value: str) -> str:
    # No check digit; the register prints it zero-padded to 10, people often drop the zeros.
    krs = _digits(value, tuple(range(1, 11)), "KRS number must have at most 10 digits")
    return krs.zfill(10)


# --- Ukraine -------------------------------------------------------------------------------


def _edrpou(value: str) -> str:
    # Codes from 30000000 to 59999999 weigh 7,1,2,3,4,5,6, all others 1..7; sum mod 11.
    # A remainder of 10 means a second pass with every weight + 2, where 10 -> 0.
    # https://uk.wikipedia.org/wiki/Код_ЄДРПОУ
    code = _digits(value, (8,), "EDRPOU code must have 8 digits")
    weights = (7, 1, 2, 3, 4, 5, 6) if code[0] in "345" else (1, 2, 3, 4, 5, 6, 7)
    check = _weighted_sum(code, weights) % 11
    if check == 10:
        check = _weighted_sum(code, [weight + 2 for weight in weights]) % 11 % 10
    if check != int(code[7]):
        raise _Rejected("EDRPOU checksum does not match")
    return code


def _rnokpp(value: str) -> str:
    # Weights -1,5,7,9,4,6,10,5,7, sum mod 11 mod 10. https://uk.wikipedia.org/wiki/РНОКПП
    number = _digits(value, (10,), "RNOKPP must have 10 digits")
    if _weighted_sum(number, (-1, 5, 7, 9, 4, 6, 10, 5, 7)) % 11 % 10 != int(number[9]):
        raise _Rejected("RNOKPP checksum does not match")
    return number


# --- Germany -------------------------------------------------------------------------------


def _ust_idnr(value: str) -> str:
    digits = _digits(_without_prefix(value, "DE"), (9,), "USt-IdNr must be DE followed by 9 digits")
    if not _iso7064_mod_11_10_valid(digits):
        raise _Rejected("USt-IdNr checksum does not match")
    return "DE" + digits


def _iso7064_mod_11_10_valid(digits: str) -> bool:
    """ISO/IEC 7064 MOD 11,10, the hybrid system the Bundeszentralamt für Steuern uses."""
    product = 10
    for digit in digits[:-1]:
        total = (int(digit) + product) % 10 or 10
        product = total * 2 % 11
    return (11 - product) % 10 == int(digits[-1])


# --- United States -------------------------------------------------------------------------


def _ein(value: str) -> str:
    ein = _digits(value, (9,), "EIN must have 9 digits")
    if ein[:2] in _UNASSIGNED_EIN_PREFIXES:
        raise _Rejected(f"EIN prefix {ein[:2]} is not assigned by the IRS")
    return f"{ein[:2]}-{ein[2:]}"


# --- United Kingdom ------------------------------------------------------------------------


def _companies_house_number(value: str) -> str:
    # No check digit; the letters name the register (SC Scotland, NI Northern Ireland, ...).
    if not _GB_COMPANY_NUMBER.fullmatch(value):
        raise _Rejected("company number must be 8 digits or 2 letters and 6 digits")
    return value


# --- the table -----------------------------------------------------------------------------


def _field(
    key: str, label: str, hint: str, normalise: Callable[[str], str], *, required: bool = False
) -> _LegalField:
    return _LegalField(LegalFieldSpec(key, label, required, hint), normalise)


# The one place that says which identifiers a country has and which a company must carry.
# A new country is one entry here plus its validators above.
_COUNTRIES: dict[str, tuple[_LegalField, ...]] = {
    "PL": (
        _field(
            "nip",
            "NIP (tax identification number)",
            "10 digits, e.g. 526-000-12-46",
            _nip,
            required=True,
        ),
        _field("regon", "REGON (statistical number)", "9 or 14 digits, e.g. 610188201", _regon),
        _field("krs", "KRS (court register number)", "up to 10 digits, e.g. 0000028860", _krs),
    ),
    "UA": (
        _field(
            "edrpou",
            "EDRPOU (state register code)",
            "8 digits, e.g. 14360570",
            _edrpou,
            required=True,
        ),
        _field(
            "rnokpp",
            "RNOKPP / IPN (individual taxpayer number)",
            "10 digits, e.g. 3123456789",
            _rnokpp,
        ),
    ),
    "DE": (
        _field(
            "ust_idnr",
            "USt-IdNr (VAT identification number)",
            "DE and 9 digits, e.g. DE136695976",
            _ust_idnr,
        ),
    ),
    "US": (
        _field("ein", "EIN (employer identification number)", "9 digits, e.g. 12-3456789", _ein),
    ),
    "GB": (
        _field(
            "company_number",
            "Companies House number",
            "8 digits or 2 letters and 6 digits, e.g. SC045551",
            _companies_house_number,
        ),
    ),
}
