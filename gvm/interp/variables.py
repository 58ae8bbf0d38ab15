"""Variable instructions (spec 4.4.5) for the reference engine: locals live in the
current frame's list, globals are store objects bound at lowering time."""


def local_get(m, i):
    m.stack.append(m.locals[i])


def local_set(m, i):
    m.locals[i] = m.stack.pop()


def local_tee(m, i):
    m.locals[i] = m.stack[-1]


def global_get(m, glob):
    m.stack.append(glob.value)


def global_set(m, glob):
    glob.value = m.stack.pop()


def const(m, value):
    m.stack.append(value)
