"""``python -m app`` is the same program as the ``regulars`` console script."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
