"""Qt's own words (the standard OK, Cancel and Save buttons, the file dialog) in the
language Regulars speaks, from the translations that ship with Qt."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

_installed: list[QTranslator] = []


def use_qt_language(language: str) -> bool:
    """Show Qt's standard buttons in ``language`` ("de"); English needs nothing. Returns
    whether Qt has that language."""
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    if language == "en":
        return True
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        return False
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    return True
