"""The Qt face of Regulars: widgets, item models and dialogs; it talks only to services."""
