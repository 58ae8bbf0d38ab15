"""The store of the spec's execution semantics (section 4.2 "Runtime Structure"):
function, table, memory and global instances, and module instances. Both engines
share these objects; only the code they run functions from differs. How large a memory
or a table may become is the host's choice: limits.py."""
from .function import WasmFunction, HostFunction
from .memory import Memory
from .table import Table
from .global_ import Global
from .tag import Tag
from .instance import Instance, Exports

__all__ = ["WasmFunction", "HostFunction", "Memory", "Table", "Global", "Tag", "Instance", "Exports"]
