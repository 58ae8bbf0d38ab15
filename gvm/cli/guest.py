"""Running guest code under the command line: what the program's ways of ending
(returning, proc_exit, a trap, running out of stack or fuel) mean as exit statuses."""
from .. import Exhaustion, Trap
from ..wasi import ProcExit
from .errors import EXIT_TRAP, report_error, report_trap


def run_guest(action, module_name):
    """Call `action()`, which runs guest code; return the exit status."""
    try:
        action()
    except ProcExit as exit_:
        return exit_.code
    except Trap as trap:
        report_trap(trap, module_name)
        return EXIT_TRAP
    except Exhaustion as exhaustion:    # "call stack exhausted", "fuel exhausted"
        report_error(exhaustion.message)
        return EXIT_TRAP
    return 0
