"""The photo well: a dropped or chosen picture comes out small enough to store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.customers.photo import MAX_PHOTO_SIDE, check_photo
from app.ui.photo_drop import EMPTY_TEXT, PhotoDrop


def _picture(tmp_path: Path, width: int, height: int) -> Path:
    """A real PNG written by Qt: clear on the left half, red on the right."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.fillRect(width // 2, 0, width - width // 2, height, QColor("red"))
    painter.end()
    path = tmp_path / "portrait.png"
    assert image.save(str(path))
    return path


def _mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _widget(qtbot: QtBot, photo: bytes | None = None) -> PhotoDrop:
    widget = PhotoDrop(photo)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _drag(widget: PhotoDrop, mime: QMimeData) -> bool:
    """Drag ``mime`` over the widget; whether the widget would take it."""
    event = QDragEnterEvent(
        widget.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setAccepted(False)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def _drop(widget: PhotoDrop, mime: QMimeData) -> None:
    """Drag and let go, as Qt delivers it: a drop only follows an accepted drag."""
    assert _drag(widget, mime)
    event = QDropEvent(
        QPointF(widget.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def test_a_dropped_picture_is_shrunk_to_a_storable_jpeg(qtbot: QtBot, tmp_path: Path) -> None:
    widget = _widget(qtbot)
    assert widget.preview.text() == EMPTY_TEXT
    assert not widget.remove_button.isEnabled()
    with qtbot.waitSignal(widget.photoChosen) as chosen:
        _drop(widget, _mime(_picture(tmp_path, 1200, 800)))
    data = chosen.args[0]
    image = QImage.fromData(data)
    assert (image.width(), image.height()) == (MAX_PHOTO_SIDE, 341)
    assert check_photo(data).kind == "jpeg"
    assert image.pixelColor(0, 0).lightness() > 240
    assert image.pixelColor(MAX_PHOTO_SIDE - 1, 0).green() < 60
    assert widget.preview.pixmap().width() > 0
    assert widget.remove_button.isEnabled()


def test_only_file_drags_are_taken(qtbot: QtBot, tmp_path: Path) -> None:
    widget = _widget(qtbot)
    text = QMimeData()
    text.setText("Robert Smith")
    assert not _drag(widget, text)
    assert _drag(widget, _mime(tmp_path / "any.png"))


def test_a_file_that_is_no_picture_is_refused_by_name(qtbot: QtBot, tmp_path: Path) -> None:
    widget = _widget(qtbot)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    chosen: list[bytes] = []
    widget.photoChosen.connect(chosen.append)
    with qtbot.waitSignal(widget.photoRefused) as refused:
        _drop(widget, _mime(notes))
    assert "notes.txt" in refused.args[0]
    assert chosen == []
    assert widget.preview.text() == EMPTY_TEXT


def test_choose_and_remove(qtbot: QtBot, tmp_path: Path) -> None:
    picture = _picture(tmp_path, 100, 60)
    widget = _widget(qtbot)
    qtbot.mouseClick(widget.choose_button, Qt.MouseButton.LeftButton)
    dialog = widget.findChild(QFileDialog, "photoFileDialog")
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(widget.photoChosen) as chosen:
        dialog.fileSelected.emit(str(picture))
    dialog.close()
    assert QImage.fromData(chosen.args[0]).size().width() == 100
    with qtbot.waitSignal(widget.removeRequested):
        qtbot.mouseClick(widget.remove_button, Qt.MouseButton.LeftButton)
    assert widget.preview.text() == EMPTY_TEXT
    assert not widget.remove_button.isEnabled()
