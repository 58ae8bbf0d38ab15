"""The two ways a command ends other than by doing its work."""


class DebugError(Exception):
    """A command that cannot be carried out: its message is shown and the session goes
    on (an unknown function, an address beyond memory, a program that is not running)."""


class Quit(Exception):
    """The user quit: unwinds the program being debugged and ends the session."""
