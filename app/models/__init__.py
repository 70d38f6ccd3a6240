"""The schema: typed SQLAlchemy 2 tables and nothing else (no Qt, no services)."""

from app.models.base import Base, utcnow
from app.models.catalog import Category, Product
from app.models.changelog import ChangeLog, Setting
from app.models.contact import ContactKind, ContactLabel, ContactPoint
from app.models.customer import Customer, Occasion, Relation, Tag, customer_tag
from app.models.enums import (
    OccasionKind,
    PracticeDirection,
    PracticeState,
    ProductKind,
    PromptKind,
    PromptStatus,
    RelationKind,
    StaffRole,
)
from app.models.feed import ChangeFeed
from app.models.note import Note, NoteRevision
from app.models.owner import OwnerSecret
from app.models.practice import PracticeCard, PracticeDeckEntry, PracticeReview
from app.models.prompt import Prompt
from app.models.purchase import Purchase, PurchaseLine
from app.models.staff import Staff

__all__ = [
    "Base",
    "Category",
    "ChangeFeed",
    "ChangeLog",
    "ContactKind",
    "ContactLabel",
    "ContactPoint",
    "Customer",
    "Note",
    "NoteRevision",
    "Occasion",
    "OccasionKind",
    "OwnerSecret",
    "PracticeCard",
    "PracticeDeckEntry",
    "PracticeDirection",
    "PracticeReview",
    "PracticeState",
    "Product",
    "ProductKind",
    "Prompt",
    "PromptKind",
    "PromptStatus",
    "Purchase",
    "PurchaseLine",
    "Relation",
    "RelationKind",
    "Setting",
    "Staff",
    "StaffRole",
    "Tag",
    "customer_tag",
    "utcnow",
]
