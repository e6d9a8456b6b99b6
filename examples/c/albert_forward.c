/* albert_forward: runs an albert-jit artifact from C and checks it against a reference.
 *
 *   albert_forward MODEL.albert CASE.txt
 *
 * CASE.txt (written by tests/c_api.rs from the Hugging Face fixtures):
 *   batch seq hidden
 *   batch*seq input_ids, then token_type_ids, then attention_mask
 *   batch*seq*hidden floats: the expected last_hidden_state
 *
 * Prints the max |difference| over unpadded tokens; exits 0 when it is <= 1e-4.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "albert.h"

static int read_i64(FILE *f, int64_t *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        long long x;
        if (fscanf(f, "%lld", &x) != 1) return -1;
        v[i] = (int64_t)x;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s MODEL.albert CASE.txt\n", argv[0]);
        return 2;
    }
    char err[512];
    /* A path that is not an artifact is refused with a message, not a crash. */
    AlbertModel *bad = albert_open(argv[2], 1, err, sizeof err);
    if (bad != NULL) {
        fprintf(stderr, "a case file was accepted as an artifact\n");
        return 1;
    }
    printf("refused as expected: %s\n", err);

    AlbertModel *m = albert_open(argv[1], 2, err, sizeof err);
    if (m == NULL) {
        fprintf(stderr, "albert_open: %s\n", err);
        return 1;
    }
    FILE *f = fopen(argv[2], "r");
    if (f == NULL) {
        perror(argv[2]);
        return 1;
    }
    size_t batch, seq, hidden;
    if (fscanf(f, "%zu %zu %zu", &batch, &seq, &hidden) != 3) {
        fprintf(stderr, "bad case header\n");
        return 1;
    }
    size_t n = batch * seq;
    int64_t *ids = malloc(n * sizeof *ids), *tt = malloc(n * sizeof *tt), *mask = malloc(n * sizeof *mask);
    float *want = malloc(n * hidden * sizeof *want);
    if (!ids || !tt || !mask || !want || read_i64(f, ids, n) || read_i64(f, tt, n) || read_i64(f, mask, n)) {
        fprintf(stderr, "bad case inputs\n");
        return 1;
    }
    for (size_t i = 0; i < n * hidden; i++) {
        if (fscanf(f, "%f", &want[i]) != 1) {
            fprintf(stderr, "bad case outputs\n");
            return 1;
        }
    }
    fclose(f);

    size_t len = albert_output_len(m, ALBERT_LAST_HIDDEN_STATE, batch, seq);
    if (len != n * hidden) {
        fprintf(stderr, "albert_output_len = %zu, expected %zu\n", len, n * hidden);
        return 1;
    }
    float *hs = malloc(len * sizeof *hs);
    size_t plen = albert_output_len(m, ALBERT_POOLER_OUTPUT, batch, seq);
    float *pooled = plen ? malloc(plen * sizeof *pooled) : NULL;
    if (albert_forward(m, ids, tt, mask, batch, seq, hs, pooled, NULL, NULL) != 0) {
        fprintf(stderr, "albert_forward: %s\n", albert_last_error(m));
        return 1;
    }
    double max = 0.0;
    for (size_t t = 0; t < n; t++) {
        if (!mask[t]) continue;
        for (size_t j = 0; j < hidden; j++) {
            double d = fabs((double)hs[t * hidden + j] - (double)want[t * hidden + j]);
            if (!(d <= max)) max = d; /* NaN propagates */
        }
    }
    /* A shape no bucket holds (every token its own sequence) is an error naming the buckets. */
    if (albert_forward(m, ids, tt, mask, n, 1, NULL, NULL, NULL, NULL) == 0) {
        fprintf(stderr, "an impossible shape was accepted\n");
        return 1;
    }
    printf("bad shape refused: %s\n", albert_last_error(m));
    albert_free(m);
    free(ids), free(tt), free(mask), free(want), free(hs), free(pooled);
    printf("max_abs_diff=%.3g over %zu x %zu tokens\n", max, batch, seq);
    return max <= 1e-4 ? 0 : 1;
}
