"""`gvm cache info` and `gvm cache clear`: the module cache of gvm/cache/ (where it is,
its entries, their total size and its limit; emptying it)."""
from ..cache import Store, enabled
from .argparser import Parser


def main(options):
    p = Parser(prog="gvm cache", description="The module cache: a second run of a module "
                                             "skips decoding and validating it.")
    p.add_argument("action", choices=("info", "clear"),
                   help="info: where it is, how many entries, their size and the limit; "
                        "clear: remove every entry")
    args = p.parse_args(options.args)
    store = Store()
    if args.action == "clear":
        removed, freed = store.clear()
        print(f"removed {removed} entries ({_size(freed)}) from {store.directory}")
        return 0
    count, total = store.info()
    print(f"directory: {store.directory}")
    print(f"entries:   {count}")
    print(f"size:      {_size(total)} of {_size(store.limit)} (GVM_CACHE_SIZE)")
    if not enabled():
        print("disabled:  GVM_CACHE=0")
    return 0


def _size(n):
    if n < 1024:
        return f"{n} bytes"
    if n < 1 << 20:
        return f"{n / 1024:.1f} KiB"
    return f"{n / (1 << 20):.1f} MiB"
