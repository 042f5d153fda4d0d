"""Topics (hierarchical) and the glossary of terms and acronyms, with translations."""
