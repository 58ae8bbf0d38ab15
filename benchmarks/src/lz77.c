/* A larger real program: an LZ77 compressor (hash chains, lazy matching, the scheme
 * of deflate's, with a byte-aligned token format instead of Huffman codes) and its
 * decompressor, with verification. Each call generates a TEXT-byte text (words
 * drawn from a small vocabulary with a skewed distribution, with punctuation,
 * numbers and repeated phrases, so that it compresses as prose does), then, round
 * after round (work/TEXT rounds, at least one), compresses it, decompresses the
 * result into another buffer, and checks that it is the text again. Round r
 * compresses the text rotated by r * 997 bytes (so that no two rounds in 16 are the
 * same) with a different match effort (chain length 8, 16, 32 or 64). A unit is one
 * byte of text compressed and decompressed. Returns a hash of the compressed sizes
 * and bytes, or a negative number when a round fails to verify. */
#include "common.h"

#define TEXT 8192
#define WINDOW 4096            /* the farthest match: distance - 1 fits 12 bits */
#define MIN_MATCH 3
#define MAX_MATCH 258
#define HASH_BITS 12
#define HASH_SIZE (1 << HASH_BITS)
#define NIL (-1)
/* Worst case of the token format: one flag byte per 8 literals. */
#define PACKED_MAX (TEXT + TEXT / 8 + 16)

static uint8_t source[TEXT];
static uint8_t input[TEXT];
static uint8_t packed[PACKED_MAX];
static uint8_t unpacked[TEXT];
static int32_t head[HASH_SIZE];   /* the latest position with each hash */
static int32_t prev[TEXT];        /* the previous position with the same hash */

/* --- The text --------------------------------------------------------------------- */

static const char *const vocabulary[] = {
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was",
    "with", "be", "by", "on", "not", "he", "this", "are", "or", "his", "from", "at",
    "which", "but", "have", "an", "had", "they", "you", "were", "their", "one",
    "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will",
    "would", "who", "so", "no", "machine", "memory", "function", "table", "value",
    "stack", "module", "instance", "engine", "branch", "import", "export", "global",
    "compression", "window", "distance", "literal", "sequence", "interpreter",
};
#define VOCABULARY (int)(sizeof vocabulary / sizeof vocabulary[0])

static uint32_t text_seed;

/* A skewed choice: the minimum of two draws favours the first (common) words. */
static int pick_word(void) {
    uint32_t a = lcg(&text_seed) % VOCABULARY, b = lcg(&text_seed) % VOCABULARY;
    return (int)(a < b ? a : b);
}

static int32_t put_word(int32_t at, const char *w, int capital) {
    for (int i = 0; w[i] && at < TEXT; i++)
        source[at++] = (uint8_t)(capital && i == 0 ? w[i] - 'a' + 'A' : w[i]);
    return at;
}

static void generate(void) {
    text_seed = 4242;
    int32_t at = 0;
    int capital = 1;
    int32_t phrase_at = -1, phrase_len = 0;
    while (at < TEXT) {
        uint32_t roll = lcg(&text_seed) >> 24;
        if (roll < 12 && phrase_at >= 0 && at + phrase_len < TEXT) {
            /* Repeat an earlier phrase: long matches at various distances. */
            for (int32_t i = 0; i < phrase_len; i++) source[at + i] = source[phrase_at + i];
            at += phrase_len;
        } else if (roll < 20) {
            uint32_t number = lcg(&text_seed) >> 20;
            char digits[8];
            int k = 0;
            do { digits[k++] = (char)('0' + number % 10); number /= 10; } while (number);
            while (k && at < TEXT) source[at++] = (uint8_t)digits[--k];
        } else {
            if (roll < 40) { phrase_at = at; phrase_len = 8 + (int32_t)(lcg(&text_seed) >> 27); }
            at = put_word(at, vocabulary[pick_word()], capital);
        }
        capital = 0;
        if (at >= TEXT) break;
        roll = lcg(&text_seed) >> 24;
        if (roll < 16) { source[at++] = '.'; capital = 1; }
        else if (roll < 28) source[at++] = ',';
        if (at < TEXT) source[at++] = (uint8_t)(roll == 7 ? '\n' : ' ');
    }
}

/* --- Compression ------------------------------------------------------------------ */

static inline uint32_t hash3(const uint8_t *p) {
    return ((uint32_t)p[0] << 16 ^ (uint32_t)p[1] << 8 ^ p[2]) * 2654435761u >> (32 - HASH_BITS);
}

static void insert(const uint8_t *data, int32_t len, int32_t pos) {
    if (pos + MIN_MATCH > len) return;
    uint32_t h = hash3(data + pos);
    prev[pos] = head[h];
    head[h] = pos;
}

typedef struct { int32_t length, distance; } Match;

/* The longest match for data[pos...] among the last `chain` positions with its hash,
 * within the window. */
static Match longest_match(const uint8_t *data, int32_t len, int32_t pos, int chain) {
    Match best = {0, 0};
    if (pos + MIN_MATCH > len) return best;
    int32_t limit = len - pos < MAX_MATCH ? len - pos : MAX_MATCH;
    int32_t candidate = head[hash3(data + pos)];
    while (candidate != NIL && chain-- > 0) {
        int32_t distance = pos - candidate;
        if (distance > WINDOW) break;
        if (distance > 0 && data[candidate + best.length] == data[pos + best.length]) {
            int32_t n = 0;
            while (n < limit && data[candidate + n] == data[pos + n]) n++;
            if (n > best.length) {
                best.length = n;
                best.distance = distance;
                if (n == limit) break;
            }
        }
        candidate = prev[candidate];
    }
    if (best.length < MIN_MATCH) best.length = 0;
    return best;
}

/* The token format: a flag byte before each group of 8 tokens, bit i set when token
 * i is a match. A literal is its byte. A match is 2 bytes, LLLL DDDD DDDD DDDD:
 * length - 3 in 4 bits when under 15, and distance - 1 in 12 bits; LLLL = 15 says
 * that the length - 18 follows in a third byte. */
typedef struct {
    uint8_t *out;
    int32_t at, flag_at, tokens;
} Writer;

static void begin_token(Writer *w, int match) {
    if ((w->tokens & 7) == 0) {
        w->flag_at = w->at++;
        w->out[w->flag_at] = 0;
    }
    if (match) w->out[w->flag_at] |= (uint8_t)(1 << (w->tokens & 7));
    w->tokens++;
}

static void put_literal(Writer *w, uint8_t c) {
    begin_token(w, 0);
    w->out[w->at++] = c;
}

static void put_match(Writer *w, Match m) {
    begin_token(w, 1);
    uint32_t d = (uint32_t)(m.distance - 1), l = (uint32_t)(m.length - MIN_MATCH);
    uint32_t code = l < 15 ? l : 15;
    w->out[w->at++] = (uint8_t)(code << 4 | d >> 8);
    w->out[w->at++] = (uint8_t)d;
    if (code == 15) w->out[w->at++] = (uint8_t)(l - 15);
}

static int32_t compress(const uint8_t *data, int32_t len, uint8_t *out, int chain) {
    for (int i = 0; i < HASH_SIZE; i++) head[i] = NIL;
    Writer w = {out, 0, 0, 0};
    int32_t pos = 0;
    while (pos < len) {
        Match m = longest_match(data, len, pos, chain);
        insert(data, len, pos);
        if (m.length && m.length < MAX_MATCH) {
            /* Lazy matching: when the next position has a longer match, this one
             * becomes a literal and that match is taken instead. */
            Match next = longest_match(data, len, pos + 1, chain);
            if (next.length > m.length) {
                put_literal(&w, data[pos]);
                pos++;
                insert(data, len, pos);
                m = next;
            }
        }
        if (m.length) {
            put_match(&w, m);
            for (int32_t i = pos + 1; i < pos + m.length; i++) insert(data, len, i);
            pos += m.length;
        } else {
            put_literal(&w, data[pos]);
            pos++;
        }
    }
    return w.at;
}

/* --- Decompression ---------------------------------------------------------------- */

/* Returns the decompressed length, or -1 for a malformed stream. */
static int32_t decompress(const uint8_t *in, int32_t len, uint8_t *out, int32_t capacity) {
    int32_t at = 0, o = 0;
    while (at < len) {
        uint8_t flags = in[at++];
        for (int bit = 0; bit < 8 && at < len; bit++) {
            if (flags >> bit & 1) {
                if (at + 2 > len) return -1;
                uint32_t code = in[at] >> 4;
                int32_t distance = (int32_t)((uint32_t)(in[at] & 15) << 8 | in[at + 1]) + 1;
                at += 2;
                int32_t length = (int32_t)code + MIN_MATCH;
                if (code == 15) {
                    if (at >= len) return -1;
                    length += in[at++];
                }
                if (distance > o || o + length > capacity) return -1;
                /* Byte by byte: a match may overlap what it copies. */
                for (int32_t i = 0; i < length; i++, o++) out[o] = out[o - distance];
            } else {
                if (o >= capacity) return -1;
                out[o++] = in[at++];
            }
        }
    }
    return o;
}

/* --- The benchmark ---------------------------------------------------------------- */

EXPORT(lz77) int64_t lz77_bench(int32_t n) {
    generate();
    int32_t rounds = n / TEXT;
    if (rounds < 1) rounds = 1;
    uint64_t h = 0;
    for (int32_t r = 0; r < rounds; r++) {
        int32_t shift = (int32_t)((r & 15) * 997 % TEXT);
        for (int32_t i = 0; i < TEXT; i++) input[i] = source[(i + shift) % TEXT];
        int chain = 8 << (r & 3);
        int32_t size = compress(input, TEXT, packed, chain);
        if (size <= 0 || size > PACKED_MAX) return -2;
        int32_t back = decompress(packed, size, unpacked, TEXT);
        if (back != TEXT) return -3;
        for (int32_t i = 0; i < TEXT; i++)
            if (unpacked[i] != input[i]) return -4;
        h = h * 1000003u ^ (uint64_t)size;
        for (int32_t i = 0; i < size; i += 61) h = h * 31 + packed[i];
    }
    return (int64_t)h;
}
