"""What the benchmark database holds besides contacts: custom fields, groups and managers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

# Ten custom fields of eight types, as the gateway takes them. The ones the query shapes
# filter on (and a few more) are filterable, so the worker builds their indexes.
CUSTOM_FIELDS: tuple[dict[str, Any], ...] = (
    {
        "key": "status",
        "label": "Status klienta",
        "type": "dropdown",
        "filterable": True,
        "show_in_list": True,
        "options": [
            {"value": "lead", "label": "Lead"},
            {"value": "prospect", "label": "Potencjalny"},
            {"value": "client", "label": "Klient"},
            {"value": "partner", "label": "Partner"},
            {"value": "former", "label": "Były klient"},
        ],
    },
    {"key": "score", "label": "Scoring", "type": "integer", "filterable": True,
     "settings": {"min": 0, "max": 100}},
    {"key": "annual_revenue", "label": "Roczny obrót", "type": "decimal", "filterable": True},
    {"key": "first_purchase", "label": "Pierwszy zakup", "type": "date", "filterable": True},
    {"key": "newsletter", "label": "Zgoda na newsletter", "type": "checkbox", "filterable": True},
    {"key": "referral_code", "label": "Kod polecający", "type": "text"},
    {
        "key": "interests",
        "label": "Zainteresowania",
        "type": "multi_select",
        "filterable": True,
        "options": [
            {"value": "cooking", "label": "Gotowanie"},
            {"value": "finance", "label": "Finanse"},
            {"value": "music", "label": "Muzyka"},
            {"value": "sport", "label": "Sport"},
            {"value": "tech", "label": "Technologia"},
            {"value": "travel", "label": "Podróże"},
        ],
    },
    {"key": "credit_limit", "label": "Limit kredytowy", "type": "money", "filterable": True},
    {"key": "last_contacted", "label": "Ostatni kontakt", "type": "datetime"},
    {"key": "website", "label": "Strona WWW", "type": "link"},
)  # fmt: skip

# Dropdown values by share: a 20-slot array drawn uniformly gives these proportions.
STATUS_WEIGHTS = {"lead": 6, "prospect": 4, "client": 7, "partner": 1, "former": 2}


@dataclass(frozen=True)
class GroupSpec:
    """A group to create, and the share of contacts that are its members."""

    name: str
    share: float


_GROUP_NAMES = (
    "Newsletter", "Klienci", "Leady", "Klienci detaliczni", "Klienci hurtowi", "VIP",
    "Program lojalnościowy", "Partnerzy", "Targi 2024", "Targi 2025", "Webinar", "Nieaktywni",
    "Do kontaktu", "Polecenia", "Kampania wiosenna", "Kampania jesienna", "Reklamacje",
    "Dostawcy", "Prasa", "Zarząd",
)  # fmt: skip
# Group sizes fall off like real CRMs (a few big lists, many small ones), scaled so that a
# contact is in 3 groups on average: shares from ~45% down to ~2%.
_RAW_SHARES = (
    0.45, 0.35, 0.30, 0.25, 0.20, 0.18, 0.16, 0.14, 0.12, 0.11,
    0.10, 0.09, 0.08, 0.07, 0.06, 0.05, 0.04, 0.03, 0.02, 0.02,
)  # fmt: skip
MEMBERSHIPS_PER_CONTACT = 3.0
GROUPS = tuple(
    GroupSpec(name, share * MEMBERSHIPS_PER_CONTACT / sum(_RAW_SHARES))
    for name, share in zip(_GROUP_NAMES, _RAW_SHARES, strict=True)
)
# "In group A and not in group B": a mid-size list minus the biggest one.
GROUP_A = "Webinar"
GROUP_B = "Newsletter"
SMALL_GROUP = "Zarząd"

# Account managers: ids of the (future) staff service, stable across runs.
MANAGERS = tuple(
    str(uuid.uuid5(uuid.NAMESPACE_URL, f"kartoteka-bench/manager/{i}")) for i in range(50)
)
BENCH_ACTOR = "bench-datagen"
