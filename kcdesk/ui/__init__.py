"""The Qt side of KC Desk: main window, chart, tabs, dialogs, background tasks."""
