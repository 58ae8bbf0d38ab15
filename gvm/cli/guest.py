"""Running guest code under the command line: what the program's ways of ending
(returning, proc_exit, a trap, running out of stack or fuel) mean as exit statuses,
and a hint when it ended after --max-memory refused it memory."""
from .. import Exhaustion, Trap
from ..runtime.limits import pages_text, size_text
from ..wasi import ProcExit
from .errors import EXIT_TRAP, report_error, report_trap, say


def source_of(module):
    from ..debug.source import source_of as view    # only needed for text modules
    return view(module)


def run_guest(action, module_name, module=None):
    """Call `action()`, which runs guest code; return the exit status. A trap names the
    .wat lines of `module` if it was read from text."""
    try:
        action()
    except ProcExit as exit_:
        return exit_.code
    except Trap as trap:
        source = module is not None and getattr(module, "source", None) and source_of(module)
        report_trap(trap, module_name, source.where_offset if source else None)
        return EXIT_TRAP
    except Exhaustion as exhaustion:    # "call stack exhausted", "fuel exhausted"
        report_error(exhaustion.message)
        return EXIT_TRAP
    return 0


def memory_hint(instances, options):
    """After a failure: if --max-memory made a memory.grow fail, say so, in one line
    (the program's own message, if any, rarely names the cause)."""
    refused = max((memory.refused for instance in instances for memory in instance.mems),
                  default=0)
    if refused:
        say(f"hint: memory.grow to {pages_text(refused)} failed under --max-memory "
            f"{size_text(options.max_memory)}; a larger --max-memory may let the program run")
