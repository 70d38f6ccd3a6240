"""Closed vocabularies stored as short strings with a CHECK, readable in any SQLite tool."""

from enum import StrEnum

from sqlalchemy import Enum


class ProductKind(StrEnum):
    """How a category is followed up: ask about it, or remind before it runs out."""

    DURABLE = "durable"
    CONSUMABLE = "consumable"
    SERVICE = "service"
    OTHER = "other"


class RelationKind(StrEnum):
    """Who someone is to the customer; pets are household members too."""

    SPOUSE = "spouse"
    PARTNER = "partner"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    PET = "pet"
    FRIEND = "friend"
    OTHER = "other"


class OccasionKind(StrEnum):
    """Dates worth a kind word; birthdays live on the customer and the relation."""

    ANNIVERSARY = "anniversary"
    OTHER = "other"


class PromptKind(StrEnum):
    """Where an ask-about prompt came from."""

    FOLLOW_UP = "follow_up"
    REPLENISH = "replenish"
    NOTE = "note"
    OCCASION = "occasion"
    CUSTOMER_YEARS = "customer_years"
    WELCOME_BACK = "welcome_back"
    RELATED = "related"


class PromptStatus(StrEnum):
    """A prompt that was asked or dismissed never nags again."""

    OPEN = "open"
    ASKED = "asked"
    DISMISSED = "dismissed"
    SNOOZED = "snoozed"


class StaffRole(StrEnum):
    """Owners see private notes and may do destructive things; clerks may not."""

    CLERK = "clerk"
    OWNER = "owner"


class PracticeDirection(StrEnum):
    """Which way a practice card asks: from the face to the name, or the name to the face."""

    FACE_TO_NAME = "face_to_name"
    NAME_TO_FACE = "name_to_face"


class PracticeState(StrEnum):
    """Where a practice card stands in FSRS: still being learned, known, or forgotten."""

    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


def enum_column(enum_type: type[StrEnum], name: str) -> Enum:
    """A portable string column limited to the enum's values by a named CHECK."""
    return Enum(
        enum_type,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
