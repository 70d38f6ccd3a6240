"""Customer details the owner maintains: add (with a duplicate warning), edit, archive.

Every change is checked field by field, refused whole when another window saved first,
and written to the change log. Plain Python, no Qt.
"""

from app.customers.duplicates import DuplicateHint, likely_duplicates
from app.customers.field_list import FIELDS
from app.customers.fields import NewCustomer
from app.customers.service import (
    CustomerView,
    add_customer,
    archive_customer,
    customer_names,
    edit_customer,
    get_customer,
    keeping_customer,
    unarchive_customer,
)

__all__ = [
    "FIELDS",
    "CustomerView",
    "DuplicateHint",
    "NewCustomer",
    "add_customer",
    "archive_customer",
    "customer_names",
    "edit_customer",
    "get_customer",
    "keeping_customer",
    "likely_duplicates",
    "unarchive_customer",
]
