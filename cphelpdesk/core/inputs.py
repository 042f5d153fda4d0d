"""Reading untrusted input safely."""


def parse_id(value) -> int | None:
    """A database id from user input, or None (a number too long would overflow the database: a 500)."""
    text = str(value or "").strip()
    if text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def clean_text(value: str) -> str:
    """Text as stored: NUL characters removed (PostgreSQL refuses them), surrounding space stripped."""
    return (value or "").replace("\x00", "").strip()
