;; The GC benchmark's workload (benchmarks/gc_bench.py): build a linked list of n GC
;; structures, walk it, drop it; `rounds` times in one call, so that only one list is
;; live at a time and each dropped one must be given back.
(module
  (type $node (struct (field $value i32) (field $next (ref null $node))))

  (func $build (param $n i32) (result (ref null $node))
    (local $head (ref null $node))
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $head (struct.new $node (local.get $n) (local.get $head)))
        (br $more)))
    (local.get $head))

  (func $sum (param $l (ref null $node)) (result i32)
    (local $total i32)
    (block $end
      (loop $next
        (br_if $end (ref.is_null (local.get $l)))
        (local.set $total (i32.add (local.get $total) (struct.get $node $value (local.get $l))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $next)))
    (local.get $total))

  ;; the sum of 0 .. n-1, computed `rounds` times over fresh lists (wrapping), summed
  (func (export "run") (param $n i32) (param $rounds i32) (result i32)
    (local $total i32)
    (block $done
      (loop $round
        (br_if $done (i32.eqz (local.get $rounds)))
        (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
        (local.set $total (i32.add (local.get $total) (call $sum (call $build (local.get $n)))))
        (br $round)))
    (local.get $total))
)
