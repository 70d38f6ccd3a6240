"""Render the README's screenshots offscreen from the demo shop: ``make screenshots``.

Real windows, real data, at 1024×768 (the smallest screen a shop is likely to have):
the register after typing a query and pressing Enter in light, dark and large type,
Today, the first-day page of an empty book, and the import wizard's check of a small
Shopify orders export, one line of it with a price that is not money. The README's key
table is rewritten from the window's menus at the same time.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="regulars-shots-")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.db import Database, open_database
from app.demo import ensure_demo_shop
from app.models import Customer, Note, Product, Purchase, PurchaseLine, Relation, RelationKind
from app.ui.help_pages import key_rows, readme_with_keys
from app.ui.import_wizard import ImportWizard
from app.ui.main_window import MainWindow
from app.ui.note_editor import NoteEditor
from app.ui.results_model import CUSTOMER_ID_ROLE
from app.ui.theme import ThemeControl

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1024, 768)
SHOTS = (
    ("register.png", "bob smith", False, 1),
    ("dark.png", "jose", True, 1),
    ("large.png", "bob smith", False, 3),
    ("today.png", "", False, 1),
)
"""File, query (empty: Today), dark or not, type size step."""
README = Path(__file__).resolve().parents[1] / "README.md"


def _spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


ORDERS_HEADER = [
    "Name", "Email", "Financial Status", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem sku", "Billing Name", "Billing Phone",
]  # fmt: skip
ORDERS = [
    ["#2041", "maria.lopez@example.com", "paid", "2026-11-02 10:15:00 -0500", "1",
     "Sea kayak", "1,299.00", "K-100", "Maria Lopez", "(802) 555-0143"],
    ["#2041", "", "", "", "2", "Paddle", "49.50", "P-1", "", ""],
    ["#2042", "tom.baker@example.com", "paid", "2026-11-03 09:00:00 -0500", "1",
     "Layer feed 20kg", "$18.99", "F-20", "Tom Baker", ""],
    ["#2043", "", "paid", "2026-11-03 12:30:00 -0500", "1", "Gift card", "25.00", "", "", ""],
    ["#2044", "ann.lee@example.com", "paid", "2026-11-04 16:45:00 -0500", "1",
     "Bird seed 5kg", "twelve fifty", "B-5", "Ann Lee", ""],
]  # fmt: skip


def _wizard_shot(window: MainWindow, folder: Path) -> None:
    """File ▸ Import on a small Shopify orders export, grabbed on its "check" page."""
    export = folder / "orders_export.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([ORDERS_HEADER, *ORDERS])
    window.shop.import_history()
    wizard = window.shop.dialog
    assert isinstance(wizard, ImportWizard)
    wizard.resize(900, 640)
    wizard.file_page.path_edit.setText(str(export))
    wizard.next()
    while wizard.dry_report is None:
        _spin(50)
    _spin(100)
    wizard.grab().save(str(OUT / "import.png"))
    wizard.reject()


def _shown(window: MainWindow) -> MainWindow:
    window.resize(*SIZE)
    window.show()
    while window.index is None:
        _spin(50)
    return window


def _first_day(folder: Path, theme: ThemeControl) -> None:
    """The welcome page of an empty book."""
    database = open_database(str(folder / "empty.db"))
    window = _shown(MainWindow(database, theme=theme))
    while window.right.currentWidget() is not window.first_day:
        _spin(50)
    window.grab().save(str(OUT / "first-day.png"))
    window.background.wait()
    window.close()
    database.close()


def note_date_shot() -> None:
    """The note box proposing an ask-on date from the words "knee surgery next Tuesday"."""
    editor = NoteEditor("Tom Baker", today=date(2026, 1, 31), language="en")
    editor.text_box.setPlainText("Knee surgery next Tuesday, his wife is driving him.")
    editor.show()
    editor.propose_date()
    _spin(100)
    editor.grab().save(str(OUT / "note-date.png"))
    editor.text_box.clear()
    editor.close()


def aged_card_shot(database: Database, theme: ThemeControl) -> None:
    """A card whose pets note is a year old: its age beside it and "all grown up now?"."""
    today = date.today()
    with database.session() as session:
        customer = Customer(first_name="Rosa", last_name="Whitfield", phone="802-555-0188")
        session.add(customer)
        for body, kind, days in (
            ("Pets: new puppy, a beagle called Rex", "pets", 372),
            ("Likes: dark roast, no sugar", "likes", 3 * 365 + 20),
            ("Family: daughter Ana started college in Burlington", "family", 400),
        ):
            written = datetime.combine(today - timedelta(days=days), datetime.min.time())
            customer.notes.append(Note(body=body, kind=kind, created_at=written))
        session.flush()
        customer_id = customer.id
    _card_shot(database, theme, customer_id, "aged-facts.png")


def gift_card_shot(database: Database, theme: ThemeControl) -> None:
    """A card whose scarf from last year was a gift for Anna, her birthday ten days off."""
    today = date.today()
    birthday = today + timedelta(days=10)
    with database.session() as session:
        customer = Customer(first_name="Tom", last_name="Baker", phone="802-555-0131")
        anna = Relation(kind=RelationKind.SPOUSE, name="Anna", birthday_month=birthday.month,
                        birthday_day=birthday.day)  # fmt: skip
        customer.relations.append(anna)
        written = datetime.combine(today - timedelta(days=200), datetime.min.time())
        customer.notes.append(
            Note(
                body="Likes: Anna wears M, loves blue and merino", kind="likes", created_at=written
            )
        )
        scarf = Product(name="Wool scarf")
        for days, item, gift in ((355, "Blue wool scarf (M)", True), (40, "Work gloves", False)):
            purchase = Purchase(purchased_on=today - timedelta(days=days))
            purchase.lines.append(
                PurchaseLine(product=scarf, item=item, gift_for=anna if gift else None)
            )
            customer.purchases.append(purchase)
        session.add(customer)
        session.flush()
        customer_id = customer.id
    _card_shot(database, theme, customer_id, "gift-memory.png")


def _card_shot(database: Database, theme: ThemeControl, customer_id: int, name: str) -> None:
    window = _shown(MainWindow(database, theme=theme))
    loop = QEventLoop()
    window.cardShown.connect(loop.quit)
    window.open_card(customer_id)
    loop.exec()
    _spin(100)
    window.grab().save(str(OUT / name))
    window.background.wait()
    window.close()


def main() -> None:
    """Write each screenshot into docs/screenshots/ and the key table into README.md."""
    app = QApplication(sys.argv[:1])
    theme = ThemeControl(app)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        theme.size_step = 1
        theme.set_dark(False)
        _first_day(Path(folder), theme)
        note_date_shot()
        database = open_database(str(ensure_demo_shop(Path(folder) / "demo.db")))
        for name, query, dark, size in SHOTS:
            theme.size_step = size
            theme.set_dark(dark)
            window = _shown(MainWindow(database, theme=theme))
            loop = QEventLoop()
            if query:
                window.search_box.setText(query)
                window.cardShown.connect(loop.quit)
                window.open_card(int(window.results.index(0, 0).data(CUSTOMER_ID_ROLE)))
            else:
                window.todayShown.connect(loop.quit)
                window.refresh_today()
            loop.exec()
            _spin(100)
            window.grab().save(str(OUT / name))
            if name == "today.png":
                readme = README.read_text(encoding="utf-8")
                rows = key_rows(window.menuBar())
                README.write_text(readme_with_keys(readme, rows), encoding="utf-8")
                _wizard_shot(window, Path(folder))
            window.background.wait()
            window.close()
        theme.size_step = 1
        theme.set_dark(False)
        aged_card_shot(database, theme)
        gift_card_shot(database, theme)
        database.close()


if __name__ == "__main__":
    main()
