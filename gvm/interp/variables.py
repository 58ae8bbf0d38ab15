"""Variable instructions (spec 4.4.5) for the reference engine: locals live in the
current frame's list, globals are the store objects of the frame's instance."""


def local_get(m, i):
    m.stack.append(m.locals[i])


def local_set(m, i):
    m.locals[i] = m.stack.pop()


def local_tee(m, i):
    m.locals[i] = m.stack[-1]


def global_get(m, i):
    m.stack.append(m.inst.globals[i].value)


def global_set(m, i):
    m.inst.globals[i].value = m.stack.pop()


def const(m, value):
    m.stack.append(value)
