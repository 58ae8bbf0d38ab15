/* Matrix multiply in f32: see matmul.h. */
#define REAL float
#define NAME matmul_f32
#define FUNC matmul_f32_bench
#include "matmul.h"
