"""The personal-data detector: pure text analysis (no models of its own), used by every app that takes in text.
Its only link to stored data is the custom patterns, which the privacy app hands it (`custom.read_patterns_from`)."""
