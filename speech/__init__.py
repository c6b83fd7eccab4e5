"""The hall's announcements: words, engines, one WAV per call, and a speech process (see README.md)."""
