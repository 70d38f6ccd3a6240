"""Where a customer's photo comes in: dropped from the desktop or chosen from a folder.

Whatever Qt can read (a phone's JPEG, a screenshot, a GIF) is shrunk here to at most
``MAX_PHOTO_SIDE`` pixels and saved as a JPEG small enough for ``set_photo``, because the
services never import Qt. The widget only hands the bytes over (``photoChosen``) or
asks for removal (``removeRequested``); the window stores them.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QImageWriter,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.customers.photo import MAX_PHOTO_BYTES, MAX_PHOTO_SIDE
from app.errors import RegularsError
from app.i18n import _

PREVIEW_SIZE = 120
QUALITIES = (85, 70, 55, 40)
"""JPEG qualities tried in turn until the photo fits ``MAX_PHOTO_BYTES``."""
EMPTY_TEXT = "Drop a photo here"
FILE_FILTER = "Pictures (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.heic *.tif *.tiff)"


def _flattened(image: QImage) -> QImage:
    """The picture on white: JPEG has no transparency, and black behind a cut-out
    portrait looks like a mistake."""
    if not image.hasAlphaChannel():
        return image.convertToFormat(QImage.Format.Format_RGB32)
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def shrink_photo(image: QImage) -> bytes:
    """``image`` as a JPEG at most ``MAX_PHOTO_SIDE`` px on the long side and under
    ``MAX_PHOTO_BYTES``, lowering the quality only as far as needed."""
    if max(image.width(), image.height()) > MAX_PHOTO_SIDE:
        image = image.scaled(
            MAX_PHOTO_SIDE,
            MAX_PHOTO_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    image = _flattened(image)
    data = b""
    for quality in QUALITIES:
        array = QByteArray()
        buffer = QBuffer(array)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QImageWriter(buffer, QByteArray(b"JPEG"))
        writer.setQuality(quality)
        writer.write(image)
        buffer.close()
        data = bytes(array.data())
        if len(data) <= MAX_PHOTO_BYTES:
            return data
    raise RegularsError(_("The photo could not be made small enough; try a simpler picture."))


def read_photo_file(path: str) -> bytes:
    """The picture at ``path``, shrunk for storing; refused with the file named when Qt
    cannot read it as a picture."""
    image = QImage(path)
    if image.isNull():
        raise RegularsError(_("{path} is not a picture this computer can read.").format(path=path))
    return shrink_photo(image)


class PhotoDrop(QWidget):
    """The photo (or a drop hint), a "Choose photo…" button and a "Remove" button."""

    photoChosen = Signal(bytes)
    removeRequested = Signal()
    photoRefused = Signal(str)

    def __init__(self, photo: bytes | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.preview = QLabel()
        self.preview.setObjectName("photoPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_SIZE, PREVIEW_SIZE)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.preview.setWordWrap(True)  # "Drop a photo here" on two lines, never cut
        self.choose_button = QPushButton(_("Choose photo…"))
        self.choose_button.clicked.connect(self._choose)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(buttons)
        self.show_photo(photo)

    def show_photo(self, photo: bytes | None) -> None:
        """Show ``photo``, or the drop hint when there is none (or it cannot be read)."""
        pixmap = QPixmap()
        if photo and pixmap.loadFromData(photo):
            self.preview.setPixmap(
                pixmap.scaled(
                    PREVIEW_SIZE,
                    PREVIEW_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.remove_button.setEnabled(True)
        else:
            self.preview.clear()
            self.preview.setText(EMPTY_TEXT)
            self.remove_button.setEnabled(False)

    def load_file(self, path: str) -> None:
        """Shrink the picture at ``path``, show it and hand it over; say why if refused."""
        try:
            data = read_photo_file(path)
        except RegularsError as exc:
            self.photoRefused.emit(str(exc))
            return
        self.show_photo(data)
        self.photoChosen.emit(data)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Take only a drag that carries a file."""
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Use the first dropped file."""
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.load_file(files[0])

    def _choose(self) -> None:
        dialog = QFileDialog(self, "Choose a photo", "", FILE_FILTER)
        dialog.setObjectName("photoFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.load_file)
        dialog.open()

    def _remove(self) -> None:
        self.show_photo(None)
        self.removeRequested.emit()
