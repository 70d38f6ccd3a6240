"""The back-office PC's PostgreSQL server, for shops without a database administrator."""
