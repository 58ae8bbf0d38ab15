"""The module cache across runs (issue 13): a module decoded and validated once is kept
in a per-user directory, so that the next run of the same bytes skips decoding and
validation, as Python's __pycache__ and wasmtime's cache do.

    store.py   the directory, its entries' files (checked, written atomically), the
               size limit and least-recently-used eviction
    entry.py   what an entry holds of a module, and the module rebuilt from it
    codec.py   the whitelist encoding of the module's records as marshal data
    side.py    side tables built on first use, for a module restored from an entry

An entry's key is the SHA-256 of the module's bytes, gvm's version and the feature set.
`gvm.Module(data)` never uses the cache; `load_module` does, and so do the command line
(`--no-cache` or GVM_CACHE=0 turn it off) and the nodes. GVM_CACHE_DIR moves it,
GVM_CACHE_SIZE caps it (`gvm cache info`, `gvm cache clear`). See docs/cache.md.
"""
import os

from .store import FORMAT, Store, sha256

__all__ = ["load_module", "keep_lowered", "Store", "enabled", "default_store"]


def enabled(environ=os.environ):
    """Whether the cache is on: GVM_CACHE=0 turns it off."""
    return environ.get("GVM_CACHE", "1") != "0"


_default = []


def default_store():
    """The per-user Store (GVM_CACHE_DIR, GVM_CACHE_SIZE), made on first use."""
    if not _default:
        _default.append(Store())
    return _default[0]


def key_and_header(module_hash, features):
    """The entry's file name and the header it must carry (store.py)."""
    from .. import __version__
    header = (FORMAT, __version__, tuple(sorted(features)), module_hash)
    return sha256(repr(header).encode()).hex(), header


def load_module(data, features=None, name=None, store=None):
    """gvm.Module(data, features, name=name) of a binary module, from `store` (default:
    the per-user one) when an entry of those bytes is there, else decoded, validated
    and stored. The bytes are hashed here, never taken on trust: an entry applied to
    other bytes would give their ranges the wrong code."""
    from .. import features as F
    from ..api import Module
    features = F.resolve(features)
    store = store or default_store()
    key, header = key_and_header(sha256(data), features)
    restored = _restore(store.load(key, header), data, features)
    if restored is not None:
        *parts, lowered = restored
        module = Module.restored(*parts, features=features, name=name)
        module.lowered.kept = lowered
    else:
        module = Module(data, features, name=name)
        if not _save(store, key, header, module, data):
            return module
    module.cache_slot = (store, key, header, data)
    return module


def keep_lowered(module):
    """Write into the entry of `module` (a module load_module gave) the engines' code
    of the functions this run lowered, so that the next run of the module loads them
    instead (gvm/runtime/lowered.py). Nothing happens when every function called was
    already kept, or the module did not come through the cache."""
    slot = getattr(module, "cache_slot", None)
    shared = module.__dict__.get("_lowered")
    if slot is None or shared is None:
        return
    lowered = shared.to_keep()
    if lowered is not None:
        store, key, header, data = slot
        if _save(store, key, header, module, data, lowered):
            shared.kept = lowered


def _save(store, key, header, module, data, lowered=None):
    from .entry import contents
    try:
        made = contents(module, data, lowered)
    except (TypeError, ValueError):     # something the codec has no tag for: not kept
        return False
    store.save(key, header, made)
    return True


def _restore(contents, data, features):
    """The parts of the module `contents` hold, or None when there are none or they are
    not what an entry holds (the entry is then rewritten)."""
    if contents is None:
        return None
    import gc
    from .codec import Malformed
    from .entry import restore
    # Restoring makes a few objects per function and keeps them all: the collector's
    # passes over them, as they pile up, would cost more than making them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return restore(contents, data, features)
    except (Malformed, TypeError, ValueError, IndexError, KeyError, AttributeError):
        return None
    finally:
        if collecting:
            gc.enable()
