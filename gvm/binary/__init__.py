"""The WebAssembly binary format: spec chapter 5 "Binary Format".

`decode` turns the bytes of a module into a gvm.module.Module. It checks structure only
(what the spec calls malformed); typing is the validator's business. Function bodies
stay bytes and are decoded when iterated (code.py): the validator's pass over them is
where their structure is checked. Every failure is a gvm.errors.DecodeError carrying
the reference interpreter's message.

  reader.py        5.1, 5.2   the byte cursor: integers, floats, vectors, names
  types.py         5.3        value, reference, GC composite and recursive types, limits
  instructions.py  5.4        instructions and expressions, immediates by opcode kind
  code.py          5.5.15     function bodies kept as bytes, decoded on the fly
  proposals.py     5.4        which feature each instruction belongs to
  sections.py      5.5        sections, their order and the module
  names.py         7.4        the `name` custom section
"""
from ..features import resolve


def decode(data, features=None):
    """Decode a binary module. `features`: a preset name ("2.0", "3.0"), a set of feature
    names, or None for the default (see gvm.features)."""
    # Imported here: a run whose module comes from the cache (gvm/cache/) reads bodies
    # (code.py) but decodes no sections.
    from .sections import decode_module
    return decode_module(data, resolve(features))
