"""Recognising a number as the user typed it. Free of numpy: the command line needs it to tell a
negative number from an option before anything heavy is loaded."""

# Characters of a number: digits, sign, point, exponent, and the letters of inf, infinity, nan.
# float() accepts more (underscores, other scripts' digits), so this set filters those out first.
NUMBER_CHARACTERS = frozenset("0123456789.eE+-infatyINFATY")


def is_number(token: str) -> bool:
    """Whether `token` is a number: decimal or scientific notation, inf, infinity or nan, signed."""
    text = token.strip()
    if not text or not NUMBER_CHARACTERS.issuperset(text):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def is_value_token(token: str) -> bool:
    """`-10`, `1e-3`, `-inf`, or several such joined by commas: values, never options."""
    return all(is_number(part) for part in token.split(","))
