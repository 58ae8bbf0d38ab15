"""argparse for the subcommands' own options (inspect, disasm, node, nodes), with errors
of one line like every other error of gvm. gvm's own options, on the start-up path of
every run, have a lighter parser (options.py)."""
import argparse

from .errors import usage_error


class Parser(argparse.ArgumentParser):
    def __init__(self, **kwargs):
        super().__init__(allow_abbrev=False, **kwargs)

    def error(self, message):
        usage_error(self.prog, message)
