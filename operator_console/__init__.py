"""The official's desk app: call the next visitor, serve them, record their appeal."""
