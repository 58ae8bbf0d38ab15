"""Binary encodings the text parser writes (spec chapter 5 "Binary Format"): LEB128
integers (5.2.2), vectors and names (5.1.3, 5.2.4) and sections (5.5.2). The encoder
always writes the shortest LEB128 form, as `wasm-tools parse` does."""


def u(value):
    """Unsigned LEB128."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def s(value):
    """Signed LEB128 of a Python int (negative values as such)."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def signed(value, bits):
    """Signed LEB128 of an N-bit value given unsigned (as i32.const's literal is)."""
    if value >> (bits - 1):
        value -= 1 << bits
    return s(value)


def vec(items):
    """A vector of already encoded items."""
    return u(len(items)) + b"".join(items)


def name(data):
    return u(len(data)) + data


def section(section_id, contents):
    return bytes([section_id]) + u(len(contents)) + contents
