/* A string-heavy workload: a JSON tokenizer and parser. A JSON text of TEXT bytes
 * (an array of records with strings, escapes, integers, decimals, booleans, nulls
 * and nested arrays, padded with blanks) is generated at each call, then parsed
 * work/TEXT times (at least once): the parser checks the syntax, hashes every key
 * and string (FNV-1a, with the escapes decoded), converts every number to a
 * fixed-point integer, and counts values by type and depth. A unit is one byte of
 * JSON parsed. Returns a hash of what it found, or -1 on a syntax error (there
 * should be none). */
#include "common.h"

#define TEXT 16384
static char text[TEXT];
static int32_t length;

/* --- Writing the text ------------------------------------------------------------- */

static const char *const words[] = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    "india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa",
};

static char *put(char *p, const char *s) { while (*s) *p++ = *s++; return p; }

static char *put_int(char *p, int32_t v) {
    char digits[12];
    int k = 0;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    if (v < 0) *p++ = '-';
    do { digits[k++] = (char)('0' + u % 10); u /= 10; } while (u);
    while (k) *p++ = digits[--k];
    return p;
}

static char *put_string(char *p, uint32_t *seed) {
    *p++ = '"';
    int n = 1 + (int)(lcg(seed) >> 30);
    for (int i = 0; i < n; i++) {
        if (i) *p++ = ' ';
        p = put(p, words[lcg(seed) >> 28]);
        uint32_t e = lcg(seed) >> 29;
        if (e == 0) p = put(p, "\\n");
        else if (e == 1) p = put(p, "\\\"q\\\"");
        else if (e == 2) p = put(p, "\\u00e9");
    }
    *p++ = '"';
    return p;
}

static void generate(void) {
    uint32_t seed = 31337;
    char *p = text;
    *p++ = '[';
    for (int32_t id = 0; p - text < TEXT - 640; id++) {
        if (id) *p++ = ',';
        p = put(p, "\n  {\"id\": ");
        p = put_int(p, id);
        p = put(p, ", \"name\": ");
        p = put_string(p, &seed);
        p = put(p, ", \"tags\": [");
        int tags = (int)(lcg(&seed) >> 30);
        for (int t = 0; t < tags; t++) {
            if (t) p = put(p, ", ");
            p = put_string(p, &seed);
        }
        p = put(p, "], \"score\": ");
        p = put_int(p, (int32_t)(lcg(&seed) >> 20) - 2048);
        *p++ = '.';
        p = put_int(p, (int32_t)(lcg(&seed) >> 22));
        p = put(p, ", \"ok\": ");
        p = put(p, lcg(&seed) >> 31 ? "true" : "false");
        p = put(p, ", \"parent\": ");
        if (lcg(&seed) >> 31) p = put(p, "null");
        else p = put_int(p, (int32_t)(lcg(&seed) >> 24));
        p = put(p, ", \"note\": {\"x\": [[1, 2], [3, -4e2]], \"y\": \"\"}}");
    }
    p = put(p, "\n]\n");
    /* Trailing blanks (at most 640 bytes) make the text exactly TEXT bytes, so that
     * a round is TEXT units; a record is at most about 400 bytes. */
    while (p < text + TEXT) *p++ = ' ';
    length = (int32_t)(p - text);
}

/* --- Parsing ---------------------------------------------------------------------- */

typedef struct {
    const char *p, *end;
    uint64_t hash;       /* of everything seen, in order */
    int64_t number_sum;  /* numbers in thousandths */
    uint32_t counts[8];  /* objects, arrays, strings, numbers, true, false, null, max depth */
    int error;
} Parser;

static void mix(Parser *ps, uint64_t v) { ps->hash = (ps->hash ^ v) * 0x100000001B3u; }

static void skip_space(Parser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' || *ps->p == '\r'))
        ps->p++;
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void parse_string(Parser *ps) {
    uint32_t h = 2166136261u;
    ps->p++;  /* the opening quote */
    for (;;) {
        if (ps->p >= ps->end) { ps->error = 1; return; }
        char c = *ps->p++;
        uint32_t code = (uint8_t)c;
        if (c == '"') break;
        if (c == '\\') {
            char e = *ps->p++;
            switch (e) {
            case 'n': code = '\n'; break;
            case 't': code = '\t'; break;
            case 'r': code = '\r'; break;
            case 'b': code = '\b'; break;
            case 'f': code = '\f'; break;
            case '"': case '\\': case '/': code = (uint8_t)e; break;
            case 'u':
                code = 0;
                for (int i = 0; i < 4; i++) {
                    int d = hex_digit(*ps->p++);
                    if (d < 0) { ps->error = 1; return; }
                    code = code << 4 | (uint32_t)d;
                }
                break;
            default: ps->error = 1; return;
            }
        }
        h = (h ^ code) * 16777619u;
    }
    ps->counts[2]++;
    mix(ps, h);
}

static void parse_number(Parser *ps) {
    int negative = 0;
    int64_t whole = 0, frac = 0;
    int frac_digits = 0, exponent = 0, exp_negative = 0;
    if (*ps->p == '-') { negative = 1; ps->p++; }
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') { ps->error = 1; return; }
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') whole = whole * 10 + (*ps->p++ - '0');
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
            if (frac_digits < 3) { frac = frac * 10 + (*ps->p - '0'); frac_digits++; }
            ps->p++;
        }
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (*ps->p == '-' || *ps->p == '+') exp_negative = *ps->p++ == '-';
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') exponent = exponent * 10 + (*ps->p++ - '0');
    }
    while (frac_digits < 3) { frac *= 10; frac_digits++; }
    int64_t v = whole * 1000 + frac;
    for (int i = 0; i < exponent && i < 12; i++) v = exp_negative ? v / 10 : v * 10;
    if (negative) v = -v;
    ps->counts[3]++;
    ps->number_sum += v;
    mix(ps, (uint64_t)v);
}

static int literal(Parser *ps, const char *word) {
    const char *p = ps->p;
    while (*word) {
        if (p >= ps->end || *p != *word) return 0;
        p++, word++;
    }
    ps->p = p;
    return 1;
}

static void parse_value(Parser *ps, uint32_t depth);

static void parse_container(Parser *ps, uint32_t depth, char close, int object) {
    ps->p++;
    if (depth > ps->counts[7]) ps->counts[7] = depth;
    ps->counts[object ? 0 : 1]++;
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == close) { ps->p++; return; }
    for (;;) {
        if (object) {
            skip_space(ps);
            if (ps->p >= ps->end || *ps->p != '"') { ps->error = 1; return; }
            parse_string(ps);
            skip_space(ps);
            if (ps->p >= ps->end || *ps->p++ != ':') { ps->error = 1; return; }
        }
        parse_value(ps, depth + 1);
        if (ps->error) return;
        skip_space(ps);
        if (ps->p >= ps->end) { ps->error = 1; return; }
        char c = *ps->p++;
        if (c == close) return;
        if (c != ',') { ps->error = 1; return; }
    }
}

static void parse_value(Parser *ps, uint32_t depth) {
    skip_space(ps);
    if (ps->p >= ps->end) { ps->error = 1; return; }
    switch (*ps->p) {
    case '{': parse_container(ps, depth, '}', 1); break;
    case '[': parse_container(ps, depth, ']', 0); break;
    case '"': parse_string(ps); break;
    case 't': if (literal(ps, "true")) ps->counts[4]++; else ps->error = 1; break;
    case 'f': if (literal(ps, "false")) ps->counts[5]++; else ps->error = 1; break;
    case 'n': if (literal(ps, "null")) ps->counts[6]++; else ps->error = 1; break;
    default: parse_number(ps);
    }
}

EXPORT(json) int64_t json_bench(int32_t n) {
    generate();
    int32_t rounds = n / TEXT;
    if (rounds < 1) rounds = 1;
    uint64_t h = (uint64_t)length;
    for (int32_t r = 0; r < rounds; r++) {
        Parser ps = {text, text + length, 1469598103934665603u, 0, {0}, 0};
        parse_value(&ps, 0);
        skip_space(&ps);
        if (ps.error || ps.p != ps.end) return -1;
        h = (h ^ ps.hash) * 31 + (uint64_t)ps.number_sum;
        for (int i = 0; i < 8; i++) h = h * 131 + ps.counts[i];
    }
    return (int64_t)h;
}
