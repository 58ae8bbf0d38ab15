;; Hand-written in the text format: the tests of gvm/text/ run, trace and debug it.
(module
  (func $square (param $x i32) (result i32)
    local.get $x
    local.get $x
    i32.mul)

  ;; 0*0 + 1*1 + ... + (n-1)*(n-1)
  (func (export "sum_squares") (param $n i32) (result i32)
    (local $i i32)
    (local $acc i32)
    block $done
      loop $next
        local.get $i
        local.get $n
        i32.ge_u
        br_if $done
        local.get $acc
        local.get $i
        call $square
        i32.add
        local.set $acc
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $next
      end
    end
    local.get $acc)

  (func (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
)
