;; GC values in the debugger: structures, arrays and i31 in locals, on the stack and
;; printed (tests/debug/gc.txt).
(module
  (type $point (struct (field $x i32) (field $y (mut f64))))
  (type $row (array (mut i8)))
  (func $make (export "make") (param $n i32) (result anyref)
    (local $p (ref null $point)) (local $r (ref null $row)) (local $small i31ref)
    (local.set $p (struct.new $point (local.get $n) (f64.const 2.5)))
    (local.set $r (array.new $row (i32.const 7) (i32.const 3)))
    (local.set $small (ref.i31 (i32.const -4)))
    (array.set $row (local.get $r) (i32.const 1) (i32.const 255))
    (struct.new $point (array.len (local.get $r)) (f64.const 1))
    (drop)
    (local.get $p)))
