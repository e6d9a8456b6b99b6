/* albert.h: the C API of albert-jit's deployment runtime (crate albert-deploy).
 *
 * Loads an artifact written by `albert-jit compile -o model.albert` and runs forward passes.
 * Nothing is compiled at load: the artifact's code is checked (CPU features, architecture,
 * versions, hashes) and mapped. Link with libalbert_deploy.a (plus -lpthread -ldl -lm) or
 * libalbert_deploy.so. Kept in sync with src/capi.rs by a test.
 */
#ifndef ALBERT_H
#define ALBERT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct AlbertModel AlbertModel;

/* Output indices for albert_output_len. */
#define ALBERT_LAST_HIDDEN_STATE 0
#define ALBERT_POOLER_OUTPUT 1
#define ALBERT_MLM_LOGITS 2
#define ALBERT_SOP_LOGITS 3

/* Opens the artifact at `path` with `threads` workers (0: every core). Returns NULL on
 * failure and writes a NUL-terminated message into `err` (at most `err_len` bytes). */
AlbertModel *albert_open(const char *path, int threads, char *err, size_t err_len);

/* Floats output `index` takes for batch x seq, or 0 when the model lacks it. */
size_t albert_output_len(const AlbertModel *model, int index, size_t batch, size_t seq);

/* Runs batch x seq row-major inputs (padded internally to a compiled bucket). Each output
 * may be NULL (not wanted) or hold albert_output_len floats. Returns 0, or -1 with the
 * reason in albert_last_error. */
int albert_forward(AlbertModel *model, const int64_t *input_ids, const int64_t *token_type_ids,
                   const int64_t *attention_mask, size_t batch, size_t seq, float *last_hidden_state,
                   float *pooler_output, float *mlm_logits, float *sop_logits);

/* The last error on `model` (empty if none); valid until the next call on it. */
const char *albert_last_error(const AlbertModel *model);

/* Frees a model (NULL is ignored). */
void albert_free(AlbertModel *model);

#ifdef __cplusplus
}
#endif

#endif /* ALBERT_H */
