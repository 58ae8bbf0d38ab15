"""Numeric literals of the text format (spec section 6.3.2 "Numbers"): integers in
decimal or hex with `_` between digits, and floats in decimal or hex (`0x1.8p3`), `inf`,
`nan` and `nan:0x...`, converted to the values an instruction encodes.

Floats are rounded exactly (to nearest, ties to even) from the literal's rational value,
never through a Python float for f32, whose double rounding would be wrong on some of
the spec's literals. A literal that rounds to infinity is "constant out of range".
"""
import re
import struct

from .lexer import NUMBER_RE, _HEX, _NUM

UNSIGNED_RE = re.compile(rf"{_NUM}|0x{_HEX}")
INTEGER_RE = re.compile(rf"[+-]?(?:{_NUM}|0x{_HEX})")


class LiteralError(ValueError):
    """The literal does not denote a value of the wanted type; args[0] is the message."""


def _digits(text):
    return text.replace("_", "")


def integer(text, bits, signed_range=True):
    """An iN literal (sN or uN) as an unsigned N-bit value. With `signed_range` False only
    uN is accepted (indices, offsets, alignments)."""
    if text.isdigit():          # the common case: plain decimal digits
        sign, value = "", int(text)
    else:
        if INTEGER_RE.fullmatch(text) is None:
            raise LiteralError("unexpected token")
        sign = text[0] if text[0] in "+-" else ""
        body = _digits(text[len(sign):])
        value = int(body[2:], 16) if body[:2] == "0x" else int(body, 10)
    if not signed_range:
        if sign or value >= 1 << bits:
            raise LiteralError(f"i{bits} constant out of range" if not sign else "unexpected token")
        return value
    if sign == "-":
        if value > 1 << (bits - 1):
            raise LiteralError("constant out of range")
        return -value & ((1 << bits) - 1)
    if value >= 1 << (bits - (1 if sign else 0)):
        raise LiteralError("constant out of range")
    return value


# (mantissa bits, exponent bits) of f32 and f64.
FORMATS = {32: (23, 8), 64: (52, 11)}


def _round(num, den, mbits, ebits):
    """The bits of the positive rational num/den rounded to the format, or None when it
    rounds to infinity."""
    bias = (1 << (ebits - 1)) - 1
    emin = 1 - bias
    e = num.bit_length() - den.bit_length()
    if (num << max(0, -e)) < (den << max(0, e)):   # num/den < 2**e: one lower
        e -= 1
    shift = mbits - max(e, emin)                    # scale so the mantissa is an integer
    n, d = (num << shift, den) if shift >= 0 else (num, den << -shift)
    q, r = divmod(n, d)
    if 2 * r > d or (2 * r == d and q & 1):
        q += 1
    if e < emin:                  # subnormal; q == 1 << mbits is the least normal number
        return q
    if q >> (mbits + 1):          # rounding carried into the next binade
        q >>= 1
        e += 1
    if e > bias:
        return None
    return ((e + bias) << mbits) | (q - (1 << mbits))


def float_bits(text, bits):
    """The IEEE 754 bit pattern of an fN literal."""
    if NUMBER_RE.fullmatch(text) is None:
        raise LiteralError("unexpected token")
    mbits, ebits = FORMATS[bits]
    sign_bit = 1 << (bits - 1)
    negative = text[0] == "-"
    body = text.lstrip("+-")
    sign = sign_bit if negative else 0
    exp_all = ((1 << ebits) - 1) << mbits
    if body == "inf":
        return sign | exp_all
    if body.startswith("nan"):
        if body == "nan":
            return sign | exp_all | (1 << (mbits - 1))
        payload = int(_digits(body[6:]), 16)
        if not 0 < payload < 1 << mbits:
            raise LiteralError("constant out of range")
        return sign | exp_all | payload
    body = _digits(body)
    if bits == 64:
        # Python's float() and float.fromhex() round correctly to double precision.
        try:
            value = float.fromhex(body) if body[:2] == "0x" else float(body)
        except OverflowError:
            value = float("inf")
        if value == float("inf"):
            raise LiteralError("constant out of range")
        return sign | struct.unpack("<Q", struct.pack("<d", value))[0]
    if body[:2] in ("0x", "0X"):
        mantissa, _, exponent = body[2:].lower().partition("p")
        whole, _, fraction = mantissa.partition(".")
        num = int(whole + fraction, 16)
        exp2 = int(exponent or "0") - 4 * len(fraction)
        exp10 = 0
    else:
        mantissa, _, exponent = body.lower().partition("e")
        whole, _, fraction = mantissa.partition(".")
        num = int(whole + fraction)
        exp10 = int(exponent or "0") - len(fraction)
        exp2 = 0
    if num == 0:
        return sign
    # Exponents far beyond the format: decide without building enormous integers.
    magnitude = num.bit_length() + exp2 + exp10 * 3.33
    if magnitude > (1 << ebits) + 8:
        raise LiteralError("constant out of range")
    if magnitude < -(1 << ebits) - mbits - 8:
        return sign
    num_, den = num, 1
    if exp10 > 0:
        num_ *= 10 ** exp10
    elif exp10 < 0:
        den = 10 ** -exp10
    if exp2 > 0:
        num_ <<= exp2
    elif exp2 < 0:
        den <<= -exp2
    result = _round(num_, den, mbits, ebits)
    if result is None:
        raise LiteralError("constant out of range")
    return sign | result
