"""The change feed: every write numbered, so every open window learns what changed."""

from app.feed.changes import ChangeSet, changes_since, latest_seq
from app.feed.commits import Commit, CommitSource, SqliteCommits, commits_for

__all__ = [
    "ChangeSet",
    "Commit",
    "CommitSource",
    "SqliteCommits",
    "changes_since",
    "commits_for",
    "latest_seq",
]
