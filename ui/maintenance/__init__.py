"""The technicians' diagnostics mode in the UI (view-model; screens in ui/maintenance/qml/)."""
