"""The operator console's window: each part a small widget drawing the desk's view-model."""
