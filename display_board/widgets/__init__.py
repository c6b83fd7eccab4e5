"""The board's widgets: painted parts, each fitted to the share of the window it has."""
