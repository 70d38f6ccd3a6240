"""Regulars: an offline customer book for one local shop.

The package is layered: ``app.models`` (tables) ← services in ``app`` (plain Python) ←
``app.ui`` (Qt). Only ``app.ui`` may import PySide6, so headless commands stay fast.
"""

__version__ = "0.1.0"
