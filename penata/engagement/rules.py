"""Change management as pure functions: the ADKAR readiness index, the anonymity rule for group
results (minimum group size with complementary suppression), check-in code format, material
limits and hot-spot classification. No Django import.

The readiness model is ADKAR (Hiatt, *ADKAR: a model for change*, 2006): awareness, desire,
knowledge, ability, reinforcement. The policy (Perwal penataan ASN, strategi manajemen
perubahan) asks for intensive socialisation and a persuasive approach; these functions turn the
survey answers into the numbers that plan it.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


class Dimension(enum.StrEnum):
    AWARENESS = "awareness"
    DESIRE = "desire"
    KNOWLEDGE = "knowledge"
    ABILITY = "ability"
    REINFORCEMENT = "reinforcement"


DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
LIKERT_MIN = 1
LIKERT_MAX = 5
# The smallest group whose results may be shown. An administrator may raise it, never lower it.
MIN_GROUP_SIZE = 5


# --- the readiness index ---------------------------------------------------------------------


def likert_to_index(mean: float) -> float:
    """A Likert mean (1–5) on the 0–100 index scale: 1 → 0, 3 → 50, 5 → 100."""
    if not LIKERT_MIN <= mean <= LIKERT_MAX:
        raise ValueError(f"Likert mean {mean} outside {LIKERT_MIN}–{LIKERT_MAX}")
    return (mean - LIKERT_MIN) / (LIKERT_MAX - LIKERT_MIN) * 100


def dimension_means(
    answers: Mapping[int, int], item_dimensions: Mapping[int, str]
) -> dict[str, float | None]:
    """One respondent's mean per dimension over the items they answered (None: no item)."""
    sums: dict[str, list[int]] = {d.value: [] for d in DIMENSIONS}
    for item_id, value in answers.items():
        if not LIKERT_MIN <= value <= LIKERT_MAX:
            raise ValueError(f"answer {value} outside {LIKERT_MIN}–{LIKERT_MAX}")
        dim = item_dimensions.get(item_id)
        if dim is None:
            raise ValueError(f"unknown item {item_id}")
        sums[dim].append(value)
    return {d: (sum(v) / len(v) if v else None) for d, v in sums.items()}


def group_index(respondent_means: Iterable[float | None]) -> float | None:
    """A group's index on one dimension: the mean of its respondents' dimension means (each
    respondent weighs the same whatever the number of items), on the 0–100 scale."""
    values = [m for m in respondent_means if m is not None]
    if not values:
        return None
    return likert_to_index(sum(values) / len(values))


def overall_index(dimension_indices: Mapping[str, float | None]) -> float | None:
    """The readiness index: the unweighted mean of the five dimension indices (ADKAR is a chain:
    no dimension counts more), None unless every dimension has a value."""
    values = [dimension_indices.get(d.value) for d in DIMENSIONS]
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None) / len(DIMENSIONS)


def weakest_dimension(dimension_indices: Mapping[str, float | None]) -> str | None:
    """The first dimension in ADKAR order with the lowest index (the barrier point)."""
    present = [
        (dimension_indices[d.value], i, d.value)
        for i, d in enumerate(DIMENSIONS)
        if dimension_indices.get(d.value) is not None
    ]
    if not present:
        return None
    return min(present)[2]


# --- anonymity: which group results may be shown ------------------------------------------------


def suppressed_groups(counts: Mapping[str, int], k: int = MIN_GROUP_SIZE) -> set[str]:
    """The groups of a partition whose results must be hidden, so that neither a small group nor
    the difference between the published total and the shown groups reveals fewer than ``k``
    people.

    ``counts`` holds the respondents per group; the groups partition the respondents (each
    respondent belongs to exactly one group) and the total over all groups is published.

    1. *Primary suppression*: a group with 0 < n < k is hidden.
    2. *Complementary suppression*: anyone can compute total − Σ shown groups = Σ hidden groups.
       While that remainder is between 1 and k − 1, the smallest shown group is hidden too, so
       the hidden groups together always hold 0 or at least k respondents.

    Every published number (a shown group or the total) then covers ≥ k people or none, and any
    difference of published numbers is a union of hidden groups (≥ k or 0).
    """
    if k < 1:
        raise ValueError("k must be positive")
    hidden = {g for g, n in counts.items() if 0 < n < k}
    remainder = sum(counts[g] for g in hidden)
    shown = sorted((n, g) for g, n in counts.items() if g not in hidden and n > 0)
    while 0 < remainder < k and shown:
        n, g = shown.pop(0)
        hidden.add(g)
        remainder += n
    return hidden


def total_publishable(total: int, k: int = MIN_GROUP_SIZE) -> bool:
    """The total over all groups may be shown when it covers at least ``k`` people."""
    return total >= k


def differences_safe(published: Mapping[str, int], k: int = MIN_GROUP_SIZE) -> bool:
    """A check used by the tests: no published count is below ``k`` (other than 0)."""
    return all(n == 0 or n >= k for n in published.values())


# --- check-in codes ----------------------------------------------------------------------------

# No 0/O, 1/I/L: a code read off a screen in a hall must not be mistyped.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What the person typed, as stored: upper case, spaces and dashes dropped, O→0-free
    alphabet fixed (O read as 0 is not in the alphabet, so O and 0 both stay invalid)."""
    return "".join(ch for ch in raw.upper() if ch not in " -")


def code_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


# --- materials ---------------------------------------------------------------------------------


class MaterialKind(enum.StrEnum):
    DOCUMENT = "document"
    LINK = "link"
    VIDEO = "video"


MB = 1024 * 1024
# kind → (allowed extensions, size limit in bytes)
MATERIAL_LIMITS: dict[str, tuple[frozenset[str], int]] = {
    MaterialKind.DOCUMENT: (
        frozenset({"pdf", "pptx", "docx", "xlsx", "png", "jpg", "jpeg"}),
        10 * MB,
    ),
    MaterialKind.VIDEO: (frozenset({"mp4", "webm"}), 50 * MB),
}


# extension → what the first bytes must look like (the content must match the name)
_MAGIC: dict[str, tuple[int, bytes]] = {
    "pdf": (0, b"%PDF-"),
    "png": (0, b"\x89PNG\r\n\x1a\n"),
    "jpg": (0, b"\xff\xd8\xff"),
    "jpeg": (0, b"\xff\xd8\xff"),
    "pptx": (0, b"PK\x03\x04"),
    "docx": (0, b"PK\x03\x04"),
    "xlsx": (0, b"PK\x03\x04"),
    "mp4": (4, b"ftyp"),
    "webm": (0, b"\x1a\x45\xdf\xa3"),
}


def content_matches(name: str, head: bytes) -> bool:
    """Whether the file's first bytes are those of the type its extension claims."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    magic = _MAGIC.get(ext)
    if magic is None:
        return False
    offset, signature = magic
    return head[offset : offset + len(signature)] == signature


def check_material(kind: str, name: str, size: int, head: bytes | None = None) -> None:
    """Raise ``ValueError`` (Indonesian) unless the file fits the kind's types and size limit
    and, when ``head`` (the first bytes) is given, its content is of the type its name says."""
    limits = MATERIAL_LIMITS.get(kind)
    if limits is None:
        raise ValueError("Tautan tidak berupa berkas: isi kolom tautan, bukan unggahan.")
    extensions, limit = limits
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in extensions:
        allowed = ", ".join(sorted(extensions))
        raise ValueError(f"Jenis berkas .{ext or '?'} tidak diterima; gunakan {allowed}.")
    if size <= 0:
        raise ValueError("Berkas kosong; unggah ulang.")
    if size > limit:
        raise ValueError(
            f"Berkas {size / MB:.1f} MB melebihi batas {limit // MB} MB; kompres atau pecah."
        )
    if head is not None and not content_matches(name, head):
        raise ValueError(f"Isi berkas bukan .{ext} yang sebenarnya; unggah berkas aslinya.")


# --- hot spots ---------------------------------------------------------------------------------


class FollowUpKind(enum.StrEnum):
    TARGETED_SESSION = "targeted_session"
    CHAMPIONS = "champions"
    COACHING = "coaching"


# The follow-up that answers the weakest ADKAR dimension.
FOLLOW_UP_FOR_DIMENSION: dict[str, FollowUpKind] = {
    Dimension.AWARENESS: FollowUpKind.TARGETED_SESSION,
    Dimension.DESIRE: FollowUpKind.CHAMPIONS,
    Dimension.KNOWLEDGE: FollowUpKind.TARGETED_SESSION,
    Dimension.ABILITY: FollowUpKind.COACHING,
    Dimension.REINFORCEMENT: FollowUpKind.CHAMPIONS,
}


@dataclass(frozen=True)
class HotSpotInput:
    readiness: float | None  # 0–100, None when hidden or unknown
    attendance_rate: float | None  # 0–100 share of invitations attended, None: no invitation
    weakest: str | None
    has_champion: bool


def is_hot_spot(x: HotSpotInput, readiness_below: float, attendance_below: float) -> bool:
    """Low readiness AND low attendance (both known)."""
    if x.readiness is None or x.attendance_rate is None:
        return False
    return x.readiness < readiness_below and x.attendance_rate < attendance_below


def suggestions(x: HotSpotInput) -> list[FollowUpKind]:
    """The follow-ups to propose, most pressing first, without duplicates."""
    out: list[FollowUpKind] = []
    if x.weakest is not None:
        out.append(FOLLOW_UP_FOR_DIMENSION[x.weakest])
    # Low attendance: bring the session to the unit.
    out.append(FollowUpKind.TARGETED_SESSION)
    if not x.has_champion:
        out.append(FollowUpKind.CHAMPIONS)
    seen: list[FollowUpKind] = []
    for s in out:
        if s not in seen:
            seen.append(s)
    return seen


def attendance_rate(invited: int, attended: int) -> float | None:
    if invited <= 0:
        return None
    return min(attended, invited) / invited * 100


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
