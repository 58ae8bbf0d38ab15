"""A shared memory (the threads proposal) is not supported: the decoder keeps rejecting
its limits flag as malformed, as both spec suites require, and says why."""
import pytest

import gvm
from test_cli import gvm as run_gvm, assert_one_line_error

SHARED = b"\0asm\1\0\0\0" + bytes([5, 4, 1, 0x03, 1, 1])   # (memory 1 1 shared)


@pytest.mark.parametrize("features, prefix", [(None, "malformed limits flags"),
                                              ("2.0", "integer too large")])
def test_shared_memory_is_malformed_and_named(features, prefix):
    with pytest.raises(gvm.DecodeError) as info:
        gvm.Module(SHARED, features=features)
    assert info.value.message.startswith(prefix)
    assert "shared memories (threads) are not supported" in info.value.message


def test_other_bad_flags_keep_the_plain_message():
    with pytest.raises(gvm.DecodeError) as info:
        gvm.Module(b"\0asm\1\0\0\0" + bytes([5, 3, 1, 0x08, 1]))
    assert info.value.message == "malformed limits flags"


def test_command_line_names_threads(tmp_path):
    path = tmp_path / "shared.wasm"
    path.write_bytes(SHARED)
    assert_one_line_error(run_gvm(str(path)), "threads")
