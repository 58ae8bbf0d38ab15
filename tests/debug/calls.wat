;; A loop with a call, a global and a store, a division and a load: for stepping,
;; breakpoints, watchpoints, reverse steps and the traps of the debugger tests.
(module
  (memory (export "memory") 1)
  (global $counter (mut i32) (i32.const 0))
  (func $square (param $x i32) (result i32)
    local.get $x
    local.get $x
    i32.mul)
  (func $sum_squares (export "sum_squares") (param $n i32) (result i32)
    (local $total i32)
    block $done
      loop $again
        local.get $n
        i32.eqz
        br_if $done
        local.get $total
        local.get $n
        call $square
        i32.add
        local.set $total
        global.get $counter
        i32.const 1
        i32.add
        global.set $counter
        i32.const 256
        local.get $total
        i32.store
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $again
      end
    end
    local.get $total)
  (func $divide (export "divide") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.div_s)
  (func (export "load") (param $p i32) (result i32)
    local.get $p
    i32.load offset=4))
