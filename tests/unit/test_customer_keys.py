"""A customer's key, what an erasure is remembered by, is a random version-4 UUID in hex
whether one is made (a customer typed in) or thousands at once (an import)."""

from __future__ import annotations

import uuid

from app.models.customer import new_customer_key, new_customer_keys


def test_keys_are_distinct_random_version_4_uuids_in_hex() -> None:
    keys = [new_customer_key(), *new_customer_keys(1000)]
    for key in keys:
        read = uuid.UUID(hex=key)
        assert (read.hex, read.version, read.variant) == (key, 4, uuid.RFC_4122)
    assert len(set(keys)) == len(keys)


def test_no_keys_asked_for_none_made() -> None:
    assert new_customer_keys(0) == []
