"""A deterministic demo shop: a hardware store and outdoor outfitter with years of history.

It shows every feature without real data (``regulars --demo``, ``make run``) and is the
bench's standard load (``regulars demo --customers 100000``). The demo always goes into
its own file, never the shop's real database.
"""

from app.demo.generate import DEMO_CUSTOMERS, DemoSummary, ensure_demo_shop, generate_demo

__all__ = ["DEMO_CUSTOMERS", "DemoSummary", "ensure_demo_shop", "generate_demo"]
