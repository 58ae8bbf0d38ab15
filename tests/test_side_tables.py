"""Side tables (gvm/validate): a module is fully validated when gvm.Module returns, but
the side table of a function (where its branches land) is only made when an engine
first lowers that function, once, by the same rules with recording on."""
import gvm
import gvm.validate as V
from gvm.pyjit.engine import Engine
from conftest import wat

PROGRAM = """
(module
  (func (export "sum") (param $n i32) (result i32) (local $acc i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (local.get $acc))
  (func (export "pick") (param i32) (result i32)
    (block $b1 (block $b0
      (br_table $b0 $b1 (local.get 0)))
      (return (i32.const 100)))
    (i32.const 101))
)
"""


def _count_side_tables(monkeypatch):
    made = []
    original = V.side_table

    def counted(info):
        made.append(info)
        return original(info)
    monkeypatch.setattr(V, "side_table", counted)
    return made


def test_loading_makes_no_side_table(monkeypatch):
    made = _count_side_tables(monkeypatch)
    module = gvm.Module(wat(PROGRAM))
    assert len(module.func_infos) == 2 and made == []


def test_an_engine_makes_the_side_table_of_what_it_runs_once(engine, monkeypatch):
    """The python engine's translation makes none: it finds where branches land in the
    body it has decoded (gvm/pyjit/labels.py)."""
    _made_once(engine, monkeypatch, translating=engine == "python")


def test_the_python_engines_tier_reads_them_as_the_reference_engine(monkeypatch):
    """Its tier interprets on the reference engine's code (gvm/pyjit/tier.py)."""
    _made_once(Engine(hot=10 ** 9), monkeypatch, translating=False)


def _made_once(engine, monkeypatch, translating):
    made = _count_side_tables(monkeypatch)
    module = gvm.Module(wat(PROGRAM))
    sum_info, pick_info = module.func_infos
    sides = [] if translating else [sum_info, pick_info]
    first = gvm.instantiate(module, engine=engine)
    assert first.exports.sum(10) == 55
    assert made == sides[:1]
    assert first.exports.sum(100) == 5050
    assert gvm.instantiate(module, engine=engine).exports.sum(3) == 6
    assert made == sides[:1]
    assert first.exports.pick(1) == 101
    assert made == sides


def test_the_side_table_made_later_is_the_validators():
    """What the engines read: at br_table (pc 3), its labels' targets, the default last."""
    info = gvm.Module(wat(PROGRAM)).func_infos[1]
    (pc, labels), = info.side.items()
    assert pc == 3 and [(label.target, label.arity) for label in labels] == [(5, 0), (8, 0)]
    assert info.handlers == ()
