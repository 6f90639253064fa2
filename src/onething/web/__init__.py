"""Pages: base layout, navigation, role home pages, shared list component."""
