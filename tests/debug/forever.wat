;; A loop that never ends: for Ctrl-C in the terminal test.
(module
  (func (export "spin") (local $turns i32)
    loop $again
      local.get $turns
      i32.const 1
      i32.add
      local.set $turns
      br $again
    end))
