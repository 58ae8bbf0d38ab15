;; if/else and a branch that carries a value out of its block: for `labels` and the
;; effects of control instructions.
(module
  (func $sign (export "sign") (param $x i32) (result i32)
    block $out (result i32)
      i32.const 0
      local.get $x
      i32.eqz
      br_if $out
      drop
      local.get $x
      i32.const 0
      i32.lt_s
      if $negative (result i32)
        i32.const -1
      else
        i32.const 1
      end
    end))
