"""Never lose a note: backups on a schedule, restore, and the database's health check.

Plain Python over files and SQLite (no Qt), shared by the CLI and the window's File menu.
"""
