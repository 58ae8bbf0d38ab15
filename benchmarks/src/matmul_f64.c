/* Matrix multiply in f64: see matmul.h. */
#define REAL double
#define NAME matmul_f64
#define FUNC matmul_f64_bench
#include "matmul.h"
