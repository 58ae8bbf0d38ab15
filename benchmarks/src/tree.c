/* Pointer chasing through linked structures in linear memory. Each round builds an
 * unbalanced binary search tree of KEYS random keys (nodes from a pool, linked by
 * pointers), looks up KEYS more keys (half of them present), then walks the tree in
 * order, threading its nodes onto a linked list, and follows that list. A unit is
 * one of those steps on one key: an insertion, a lookup, a node visited in order,
 * a list node followed (4 * KEYS a round). Returns a hash of what the lookups and
 * walks found. */
#include "common.h"

#define KEYS 1024

typedef struct Node {
    struct Node *left, *right, *next;
    uint32_t key, count;
} Node;

static Node pool[KEYS];
static uint32_t keys[KEYS];
static Node *stack[KEYS];

/* Links `fresh` into the tree; a key already there only counts once more, and then
 * returns 0: `fresh` stays free. */
static int insert(Node **root, Node *fresh) {
    Node **link = root;
    while (*link) {
        Node *p = *link;
        if (fresh->key == p->key) { p->count++; return 0; }
        link = fresh->key < p->key ? &p->left : &p->right;
    }
    *link = fresh;
    return 1;
}

static const Node *find(const Node *p, uint32_t key) {
    while (p && p->key != key) p = key < p->key ? p->left : p->right;
    return p;
}

/* In-order walk with an explicit stack (an unbalanced tree can be deep); returns the
 * list of nodes in key order, linked through `next`. */
static Node *thread(Node *root) {
    Node *head = 0, **tail = &head;
    int32_t sp = 0;
    Node *p = root;
    while (p || sp) {
        while (p) { stack[sp++] = p; p = p->left; }
        p = stack[--sp];
        *tail = p;
        tail = &p->next;
        p = p->right;
    }
    *tail = 0;
    return head;
}

EXPORT(tree) int64_t tree_bench(int32_t n) {
    int32_t rounds = n / (4 * KEYS);
    if (rounds < 1) rounds = 1;
    uint32_t seed = 5;
    uint64_t h = 0;
    for (int32_t r = 0; r < rounds; r++) {
        Node *root = 0;
        int32_t used = 0;
        for (int32_t i = 0; i < KEYS; i++) {
            uint32_t key = lcg(&seed) >> 12;  /* 2^20 keys: a few repeat */
            keys[i] = key;
            Node *fresh = &pool[used];
            fresh->left = fresh->right = fresh->next = 0;
            fresh->key = key;
            fresh->count = 1;
            used += insert(&root, fresh);
        }
        for (int32_t i = 0; i < KEYS; i++) {
            uint32_t key = (i & 1) ? keys[(i * 7919) & (KEYS - 1)] : lcg(&seed) >> 12;
            const Node *p = find(root, key);
            h = h * 31 + (p ? p->count * 2 + 1 : 0);
        }
        uint32_t previous = 0, visited = 0;
        for (const Node *p = thread(root); p; p = p->next) {
            if (p->key < previous) return -1;  /* not in order: a bug */
            previous = p->key;
            h += p->key ^ visited++;
        }
        h = h * 1000003u ^ visited;
    }
    return (int64_t)h;
}
